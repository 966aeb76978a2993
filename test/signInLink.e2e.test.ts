/**
 * One-time dashboard sign-in links (services/signInLinks.ts), against a real in-process server:
 * single use, short-lived, the second factor still asked for, every use and failure audited, the
 * secret never in the server's log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { resolveServerConfig } from '../src/server/config.js';
import { createLog } from '../src/server/log.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import { tempDir } from './support/expacti.js';
import { api } from './support/api.js';

describe('one-time sign-in links', () => {
  const data = tempDir('expacti-link-');
  let server: RunningServer;
  let log = '';
  let admin = '';

  before(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        log += chunk.toString();
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    const config = resolveServerConfig(
      { host: '127.0.0.1', port: '0', data: data.path, logLevel: 'debug', logFormat: 'json' },
      {},
    );
    server = await startServer(config, createLog({ format: 'json', level: 'debug', destination }));
    admin = server.bootstrap?.adminToken ?? '';
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  const secretOf = (link: string) => {
    const m = /\/#\/sign-in\/([A-Za-z0-9_-]{43})$/.exec(link);
    assert.ok(m?.[1], link);
    return m[1];
  };
  const use = (link: string, cookie?: string) =>
    fetch(`${server.url}/v1/web/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ link: secretOf(link) }),
    });

  it('signs in once: the cookie opens a ready session, and the same link is refused after', async () => {
    const link = await server.signInLink('admin');
    assert.ok(link.startsWith(`${server.url}/#/sign-in/`), 'the secret rides in the fragment');
    const first = await use(link);
    assert.equal(first.status, 200);
    const state = (await first.json()) as { stage: string; user?: { name: string } };
    assert.equal(state.stage, 'ready');
    assert.equal(state.user?.name, 'admin');
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.match(cookie, /=/);
    const session = await fetch(`${server.url}/v1/web/session`, { headers: { cookie } });
    assert.equal(((await session.json()) as { stage: string }).stage, 'ready');

    const again = await use(link);
    assert.equal(again.status, 401);
    assert.match(
      ((await again.json()) as { error: { message: string } }).error.message,
      /used already or has expired/,
    );
  });

  it('refuses an expired link and an unknown one, and a malformed one as a bad request', async () => {
    const link = await server.signInLink('admin', 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal((await use(link)).status, 401);
    assert.equal((await use(`${server.url}/#/sign-in/${'A'.repeat(43)}`)).status, 401);
    const bad = await fetch(`${server.url}/v1/web/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ link: 'short' }),
    });
    assert.equal(bad.status, 400);
  });

  it('stands in for the password only: a user with two-factor sign-in still gets the code step', async () => {
    const created = await api(server.url, 'POST', '/v1/users', admin, { username: 'tina', role: 'reviewer' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const org = await api(server.url, 'PATCH', '/v1/org', admin, { requireTotp: true });
    assert.equal(org.status, 200, JSON.stringify(org.body));
    try {
      const res = await use(await server.signInLink('tina'));
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { stage: string }).stage, 'enrol');
    } finally {
      await api(server.url, 'PATCH', '/v1/org', admin, { requireTotp: false });
    }
  });

  it('audits minting, each sign-in and each failure, and never logs the secret', async () => {
    const link = await server.signInLink('admin');
    assert.equal((await use(link)).status, 200);
    const audit = await api(server.url, 'GET', '/v1/audit?limit=1000', admin);
    const records = audit.body['records'] as Array<{
      action: string;
      data: { via?: string; reason?: string };
    }>;
    const actions = records.map((r) => r.action);
    assert.ok(actions.includes('user.sign_in_link_created'));
    assert.ok(records.some((r) => r.action === 'user.login' && r.data.via === 'link'));
    assert.ok(records.some((r) => r.action === 'user.login_failed' && r.data.via === 'link'));
    assert.match(log, /\/v1\/web\/link/, 'the request is logged (debug)');
    assert.equal(log.includes(secretOf(link)), false, 'but not the secret');
  });
});
