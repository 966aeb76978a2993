/**
 * The audit log as an operator uses it: `expacti audit verify` passes on an untouched log and names
 * the record where someone edited, removed or reordered history; `audit export` writes JSON lines.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  agentEnv,
  reviewerEnv,
  runCli,
  spawnCli,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';

async function withHistory(
  fn: (server: ServerHandle, db: () => Database.Database) => Promise<void>,
): Promise<void> {
  const data = tempDir();
  const server = await startServer({ dataDir: data.path });
  try {
    for (const note of ['one', 'two']) {
      const agent = spawnCli(['run', '--', 'true'], { env: agentEnv(server) });
      const [, id] = await waitForText(agent.stderrSoFar, /request ([0-9a-f-]{36})/);
      await runCli(['deny', id as string, '--note', note], { env: reviewerEnv(server) });
      await agent.result;
    }
    await fn(server, () => new Database(join(data.path, 'expacti.db')));
  } finally {
    await server.stop();
    data.remove();
  }
}

describe('expacti audit', () => {
  it('exports every state change as JSON lines, chained by hash', async () => {
    await withHistory(async (server) => {
      const res = await runCli(['audit', 'export'], { env: reviewerEnv(server) });
      assert.equal(res.code, 0, res.stderr);
      const records = res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { seq: number; action: string; prevHash: string; hash: string });
      const actions = records.map((r) => r.action);
      for (const a of ['org.created', 'user.added', 'token.created', 'request.created', 'request.denied'])
        assert.ok(actions.includes(a), a);
      for (let i = 1; i < records.length; i++) assert.equal(records[i]?.prevHash, records[i - 1]?.hash);
      const verify = await runCli(['audit', 'verify'], { env: reviewerEnv(server) });
      assert.equal(verify.code, 0);
      assert.match(verify.stdout, new RegExp(`intact: ${records.length} records`));
    });
  });

  it('names the record that was edited', async () => {
    await withHistory(async (server, db) => {
      const d = db();
      d.prepare(`UPDATE audit SET data = '{"note":"forged"}' WHERE seq = 6`).run();
      d.close();
      const res = await runCli(['audit', 'verify'], { env: reviewerEnv(server) });
      assert.equal(res.code, 1);
      assert.match(res.stdout, /BROKEN at record #6: edited/);
    });
  });

  it('names where a record was removed', async () => {
    await withHistory(async (server, db) => {
      const d = db();
      d.prepare('DELETE FROM audit WHERE seq = 5').run();
      d.close();
      const res = await runCli(['audit', 'verify'], { env: reviewerEnv(server) });
      assert.equal(res.code, 1);
      assert.match(res.stdout, /BROKEN at record #5: removed/);
    });
  });

  it('notices records swapped in place', async () => {
    await withHistory(async (server, db) => {
      const d = db();
      const rows = d.prepare('SELECT * FROM audit WHERE seq IN (5, 6) ORDER BY seq').all() as Array<
        Record<string, unknown>
      >;
      const [a, b] = rows;
      const put = d.prepare(
        'UPDATE audit SET ts=@ts, org_id=@org_id, actor=@actor, action=@action, subject=@subject, data=@data, prev_hash=@prev_hash, hash=@hash WHERE seq=@seq',
      );
      d.transaction(() => {
        put.run({ ...b, seq: 5 });
        put.run({ ...a, seq: 6 });
      })();
      d.close();
      const res = await runCli(['audit', 'verify'], { env: reviewerEnv(server) });
      assert.equal(res.code, 1);
      assert.match(res.stdout, /BROKEN at record #5: reordered/);
    });
  });
});
