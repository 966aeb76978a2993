/**
 * The org setting that requires two-factor sign-in applies to sessions already open and to CLI
 * password sign-in, not only to the next dashboard sign-in.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reviewerEnv, runCli, startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

describe('requiring two-factor sign-in for the org', () => {
  let server: ServerHandle;
  const password = 'correct horse battery staple';
  before(async () => {
    server = await startServer();
    const add = await runCli(['user', 'add', 'rita', '--role', 'reviewer', '--password-stdin'], {
      env: reviewerEnv(server),
      input: `${password}\n`,
    });
    assert.equal(add.code, 0, add.stderr);
  });
  after(() => server.stop());

  it('ends a password-only dashboard session and refuses password-only CLI sign-in', async () => {
    const res = await fetch(`${server.url}/v1/web/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'rita', password }),
    });
    assert.equal(res.status, 200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = () => fetch(`${server.url}/v1/me`, { headers: { cookie } });
    assert.equal((await me()).status, 200, 'password is enough while the org does not require TOTP');
    const cli = await api(server.url, 'POST', '/v1/auth/token', null, { username: 'rita', password });
    assert.equal(cli.status, 201);

    const set = await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { requireTotp: true });
    assert.equal(set.status, 200);
    const after = await me();
    assert.equal(after.status, 401);
    assert.match(
      ((await after.json()) as { error: { message: string } }).error.message,
      /requires two-factor/,
    );
    const again = await api(server.url, 'POST', '/v1/auth/token', null, { username: 'rita', password });
    assert.equal(again.status, 401);
    assert.match(again.body.error?.message ?? '', /enrol in the dashboard first/);

    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { requireTotp: false });
    assert.equal((await me()).status, 200, 'the session was not deleted, only refused while required');
  });
});
