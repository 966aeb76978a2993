/**
 * The dashboard's server side over plain HTTP: security headers, cookie sessions with CSRF, the
 * TOTP step, sign-out, throttling, and the preview and insights endpoints.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateSync } from 'otplib';
import { startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

interface Jar {
  cookie: string;
  csrf: string;
}

describe('dashboard sign-in and endpoints', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  async function web(
    path: string,
    init: { method?: string; body?: unknown; jar?: Jar; csrf?: boolean; type?: string } = {},
  ) {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = init.type ?? 'application/json';
    if (init.jar) headers['cookie'] = init.jar.cookie;
    if (init.jar && init.csrf !== false) headers['x-csrf-token'] = init.jar.csrf;
    const res = await fetch(server.url + path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return {
      res,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & {
        error?: { code: string; message: string; details?: Record<string, unknown> };
      },
    };
  }

  async function login(
    username: string,
    password: string,
  ): Promise<Jar & { stage: string; secret?: string }> {
    const { res, body } = await web('/v1/web/login', { body: { username, password } });
    assert.equal(res.status, 200, JSON.stringify(body));
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return {
      cookie,
      csrf: String(body['csrfToken']),
      stage: String(body['stage']),
      secret: body['secret'] as string | undefined,
    };
  }

  it('serves the page with a strict CSP and no outside origin', async () => {
    const res = await fetch(server.url + '/');
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /https?:|\*/);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = await res.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'the page loads its script from /assets');
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
    const asset = await fetch(server.url + script);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  });

  it('signs in with an HTTP-only SameSite=Strict cookie and needs the CSRF token for every change', async () => {
    const res = await fetch(server.url + '/v1/web/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: server.secrets.adminPassword }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /expacti_session=/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.doesNotMatch(setCookie, /Secure/, 'plain http: no Secure flag (it is set behind https)');
    const body = (await res.json()) as { stage: string; csrfToken: string };
    assert.equal(body.stage, 'ready');
    const jar = { cookie: setCookie.split(';')[0] ?? '', csrf: body.csrfToken };

    const submitted = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { shell: 'echo csrf' },
      cwd: '/tmp',
    });
    const id = (submitted.body['request'] as { id: string }).id;
    const noCsrf = await web(`/v1/requests/${id}/approve`, { body: {}, jar, csrf: false });
    assert.equal(noCsrf.res.status, 403);
    const ok = await web(`/v1/requests/${id}/approve`, { body: {}, jar });
    assert.equal(ok.res.status, 200);
    const again = await web(`/v1/requests/${id}/deny`, { body: { note: 'late' }, jar });
    assert.equal(again.res.status, 409);
    assert.equal(again.body.error?.details?.['decidedBy'], 'admin');

    const formPost = await web('/v1/web/login', {
      body: { username: 'admin', password: 'x' },
      type: 'text/plain',
    });
    assert.equal(formPost.res.status, 400, 'a cross-site form post cannot sign in');

    assert.equal((await web('/v1/web/logout', { body: {}, jar, csrf: false })).res.status, 403);
    assert.equal((await web('/v1/web/logout', { body: {}, jar })).res.status, 200);
    assert.equal((await web('/v1/me', { jar })).res.status, 401, 'the session ended');
  });

  it('holds a password-only session at the TOTP step until the code is given', async () => {
    const created = await api(server.url, 'POST', '/v1/users', server.secrets.adminToken, {
      username: 'tess',
      role: 'reviewer',
      password: 'tess-password-1',
    });
    assert.equal(created.status, 201);
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { requireTotp: true });
    const first = await login('tess', 'tess-password-1');
    assert.equal(first.stage, 'enrol');
    assert.ok(first.secret);
    assert.equal(
      (await web('/v1/requests', { jar: first })).res.status,
      401,
      'no API access before the second factor',
    );
    const wrong = await web('/v1/web/totp', { body: { code: '000000', secret: first.secret }, jar: first });
    if (generateSync({ secret: first.secret }) !== '000000') assert.equal(wrong.res.status, 401);
    const done = await web('/v1/web/totp', {
      body: { code: generateSync({ secret: first.secret }), secret: first.secret },
      jar: first,
    });
    assert.equal(done.res.status, 200);
    assert.equal(done.body['stage'], 'ready');
    const fresh = {
      cookie: (done.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      csrf: String(done.body['csrfToken']),
    };
    assert.notEqual(fresh.cookie, first.cookie, 'a new session id once both factors are in');
    assert.equal((await web('/v1/requests', { jar: first })).res.status, 401, 'the pre-TOTP cookie is gone');
    assert.equal((await web('/v1/requests', { jar: fresh })).res.status, 200);

    const next = await login('tess', 'tess-password-1');
    assert.equal(next.stage, 'totp', 'enrolled: the code is asked for');
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { requireTotp: false });
  });

  it('previews what a whitelist pattern would have matched, and aggregates insights', async () => {
    for (let i = 0; i < 2; i++)
      await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
        command: { shell: 'ls -la /srv' },
        cwd: '/tmp',
      });
    const admin = await login('admin', server.secrets.adminPassword);
    const preview = await web('/v1/whitelist/preview', { body: { pattern: 'ls -la /srv' }, jar: admin });
    assert.equal(preview.res.status, 200);
    assert.equal(preview.body['matched'], 2);
    assert.equal((preview.body['examples'] as Array<{ times: number }>)[0]?.times, 2);
    const insights = await web('/v1/insights?days=7', { jar: admin });
    assert.equal(insights.res.status, 200);
    assert.equal((insights.body['perDay'] as unknown[]).length, 7);
    assert.ok(Number(insights.body['total']) >= 3);
  });

  it('throttles repeated failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++)
      assert.equal(
        (await web('/v1/web/login', { body: { username: 'admin', password: 'nope' } })).res.status,
        401,
      );
    const blocked = await web('/v1/web/login', {
      body: { username: 'admin', password: server.secrets.adminPassword },
    });
    assert.equal(blocked.res.status, 429);
    assert.match(blocked.body.error?.message ?? '', /try again in \d+ s/);
  });
});
