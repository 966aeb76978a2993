/**
 * kill -9 at random points of submit → approve → execute, 200 rounds (the tests run 20):
 * test/support/crashRounds.ts states the invariants.
 */
import { crashRounds } from '../test/support/crashRounds.js';
import type { BenchRow } from './stats.js';

export default async function crashRoundsBench(): Promise<BenchRow[]> {
  const started = performance.now();
  const report = await crashRounds(200, 2026);
  const exits = [...report.exits].map(([code, n]) => `exit ${code}×${n}`).join(', ');
  return [
    {
      name: 'kill -9 at random points of submit → approve → execute (SQLite), 200 rounds',
      result: `${report.problems.length} problems; ${report.ran} commands ran once, the rest never (${exits}); ${((performance.now() - started) / 1000).toFixed(0)} s`,
      goal: 'no command run twice or unclaimed, no acknowledged decision lost, audit verifies',
      met: report.problems.length === 0,
      note: report.problems.slice(0, 3).join('; '),
    },
  ];
}
