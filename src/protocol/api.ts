/**
 * The HTTP API's bodies (all under /v1). Pure types: the server validates incoming bodies with the
 * zod schemas in ./schemas.ts; clients read responses with the light guards in client/.
 */
import type { Tier } from './tiers.js';
import type { ProbeRequest, RuntimeContext } from './context.js';
import type { Confinement, EffectsRecord, ExecScope, ExecutePlan } from './scope.js';
import type { ObservePlan, OutputScan, ReadTrail } from './reads.js';
import type { AppliedPolicy, ApprovalProgress, VoteView } from './policy.js';

/** What the agent wants to run: an argv vector (`expacti run -- cmd args`) or a shell string. */
export type CommandInput = { argv: string[] } | { shell: string };

export const LIMITS = {
  /** Bytes of the command (argv joined or the shell string). Over it: 413. */
  commandBytes: 64 * 1024,
  /** Bytes of a whole JSON body. Over it: 413. */
  bodyBytes: 512 * 1024,
  noteChars: 4000,
  reasonChars: 2000,
} as const;

export interface SubmitRequestBody {
  command: CommandInput;
  cwd: string;
  host?: string;
  osUser?: string;
  /** Groups the commands of one agent run (EXPACTI_SESSION, Claude's session_id, or per parent process). */
  session?: string;
  gitBranch?: string;
  /** Why the agent wants to run it, in its words. */
  reason?: string;
  /** Probe results the agent side already collected (issue 4); only `probes` is read. */
  context?: Pick<RuntimeContext, 'probes'>;
  /**
   * Sent again after an approved run was refused because paths of its scope now resolve
   * elsewhere than reviewed (`$TMP` → `/mnt/prod`): what they resolve to now. Such a submission
   * always goes to a reviewer, who sees the new resolution; approving grants it.
   */
  scopeResolved?: Record<string, string>;
  /**
   * Sent again after an auto-allowed run could not happen as auto-allowed (this machine cannot
   * confine it, or its project could not be checkpointed): ask a reviewer instead.
   */
  askReviewer?: boolean;
  /**
   * Sent by a client that cannot confine, checkpoint or scan output (the native fast path,
   * native/fast): answer only when a whitelist entry allows the command at once and running it
   * needs none of those (the plan does not require confinement, no output scan). Otherwise nothing
   * is created — no request, no audit record, no rate-limit count — and the answer is 200
   * `{created: false, why}`; the client then asks again without this flag (the Node path), which
   * decides exactly as always. It never changes what is allowed: only whether this client hears it.
   */
  onlyIfAllowedAtOnce?: boolean;
}

export interface Reason {
  /** Stable, e.g. "delete.home" or "whitelist.exact". */
  code: string;
  message: string;
  tier?: Tier;
}

/** What the analyzer says of a command, as shown to reviewers and agents. */
export interface AnalysisView {
  tier: Tier;
  /** 0–100 inside the scale of all tiers. */
  score: number;
  reasons: Reason[];
  /** Reviewer-facing lines, e.g. "UPDATE on users with no WHERE clause". */
  summary: string[];
  /** Every simple command that can run, as display text, in source order. */
  parts: string[];
  /** The tier of each entry of `parts` (marks the dangerous parts); absent in views stored before it existed. */
  partTiers?: Tier[];
  /** The canonical form used for exact whitelist entries; null when the input could not be parsed. */
  canonical: string | null;
  /** False when the command could not be fully understood (parse error, over a limit): never auto-allowed. */
  parsed: boolean;
  /** Whitelist patterns a reviewer could approve instead of the exact command, narrowest first. */
  suggestions: string[];
  /** The scope proposed for running it (docs/confinement.md); absent in views stored before it existed. */
  scope?: ExecScope;
  /**
   * What the agent read before this request (issue 25), for requests a reviewer sees: recent reads
   * with their findings, and whether the session was tainted (which raised high-impact commands).
   */
  reads?: ReadTrail;
}

export type RequestStatus = 'pending' | 'approved' | 'denied' | 'expired';

export type DecisionActor =
  | { kind: 'user'; id: string; name: string }
  | { kind: 'whitelist'; entryId: string; approvedBy: string; approvedAt: string; hits: number }
  | { kind: 'policy'; rule: string }
  | { kind: 'system' };

