/** Figures for operators (metrics): read-only, cheap, index-backed. */
import { all, one, type Op } from './statement.js';
import { read } from '../rows.js';

/** Requests waiting for a reviewer, across all orgs (the partial index on pending requests). */
export function* countPending(): Op<number> {
  return read.num((yield* one("SELECT count(*) AS n FROM requests WHERE status = 'pending'"))?.n ?? 0);
}

/** The notification outbox across all orgs: still to send (due or retrying), and dead letters. */
export function* countNotifications(): Op<{ pending: number; dead: number }> {
  const rows = yield* all(
    "SELECT status, count(*) AS n FROM notifications WHERE status IN ('pending', 'dead') GROUP BY status",
  );
  const n = (status: string) => read.num(rows.find((r) => r.status === status)?.n ?? 0);
  return { pending: n('pending'), dead: n('dead') };
}
