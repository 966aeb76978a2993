/** Orgs, users, tokens and web sessions. */
import type { StoreChange } from '../store.js';
import type { AuditDraft, Org, OrgSettings, Token, User, WebSession } from '../records.js';
import {
  ORG_COLUMNS,
  SESSION_COLUMNS,
  TOKEN_COLUMNS,
  USER_COLUMNS,
  isoTime,
  orgFromRow,
  orgValues,
  sessionFromRow,
  sessionValues,
  tokenFromRow,
  tokenValues,
  userFromRow,
  userValues,
} from '../rows.js';
import { userAssignments, type UserPatch } from '../patches.js';
import { insertSql, setSql } from '../sql.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';

const ORG = `SELECT ${ORG_COLUMNS.join(', ')} FROM orgs`;
const USER = `SELECT ${USER_COLUMNS.join(', ')} FROM users`;
const TOKEN = `SELECT ${TOKEN_COLUMNS.join(', ')} FROM tokens`;
const SESSION = `SELECT ${SESSION_COLUMNS.join(', ')} FROM web_sessions`;

/** Runs `change` (an INSERT/UPDATE/DELETE); when it changed a row, appends the audit and announces. */
function* changed(
  count: number,
  audit: readonly AuditDraft[],
  changes: StoreChange[],
  change: StoreChange,
): Op<boolean> {
  if (count === 0) return false;
  yield* appendAudit(audit);
  changes.push(change);
  return true;
}

export function* countOrgs(): Op<number> {
  return Number((yield* one('SELECT count(*) AS n FROM orgs'))?.n ?? 0);
}

export function* createOrg(org: Org, audit: AuditDraft[], changes: StoreChange[]): Op<void> {
  const n = yield* count(insertSql('orgs', ORG_COLUMNS), ...orgValues(org));
  yield* changed(n, audit, changes, { type: 'org', orgId: org.id });
}

export function* getOrg(id: string): Op<Org | null> {
  const row = yield* one(`${ORG} WHERE id = ?`, id);
  return row ? orgFromRow(row) : null;
}

export function* updateOrgSettings(
  id: string,
  settings: OrgSettings,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<void> {
  const n = yield* count('UPDATE orgs SET settings = ? WHERE id = ?', JSON.stringify(settings), id);
  yield* changed(n, audit, changes, { type: 'org', orgId: id });
}

export function* createUser(user: User, audit: AuditDraft[], changes: StoreChange[]): Op<void> {
  const n = yield* count(insertSql('users', USER_COLUMNS), ...userValues(user));
  yield* changed(n, audit, changes, { type: 'org', orgId: user.orgId });
}

export function* getUser(orgId: string, id: string): Op<User | null> {
  const row = yield* one(`${USER} WHERE org_id = ? AND id = ?`, orgId, id);
  return row ? userFromRow(row) : null;
}

export function* findUserByName(username: string): Op<User | null> {
  const row = yield* one(`${USER} WHERE username = ?`, username);
  return row ? userFromRow(row) : null;
}

export function* listUsers(orgId: string): Op<User[]> {
  return (yield* all(`${USER} WHERE org_id = ? ORDER BY created_at, id`, orgId)).map(userFromRow);
}

export function* removeUser(
  orgId: string,
  id: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const now = isoTime(audit[0]?.ts ?? new Date().toISOString());
  yield* count(
    'UPDATE tokens SET revoked_at = ? WHERE org_id = ? AND user_id = ? AND revoked_at IS NULL',
    now,
    orgId,
    id,
  );
  yield* count('DELETE FROM web_sessions WHERE org_id = ? AND user_id = ?', orgId, id);
  const n = yield* count('DELETE FROM users WHERE org_id = ? AND id = ?', orgId, id);
  return yield* changed(n, audit, changes, { type: 'revoked', orgId, users: [id] });
}

export function* updateUser(
  orgId: string,
  id: string,
  patch: UserPatch,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<void> {
  const assignments = userAssignments(patch);
  if (assignments.length === 0) return;
  const sql = `UPDATE users SET ${setSql(assignments)} WHERE org_id = ? AND id = ?`;
  const n = yield* count(sql, ...assignments.map(([, v]) => v), orgId, id);
  yield* changed(n, audit, changes, { type: 'org', orgId });
}

export function* createToken(token: Token, audit: AuditDraft[], changes: StoreChange[]): Op<void> {
  const n = yield* count(insertSql('tokens', TOKEN_COLUMNS), ...tokenValues(token));
  yield* changed(n, audit, changes, { type: 'org', orgId: token.orgId });
}

export function* findTokenByHash(hash: string): Op<Token | null> {
  const row = yield* one(`${TOKEN} WHERE hash = ?`, hash);
  return row ? tokenFromRow(row) : null;
}

export function* listTokens(orgId: string): Op<Token[]> {
  return (yield* all(`${TOKEN} WHERE org_id = ? ORDER BY created_at, id`, orgId)).map(tokenFromRow);
}

export function* revokeToken(
  orgId: string,
  id: string,
  at: string,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<boolean> {
  const sql = 'UPDATE tokens SET revoked_at = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL';
  const n = yield* count(sql, isoTime(at), orgId, id);
  return yield* changed(n, audit, changes, { type: 'revoked', orgId, tokens: [id] });
}

export function* touchToken(id: string, at: string): Op<void> {
  yield* count('UPDATE tokens SET last_used_at = ? WHERE id = ?', isoTime(at), id);
}

export function* createWebSession(
  session: WebSession,
  audit: AuditDraft[],
  changes: StoreChange[],
): Op<void> {
  const n = yield* count(insertSql('web_sessions', SESSION_COLUMNS), ...sessionValues(session));
  yield* changed(n, audit, changes, { type: 'org', orgId: session.orgId });
}

export function* getWebSession(idHash: string): Op<WebSession | null> {
  const row = yield* one(`${SESSION} WHERE id_hash = ?`, idHash);
  return row ? sessionFromRow(row) : null;
}

export function* verifyWebSession(idHash: string, changes: StoreChange[]): Op<void> {
  const row = yield* one(
    'UPDATE web_sessions SET verified = TRUE WHERE id_hash = ? RETURNING org_id',
    idHash,
  );
  if (row) changes.push({ type: 'org', orgId: row.org_id as string });
}

export function* deleteWebSession(idHash: string, audit: AuditDraft[], changes: StoreChange[]): Op<void> {
  const row = yield* one('DELETE FROM web_sessions WHERE id_hash = ? RETURNING org_id', idHash);
  if (row)
    yield* changed(1, audit, changes, { type: 'revoked', orgId: row.org_id as string, sessions: [idHash] });
}