export interface Decision {
  outcome: 'approved' | 'denied' | 'expired';
  by: DecisionActor;
  note?: string;
  /** Why, in words: "approved by ana", "whitelisted: approved by ana on 2026-11-02, run 12 times before". */
  justification: string;
  at: string;
  /**
   * On an expired request that had been approved: the approval that expired unused because the
   * agent did not claim it within the claim window.
   */
  expiredApproval?: { by: DecisionActor; at: string; claimBy: string };
  /** An approval's scope: what the command may do when it runs (as proposed, or as the reviewer changed it). */
  scope?: ExecScope;
}

export interface ExecutionView {
  startedAt: string;
  finishedAt?: string;
  exitCode?: number | null;
  signal?: string | null;
  durationMs?: number;
  /** How it ran: confined to its scope, unconfined (marked), or not at all (see notRun). */
  confinement?: Confinement;
  /** Why nothing ran, when it did not (it could not be confined as required, its scope changed). */
  notRun?: string;
  /** What the command did (writes, deletes, executions, connections), when recorded. */
  effects?: EffectsRecord;
  /** For a command that reads outside text: what the agent saw of its output (findings, size, hash). */
  read?: OutputScan;
}

export interface RequestView {
  id: string;
  agent: { id: string; name: string };
  command: CommandInput;
  /** The command as one line of shell text, for display. */
  commandText: string;
  cwd: string;
  host: string | null;
  osUser: string | null;
  session: string | null;
  gitBranch: string | null;
  reason: string | null;
  status: RequestStatus;
  createdAt: string;
  expiresAt: string;
  analysis: AnalysisView;
  decision?: Decision;
  /** Approved and not run yet: the agent must claim it (POST …/execute) before this time, or it expires. */
  claimBy?: string;
  execution?: ExecutionView;
  context?: RuntimeContext;
  /**
   * What it may do when it runs (docs/confinement.md): the approved scope once decided, else the
   * proposed one (with the runtime context's facts when they arrived).
   */
  scope?: ExecScope;
  /**
   * Pending requests only: a digest of what a reviewer sees (command, cwd, risk, context). Send it
   * back as `seen` with a decision to have it refused if the request changed since it was shown.
   */
  fingerprint?: string;
  /**
   * An approval ticket (issue 20): a hook answered its host before a reviewer decided, and the
   * request stays open until `until`; the same command from the same agent session and directory
   * picks up the decision then, once (`usedAt`).
   */
  ticket?: { until: string; usedAt?: string };
  /** What the org's team policy required of it (issue 11); absent under the default policy. */
  policy?: AppliedPolicy;
  /** With a policy: approvals so far against those needed ("1 of 2 approvals"). */
  approvals?: ApprovalProgress;
  /** Reviewers' votes so far. */
  votes?: VoteView[];
}

/** POST /v1/requests/:id/ticket (agent): the pending request becomes an approval ticket. */
export interface TicketResponse {
  request: RequestView;
  /** Absent when the request was no longer pending (its decision is in `request`). */
  ticket?: { until: string };
}

export interface SubmitResponse {
  request: RequestView;
  /**
   * Present when the command may run now (whitelisted): the server has already claimed the
   * single execution for this agent, and this is exactly what may run.
   */
  exec?: { command: CommandInput; confine?: ExecutePlan; observe?: ObservePlan };
  /** Where a reviewer sees this request. */
  dashboardUrl: string;
  /**
   * Facts to collect (read-only, within `probeBudgetMs`) and POST to /v1/requests/:id/context.
   * Present only for a pending request: one a reviewer will see, or one that matched a
   * context-bound whitelist entry (then `contextCheck` is true and the entry may still allow it).
   */
  probes?: ProbeRequest[];
  probeBudgetMs?: number;
  contextCheck?: boolean;
}

/**
 * The 200 answer to a submission with `onlyIfAllowedAtOnce` that would not run at once as asked:
 * nothing was created; submit again without the flag.
 */
export interface SubmitNotCreatedResponse {
  created: false;
  /** In words, e.g. "not allowed at once by a whitelist entry". */
  why: string;
}

