/**
 * Sign-in failure counts, one row per throttle key. The count restarts when the last failure is
 * older than the caller's `forgetBefore`; `blockFor` (the server's policy) says how long each new
 * count blocks further attempts. No audit records (the failed sign-ins themselves are audited) and
 * no change announced: every replica reads the rows when someone signs in.
 */
import type { SignInFailure } from '../store.js';
import { isoTime, read } from '../rows.js';
import { all, count, one, type Op } from './statement.js';

const COUNT = `INSERT INTO sign_in_failures (key, failures, last_at, blocked_until) VALUES (?, 1, ?, NULL)
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN sign_in_failures.last_at < ? THEN 1 ELSE sign_in_failures.failures + 1 END,
  last_at = excluded.last_at
RETURNING failures`;

export function* readSignInFailures(keys: readonly string[]): Op<SignInFailure[]> {
  if (keys.length === 0) return [];
  const sql = `SELECT key, failures, last_at, blocked_until FROM sign_in_failures WHERE key IN (${keys.map(() => '?').join(', ')})`;
  return (yield* all(sql, ...keys)).map((row) => ({
    key: read.str(row.key),
    failures: read.num(row.failures),
    lastAt: read.time(row.last_at),
    blockedUntil: read.timeOrNull(row.blocked_until),
  }));
}

export function* recordSignInFailures(
  keys: readonly string[],
  at: string,
  forgetBefore: string,
  blockFor: (key: string, failures: number) => number,
): Op<SignInFailure[]> {
  const now = isoTime(at);
  const out: SignInFailure[] = [];
  // Always in the same order, so that concurrent writers (other replicas) lock rows alike.
  for (const key of [...new Set(keys)].sort()) {
    const failures = read.num((yield* one(COUNT, key, now, isoTime(forgetBefore)))?.failures);
    const ms = blockFor(key, failures);
    const blockedUntil = ms > 0 ? new Date(Date.parse(now) + ms).toISOString() : null;
    yield* count('UPDATE sign_in_failures SET blocked_until = ? WHERE key = ?', blockedUntil, key);
    out.push({ key, failures, lastAt: now, blockedUntil });
  }
  return out;
}

export function* clearSignInFailures(keys: readonly string[]): Op<void> {
  if (keys.length === 0) return;
  yield* count(`DELETE FROM sign_in_failures WHERE key IN (${keys.map(() => '?').join(', ')})`, ...keys);
}

/** Forgets counts whose last failure is older than `before` and that block nothing any more. */
export function* pruneSignInFailures(before: string, now: string): Op<number> {
  return yield* count(
    'DELETE FROM sign_in_failures WHERE last_at < ? AND (blocked_until IS NULL OR blocked_until < ?)',
    isoTime(before),
    isoTime(now),
  );
}
