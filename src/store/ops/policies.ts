/**
 * Team policies (issue 11): the org's policy versions (each upload a new row, never edited) and its
 * reviewer groups with their members. Every change commits with its audit records.
 */
import type { AuditDraft, PolicyVersion, ReviewerGroup } from '../records.js';
import { isoTime, read } from '../rows.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';
import type { StoreChange } from '../store.js';

const VERSION_COLUMNS = 'org_id, version, source, sha256, created_at, created_by, note';

function versionFromRow(row: Record<string, unknown>): PolicyVersion {
  return {
    orgId: read.str(row.org_id),
    version: read.num(row.version),
    source: read.str(row.source),
    sha256: read.str(row.sha256),
    createdAt: read.time(row.created_at),
    createdBy: read.str(row.created_by),
    note: read.strOrNull(row.note),
  };
}

/**
 * Inserts the next version (the latest + 1) and returns it; when `ifLatest` is given and the latest
 * version is not that one, nothing is written and null is returned (two admins uploading at once:
 * one wins, the other is told).
 */
export function* insertPolicyVersion(
  draft: Omit<PolicyVersion, 'version'>,
  ifLatest: number | undefined,
  audit: (version: number) => AuditDraft[],
  changes: StoreChange[],
): Op<PolicyVersion | null> {
  const latest = yield* one('SELECT MAX(version) AS v FROM policy_versions WHERE org_id = ?', draft.orgId);
  const current = latest?.v == null ? 0 : read.num(latest.v);
  if (ifLatest !== undefined && ifLatest !== current) return null;
  const version = current + 1;
  yield* count(
    `INSERT INTO policy_versions (${VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    draft.orgId,
    version,
    draft.source,
    draft.sha256,
    isoTime(draft.createdAt),
    draft.createdBy,
    draft.note,
  );
  yield* appendAudit(audit(version));
  changes.push({ type: 'org', orgId: draft.orgId });
  return { ...draft, version };
}

export function* latestPolicy(orgId: string): Op<PolicyVersion | null> {
  const row = yield* one(
    `SELECT ${VERSION_COLUMNS} FROM policy_versions WHERE org_id = ? ORDER BY version DESC LIMIT 1`,
    orgId,
  );
  return row ? versionFromRow(row) : null;
}

export function* getPolicyVersion(orgId: string, version: number): Op<PolicyVersion | null> {
  const row = yield* one(
    `SELECT ${VERSION_COLUMNS} FROM policy_versions WHERE org_id = ? AND version = ?`,
    orgId,
    version,
  );
  return row ? versionFromRow(row) : null;
}

export function* listPolicyVersions(orgId: string, limit: number): Op<PolicyVersion[]> {
  const rows = yield* all(
    `SELECT ${VERSION_COLUMNS} FROM policy_versions WHERE org_id = ? ORDER BY version DESC LIMIT ?`,
    orgId,
    limit,
  );
  return rows.map(versionFromRow);
}

// Groups

export function* createGroup(
  orgId: string,
  name: string,
  at: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const n = yield* count(
    'INSERT INTO reviewer_groups (org_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    orgId,
    name,
    isoTime(at),
  );
  if (n === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'org', orgId });
  return true;
}

export function* deleteGroup(
  orgId: string,
  name: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  yield* count('DELETE FROM group_members WHERE org_id = ? AND group_name = ?', orgId, name);
  const n = yield* count('DELETE FROM reviewer_groups WHERE org_id = ? AND name = ?', orgId, name);
  if (n === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'org', orgId });
  return true;
}

/** Adds (or removes) a member; false when the group does not exist or nothing changed. */
export function* setGroupMember(
  orgId: string,
  name: string,
  userId: string,
  member: boolean,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const exists = yield* one('SELECT name FROM reviewer_groups WHERE org_id = ? AND name = ?', orgId, name);
  if (!exists) return false;
  const n = member
    ? yield* count(
        'INSERT INTO group_members (org_id, group_name, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        orgId,
        name,
        userId,
      )
    : yield* count(
        'DELETE FROM group_members WHERE org_id = ? AND group_name = ? AND user_id = ?',
        orgId,
        name,
        userId,
      );
  if (n === 0) return false;
  yield* appendAudit(audit);
  changes.push({ type: 'org', orgId });
  return true;
}

/** The org's groups, by name, with their members that are still users. */
export function* listGroups(orgId: string): Op<ReviewerGroup[]> {
  const groups = yield* all(
    'SELECT name, created_at FROM reviewer_groups WHERE org_id = ? ORDER BY name',
    orgId,
  );
  const members = yield* all(
    'SELECT m.group_name, u.id, u.username FROM group_members m JOIN users u ON u.id = m.user_id AND u.org_id = m.org_id ' +
      'WHERE m.org_id = ? ORDER BY u.username',
    orgId,
  );
  return groups.map((g) => ({
    name: read.str(g.name),
    createdAt: read.time(g.created_at),
    members: members
      .filter((m) => m.group_name === g.name)
      .map((m) => ({ id: read.str(m.id), username: read.str(m.username) })),
  }));
}