/**
 * POST /v1/hooks/claude — the native Claude Code hook's one question (native/fast, issue 26): the
 * host's PreToolUse input exactly as the hook read it, and the facts the hook sends with every
 * command. The server reads the input as `expacti hook claude` does and submits it with
 * `onlyIfAllowedAtOnce` semantics: only a command a whitelist entry allows at once creates
 * anything, and then the answer is the hook's whole output, the same bytes as the Node hook's
 * (src/core/hooks). Anything else — another tool, an input the hook would refuse, a session-less
 * call, a command that would wait or be denied — creates nothing and answers 200
 * `SubmitNotCreatedResponse`; the native hook then hands the call to the Node hook unchanged.
 */
export interface ClaudeHookAtOnceBody {
  /** Claude Code's PreToolUse JSON, as read on stdin. */
  input: unknown;
  /** The input's `cwd` as the hook read it (it must match): the facts below were read there. */
  cwd: string;
  host?: string;
  osUser?: string;
  gitBranch?: string;
  /** This installation as argv (its Node, its bin/expacti.js): what the rewritten command runs. */
  self: string[];
}

/** 201: the allowed request, and what the hook prints (exit 0). */
export interface ClaudeHookAtOnceResponse {
  requestId: string;
  stdout: string;
}

/** POST /v1/requests/:id/context answers with the request as it stands after the check. */
export interface AttachContextResponse {
  request: RequestView;
}

/** details of the 409 answered to a claim after the claim window (error code `conflict`). */
export interface ApprovalExpiredDetails {
  status: 'expired';
  reason: 'approval_expired';
  approvedAt: string;
  claimBy: string;
}

export interface ExecuteResponse {
  /** Exactly what was approved; the agent runs this and nothing else. */
  command: CommandInput;
  cwd: string;
  /** How to run it: the scope to hold it to, whether confinement is required, whether to record. */
  confine?: ExecutePlan;
  /** It reads outside text to stdout: scan what it prints (bounded) and report it with the result. */
  observe?: ObservePlan;
}

export interface ResultBody {
  exitCode: number | null;
  signal?: string | null;
  durationMs: number;
  /** How it ran (absent from older agents: unconfined). */
  confinement?: Confinement;
  /** Set when nothing ran (it could not be confined as required, or its scope changed): why. */
  notRun?: string;
  effects?: EffectsRecord;
  /** What the agent saw of the output of a command it was asked to observe (never the output). */
  read?: OutputScan;
}

export interface WhitelistOnApprove {
  /** A pattern in whitelist syntax; omitted: the exact command. */
  pattern?: string;
  /** Omitted: the whole org. */
  agent?: string;
  ttlSeconds?: number;
  /**
   * The pattern would have allowed commands a reviewer denied before (see the preview): refused
   * (409) unless this confirms that the reviewer saw them.
   */
  acceptDenied?: boolean;
  /**
   * Approve for this agent session only: the entry covers the same command (or the pattern) in the
   * request's session, never a command judged above the request's tier; it expires with ttlSeconds
   * (default 12 hours).
   */
  session?: boolean;
}

export interface ApproveBody {
  note?: string;
  /** The scope it may run in, when the reviewer changes the proposed one (widen or narrow). */
  scope?: ExecScope;
  whitelist?: WhitelistOnApprove | boolean;
  /** The request's `fingerprint` as the reviewer saw it: refused (409) when it changed since. */
  seen?: string;
}

export interface DenyBody {
  note: string;
  /** As for ApproveBody. */
  seen?: string;
}

export interface WhitelistEntryView {
  id: string;
  effect: 'allow' | 'deny';
  /** The pattern in whitelist syntax (an exact entry is the command's canonical form). */
  pattern: string;
  exact: boolean;
  scope: { kind: 'org' } | { kind: 'agent'; agent: string };
  createdBy: string;
  createdFromRequest: string | null;
  createdAt: string;
  expiresAt: string | null;
  hits: number;
  lastUsedAt: string | null;
  disabled: boolean;
  note: string | null;
  /** A context-bound entry allows only in this context (issue 4); otherwise it goes to a reviewer. */
  boundTo?: Array<{ label: string; value: string }>;
  /** Where its commands may act when they run (docs/confinement.md); absent: each command's proposed scope. */
  execScope?: ExecScope;
  /** A session-scoped approval: only this agent session's commands. */
  session?: string;
  /** Never a command judged above this tier. */
  maxTier?: Tier;
}

export interface CreateWhitelistBody {
  pattern: string;
  effect?: 'allow' | 'deny';
  agent?: string;
  ttlSeconds?: number;
  note?: string;
  /** As for WhitelistOnApprove: an allow entry that covers past denials needs this. */
  acceptDenied?: boolean;
}

