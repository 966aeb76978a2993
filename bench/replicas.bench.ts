/**
 * Scale-out on PostgreSQL, with two real `expacti serve` replicas on one throwaway cluster:
 * - approval propagation: a reviewer approves on replica B; how long until the agent waiting on
 *   replica A's event stream has the decision (LISTEN/NOTIFY through the database);
 * - whitelisted decisions per second, submissions spread over both replicas.
 */
import http from 'node:http';
import { UNLIMITED } from './limits.js';
import { ExpactiClient } from '../src/client/client.js';
import { percentile, median, type BenchRow } from './stats.js';
import { postSubmission } from './httpLoad.js';
import { startServer, tempDir, type ServerHandle } from '../test/support/expacti.js';
import { postgresServerArgs } from '../test/support/stores.js';
import { startTestPostgres } from '../test/support/postgres.js';

async function propagation(a: ServerHandle, b: ServerHandle, runs: number): Promise<number[]> {
  const agent = await ExpactiClient.create({ url: a.url, token: a.secrets.agentToken });
  const reviewer = await ExpactiClient.create({ url: b.url, token: a.secrets.adminToken });
  const out: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const { request } = await agent.submit({ command: { argv: ['echo', `propagate-${i}`] }, cwd: '/tmp' });
      let connected!: () => void;
      const ready = new Promise<void>((r) => (connected = r));
      let t0 = 0;
      const decided = agent.waitForDecision(request.id, {
        deadline: Date.now() + 30_000,
        onUpdate: (v) => v.status === 'pending' && connected(),
      });
      await ready;
      t0 = performance.now();
      await reviewer.approve(request.id);
      await decided;
      out.push(performance.now() - t0);
    }
  } finally {
    agent.close();
    reviewer.close();
  }
  return out;
}

async function throughput(
  servers: ServerHandle[],
  token: string,
  concurrency: number,
  seconds: number,
): Promise<number> {
  const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: concurrency }));
  const body = JSON.stringify({ command: { argv: ['git', 'status'] }, cwd: '/tmp' });
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const post = (i: number) =>
    postSubmission(agents[i] as http.Agent, new URL((servers[i] as ServerHandle).url), token, body);
  await Promise.all(
    Array.from({ length: concurrency * servers.length }, async (_, w) => {
      while (performance.now() < end) {
        await post(w % servers.length);
        done++;
      }
    }),
  );
  for (const a of agents) a.destroy();
  return done / seconds;
}

export default async function replicasBench(): Promise<BenchRow[]> {
  const pg = await startTestPostgres();
  const shared = tempDir();
  const storeArgs = ['--database-url', pg.url, ...postgresServerArgs(shared.path)];
  const a = await startServer({ args: storeArgs, settings: UNLIMITED });
  const b = await startServer({ args: storeArgs, secrets: a.secrets, settings: UNLIMITED });
  try {
    const add = await fetch(`${a.url}/v1/whitelist`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.secrets.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pattern: 'git status' }),
    });
    if (add.status !== 201) throw new Error(`whitelist add failed: ${add.status}`);
    await propagation(a, b, 5);
    const lat = await propagation(a, b, 100);
    const p99 = percentile(lat, 99);
    const rps = await throughput([a, b], a.secrets.agentToken, 16, 5);
    return [
      {
        name: 'approval propagation across replicas (approve on B → agent on A has it), PostgreSQL LISTEN/NOTIFY',
        result: `p99 ${p99.toFixed(1)} ms (median ${median(lat).toFixed(1)} ms, ${lat.length} approvals)`,
        goal: 'p99 ≤ 150 ms',
        met: p99 <= 150,
      },
      {
        name: 'whitelisted decisions/s, two replicas on one PostgreSQL (16 concurrent clients each, same machine)',
        result: `${Math.round(rps)}/s`,
        note: 'no goal set; throwaway cluster with fsync off',
      },
    ];
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await pg.stop();
    shared.remove();
  }
}
