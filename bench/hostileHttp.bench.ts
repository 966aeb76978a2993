/**
 * Hostile HTTP at volume (issue 26 item 5): 100,000 generated calls (test/support/hostileHttp.ts:
 * any route, credential, path id and body) against a real `expacti serve` on SQLite with two orgs,
 * eight in flight. Goal: no 5xx, no crash, nothing of org A shown to org B, org A's decisions
 * unchanged and the audit chain verified afterwards. The tests run the same generator on both
 * stores with a fixed seed (test/hostile-http.e2e.test.ts).
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { startServer, tempDir } from '../test/support/expacti.js';
import { answerProblems, hostileCalls, send, type HostileCall } from '../test/support/hostileHttp.js';
import { guardedProblems, twoOrgs } from '../test/support/twoOrgs.js';
import { openStore } from '../src/store/open.js';
import { AUDIT_KEY_FILE, readAuditKeys } from '../src/server/auditKeys.js';
import { UNLIMITED } from './limits.js';
import type { BenchRow } from './stats.js';

const CALLS = 100_000;
const BATCH = 1000;
const IN_FLIGHT = 8;

export default async function hostileHttpBench(): Promise<BenchRow[]> {
  const data = tempDir();
  const server = await startServer({ dataDir: data.path, settings: UNLIMITED });
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  try {
    const orgs = await twoOrgs(
      server,
      () =>
        openStore({
          dataDir: server.dataDir,
          auditKeys: readAuditKeys(join(server.dataDir, AUDIT_KEY_FILE)).chain,
        }),
      'bench',
    );
    for (let seed = 0; seed * BATCH < CALLS; seed++) {
      const calls = fc.sample(hostileCalls(orgs.guarded), { numRuns: BATCH, seed: 1000 + seed });
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let call: HostileCall | undefined; (call = calls[next++]);) {
          const answer = await send(server.url, call, orgs.who);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          problems.push(...answerProblems(call, answer, orgs.guarded));
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    }
    problems.push(...(await guardedProblems(server, orgs)));
  } finally {
    await server.stop();
    data.remove();
  }
  const seconds = (performance.now() - started) / 1000;
  const spread = [...statuses]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(', ');
  return [
    {
      name: `hostile HTTP: ${CALLS.toLocaleString('en')} generated calls on every route (SQLite, two orgs)`,
      result: `${problems.length} problems in ${seconds.toFixed(0)} s (${spread})`,
      goal: 'no 5xx, no crash, no leak between orgs, decisions unchanged, audit verifies',
      met: problems.length === 0,
      note: problems.slice(0, 3).join('; '),
    },
  ];
}