export interface TokenView {
  id: string;
  kind: 'agent' | 'user';
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedTokenResponse {
  token: TokenView;
  /** Shown once; only its hash is stored. */
  secret: string;
}

export type Role = 'admin' | 'reviewer';

export interface UserView {
  id: string;
  username: string;
  role: Role;
  totp: boolean;
  createdAt: string;
}

export interface CreateUserBody {
  username: string;
  role: Role;
  /** Omitted: the server generates one and returns it once. */
  password?: string;
}

export interface CreatedUserResponse {
  user: UserView;
  password?: string;
}

export interface MeResponse {
  /**
   * approvalTimeoutSeconds: how long a request waits for a reviewer in this org — what an agent's
   * hook needs to set its own time limit above (readable by agent tokens too).
   */
  org: { id: string; name: string; approvalTimeoutSeconds: number };
  principal:
    { kind: 'user'; id: string; name: string; role: Role } | { kind: 'agent'; id: string; name: string };
}

export interface AuditRecordView {
  seq: number;
  /** The audit key the record is sealed with; null: unkeyed (sealed before audit keys existed). */
  keyId: string | null;
  ts: string;
  orgId: string | null;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditVerifyResponse {
  ok: boolean;
  records: number;
  head: { seq: number; hash: string } | null;
  /** Records sealed before audit keys existed (they come first; the first keyed record covers them). */
  unkeyed: number;
  /** Checkpoints the log was checked against (and still contains). */
  checkpoints: number;
  /** The first problem found, with the record where the chain breaks. */
  problem?: {
    seq: number;
    kind: 'edited' | 'removed' | 'reordered' | 'inserted' | 'unverifiable';
    message: string;
  };
}

/**
 * A signed checkpoint of the audit chain's head (docs/deployment.md, "Audit checkpoints"). Written
 * by the server to its checkpoint sinks and by `expacti audit checkpoint`; `expacti audit verify
 * --against FILE` proves the log still extends it.
 */
export interface AuditCheckpoint {
  format: 'expacti-audit-checkpoint/1';
  /** The head: the log's last record (0 and 64 zeros for an empty log). */
  seq: number;
  hash: string;
  at: string;
  /** The id of the Ed25519 key that signed it, and that key's public half (SPKI DER, base64). */
  signer: string;
  publicKey: string;
  /** Ed25519 over canonical JSON of the other fields, base64. */
  signature: string;
}

/** POST /v1/audit/verify */
export interface AuditVerifyBody {
  checkpoints: AuditCheckpoint[];
}

/** POST /v1/check: what would happen to a command, without creating a request (agent tokens). */
export interface CheckBody {
  command: CommandInput;
}

export interface CheckResponse {
  analysis: AnalysisView;
  /** allow: the whitelist lets it run at once; deny: a deny entry forbids it; review: a reviewer must decide. */
  decision: 'allow' | 'deny' | 'review';
  /** Why, in words (the whitelist entry, the deny entry, or what a reviewer will see). */
  justification: string;
}

/** What happened to one past command a candidate whitelist pattern would have allowed. */
export interface PreviewMatch {
  /** The most recent request with this command. */
  id: string;
  commandText: string;
  agent: string;
  createdAt: string;
  tier: Tier;
  times: number;
  /** How often each outcome happened to it ("whitelisted": allowed by an entry, no reviewer). */
  outcomes: { approved: number; denied: number; expired: number; pending: number; whitelisted: number };
  /** Its denials, newest first (at most 3): who denied it, and the note. */
  denials: Array<{ by: string; note: string | null; at: string }>;
  /** Its most recent outcome; `by` is the reviewer (or "the whitelist", "expiry"). */
  last: { status: RequestStatus; by: string | null; note: string | null; at: string | null };
}

/** POST /v1/whitelist/preview: what a candidate entry would have allowed in the org's recent history. */
export interface WhitelistPreview {
  pattern: string;
  /** Requests looked at (the most recent first). */
  scanned: number;
  /** How many of them the entry would have allowed. */
  matched: number;
  /** How many distinct matched commands a reviewer denied at least once. */
  deniedCommands: number;
  /** Distinct matched commands: those ever denied first, then newest first (at most 50). */
  examples: PreviewMatch[];
}
