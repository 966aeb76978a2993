/** Rows as the server sees them; both stores map their tables to exactly these shapes. */
import type {
  AnalysisView,
  CommandInput,
  Decision,
  RequestStatus,
  Role,
  RuntimeContext,
  Tier,
  Confinement,
  EffectsRecord,
  ExecScope,
} from '../protocol/index.js';
import type { OutputScan, ReadFinding, ReadKind, ReadTrust } from '../protocol/reads.js';
import type { AppliedPolicy, VoteView } from '../protocol/policy.js';

export interface OrgSettings {
  /** Seconds a request waits for a reviewer before it is denied as expired. */
  approvalTimeoutSeconds: number;
  /** Reviewers must enrol TOTP before they can decide from the dashboard. */
  requireTotp: boolean;
  /** Branch patterns treated as protected (main, master, release/*). */
  protectedBranches: string[];
  /**
   * From this tier up a command that cannot be confined (no Landlock, no helper) is refused; below
   * it, it runs marked "unconfined". null: never refused for that (docs/confinement.md).
   */
  confineRequiredFrom: Tier | null;
  /** Record what confined commands do (writes, deletes, executions, connections). */
  recordEffects: boolean;
  /** A scope violation disables the whitelist entry that allowed the command. */
  revokeOnViolation: boolean;
  /** Read-only commands run without asking, confined read-only (docs/policies.md). */
  autoAllowReadOnly: boolean;
  /** Low-tier commands that stay in the project run without asking, confined, after a checkpoint. */
  projectMode: boolean;
  /** Auto-allow also where the agent's machine cannot confine (else those commands are asked). */
  autoAllowUnconfined: boolean;
  /** An untrusted or instruction-bearing read taints the session for this many later commands (0: not by count). */
  taintCommands: number;
  /** … and for this many minutes (0: not by time); it taints while either holds (docs/runtime-context.md). */
  taintMinutes: number;
  /** Keep short snippets of what a read's findings matched (else only codes and counts are kept). */
  readExcerpts: boolean;
  /** How many requests one agent may have waiting for a reviewer at once (429 beyond). */
  maxPendingPerAgent: number;
  /** Submissions one agent token may make per minute, across replicas (429 beyond). */
  submitsPerMinutePerToken: number;
  /** Submissions all of the org's agents together may make per minute, across replicas (429 beyond). */
  submitsPerMinutePerOrg: number;
  /**
   * How long a request stays open as an approval ticket after a hook had to answer its host before
   * a reviewer decided (issue 20): the same command from the same session picks up the decision
   * within it. 0: no tickets (the request expires at the approval timeout as usual).
   */
  ticketMinutes: number;
  /**
   * Agents whose SSH terminals (a shell with a pty) the SSH gateway passes through raw, unfiltered
   * (still recorded; each start audited). Empty, the default: every shell is line-gated.
   */
  sshRawPtyAgents: string[];
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  approvalTimeoutSeconds: 60,
  requireTotp: false,
  protectedBranches: ['main', 'master', 'release/*'],
  confineRequiredFrom: 'high',
  recordEffects: true,
  revokeOnViolation: false,
  autoAllowReadOnly: true,
  projectMode: false,
  autoAllowUnconfined: false,
  taintCommands: 20,
  taintMinutes: 60,
  readExcerpts: false,
  maxPendingPerAgent: 50,
  submitsPerMinutePerToken: 3000,
  submitsPerMinutePerOrg: 30_000,
  ticketMinutes: 10,
  sshRawPtyAgents: [],
};

export interface Org {
  id: string;
  name: string;
  createdAt: string;
  settings: OrgSettings;
}

export interface User {
  id: string;
  orgId: string;
  /** Unique across the whole server (sign-in needs no org name). */
  username: string;
  role: Role;
  /** argon2id PHC string. */
  passwordHash: string;
  totpSecret: string | null;
  createdAt: string;
}

