/**
 * Scale-out: two `expacti serve` replicas on one real PostgreSQL share everything through the
 * database — decisions reach agents waiting on the other replica, racing decisions have one
 * winner, whitelist changes propagate, a dead replica's agents reconnect to the survivor and
 * its requests still expire, and the audit chain stays one verified chain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../src/protocol/exitCodes.js';
import { runCli, spawnCli, startServer, tempDir, waitForText, type ServerHandle } from './support/expacti.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { startBalancer, type Balancer } from './support/balancer.js';
import { api } from './support/api.js';
import { postgresServerArgs } from './support/stores.js';
import { awayFromWindowEdge } from './support/rateWindow.js';
import { setTimeout as sleep } from 'node:timers/promises';

const WAITING = /request ([0-9a-f-]{36})/;

describe('two replicas on one PostgreSQL', () => {
  let pg: TestPostgres;
  let a: ServerHandle;
  let b: ServerHandle;
  let lb: Balancer;
  const work = tempDir('expacti-replicas-');
  const env = (url: string, token: string) => ({ EXPACTI_URL: url, EXPACTI_TOKEN: token });

  before(async () => {
    pg = await startTestPostgres();
    a = await startServer({ args: ['--database-url', pg.url, ...postgresServerArgs(work.path)] });
    b = await startServer({
      args: ['--database-url', pg.url, ...postgresServerArgs(work.path)],
      secrets: a.secrets,
    });
    lb = await startBalancer([a, b]);
  });
  after(async () => {
    await lb?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await pg?.stop();
    work.remove();
  });

  it('delivers an approval made on replica B to the agent waiting on replica A', async () => {
    const marker = join(work.path, 'a-ran');
    const agent = spawnCli(['run', '--', 'touch', marker], { env: env(a.url, a.secrets.agentToken) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    const approve = await runCli(['approve', id as string], { env: env(b.url, a.secrets.adminToken) });
    assert.equal(approve.code, 0, approve.stderr);
    const res = await agent.result;
    assert.equal(res.code, 0, res.stderr);
    assert.equal(existsSync(marker), true);
  });

  it('gives exactly one win to decisions racing on both replicas', async () => {
    for (let round = 0; round < 3; round++) {
      const agent = spawnCli(['run', '--', 'true'], { env: env(a.url, a.secrets.agentToken) });
      const [, id] = await waitForText(agent.stderrSoFar, WAITING);
      const [onA, onB] = await Promise.all([
        api(a.url, 'POST', `/v1/requests/${id}/approve`, a.secrets.adminToken, {}),
        api(b.url, 'POST', `/v1/requests/${id}/deny`, a.secrets.adminToken, { note: 'race' }),
      ]);
      assert.deepEqual([onA.status, onB.status].sort(), [200, 409]);
      const res = await agent.result;
      assert.equal(res.code, onA.status === 200 ? 0 : EXIT.denied);
    }
  });

  it('lets a whitelist entry added on one replica allow a command on the other', async () => {
    const add = await api(a.url, 'POST', '/v1/whitelist', a.secrets.adminToken, {
      pattern: 'echo replicated',
    });
    assert.equal(add.status, 201, JSON.stringify(add.body));
    const deadline = Date.now() + 5000;
    let res;
    do {
      res = await api(b.url, 'POST', '/v1/requests', a.secrets.agentToken, {
        command: { argv: ['echo', 'replicated'] },
        cwd: '/tmp',
      });
      if (res.body['exec']) break;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    assert.ok(res.body['exec'], 'replica B allowed it from the whitelist');
  });

  it('shares submission rate limits: what one replica admitted counts on the other', async () => {
    const admin = a.secrets.adminToken;
    await api(a.url, 'POST', '/v1/whitelist', admin, { pattern: 'echo limited' });
    const minted = await api(a.url, 'POST', '/v1/tokens', admin, { agent: 'rate-shared' });
    const token = (minted.body as { secret: string }).secret;
    assert.equal((await api(a.url, 'PATCH', '/v1/org', admin, { submitsPerMinutePerToken: 6 })).status, 200);
    try {
      await awayFromWindowEdge();
      await sleep(500); // the settings change reaches B's org cache
      const submit = (url: string) =>
        api(url, 'POST', '/v1/requests', token, { command: { argv: ['echo', 'limited'] }, cwd: '/tmp' });
      for (let i = 0; i < 3; i++) assert.equal((await submit(a.url)).status, 201);
      await sleep(700); // a flush or two: A's count is in the database
      for (let i = 0; i < 3; i++) assert.equal((await submit(b.url)).status, 201, 'B has A’s 3 + its own 3');
      await sleep(700);
      assert.equal((await submit(a.url)).status, 429, 'A knows of B’s three');
      assert.equal((await submit(b.url)).status, 429);
    } finally {
      await api(a.url, 'PATCH', '/v1/org', admin, { submitsPerMinutePerToken: 3000 });
    }
  });

  it('reconnects an agent whose replica dies to the survivor, which delivers the decision', async () => {
    const marker = join(work.path, 'failover-ran');
    const agent = spawnCli(['run', '--', 'touch', marker], { env: env(lb.url, a.secrets.agentToken) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    // Whichever replica the agent reached, kill A: the balancer sends reconnects to B.
    await a.crash();
    await new Promise((r) => setTimeout(r, 300));
    const approve = await runCli(['approve', id as string], { env: env(b.url, a.secrets.adminToken) });
    assert.equal(approve.code, 0, approve.stderr);
    const res = await agent.result;
    assert.equal(res.code, 0, res.stderr);
    assert.equal(existsSync(marker), true);
  });

  it('expires a request on the surviving replica after the one that took it died', async () => {
    a = await startServer({
      args: ['--database-url', pg.url, ...postgresServerArgs(work.path)],
      secrets: b.secrets,
      port: a.port,
    });
    assert.equal(
      (await api(b.url, 'PATCH', '/v1/org', b.secrets.adminToken, { approvalTimeoutSeconds: 2 })).status,
      200,
    );
    await new Promise((r) => setTimeout(r, 300));
    const agent = spawnCli(['run', '--', 'true'], { env: env(a.url, b.secrets.agentToken) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    await a.crash();
    const view = await new Promise<{ status: string }>((resolve, reject) => {
      const end = Date.now() + 10_000;
      const poll = async () => {
        const r = await api(b.url, 'GET', `/v1/requests/${id}`, b.secrets.adminToken);
        const request = r.body['request'] as { status: string };
        if (request.status !== 'pending') resolve(request);
        else if (Date.now() > end) reject(new Error('not expired'));
        else setTimeout(poll, 100);
      };
      void poll();
    });
    assert.equal(view.status, 'expired');
    const res = await agent.result;
    assert.ok(
      res.code === EXIT.expired || res.code === EXIT.unavailable,
      `agent exited ${res.code}: ${res.stderr}`,
    );
    const audit = await runCli(['audit', 'export'], { env: env(b.url, b.secrets.adminToken) });
    assert.equal(
      audit.stdout.split('\n').filter((l) => l.includes('"request.expired"') && l.includes(id as string))
        .length,
      1,
      'expired exactly once',
    );
    await api(b.url, 'PATCH', '/v1/org', b.secrets.adminToken, { approvalTimeoutSeconds: 60 });
  });

  it('keeps one linear audit chain across replicas', async () => {
    const verify = await runCli(['audit', 'verify'], { env: env(b.url, b.secrets.adminToken) });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact/);
  });

  it('fails closed when the database goes away: 503 and no command runs', async () => {
    await pg.stop();
    const marker = join(work.path, 'db-down');
    const res = await runCli(['run', '--', 'touch', marker], { env: env(b.url, b.secrets.agentToken) });
    assert.equal(res.code, EXIT.unavailable, res.stderr);
    assert.match(res.stderr, /database is unavailable/, `replica B:\n${b.output().slice(-3000)}`);
    assert.equal(existsSync(marker), false);
  });
});

describe('expacti serve with an unreachable database', () => {
  const keys = tempDir('expacti-keys-');
  after(() => keys.remove());
  it('refuses to start and says why', async () => {
    const res = await runCli(
      [
        'serve',
        '--port',
        '0',
        '--database-url',
        'postgres://expacti@127.0.0.1:1/none',
        ...postgresServerArgs(keys.path),
      ],
      { timeoutMs: 30_000 },
    );
    assert.equal(res.code, EXIT.unavailable);
    assert.match(res.stderr, /could not start/);
  });
});
