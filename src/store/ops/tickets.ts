/**
 * Approval tickets (issue 20): a pending request stays open past its hook's deadline, and the same
 * command from the same agent session picks up its decision once. Each transition is one
 * compare-and-set, so racing hooks (and replicas) redeem a ticket exactly once.
 */
import type { DecideResult, StoreChange } from '../store.js';
import type { AuditDraft, RequestRecord } from '../records.js';
import { REQUEST_COLUMNS, isoTime, requestFromRow } from '../rows.js';
import { appendAudit } from './audit.js';
import { all, one, type Op } from './statement.js';
import { getRequest } from './requests.js';

const COLUMNS = REQUEST_COLUMNS.join(', ');

/**
 * Compare-and-set: pending, asked by this agent token, not yet a ticket → a ticket open until
 * `until`; the request's expiry moves out to `until` when that is later.
 */
export function* ticketRequest(
  orgId: string,
  id: string,
  agentTokenId: string,
  until: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<DecideResult> {
  const at = isoTime(until);
  const sql =
    'UPDATE requests SET ticket_until = ?, expires_at = CASE WHEN expires_at < ? THEN ? ELSE expires_at END ' +
    "WHERE org_id = ? AND id = ? AND agent_token_id = ? AND status = 'pending' AND ticket_until IS NULL " +
    `RETURNING ${COLUMNS}`;
  const row = yield* one(sql, at, at, at, orgId, id, agentTokenId);
  if (!row) return { ok: false, request: yield* getRequest(orgId, id) };
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return { ok: true, request: requestFromRow(row) };
}

/** This agent token's open tickets in a session (not used, not past `now`), newest first. */
export function* openTickets(
  orgId: string,
  agentTokenId: string,
  session: string,
  now: string,
  limit: number,
): Op<RequestRecord[]> {
  const sql =
    `SELECT ${COLUMNS} FROM requests WHERE org_id = ? AND session = ? AND ticket_until IS NOT NULL ` +
    'AND ticket_used_at IS NULL AND ticket_until > ? AND agent_token_id = ? ORDER BY created_at DESC, id DESC LIMIT ?';
  return (yield* all(sql, orgId, session, isoTime(now), agentTokenId, limit)).map(requestFromRow);
}

/**
 * Compare-and-set: an open ticket whose request was decided → used. An approved one is claimed in
 * the same statement (its single execution starts now, within its claim window); a denied one only
 * hands its note over. Exactly one of racing callers gets ok.
 */
export function* redeemTicket(
  orgId: string,
  id: string,
  agentTokenId: string,
  at: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<DecideResult> {
  const now = isoTime(at);
  const sql =
    'UPDATE requests SET ticket_used_at = ?, ' +
    "exec_started_at = CASE WHEN status = 'approved' THEN ? ELSE exec_started_at END, " +
    "claim_by = CASE WHEN status = 'approved' THEN NULL ELSE claim_by END " +
    'WHERE org_id = ? AND id = ? AND agent_token_id = ? AND ticket_until IS NOT NULL AND ticket_used_at IS NULL ' +
    "AND ticket_until > ? AND (status = 'denied' OR (status = 'approved' AND exec_started_at IS NULL AND claim_by > ?)) " +
    `RETURNING ${COLUMNS}`;
  const row = yield* one(sql, now, now, orgId, id, agentTokenId, now, now);
  if (!row) return { ok: false, request: yield* getRequest(orgId, id) };
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return { ok: true, request: requestFromRow(row) };
}
