/** Requests: insert, read, the two compare-and-set transitions, results, context and expiry. */
import type { ClaimResult, DecideResult, RequestQuery, StoreChange } from '../store.js';
import type { AuditDraft, ExecutionRecord, RequestRecord, WhitelistEntry } from '../records.js';
import type { Decision, RequestStatus, RuntimeContext } from '../../protocol/index.js';
import { REQUEST_COLUMNS, isoTime, read, requestFromRow, requestValues } from '../rows.js';
import { claimFailure } from '../patches.js';
import { insertSql, listRequestsSql } from '../sql.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';
import { insertWhitelistEntry } from './whitelist.js';

const COLUMNS = REQUEST_COLUMNS.join(', ');
const INSERT = insertSql('requests', REQUEST_COLUMNS);

export function* insertRequest(
  request: RequestRecord,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<void> {
  yield* count(INSERT, ...requestValues(request));
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId: request.orgId, id: request.id });
}

export function* getRequest(orgId: string, id: string): Op<RequestRecord | null> {
  const row = yield* one(`SELECT ${COLUMNS} FROM requests WHERE org_id = ? AND id = ?`, orgId, id);
  return row ? requestFromRow(row) : null;
}

export function* listRequests(orgId: string, query: RequestQuery): Op<RequestRecord[]> {
  const { sql, params } = listRequestsSql(COLUMNS, orgId, query, isoTime);
  return (yield* all(sql, ...params)).map(requestFromRow);
}

/**
 * The decision's compare-and-set: one UPDATE … WHERE status = 'pending'. On PostgreSQL a racing
 * UPDATE waits for the winner's row lock, then re-checks the WHERE on the committed row and changes
 * nothing, so exactly one caller on any replica gets a row back.
 */
export function* decideRequest(
  orgId: string,
  id: string,
  outcome: Exclude<RequestStatus, 'pending'>,
  decision: Decision,
  audit: AuditDraft[],
  whitelistEntry: WhitelistEntry | undefined,
  changes: StoreChange[],
): Op<DecideResult> {
  const sql = `UPDATE requests SET status = ?, decision = ? WHERE org_id = ? AND id = ? AND status = 'pending' RETURNING ${COLUMNS}`;
  const row = yield* one(sql, outcome, JSON.stringify(decision), orgId, id);
  if (!row) return { ok: false, request: yield* getRequest(orgId, id) };
  if (whitelistEntry) yield* insertWhitelistEntry(whitelistEntry, [], changes);
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return { ok: true, request: requestFromRow(row) };
}

/** Compare-and-set: approved, never started, and asked by this agent token → started. */
export function* claimExecution(
  orgId: string,
  id: string,
  agentTokenId: string,
  startedAt: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<ClaimResult> {
  const sql =
    'UPDATE requests SET exec_started_at = ? WHERE org_id = ? AND id = ? AND agent_token_id = ? ' +
    `AND status = 'approved' AND exec_started_at IS NULL RETURNING ${COLUMNS}`;
  const row = yield* one(sql, isoTime(startedAt), orgId, id, agentTokenId);
  if (!row) return claimFailure(yield* getRequest(orgId, id), agentTokenId);
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return { ok: true, request: requestFromRow(row) };
}

export function* recordResult(
  orgId: string,
  id: string,
  agentTokenId: string,
  result: Omit<ExecutionRecord, 'startedAt'>,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const sql =
    'UPDATE requests SET exec_finished_at = ?, exec_exit_code = ?, exec_signal = ?, exec_duration_ms = ?, ' +
    'exec_reported = TRUE WHERE org_id = ? AND id = ? AND agent_token_id = ? AND exec_started_at IS NOT NULL ' +
    'AND NOT exec_reported';
  const finishedAt = result.finishedAt === null ? null : isoTime(result.finishedAt);
  const n = yield* count(
    sql,
    finishedAt,
    result.exitCode,
    result.signal,
    result.durationMs,
    orgId,
    id,
    agentTokenId,
  );
  if (n === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return true;
}

/** Context can be attached while the request waits for a reviewer; a decided request keeps what the reviewer saw. */
export function* attachContext(
  orgId: string,
  id: string,
  context: RuntimeContext,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const sql = "UPDATE requests SET context = ? WHERE org_id = ? AND id = ? AND status = 'pending'";
  if ((yield* count(sql, JSON.stringify(context), orgId, id)) === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return true;
}

export function* listExpired(now: string, limit: number): Op<Array<{ orgId: string; id: string }>> {
  const sql =
    "SELECT org_id, id FROM requests WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?";
  return (yield* all(sql, isoTime(now), limit)).map((row) => ({
    orgId: read.str(row.org_id),
    id: read.str(row.id),
  }));
}

export function* nextExpiry(): Op<string | null> {
  const sql = "SELECT expires_at FROM requests WHERE status = 'pending' ORDER BY expires_at LIMIT 1";
  return read.timeOrNull((yield* one(sql))?.expires_at);
}
