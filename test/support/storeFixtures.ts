/** Records for store tests: valid, unique, with times as Date#toISOString text. */
import { randomBytes, randomUUID } from 'node:crypto';
import { chainKeyring } from '../../src/core/audit/index.js';
import { DEFAULT_ORG_SETTINGS } from '../../src/store/records.js';
import type {
  AuditDraft,
  Org,
  RequestRecord,
  Token,
  User,
  WebSession,
  WhitelistEntry,
} from '../../src/store/records.js';
import type { AnalysisView, Decision } from '../../src/protocol/index.js';

/** The audit keys test stores seal with (kept for the process, so reopened stores verify alike). */
export const AUDIT_KEYS = chainKeyring([{ id: 'k-test', secret: randomBytes(32) }]);

const BASE = Date.UTC(2026, 10, 1, 12, 0, 0);
let clock = 0;
/** Increasing times (1 s apart) so that creation order is also time order. */
export function nextTime(): string {
  clock += 1;
  return new Date(BASE + clock * 1000).toISOString();
}
export function at(offsetSeconds: number): string {
  return new Date(BASE + offsetSeconds * 1000).toISOString();
}
/** A claim window that is still open whenever a test claims (years after any nextTime()). */
export const OPEN_WINDOW = { claimBy: at(100_000_000) };

export function org(overrides: Partial<Org> = {}): Org {
  return {
    id: randomUUID(),
    name: 'acme',
    createdAt: nextTime(),
    settings: { ...DEFAULT_ORG_SETTINGS },
    ...overrides,
  };
}

export function user(orgId: string, overrides: Partial<User> = {}): User {
  const id = randomUUID();
  return {
    id,
    orgId,
    username: `user-${id.slice(0, 8)}`,
    role: 'reviewer',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    totpSecret: null,
    createdAt: nextTime(),
    ...overrides,
  };
}

export function token(orgId: string, overrides: Partial<Token> = {}): Token {
  return {
    id: randomUUID(),
    orgId,
    kind: 'agent',
    name: 'claude',
    userId: null,
    hash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
    createdAt: nextTime(),
    revokedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

export function webSession(orgId: string, userId: string, overrides: Partial<WebSession> = {}): WebSession {
  return {
    idHash: randomUUID().replaceAll('-', '').padEnd(64, 'a'),
    userId,
    orgId,
    csrfToken: randomUUID(),
    createdAt: nextTime(),
    expiresAt: at(86_400 * 30),
    verified: false,
    ...overrides,
  };
}

export const ANALYSIS: AnalysisView = {
  tier: 'medium',
  score: 40,
  reasons: [{ code: 'write.file', message: 'writes a file', tier: 'medium' }],
  summary: ['writes out.txt'],
  parts: ['echo hi'],
  canonical: 'echo hi > out.txt',
  parsed: true,
  suggestions: ['echo *'],
};

export function request(
  orgId: string,
  agentToken: Token,
  overrides: Partial<RequestRecord> = {},
): RequestRecord {
  const createdAt = nextTime();
  return {
    id: randomUUID(),
    orgId,
    agentTokenId: agentToken.id,
    agentName: agentToken.name,
    command: { shell: 'echo hi > out.txt' },
    commandText: 'echo hi > out.txt',
    cwd: '/home/agent/project',
    host: 'build-1',
    osUser: 'agent',
    session: 'session-1',
    gitBranch: 'main',
    reason: 'write a greeting',
    analysis: ANALYSIS,
    context: null,
    status: 'pending',
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + 60_000).toISOString(),
    decision: null,
    claimBy: null,
    execution: null,
    ...overrides,
  };
}

export function decision(outcome: Decision['outcome'] = 'approved', name = 'ana'): Decision {
  return {
    outcome,
    by: { kind: 'user', id: 'user-ana', name },
    note: `${outcome} by ${name}`,
    justification: `${outcome} by ${name}`,
    at: nextTime(),
  };
}

export function whitelistEntry(orgId: string, overrides: Partial<WhitelistEntry> = {}): WhitelistEntry {
  return {
    id: randomUUID(),
    orgId,
    effect: 'allow',
    pattern: 'git status',
    exact: true,
    agent: null,
    createdBy: 'ana',
    createdFromRequest: null,
    createdAt: nextTime(),
    expiresAt: null,
    hits: 0,
    lastUsedAt: null,
    disabled: false,
    note: null,
    context: null,
    ...overrides,
  };
}

export function draft(
  action: string,
  orgId: string | null,
  subject: string | null = null,
  data: Record<string, unknown> = {},
): AuditDraft {
  return { ts: nextTime(), orgId, actor: { kind: 'system', id: null, name: null }, action, subject, data };
}
