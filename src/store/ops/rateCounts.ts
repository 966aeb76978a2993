/**
 * Submission counts per rate-limit key (a token, an org) and fixed window, added by every replica
 * (server/services/rateLimiter.ts batches them) so that a limit holds across replicas. No audit
 * records and no change announced: a refusal is the request's own answer, and the counts are
 * re-read on every flush.
 */
import { isoTime, read } from '../rows.js';
import { count, one, type Op } from './statement.js';

const ADD = `INSERT INTO rate_counts (key, window_start, count) VALUES (?, ?, ?)
ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counts.count + excluded.count
RETURNING count`;

export interface RateCount {
  key: string;
  windowStart: string;
  /** What this replica adds (0: only read the total). */
  add: number;
}

/** Adds each count to its key's window; the totals after the additions, by key, in order. */
export function* addRateCounts(items: readonly RateCount[]): Op<number[]> {
  const totals: number[] = [];
  // Always in the same order, so that concurrent writers (other replicas) lock rows alike.
  const order = items
    .map((_, i) => i)
    .sort((a, b) => {
      const x = items[a] as RateCount;
      const y = items[b] as RateCount;
      return x.key === y.key ? x.windowStart.localeCompare(y.windowStart) : x.key < y.key ? -1 : 1;
    });
  for (const i of order) {
    const it = items[i] as RateCount;
    totals[i] = read.num((yield* one(ADD, it.key, isoTime(it.windowStart), it.add))?.count);
  }
  return totals;
}

/** Forgets windows that started before `before`. */
export function* pruneRateCounts(before: string): Op<number> {
  return yield* count('DELETE FROM rate_counts WHERE window_start < ?', isoTime(before));
}
