/**
 * The server log: JSON lines with a level, a time and request ids (--log-level debug logs every
 * request), or lines for people (--log-format pretty) — and no secret in it, ever. The test drives
 * everything that handles a secret (sign-ins right and wrong, token and user creation, submissions
 * with tokens, the dashboard's session and CSRF token, the audit keys signing checkpoints, the
 * metrics token, a checkpoint webhook with credentials in its URL) and then looks for every secret
 * it knows in what the server wrote to its log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentEnv, runCli, startServer, tempDir, waitForText, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

const METRICS_TOKEN = 'metrics-secret-7f3a9c0e5b1d2468';
const HOOK_PASSWORD = 'hook-password-secret-4242';
const HOOK_TOKEN = 'hook-query-secret-9191';
const WRONG_PASSWORD = 'wrong-password-secret-1337';
const NEW_USER_PASSWORD = 'new-user-password-secret-2718';

describe('expacti serve logs', () => {
  const work = tempDir('expacti-logs-');
  let server: ServerHandle;
  /** Every secret the test knows; none may be in the log. */
  const secrets = new Map<string, string>();
  const requestIds: string[] = [];

  const call = async (
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const id = res.headers.get('x-request-id');
    if (id) requestIds.push(id);
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
    return {
      status: res.status,
      headers: res.headers,
      body: json && text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };

  before(async () => {
    writeFileSync(join(work.path, 'metrics.token'), METRICS_TOKEN, { mode: 0o600 });
    server = await startServer({
      dataDir: join(work.path, 'data'),
      args: [
        '--log-level',
        'debug',
        '--metrics-token-file',
        join(work.path, 'metrics.token'),
        '--audit-checkpoint-file',
        join(work.path, 'checkpoints.jsonl'),
        '--audit-checkpoint-url',
        `http://checkpoints:${HOOK_PASSWORD}@127.0.0.1:9/hook?token=${HOOK_TOKEN}`,
      ],
    });
    for (const [k, v] of Object.entries(server.secrets)) secrets.set(k, v);
    secrets.set('metrics token', METRICS_TOKEN);
    secrets.set('webhook password', HOOK_PASSWORD);
    secrets.set('webhook query token', HOOK_TOKEN);
    secrets.set('wrong password', WRONG_PASSWORD);
    secrets.set('new user password', NEW_USER_PASSWORD);

    // Sign-ins: right, wrong, and a bearer token that looks real but is not.
    const signIn = await call('POST', '/v1/auth/token', {
      body: { username: 'admin', password: server.secrets.adminPassword },
    });
    assert.equal(signIn.status, 201);
    secrets.set('signed-in user token', signIn.body['secret'] as string);
    assert.equal(
      (await call('POST', '/v1/auth/token', { body: { username: 'admin', password: WRONG_PASSWORD } }))
        .status,
      401,
    );
    const fake = `exp_u_${'Z'.repeat(43)}`;
    secrets.set('unknown token', fake);
    assert.equal((await call('GET', '/v1/me', { token: fake })).status, 401);

    // Tokens and users made by an admin.
    const made = await call('POST', '/v1/tokens', {
      token: server.secrets.adminToken,
      body: { agent: 'logger' },
    });
    assert.equal(made.status, 201);
    const agentToken = made.body['secret'] as string;
    secrets.set('new agent token', agentToken);
    assert.equal(
      (
        await call('POST', '/v1/users', {
          token: server.secrets.adminToken,
          body: { username: 'logreviewer', role: 'reviewer', password: NEW_USER_PASSWORD },
        })
      ).status,
      201,
    );
    const generated = await call('POST', '/v1/users', {
      token: server.secrets.adminToken,
      body: { username: 'logreviewer2', role: 'reviewer' },
    });
    secrets.set('generated password', generated.body['password'] as string);

    // Submissions with tokens, through the CLI (a whitelisted one and one that waits and expires unasked).
    assert.equal(
      (
        await call('POST', '/v1/whitelist', {
          token: server.secrets.adminToken,
          body: { pattern: 'echo logged' },
        })
      ).status,
      201,
    );
    const run = await runCli(['run', '--', 'echo', 'logged'], {
      env: agentEnv(server, { EXPACTI_TOKEN: agentToken }),
    });
    assert.equal(run.code, 0, run.stderr);
    const submitted = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv: ['touch', '/tmp/expacti-logs-test'] },
      cwd: '/tmp',
    });
    assert.equal(submitted.status, 201);

    // The dashboard: password sign-in, its cookie and CSRF token, a change with them, sign-out.
    const login = await call('POST', '/v1/web/login', {
      body: { username: 'admin', password: server.secrets.adminPassword },
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    secrets.set('session cookie', cookie.split('=')[1] ?? '');
    const csrf = login.body['csrfToken'] as string;
    secrets.set('csrf token', csrf);
    const session = await call('GET', '/v1/web/session', { headers: { cookie } });
    assert.equal(session.body['stage'], login.body['stage']);
    await call('POST', '/v1/web/logout', { headers: { cookie, 'x-csrf-token': csrf } });

    // The audit keys: a checkpoint signed now (its webhook fails and is logged), the chain verified.
    const checkpoint = await call('POST', '/v1/audit/checkpoints', {
      token: server.secrets.adminToken,
      body: {},
    });
    assert.equal(checkpoint.status, 201);
    assert.equal((await call('GET', '/v1/audit/verify', { token: server.secrets.adminToken })).status, 200);
    const keys = JSON.parse(readFileSync(join(work.path, 'data', 'audit-keys.json'), 'utf8')) as {
      chain: Array<{ secret: string }>;
      signing: Array<{ privateKey: string }>;
    };
    keys.chain.forEach((k, i) => secrets.set(`audit chain key ${i}`, k.secret));
    keys.signing.forEach((k, i) => secrets.set(`audit signing key ${i}`, k.privateKey));

    // Metrics, with the metrics token and with a token that may not read them.
    assert.equal((await call('GET', '/metrics', { token: METRICS_TOKEN })).status, 200);
    assert.equal((await call('GET', '/metrics', { token: agentToken })).status, 403);

    await waitForText(server.log, /could not write to http:\/\/…@127\.0\.0\.1:9\/hook\?…/);
    assert.equal(await server.stop(), 0);
  });
  after(() => work.remove());

  it('writes only JSON lines, each with a level, a time and a message', () => {
    const lines = server.log().split('\n').filter(Boolean);
    assert.ok(lines.length > 20, `${lines.length} lines`);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof entry['level'], 'number', line);
      assert.ok(!Number.isNaN(Date.parse(entry['time'] as string)), line);
      assert.equal(typeof entry['msg'], 'string', line);
    }
  });

  it('logs each request at debug with the id it answered in X-Request-Id, and warnings at their level', () => {
    const entries = server
      .log()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = entries.filter((e) => e['msg'] === 'request');
    assert.ok(
      requests.every(
        (e) => e['level'] === 20 && typeof e['reqId'] === 'string' && typeof e['status'] === 'number',
      ),
    );
    const logged = new Set(requests.map((e) => e['reqId']));
    assert.ok(requestIds.length >= 12, `${requestIds.length} requests`);
    for (const id of requestIds) assert.ok(logged.has(id), `request ${id} is in the log`);
    const signIn = requests.find((e) => e['path'] === '/v1/auth/token' && e['status'] === 401);
    assert.ok(signIn, 'the failed sign-in is logged as a request');
    const webhook = entries.find((e) => String(e['msg']).startsWith('audit checkpoint: could not write'));
    assert.equal(webhook?.['level'], 40);
    assert.ok(entries.some((e) => e['msg'] === 'listening on ' + server.url && e['level'] === 30));
  });

  it('holds none of the secrets it handled: passwords, tokens, session and CSRF tokens, audit keys, credentials in URLs', () => {
    const log = server.log();
    assert.ok(secrets.size >= 16, `${secrets.size} secrets`);
    for (const [what, secret] of secrets) {
      assert.ok(secret && secret.length >= 12, `${what} is a real secret`);
      assert.ok(!log.includes(secret), `the log holds the ${what}`);
    }
    // Where a token-shaped string reached a message, only its prefix is left.
    assert.doesNotMatch(log, /exp_[au]_[A-Za-z0-9_-]{8}/);
  });
});

describe('expacti serve --log-format pretty', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer({ args: ['--log-format', 'pretty'] });
  });
  after(() => server?.stop());

  it('writes lines for people: time, level, message and fields, no JSON', async () => {
    await waitForText(server.log, /listening on/);
    const line = server
      .log()
      .split('\n')
      .find((l) => l.includes('listening on'));
    assert.match(
      line ?? '',
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}listening on http:\/\/\S+ {2}url=\S+ store=sqlite/,
    );
    assert.doesNotMatch(server.log(), /^\{"level"/m);
  });

  it('refuses a log format it does not know, naming the choices', async () => {
    const res = await runCli(['serve', '--log-format', 'xml', '--port', '0']);
    assert.equal(res.code, 64);
    assert.match(res.stderr, /--log-format must be json or pretty/);
  });
});
