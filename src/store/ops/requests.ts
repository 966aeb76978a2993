/** Requests: insert, read, the two compare-and-set transitions, results, context and expiry. */
import type {
  ClaimResult,
  DecideOptions,
  DecideResult,
  ExpiredRequest,
  Outbox,
  RequestQuery,
  StoreChange,
} from '../store.js';
import type { AuditDraft, ExecutionRecord, RequestRecord } from '../records.js';
import type { Decision, RequestStatus, RuntimeContext } from '../../protocol/index.js';
import { REQUEST_COLUMNS, executionOutcome, isoTime, read, requestFromRow, requestValues } from '../rows.js';
import { claimFailure } from '../patches.js';
import { insertSql, listRequestsSql } from '../sql.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';
import { insertWhitelistEntry } from './whitelist.js';
import { enqueueNotifications } from './notifications.js';

const COLUMNS = REQUEST_COLUMNS.join(', ');
const INSERT = insertSql('requests', REQUEST_COLUMNS);

export function* insertRequest(
  request: RequestRecord,
  audit: AuditDraft[],
  changes: StoreChange[],
  outbox?: Outbox,
): Op<void> {
  yield* count(INSERT, ...requestValues(request));
  yield* appendAudit(audit);
  // Its first notifications commit with it: no crash can leave a waiting request unannounced.
  if (outbox) yield* enqueueNotifications(outbox.messages, outbox.links, changes);
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
  options: DecideOptions,
  changes: StoreChange[],
): Op<DecideResult> {
  // Every approval has a claim window; one without could never run, so it is a caller's mistake.
  if (outcome === 'approved' && options.claimBy === undefined) {
    throw new TypeError('an approval needs its claim window: pass options.claimBy');
  }
  const claimBy = outcome === 'approved' ? isoTime(options.claimBy as string) : null;
  const sql = `UPDATE requests SET status = ?, decision = ?, claim_by = ? WHERE org_id = ? AND id = ? AND status = 'pending' RETURNING ${COLUMNS}`;
  const row = yield* one(sql, outcome, JSON.stringify(decision), claimBy, orgId, id);
  if (!row) return { ok: false, request: yield* getRequest(orgId, id) };
  if (options.whitelistEntry) yield* insertWhitelistEntry(options.whitelistEntry, [], changes);
  yield* appendAudit(audit);
  if (options.outbox) yield* enqueueNotifications(options.outbox.messages, options.outbox.links, changes);
  changes.push({ type: 'request', orgId, id });
  return { ok: true, request: requestFromRow(row) };
}

/**
 * Compare-and-set: approved, never started, within its claim window, and asked by this agent
 * token → started. The window is part of the condition, so a late claim fails even before the
 * sweeper has marked the approval expired.
 */
export function* claimExecution(
  orgId: string,
  id: string,
  agentTokenId: string,
  startedAt: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<ClaimResult> {
  const at = isoTime(startedAt);
  const sql =
    'UPDATE requests SET exec_started_at = ?, claim_by = NULL WHERE org_id = ? AND id = ? AND agent_token_id = ? ' +
    `AND status = 'approved' AND exec_started_at IS NULL AND claim_by > ? RETURNING ${COLUMNS}`;
  const row = yield* one(sql, at, orgId, id, agentTokenId, at);
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
    'exec_outcome = ?, exec_reported = TRUE WHERE org_id = ? AND id = ? AND agent_token_id = ? ' +
    'AND exec_started_at IS NOT NULL AND NOT exec_reported';
  const finishedAt = result.finishedAt === null ? null : isoTime(result.finishedAt);
  const outcome = executionOutcome(result);
  const n = yield* count(
    sql,
    finishedAt,
    result.exitCode,
    result.signal,
    result.durationMs,
    outcome ? JSON.stringify(outcome) : null,
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

/**
 * Compare-and-set: an approval whose claim window passed unused → expired, with its audit records.
 * Exactly one of racing callers (sweepers on several replicas, a late claim) wins.
 */
export function* expireApproval(
  orgId: string,
  id: string,
  now: string,
  decision: Decision,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<DecideResult> {
  const sql =
    "UPDATE requests SET status = 'expired', decision = ?, claim_by = NULL WHERE org_id = ? AND id = ? " +
    `AND status = 'approved' AND exec_started_at IS NULL AND (claim_by IS NULL OR claim_by <= ?) RETURNING ${COLUMNS}`;
  const row = yield* one(sql, JSON.stringify(decision), orgId, id, isoTime(now));
  if (!row) return { ok: false, request: yield* getRequest(orgId, id) };
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return { ok: true, request: requestFromRow(row) };
}

const DUE_PENDING =
  "SELECT org_id, id, expires_at AS due FROM requests WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?";
const DUE_UNCLAIMED =
  "SELECT org_id, id, claim_by AS due FROM requests WHERE status = 'approved' AND exec_started_at IS NULL AND claim_by <= ? ORDER BY claim_by, id LIMIT ?";

/** Pending requests past their expiry and approvals past their claim window, earliest first. */
export function* listExpired(now: string, limit: number): Op<ExpiredRequest[]> {
  const at = isoTime(now);
  const rows = [
    ...(yield* all(DUE_PENDING, at, limit)).map((row) => ({ row, status: 'pending' as const })),
    ...(yield* all(DUE_UNCLAIMED, at, limit)).map((row) => ({ row, status: 'approved' as const })),
  ];
  return rows
    .map(({ row, status }) => ({
      orgId: read.str(row.org_id),
      id: read.str(row.id),
      status,
      due: read.time(row.due),
    }))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map(({ orgId, id, status }) => ({ orgId, id, status }));
}

/** The earliest time a pending request expires or an approval's claim window ends; null when none. */
export function* nextExpiry(): Op<string | null> {
  const pending = read.timeOrNull(
    (yield* one("SELECT expires_at FROM requests WHERE status = 'pending' ORDER BY expires_at LIMIT 1"))
      ?.expires_at,
  );
  const unclaimed = read.timeOrNull(
    (yield* one(
      "SELECT claim_by FROM requests WHERE status = 'approved' AND exec_started_at IS NULL AND claim_by IS NOT NULL ORDER BY claim_by LIMIT 1",
    ))?.claim_by,
  );
  if (pending === null || unclaimed === null) return pending ?? unclaimed;
  return pending < unclaimed ? pending : unclaimed;
}
