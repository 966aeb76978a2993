/**
 * kill -9 at random points of submit → approve → execute (issue 26 item 5), shared by the test (20
 * rounds) and the bench (200). Each round an agent runs `expacti run` of a command that appends
 * the round's number to a log, a reviewer approves it as soon as it is pending, and the server is
 * killed at a seeded random moment of that flow and started again on the same data and port. The
 * invariants, checked after every round and at the end:
 *   - no command runs twice (each round's line is in the log at most once);
 *   - a command ran only with a claimed approval (its request shows the execution), and an agent
 *     that says it ran the command did;
 *   - no acknowledged decision is lost (an approve answered 200 is still an approval);
 *   - the audit chain verifies.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestView } from '../../src/protocol/api.js';
import { api } from './api.js';
import { spawnCli, startServer, tempDir } from './expacti.js';

export interface CrashReport {
  rounds: number;
  problems: string[];
  /** How the agents ended: exit code → rounds. */
  exits: Map<number | null, number>;
  /** Rounds whose command ran. */
  ran: number;
}

/** A small seeded PRNG (mulberry32): the kill moments repeat run to run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function crashRounds(rounds: number, seed: number): Promise<CrashReport> {
  const data = tempDir('expacti-crash-data-');
  const work = tempDir('expacti-crash-work-');
  const log = join(work.path, 'ran.log');
  const next = random(seed);
  let server = await startServer({ dataDir: data.path });
  const { secrets, port } = server;
  const report: CrashReport = { rounds, problems: [], exits: new Map(), ran: 0 };
  const acked = new Map<string, number>();
  const lines = (): string[] =>
    existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const command = `echo ${round} >> ${log}`;
      const agent = spawnCli(['run', '--', 'sh', '-c', command], {
        env: { EXPACTI_URL: server.url, EXPACTI_TOKEN: secrets.agentToken },
      });
      let stop = false;
      let seen: (() => void) | undefined;
      let approved: (() => void) | undefined;
      const pendingSeen = new Promise<void>((r) => (seen = r));
      const approvalAcked = new Promise<void>((r) => (approved = r));
      // The reviewer: approves the round's request as soon as it is pending, on whichever server is up.
      const reviewer = (async () => {
        while (!stop) {
          try {
            const list = await api(
              server.url,
              'GET',
              '/v1/requests?status=pending&limit=50',
              secrets.adminToken,
            );
            const mine = ((list.body['requests'] ?? []) as RequestView[]).find((r) =>
              r.commandText.includes(command),
            );
            if (mine) {
              seen?.();
              const res = await api(
                server.url,
                'POST',
                `/v1/requests/${mine.id}/approve`,
                secrets.adminToken,
                {},
              );
              if (res.status === 200) {
                acked.set(mine.id, round);
                approved?.();
              }
            }
          } catch {
            // The server is down for the moment: try again.
          }
          await sleep(15);
        }
      })();
      // Where the kill lands, in turn: while the agent submits, around the approval, around the claim and run.
      const phase = round % 3;
      if (phase === 0) await sleep(next() * 400);
      else await Promise.race([phase === 1 ? pendingSeen : approvalAcked, sleep(20_000)]);
      await sleep(next() * (phase === 0 ? 0 : 60));
      await server.crash();
      server = await startServer({ dataDir: data.path, port, secrets });
      const result = await Promise.race([
        agent.result,
        sleep(90_000).then(() => {
          agent.proc.kill('SIGKILL');
          return null;
        }),
      ]);
      stop = true;
      await reviewer;
      if (!result) {
        report.problems.push(`round ${round}: the agent did not finish within 90 s`);
        continue;
      }
      report.exits.set(result.code, (report.exits.get(result.code) ?? 0) + 1);
      const count = lines().filter((l) => l === String(round)).length;
      if (count > 1) report.problems.push(`round ${round}: the command ran ${count} times`);
      if (count === 1) report.ran++;
      if (result.code === 0 && count !== 1)
        report.problems.push(`round ${round}: exit 0 but the command did not run`);
      // `echo` cannot fail: once it ran, the agent's status is its 0, whatever happened to the server.
      if (result.code !== 0 && count === 1)
        report.problems.push(
          `round ${round}: the command ran but the agent exited ${result.code}: ${result.stderr.slice(-300)}`,
        );
    }
    // Every acknowledged approval is still an approval, and a command ran only with its execution claimed.
    for (const [id, round] of acked) {
      const view = (await api(server.url, 'GET', `/v1/requests/${id}`, secrets.adminToken)).body[
        'request'
      ] as RequestView | undefined;
      const ran = lines().includes(String(round));
      if (!view) report.problems.push(`round ${round}: request ${id} is gone`);
      else if (
        view.decision?.outcome !== 'approved' &&
        !(view.decision?.outcome === 'expired' && view.decision.expiredApproval)
      )
        report.problems.push(
          `round ${round}: acknowledged approval lost (now ${view.status}/${view.decision?.outcome})`,
        );
      else if (ran && !view.execution?.startedAt)
        report.problems.push(`round ${round}: the command ran without a claimed execution`);
    }
    const verify = await api(server.url, 'GET', '/v1/audit/verify', secrets.adminToken);
    if (verify.status !== 200 || verify.body['ok'] !== true)
      report.problems.push(`audit verify: ${verify.status} ${JSON.stringify(verify.body).slice(0, 300)}`);
  } finally {
    await server.stop();
    data.remove();
    work.remove();
  }
  return report;
}