export interface Token {
  id: string;
  orgId: string;
  kind: 'agent' | 'user';
  /** The agent's name for agent tokens; a label for user tokens. */
  name: string;
  /** For user tokens: whose. */
  userId: string | null;
  /** SHA-256 (hex) of the secret. The secret itself is never stored. */
  hash: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface ExecutionRecord {
  startedAt: string;
  finishedAt: string | null;
  exitCode: number | null;
  signal: string | null;
  durationMs: number | null;
  /** How it ran (absent: unknown — reported by an agent from before confinement). */
  confinement?: Confinement;
  /** Why nothing ran, when it did not. */
  notRun?: string;
  /** What it did, when recorded. */
  effects?: EffectsRecord;
  /** For a command that reads outside text: what the agent saw of its output (never the output). */
  read?: OutputScan;
}

export interface RequestRecord {
  id: string;
  orgId: string;
  agentTokenId: string;
  agentName: string;
  command: CommandInput;
  commandText: string;
  cwd: string;
  host: string | null;
  osUser: string | null;
  session: string | null;
  gitBranch: string | null;
  reason: string | null;
  analysis: AnalysisView;
  context: RuntimeContext | null;
  status: RequestStatus;
  createdAt: string;
  expiresAt: string;
  decision: Decision | null;
  /**
   * For an approved request not yet run: the agent must claim its execution before this time, or
   * the approval expires unused (the claim window). Null otherwise; an approval without it can
   * never be claimed.
   */
  claimBy: string | null;
  execution: ExecutionRecord | null;
  /** An approval ticket (issue 20): open until `until`; `usedAt` once its decision was picked up. */
  ticket?: { until: string; usedAt: string | null };
  /** What the org's team policy required of it (issue 11); absent: the default policy. */
  policy?: AppliedPolicy;
  /** Reviewers' votes so far (a summary of its request_votes rows). */
  votes?: VoteView[];
  /** When the next escalation step is due (null: none left), and how many were taken. */
  escalateAt?: string | null;
  escalations?: number;
}

export interface WhitelistEntry {
  id: string;
  orgId: string;
  effect: 'allow' | 'deny';
  /** Whitelist syntax (core/whitelist); an exact entry is a canonical command. */
  pattern: string;
  exact: boolean;
  /** null: the whole org; otherwise the one agent name it applies to. */
  agent: string | null;
  createdBy: string;
  createdFromRequest: string | null;
  createdAt: string;
  expiresAt: string | null;
  hits: number;
  lastUsedAt: string | null;
  disabled: boolean;
  note: string | null;
  /** Context the entry was approved in (issue 4: context-bound entries); null when none. */
  context: Record<string, unknown> | null;
  /** The scope its commands run in (docs/confinement.md); null: the scope proposed for each command. */
  scope?: ExecScope | null;
  /** A session-scoped approval: only this agent session's commands (docs/whitelist.md). */
  session?: string | null;
  /** Never a command judged above this tier (the tier it was approved at). */
  maxTier?: Tier | null;
}

/** One read an agent host reported (issue 25): where from, how much, a hash, trust, findings. */
export interface SessionReadRecord {
  id: string;
  orgId: string;
  session: string;
  at: string;
  agentName: string;
  host: string;
  tool: string;
  kind: ReadKind;
  source: string;
  cwd: string | null;
  size: number;
  sha256: string | null;
  trust: ReadTrust;
  trustWhy: string;
  /** Snippets (samples) only when the org keeps excerpts. */
  findings: ReadFinding[];
  error: string | null;
}

export interface TaintClear {
  at: string;
  by: string;
}

export interface AuditActor {
  kind: 'user' | 'agent' | 'system' | 'whitelist' | 'policy';
  id: string | null;
  name: string | null;
}

/** What the server asks to append; the store gives it a sequence number and chains its hash. */
export interface AuditDraft {
  ts: string;
  orgId: string | null;
  actor: AuditActor;
  /** e.g. request.created, request.allowed, request.approved, whitelist.added, user.login */
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
}

export interface AuditRecord extends AuditDraft {
  seq: number;
  prevHash: string;
  hash: string;
  /** The audit key it is sealed with (core/audit/keys.ts); null: unkeyed, sealed before keys existed. */
  keyId: string | null;
}

export interface WebSession {
  /** SHA-256 (hex) of the cookie secret. */
  idHash: string;
  userId: string;
  orgId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  /** False until the second factor was given, where one is required. */
  verified: boolean;
}

/** One version of an org's team policy (issue 11), as uploaded. */
export interface PolicyVersion {
  orgId: string;
  version: number;
  source: string;
  sha256: string;
  createdAt: string;
  createdBy: string;
  note: string | null;
}

export interface ReviewerGroup {
  name: string;
  createdAt: string;
  members: Array<{ id: string; username: string }>;
}

/** A message in the notification outbox (issue 11). */
export interface NotificationRecord {
  id: string;
  orgId: string;
  channel: string;
  event: 'pending' | 'escalated' | 'decided';
  requestId: string | null;
  /** What the channel sends, built when it was queued (so a retry sends the same). */
  payload: Record<string, unknown>;
  createdAt: string;
  nextAt: string;
  attempts: number;
  status: 'pending' | 'sent' | 'dead';
  lastError: string | null;
  sentAt: string | null;
}
