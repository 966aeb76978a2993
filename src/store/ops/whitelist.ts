/** Whitelist entries and their hit counts. */
import type { StoreChange } from '../store.js';
import type { AuditDraft, WhitelistEntry } from '../records.js';
import { WHITELIST_COLUMNS, isoTime, whitelistFromRow, whitelistValues } from '../rows.js';
import { whitelistAssignments, type WhitelistPatch } from '../patches.js';
import { insertSql, setSql } from '../sql.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';

const SELECT = `SELECT ${WHITELIST_COLUMNS.join(', ')} FROM whitelist`;

export function* insertWhitelistEntry(
  entry: WhitelistEntry,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<void> {
  yield* count(insertSql('whitelist', WHITELIST_COLUMNS), ...whitelistValues(entry));
  yield* appendAudit(audit);
  changes.push({ type: 'whitelist', orgId: entry.orgId });
}

export function* getWhitelistEntry(orgId: string, id: string): Op<WhitelistEntry | null> {
  const row = yield* one(`${SELECT} WHERE org_id = ? AND id = ?`, orgId, id);
  return row ? whitelistFromRow(row) : null;
}

export function* listWhitelist(orgId: string): Op<WhitelistEntry[]> {
  return (yield* all(`${SELECT} WHERE org_id = ? ORDER BY created_at, id`, orgId)).map(whitelistFromRow);
}

export function* updateWhitelistEntry(
  orgId: string,
  id: string,
  patch: WhitelistPatch,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const assignments = whitelistAssignments(patch);
  const n =
    assignments.length === 0
      ? yield* count('SELECT id FROM whitelist WHERE org_id = ? AND id = ?', orgId, id)
      : yield* count(
          `UPDATE whitelist SET ${setSql(assignments)} WHERE org_id = ? AND id = ?`,
          ...assignments.map(([, v]) => v),
          orgId,
          id,
        );
  if (n === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'whitelist', orgId });
  return true;
}

export function* deleteWhitelistEntry(
  orgId: string,
  id: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  if ((yield* count('DELETE FROM whitelist WHERE org_id = ? AND id = ?', orgId, id)) === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'whitelist', orgId });
  return true;
}

const ADD_HITS = {
  sqlite:
    'UPDATE whitelist SET hits = hits + ?, last_used_at = max(coalesce(last_used_at, ?), ?) WHERE id = ?',
  postgres:
    'UPDATE whitelist SET hits = hits + $1, last_used_at = greatest(coalesce(last_used_at, $2::timestamptz), $3::timestamptz) WHERE id = $4',
};

/** Adds hit counts (no audit: the requests' own records are the evidence; no change announced). */
export function* recordWhitelistHits(
  hits: ReadonlyArray<{ entryId: string; count: number; lastUsedAt: string }>,
): Op<void> {
  for (const hit of hits) {
    const at = isoTime(hit.lastUsedAt);
    yield* count(ADD_HITS, hit.count, at, at, hit.entryId);
  }
}
