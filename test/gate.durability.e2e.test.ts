/**
 * Timeouts, crashes and restarts: a pending request survives kill -9, the waiting agent
 * reconnects on its own and still gets the decision; an undecided request is denied as expired.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../src/protocol/exitCodes.js';
import {
  agentEnv,
  reviewerEnv,
  runCli,
  spawnCli,
  startServer,
  tempDir,
  waitForText,
} from './support/expacti.js';
import { api } from './support/api.js';

const WAITING = /request ([0-9a-f-]{36})/;

describe('approval timeout', () => {
  it('denies an undecided request when the org timeout passes, and nothing runs', async () => {
    const server = await startServer();
    const dir = tempDir();
    try {
      const set = await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, {
        approvalTimeoutSeconds: 1,
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const marker = join(dir.path, 'ran');
      const started = Date.now();
      const res = await runCli(['run', '--', 'touch', marker], { env: agentEnv(server) });
      assert.equal(res.code, EXIT.expired, res.stderr);
      assert.match(res.stderr, /EXPIRED — no reviewer decided in time/);
      assert.match(res.stderr, /within 1 s/);
      assert.ok(Date.now() - started < 8000, 'expiry is prompt');
      assert.equal(existsSync(marker), false);
      const audit = await runCli(['audit', 'export'], { env: reviewerEnv(server) });
      assert.match(audit.stdout, /"action":"request.expired"/);
    } finally {
      await server.stop();
      dir.remove();
    }
  });
});

describe('a server crash while an agent waits', () => {
  it('keeps the pending request; the agent reconnects and runs once approved after the restart', async () => {
    const data = tempDir();
    const work = tempDir();
    let server = await startServer({ dataDir: data.path });
    const { secrets, port } = server;
    try {
      const marker = join(work.path, 'ran');
      const agent = spawnCli(['run', '--', 'touch', marker], { env: agentEnv(server) });
      const [, id] = await waitForText(agent.stderrSoFar, WAITING);
      await server.crash();
      await new Promise((r) => setTimeout(r, 300));
      server = await startServer({ dataDir: data.path, port, secrets });
      const pending = await runCli(['pending', '--json'], { env: reviewerEnv(server) });
      assert.ok(
        (JSON.parse(pending.stdout) as Array<{ id: string }>).some((r) => r.id === id),
        'still pending after kill -9',
      );
      assert.equal((await runCli(['approve', id as string], { env: reviewerEnv(server) })).code, 0);
      const res = await agent.result;
      assert.equal(res.code, 0, res.stderr);
      assert.equal(existsSync(marker), true);
      const verify = await runCli(['audit', 'verify'], { env: reviewerEnv(server) });
      assert.equal(verify.code, 0, verify.stdout);
    } finally {
      await server.stop();
      data.remove();
      work.remove();
    }
  });

  it('shuts down gracefully on SIGTERM and keeps every acknowledged decision', async () => {
    const data = tempDir();
    let server = await startServer({ dataDir: data.path });
    const { secrets } = server;
    const agent = spawnCli(['run', '--', 'true'], { env: agentEnv(server) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    await runCli(['deny', id as string, '--note', 'kept'], { env: reviewerEnv(server) });
    await agent.result;
    assert.equal(await server.stop(), 0, server.output());
    assert.match(server.output(), /SIGTERM: shutting down/);
    server = await startServer({ dataDir: data.path, secrets });
    try {
      const show = await runCli(['show', id as string, '--json'], { env: reviewerEnv(server) });
      const view = JSON.parse(show.stdout) as { status: string; decision: { note: string } };
      assert.equal(view.status, 'denied');
      assert.equal(view.decision.note, 'kept');
    } finally {
      await server.stop();
      data.remove();
    }
  });
});
