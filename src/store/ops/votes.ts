/**
 * Reviewer votes and escalation (issue 11). A vote is a row (the same reviewer's second vote
 * changes nothing); a request needing several approvals is decided by one compare-and-set in the
 * same transaction as the vote that completes it. The request row is locked first (PostgreSQL:
 * FOR UPDATE), so racing votes on two replicas are counted one after the other and neither is lost.
 */
import type { Decision } from '../../protocol/index.js';
import type { AppliedPolicy, VoteView } from '../../protocol/policy.js';
import type { AuditDraft, RequestRecord } from '../records.js';
import type { Outbox, StoreChange } from '../store.js';
import { REQUEST_COLUMNS, isoTime, read, requestFromRow } from '../rows.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';
import { getRequest } from './requests.js';
import { enqueueNotifications } from './notifications.js';

const COLUMNS = REQUEST_COLUMNS.join(', ');

/** What the vote that completes a request decides (computed by the caller from all votes). */
export interface Settlement {
  outcome: 'approved' | 'denied';
  decision: Decision;
  /** For an approval: its claim window's end. */
  claimBy?: string;
  audit: AuditDraft[];
  /** The decision's notifications (issue 11), committed with it. */
  outbox?: Outbox;
}

export type VoteResult =
  | { ok: true; request: RequestRecord; duplicate: boolean; settled: boolean }
  | { ok: false; request: RequestRecord | null };

export function* castVote(
  orgId: string,
  id: string,
  vote: VoteView,
  audit: AuditDraft[],
  settle: (request: RequestRecord, votes: VoteView[]) => Settlement | null,
  changes: StoreChange[],
): Op<VoteResult> {
  const locked = yield* one(
    {
      sqlite: `SELECT ${COLUMNS} FROM requests WHERE org_id = ? AND id = ?`,
      postgres: `SELECT ${COLUMNS} FROM requests WHERE org_id = ? AND id = ? FOR UPDATE`,
    },
    orgId,
    id,
  );
  if (!locked) return { ok: false, request: null };
  const request = requestFromRow(locked);
  if (request.status !== 'pending') return { ok: false, request };
  const inserted = yield* count(
    'INSERT INTO request_votes (org_id, request_id, user_id, user_name, vote, at, voter_groups, note) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    orgId,
    id,
    vote.userId,
    vote.name,
    vote.vote,
    isoTime(vote.at),
    JSON.stringify(vote.groups),
    vote.note ?? null,
  );
  if (inserted === 0) return { ok: true, request, duplicate: true, settled: false };
  const votes = (yield* all(
    'SELECT user_id, user_name, vote, at, voter_groups, note FROM request_votes WHERE org_id = ? AND request_id = ? ORDER BY at, user_id',
    orgId,
    id,
  )).map(voteFromRow);
  const settlement = settle({ ...request, votes }, votes);
  let row: Record<string, unknown> | undefined;
  if (settlement) {
    row = yield* one(
      `UPDATE requests SET votes = ?, status = ?, decision = ?, claim_by = ?, escalate_at = NULL WHERE org_id = ? AND id = ? AND status = 'pending' RETURNING ${COLUMNS}`,
      JSON.stringify(votes),
      settlement.outcome,
      JSON.stringify(settlement.decision),
      settlement.claimBy === undefined ? null : isoTime(settlement.claimBy),
      orgId,
      id,
    );
  } else {
    row = yield* one(
      `UPDATE requests SET votes = ? WHERE org_id = ? AND id = ? AND status = 'pending' RETURNING ${COLUMNS}`,
      JSON.stringify(votes),
      orgId,
      id,
    );
  }
  if (!row) return { ok: false, request: yield* getRequest(orgId, id) };
  yield* appendAudit([...audit, ...(settlement?.audit ?? [])]);
  if (settlement?.outbox)
    yield* enqueueNotifications(settlement.outbox.messages, settlement.outbox.links, changes);
  changes.push({ type: 'request', orgId, id });
  return { ok: true, request: requestFromRow(row), duplicate: false, settled: settlement !== null };
}

function voteFromRow(row: Record<string, unknown>): VoteView {
  const v: VoteView = {
    userId: read.str(row.user_id),
    name: read.str(row.user_name),
    vote: read.str(row.vote) as VoteView['vote'],
    at: read.time(row.at),
    groups: read.json<string[]>(row.voter_groups),
  };
  const note = read.strOrNull(row.note);
  if (note !== null) v.note = note;
  return v;
}

export function* listVotes(orgId: string, id: string): Op<VoteView[]> {
  return (yield* all(
    'SELECT user_id, user_name, vote, at, voter_groups, note FROM request_votes WHERE org_id = ? AND request_id = ? ORDER BY at, user_id',
    orgId,
    id,
  )).map(voteFromRow);
}

/** Pending requests whose next escalation step is due at `now`, across orgs. */
export function* listEscalationsDue(
  now: string,
  limit: number,
): Op<Array<{ orgId: string; id: string; step: number }>> {
  const rows = yield* all(
    "SELECT org_id, id, escalations FROM requests WHERE escalate_at IS NOT NULL AND escalate_at <= ? AND status = 'pending' ORDER BY escalate_at LIMIT ?",
    isoTime(now),
    limit,
  );
  return rows.map((r) => ({ orgId: read.str(r.org_id), id: read.str(r.id), step: read.num(r.escalations) }));
}

/**
 * Compare-and-set: a pending request at escalation step `step` → step + 1, the next step due at
 * `nextAt` (null: none left). Exactly one of racing replicas escalates each step.
 */
export function* escalateRequest(
  orgId: string,
  id: string,
  step: number,
  nextAt: string | null,
  audit: AuditDraft[],
  changes: StoreChange[],
  outbox?: Outbox,
): Op<RequestRecord | null> {
  const row = yield* one(
    `UPDATE requests SET escalations = ?, escalate_at = ? WHERE org_id = ? AND id = ? AND status = 'pending' AND escalations = ? RETURNING ${COLUMNS}`,
    step + 1,
    nextAt === null ? null : isoTime(nextAt),
    orgId,
    id,
    step,
  );
  if (!row) return null;
  yield* appendAudit(audit);
  // The step's messages commit with the step: taken once, announced once, never lost.
  if (outbox) yield* enqueueNotifications(outbox.messages, outbox.links, changes);
  changes.push({ type: 'request', orgId, id });
  return requestFromRow(row);
}

/**
 * Compare-and-set: a pending request's applied policy → `policy` (its runtime context arrived and
 * settled rules that were only possible), with the next escalation step due at `escalateAt`.
 */
export function* updateRequestPolicy(
  orgId: string,
  id: string,
  policy: AppliedPolicy,
  escalateAt: string | null,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const n = yield* count(
    "UPDATE requests SET policy = ?, escalate_at = ? WHERE org_id = ? AND id = ? AND status = 'pending'",
    JSON.stringify(policy),
    escalateAt === null ? null : isoTime(escalateAt),
    orgId,
    id,
  );
  if (n === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'request', orgId, id });
  return true;
}
