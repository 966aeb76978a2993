/**
 * The notification outbox (issue 11): messages are queued in the same store as the requests,
 * claimed for a while by one replica's deliverer (compare-and-set on `claimed_until`, so two
 * replicas never send the same message at once), and finished as sent, as due again later (a
 * retry with backoff), or dead (kept for admins to see). Decide links are single-use rows.
 */
import type { NotificationRecord } from '../records.js';
import type { StoreChange } from '../store.js';
import { isoTime, read } from '../rows.js';
import { all, count, one, type Op } from './statement.js';

const COLUMNS =
  'id, org_id, channel, event, request_id, payload, created_at, next_at, attempts, status, last_error, sent_at';

function fromRow(row: Record<string, unknown>): NotificationRecord {
  return {
    id: read.str(row.id),
    orgId: read.str(row.org_id),
    channel: read.str(row.channel),
    event: read.str(row.event) as NotificationRecord['event'],
    requestId: read.strOrNull(row.request_id),
    payload: read.json(row.payload),
    createdAt: read.time(row.created_at),
    nextAt: read.time(row.next_at),
    attempts: read.num(row.attempts),
    status: read.str(row.status) as NotificationRecord['status'],
    lastError: read.strOrNull(row.last_error),
    sentAt: read.timeOrNull(row.sent_at),
  };
}

export interface DecideLinkRow {
  hash: string;
  orgId: string;
  requestId: string;
  createdAt: string;
  expiresAt: string;
}

export function* enqueueNotifications(
  messages: readonly NotificationRecord[],
  links: readonly DecideLinkRow[],
  changes: StoreChange[],
): Op<void> {
  void changes;
  for (const m of messages)
    yield* count(
      `INSERT INTO notifications (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.id,
      m.orgId,
      m.channel,
      m.event,
      m.requestId,
      JSON.stringify(m.payload),
      isoTime(m.createdAt),
      isoTime(m.nextAt),
      m.attempts,
      m.status,
      m.lastError,
      m.sentAt === null ? null : isoTime(m.sentAt),
    );
  for (const l of links)
    yield* count(
      'INSERT INTO decide_links (hash, org_id, request_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      l.hash,
      l.orgId,
      l.requestId,
      isoTime(l.createdAt),
      isoTime(l.expiresAt),
    );
}

/** Claims up to `limit` due messages until `until`; each is claimed by exactly one caller. */
export function* claimNotifications(now: string, until: string, limit: number): Op<NotificationRecord[]> {
  const at = isoTime(now);
  const due = yield* all(
    "SELECT id FROM notifications WHERE status = 'pending' AND next_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY next_at LIMIT ?",
    at,
    at,
    limit,
  );
  const claimed: NotificationRecord[] = [];
  for (const d of due) {
    const row = yield* one(
      "UPDATE notifications SET claimed_until = ? WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= ?) " +
        `RETURNING ${COLUMNS}`,
      isoTime(until),
      d.id,
      at,
    );
    if (row) claimed.push(fromRow(row));
  }
  return claimed;
}

export type DeliveryOutcome =
  | { kind: 'sent'; at: string }
  | { kind: 'retry'; at: string; nextAt: string; error: string }
  | { kind: 'dead'; at: string; error: string };

export function* finishNotification(id: string, outcome: DeliveryOutcome): Op<void> {
  if (outcome.kind === 'sent')
    yield* count(
      "UPDATE notifications SET status = 'sent', sent_at = ?, attempts = attempts + 1, claimed_until = NULL WHERE id = ?",
      isoTime(outcome.at),
      id,
    );
  else if (outcome.kind === 'retry')
    yield* count(
      'UPDATE notifications SET next_at = ?, attempts = attempts + 1, last_error = ?, claimed_until = NULL WHERE id = ?',
      isoTime(outcome.nextAt),
      outcome.error,
      id,
    );
  else
    yield* count(
      "UPDATE notifications SET status = 'dead', attempts = attempts + 1, last_error = ?, claimed_until = NULL WHERE id = ?",
      outcome.error,
      id,
    );
}

export function* listNotifications(
  orgId: string,
  status: NotificationRecord['status'] | undefined,
  limit: number,
): Op<NotificationRecord[]> {
  const rows =
    status === undefined
      ? yield* all(
          `SELECT ${COLUMNS} FROM notifications WHERE org_id = ? ORDER BY created_at DESC, id LIMIT ?`,
          orgId,
          limit,
        )
      : yield* all(
          `SELECT ${COLUMNS} FROM notifications WHERE org_id = ? AND status = ? ORDER BY created_at DESC, id LIMIT ?`,
          orgId,
          status,
          limit,
        );
  return rows.map(fromRow);
}

/** A dead message due again now (an admin's retry); false when it was not dead. */
export function* retryNotification(orgId: string, id: string, now: string): Op<boolean> {
  return (
    (yield* count(
      "UPDATE notifications SET status = 'pending', next_at = ?, attempts = 0 WHERE org_id = ? AND id = ? AND status = 'dead'",
      isoTime(now),
      orgId,
      id,
    )) > 0
  );
}

/** Compare-and-set: an unused, unexpired link → used; its request, or null. */
export function* useDecideLink(hash: string, now: string): Op<{ orgId: string; requestId: string } | null> {
  const at = isoTime(now);
  const row = yield* one(
    'UPDATE decide_links SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ? RETURNING org_id, request_id',
    at,
    hash,
    at,
  );
  return row ? { orgId: read.str(row.org_id), requestId: read.str(row.request_id) } : null;
}
