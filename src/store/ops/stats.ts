/** Figures for operators (metrics): read-only, cheap, index-backed. */
import { one, type Op } from './statement.js';
import { read } from '../rows.js';

/** Requests waiting for a reviewer, across all orgs (the partial index on pending requests). */
export function* countPending(): Op<number> {
  return read.num((yield* one("SELECT count(*) AS n FROM requests WHERE status = 'pending'"))?.n ?? 0);
}
