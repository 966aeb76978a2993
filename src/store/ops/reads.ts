/**
 * What agents read (issue 25): observed reads, one row each, and per session when a reviewer last
 * cleared its taint. Reads are only inserted (group commit may batch them with other inserts).
 */
import type { AuditDraft, SessionReadRecord, TaintClear } from '../records.js';
import { SESSION_READ_COLUMNS, isoTime, read, sessionReadFromRow, sessionReadValues } from '../rows.js';
import { insertSql } from '../sql.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';

const SELECT = `SELECT ${SESSION_READ_COLUMNS.join(', ')} FROM session_reads`;

export function* insertReads(reads: readonly SessionReadRecord[], audit: AuditDraft[]): Op<void> {
  if (reads.length > 0)
    yield* count(
      insertSql('session_reads', SESSION_READ_COLUMNS, reads.length),
      ...reads.flatMap(sessionReadValues),
    );
  yield* appendAudit(audit);
}

/** The session's reads, newest first. */
export function* listReads(orgId: string, session: string, limit: number): Op<SessionReadRecord[]> {
  const rows = yield* all(
    `${SELECT} WHERE org_id = ? AND session = ? ORDER BY at DESC, id DESC LIMIT ?`,
    orgId,
    session,
    limit,
  );
  return rows.map(sessionReadFromRow);
}

const UPSERT = `INSERT INTO session_taint_clears (org_id, session, cleared_at, cleared_by) VALUES (?, ?, ?, ?)
ON CONFLICT (org_id, session) DO UPDATE SET cleared_at = excluded.cleared_at, cleared_by = excluded.cleared_by`;

export function* clearTaint(
  orgId: string,
  session: string,
  clear: TaintClear,
  audit: AuditDraft[],
): Op<void> {
  yield* count(UPSERT, orgId, session, isoTime(clear.at), clear.by);
  yield* appendAudit(audit);
}

export function* taintCleared(orgId: string, session: string): Op<TaintClear | null> {
  const row = yield* one(
    'SELECT cleared_at, cleared_by FROM session_taint_clears WHERE org_id = ? AND session = ?',
    orgId,
    session,
  );
  return row ? { at: read.time(row.cleared_at), by: read.str(row.cleared_by) } : null;
}
