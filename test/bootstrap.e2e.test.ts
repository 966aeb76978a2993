/**
 * A first start cannot lose its secrets: nothing is created until the server listens, and lost
 * admin credentials are recovered with local access to the data directory (`expacti admin reset`).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { EXIT } from '../src/protocol/exitCodes.js';
import { runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

describe('first start and local admin reset', () => {
  const dir = tempDir();
  let server: ServerHandle | undefined;
  let blocker: Server | undefined;
  after(async () => {
    await server?.stop();
    blocker?.close();
    dir.remove();
  });

  it('creates nothing when the port is busy, so the next start prints the secrets', async () => {
    blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker?.listen(0, '127.0.0.1', () => resolve((blocker?.address() as { port: number }).port)),
    );
    const busy = await runCli(['serve', '--port', String(port), '--data', dir.path], {});
    assert.equal(busy.code, EXIT.unavailable, busy.stdout + busy.stderr);
    assert.match(busy.stderr, /could not start: .*EADDRINUSE/);
    assert.doesNotMatch(busy.stdout, /EXPACTI_ADMIN_PASSWORD/);
    server = await startServer({ dataDir: dir.path });
    assert.ok(server.secrets.adminPassword, 'the second start bootstraps and prints the secrets');
  });

  it('admin reset prints a fresh password and token that work, and audits it as a local reset', async () => {
    const s = server as ServerHandle;
    const reset = await runCli(['admin', 'reset', '--data', dir.path, '--url', s.url], {});
    assert.equal(reset.code, 0, reset.stderr);
    const password = /EXPACTI_ADMIN_PASSWORD=(\S+)/.exec(reset.stdout)?.[1] ?? '';
    const token = /EXPACTI_ADMIN_TOKEN=(\S+)/.exec(reset.stdout)?.[1] ?? '';
    assert.ok(password && token, reset.stdout);

    const me = await api(s.url, 'GET', '/v1/me', token);
    assert.equal(me.status, 200);
    const newLogin = await api(s.url, 'POST', '/v1/auth/token', null, { username: 'admin', password });
    assert.equal(newLogin.status, 201, 'the new password signs in');
    const oldLogin = await api(s.url, 'POST', '/v1/auth/token', null, {
      username: 'admin',
      password: s.secrets.adminPassword,
    });
    assert.equal(oldLogin.status, 401, 'the old password no longer does');

    const audit = await api(s.url, 'GET', '/v1/audit', token);
    const records = audit.body['records'] as Array<{ action: string; actor: { name: string } }>;
    const resetRecord = records.find((r) => r.action === 'user.password_reset');
    assert.equal(resetRecord?.actor.name, 'local admin reset');
    const verify = await runCli(['audit', 'verify'], { env: { EXPACTI_URL: s.url, EXPACTI_TOKEN: token } });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('refuses to reset a reviewer, and bootstraps an empty data directory', async () => {
    const s = server as ServerHandle;
    const added = await api(s.url, 'POST', '/v1/users', s.secrets.adminToken, {
      username: 'rita',
      role: 'reviewer',
    });
    assert.equal(added.status, 201);
    const refused = await runCli(['admin', 'reset', '--data', dir.path, '--user', 'rita'], {});
    assert.equal(refused.code, EXIT.usage);
    assert.match(refused.stderr, /rita is a reviewer, not an admin/);

    const empty = tempDir();
    try {
      const fresh = await runCli(['admin', 'reset', '--data', empty.path], {});
      assert.equal(fresh.code, 0, fresh.stderr);
      assert.match(fresh.stdout, /first start — created org "default"/);
      assert.match(fresh.stdout, /EXPACTI_AGENT_TOKEN=exp_a_/);
    } finally {
      empty.remove();
    }
  });
});
