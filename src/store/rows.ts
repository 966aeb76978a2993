/**
 * Record ↔ row mapping shared by both stores. Both schemas use the same table and column names;
 * JSON is stored as text in both (exactly what was submitted, which also keeps the audit log's
 * hashed content byte-for-byte). The few dialect differences are absorbed here on read: booleans
 * (SQLite 0/1, PostgreSQL true/false), times (SQLite ISO text, PostgreSQL timestamptz → Date) and
 * 64-bit integers (PostgreSQL int8 → string).
 */
import { jsonText } from './frozenJson.js';
import type {
  ExecutionRecord,
  Org,
  OrgSettings,
  RequestRecord,
  SessionReadRecord,
  Token,
  User,
  WebSession,
  WhitelistEntry,
} from './records.js';
import { DEFAULT_ORG_SETTINGS } from './records.js';
import type { AppliedPolicy, VoteView } from '../protocol/policy.js';

export * from './columns.js';

export type Row = Record<string, unknown>;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function isoTime(value: string): string {
  if (ISO.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid time: ${JSON.stringify(value)}`);
  return date.toISOString();
}

function isoTimeOrNull(value: string | null | undefined): string | null {
  return value == null ? null : isoTime(value);
}

function json(value: unknown): string | null {
  return value == null ? null : jsonText(value);
}

export const read = {
  str: (value: unknown): string => value as string,
  strOrNull: (value: unknown): string | null => (value == null ? null : (value as string)),
  num: (value: unknown): number => Number(value),
  numOrNull: (value: unknown): number | null => (value == null ? null : Number(value)),
  bool: (value: unknown): boolean => value === true || value === 1 || value === 1n,
  time: (value: unknown): string => (value instanceof Date ? value.toISOString() : (value as string)),
  timeOrNull: (value: unknown): string | null =>
    value == null ? null : value instanceof Date ? value.toISOString() : (value as string),
  json: <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T)),
  jsonOrNull: <T>(value: unknown): T | null =>
    value == null ? null : typeof value === 'string' ? (JSON.parse(value) as T) : (value as T),
};

export function orgValues(org: Org): unknown[] {
  return [org.id, org.name, isoTime(org.createdAt), json(org.settings)];
}

export function orgFromRow(row: Row): Org {
  return {
    id: read.str(row.id),
    name: read.str(row.name),
    createdAt: read.time(row.created_at),
    // Settings added later take their defaults for orgs stored before them.
    settings: { ...DEFAULT_ORG_SETTINGS, ...read.json<Partial<OrgSettings>>(row.settings) },
  };
}

export function userValues(user: User): unknown[] {
  return [
    user.id,
    user.orgId,
    user.username,
    user.role,
    user.passwordHash,
    user.totpSecret,
    isoTime(user.createdAt),
  ];
}

export function userFromRow(row: Row): User {
  return {
    id: read.str(row.id),
    orgId: read.str(row.org_id),
    username: read.str(row.username),
    role: read.str(row.role) as User['role'],
    passwordHash: read.str(row.password_hash),
    totpSecret: read.strOrNull(row.totp_secret),
    createdAt: read.time(row.created_at),
  };
}

export function tokenValues(token: Token): unknown[] {
  return [
    token.id,
    token.orgId,
    token.kind,
    token.name,
    token.userId,
    token.hash,
    isoTime(token.createdAt),
    isoTimeOrNull(token.revokedAt),
    isoTimeOrNull(token.lastUsedAt),
  ];
}

export function tokenFromRow(row: Row): Token {
  return {
    id: read.str(row.id),
    orgId: read.str(row.org_id),
    kind: read.str(row.kind) as Token['kind'],
    name: read.str(row.name),
    userId: read.strOrNull(row.user_id),
    hash: read.str(row.hash),
    createdAt: read.time(row.created_at),
    revokedAt: read.timeOrNull(row.revoked_at),
    lastUsedAt: read.timeOrNull(row.last_used_at),
  };
}

export function sessionValues(session: WebSession): unknown[] {
  return [
    session.idHash,
    session.userId,
    session.orgId,
    session.csrfToken,
    isoTime(session.createdAt),
    isoTime(session.expiresAt),
    session.verified,
  ];
}

export function sessionFromRow(row: Row): WebSession {
  return {
    idHash: read.str(row.id_hash),
    userId: read.str(row.user_id),
    orgId: read.str(row.org_id),
    csrfToken: read.str(row.csrf_token),
    createdAt: read.time(row.created_at),
    expiresAt: read.time(row.expires_at),
    verified: read.bool(row.verified),
  };
}

export function requestValues(r: RequestRecord): unknown[] {
  const e = r.execution;
  return [
    r.id,
    r.orgId,
    r.agentTokenId,
    r.agentName,
    json(r.command),
    r.commandText,
    r.cwd,
    r.host,
    r.osUser,
    r.session,
    r.gitBranch,
    r.reason,
    json(r.analysis),
    json(r.context),
    r.status,
    isoTime(r.createdAt),
    isoTime(r.expiresAt),
    json(r.decision),
    isoTimeOrNull(e?.startedAt),
    isoTimeOrNull(e?.finishedAt),
    e?.exitCode ?? null,
    e?.signal ?? null,
    e?.durationMs ?? null,
    e != null && (e.finishedAt != null || e.exitCode != null || e.signal != null),
    isoTimeOrNull(r.claimBy),
    e ? json(executionOutcome(e)) : null,
    isoTimeOrNull(r.ticket?.until),
    isoTimeOrNull(r.ticket?.usedAt),
    json(r.policy),
    r.votes?.length ? json(r.votes) : null,
    isoTimeOrNull(r.escalateAt),
    r.escalations ?? 0,
  ];
}

export function requestFromRow(row: Row): RequestRecord {
  const startedAt = read.timeOrNull(row.exec_started_at);
  const ticketUntil = read.timeOrNull(row.ticket_until);
  const record: RequestRecord = {
    id: read.str(row.id),
    orgId: read.str(row.org_id),
    agentTokenId: read.str(row.agent_token_id),
    agentName: read.str(row.agent_name),
    command: read.json(row.command),
    commandText: read.str(row.command_text),
    cwd: read.str(row.cwd),
    host: read.strOrNull(row.host),
    osUser: read.strOrNull(row.os_user),
    session: read.strOrNull(row.session),
    gitBranch: read.strOrNull(row.git_branch),
    reason: read.strOrNull(row.reason),
    analysis: read.json(row.analysis),
    context: read.jsonOrNull(row.context),
    status: read.str(row.status) as RequestRecord['status'],
    createdAt: read.time(row.created_at),
    expiresAt: read.time(row.expires_at),
    decision: read.jsonOrNull(row.decision),
    claimBy: read.timeOrNull(row.claim_by),
    execution:
      startedAt === null
        ? null
        : {
            startedAt,
            finishedAt: read.timeOrNull(row.exec_finished_at),
            exitCode: read.numOrNull(row.exec_exit_code),
            signal: read.strOrNull(row.exec_signal),
            durationMs: read.numOrNull(row.exec_duration_ms),
            ...read.jsonOrNull<Pick<ExecutionRecord, 'confinement' | 'notRun' | 'effects' | 'read'>>(
              row.exec_outcome,
            ),
          },
  };
  if (ticketUntil !== null)
    record.ticket = { until: ticketUntil, usedAt: read.timeOrNull(row.ticket_used_at) };
  // Team policies (issue 11): absent on requests decided by the default policy alone.
  const policy = read.jsonOrNull<AppliedPolicy>(row.policy);
  if (policy !== null) {
    record.policy = policy;
    record.escalateAt = read.timeOrNull(row.escalate_at);
    record.escalations = read.num(row.escalations ?? 0);
  }
  const votes = read.jsonOrNull<VoteView[]>(row.votes);
  if (votes !== null) record.votes = votes;
  return record;
}

/** The parts of an execution kept as one JSON column (exec_outcome); null when none is set. */
export function executionOutcome(
  e: Pick<ExecutionRecord, 'confinement' | 'notRun' | 'effects' | 'read'>,
): Pick<ExecutionRecord, 'confinement' | 'notRun' | 'effects' | 'read'> | null {
  const out: Pick<ExecutionRecord, 'confinement' | 'notRun' | 'effects' | 'read'> = {};
  if (e.confinement !== undefined) out.confinement = e.confinement;
  if (e.notRun !== undefined) out.notRun = e.notRun;
  if (e.effects !== undefined) out.effects = e.effects;
  if (e.read !== undefined) out.read = e.read;
  return Object.keys(out).length ? out : null;
}

export function whitelistValues(w: WhitelistEntry): unknown[] {
  return [
    w.id,
    w.orgId,
    w.effect,
    w.pattern,
    w.exact,
    w.agent,
    w.createdBy,
    w.createdFromRequest,
    isoTime(w.createdAt),
    isoTimeOrNull(w.expiresAt),
    w.hits,
    isoTimeOrNull(w.lastUsedAt),
    w.disabled,
    w.note,
    json(w.context),
    json(w.scope ?? null),
    w.session ?? null,
    w.maxTier ?? null,
  ];
}

export function whitelistFromRow(row: Row): WhitelistEntry {
  return {
    id: read.str(row.id),
    orgId: read.str(row.org_id),
    effect: read.str(row.effect) as WhitelistEntry['effect'],
    pattern: read.str(row.pattern),
    exact: read.bool(row.exact),
    agent: read.strOrNull(row.agent),
    createdBy: read.str(row.created_by),
    createdFromRequest: read.strOrNull(row.created_from_request),
    createdAt: read.time(row.created_at),
    expiresAt: read.timeOrNull(row.expires_at),
    hits: read.num(row.hits),
    lastUsedAt: read.timeOrNull(row.last_used_at),
    disabled: read.bool(row.disabled),
    note: read.strOrNull(row.note),
    context: read.jsonOrNull(row.context),
    ...scopeOf(row),
    ...sessionOf(row),
  };
}

function sessionOf(row: Row): Pick<WhitelistEntry, 'session' | 'maxTier'> {
  const session = read.strOrNull(row.session ?? null);
  const maxTier = read.strOrNull(row.max_tier ?? null) as WhitelistEntry['maxTier'];
  return { ...(session !== null ? { session } : {}), ...(maxTier ? { maxTier } : {}) };
}

function scopeOf(row: Row): Pick<WhitelistEntry, 'scope'> {
  const scope = read.jsonOrNull<WhitelistEntry['scope']>(row.scope);
  return scope ? { scope } : {};
}

export function sessionReadValues(r: SessionReadRecord): unknown[] {
  return [
    r.id,
    r.orgId,
    r.session,
    isoTime(r.at),
    r.agentName,
    r.host,
    r.tool,
    r.kind,
    r.source,
    r.cwd,
    r.size,
    r.sha256,
    r.trust,
    r.trustWhy,
    JSON.stringify(r.findings),
    r.error,
  ];
}

export function sessionReadFromRow(row: Row): SessionReadRecord {
  return {
    id: read.str(row.id),
    orgId: read.str(row.org_id),
    session: read.str(row.session),
    at: read.time(row.at),
    agentName: read.str(row.agent_name),
    host: read.str(row.host),
    tool: read.str(row.tool),
    kind: read.str(row.kind) as SessionReadRecord['kind'],
    source: read.str(row.source),
    cwd: read.strOrNull(row.cwd),
    size: read.num(row.size),
    sha256: read.strOrNull(row.sha256),
    trust: read.str(row.trust) as SessionReadRecord['trust'],
    trustWhy: read.str(row.trust_why),
    findings: read.json(row.findings),
    error: read.strOrNull(row.error),
  };
}
