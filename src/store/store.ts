/**
 * The one store interface. Two implementations (sqlite/, postgres/) pass one contract suite
 * (test/store.contract.ts). Every state change commits atomically together with its audit records;
 * every committed change is announced on the change feed, which for PostgreSQL travels through the
 * database (LISTEN/NOTIFY) so that all replicas hear it.
 */
import type {
  AuditDraft,
  AuditRecord,
  Org,
  OrgSettings,
  RequestRecord,
  SessionReadRecord,
  TaintClear,
  Token,
  User,
  WebSession,
  WhitelistEntry,
  ExecutionRecord,
  NotificationRecord,
  PolicyVersion,
  ReviewerGroup,
} from './records.js';
import type { AppliedPolicy, VoteView } from '../protocol/policy.js';
import type { Settlement, VoteResult } from './ops/votes.js';
import type { DecideLinkRow, DeliveryOutcome } from './ops/notifications.js';

export type { Settlement, VoteResult, DecideLinkRow, DeliveryOutcome };

/** Messages (and their decide links) queued with the write that makes them due. */
export interface Outbox {
  messages: readonly NotificationRecord[];
  links: readonly DecideLinkRow[];
}
import type { Decision, RequestStatus, RuntimeContext } from '../protocol/index.js';
import type { RecordingMeta, RecordingRecord } from './recordingRows.js';
import type { RecordingQuery } from './ops/recordings.js';

export type StoreChange =
  | { type: 'request'; orgId: string; id: string }
  | { type: 'whitelist'; orgId: string }
  | { type: 'org'; orgId: string }
  /**
   * Credentials that stopped being valid: revoked tokens, removed users (with their tokens and
   * sessions), ended dashboard sessions (by the SHA-256 of the cookie). Every replica ends the event
   * streams opened with them at once and forgets them from its caches.
   */
  | { type: 'revoked'; orgId: string; tokens?: string[]; users?: string[]; sessions?: string[] }
  /**
   * The feed may have missed changes: reload whatever is cached (whitelist index, pending requests)
   * instead of relying on deltas. PostgreSQL sends it each time its LISTEN connection starts
   * listening — after a reconnect, and once at start, when the feed goes live. SQLite never does.
   */
  | { type: 'resync' };

export interface RequestQuery {
  status?: RequestStatus;
  agent?: string;
  session?: string;
  /** Only requests created before this ISO time (paging, newest first). */
  before?: string;
  /** Only requests created at or after this ISO time. */
  since?: string;
  limit: number;
}

export type DecideResult =
  { ok: true; request: RequestRecord } | { ok: false; request: RequestRecord | null };

export type ClaimResult =
  | { ok: true; request: RequestRecord }
  | {
      ok: false;
      why: 'not_found' | 'not_approved' | 'already_executed' | 'approval_expired';
      request: RequestRecord | null;
    };

export interface DecideOptions {
  /** Inserted with an approval ("approve & whitelist"). */
  whitelistEntry?: WhitelistEntry;
  /** For an approval (required): when its claim window ends. */
  claimBy?: string;
  /** The decision's notifications (issue 11): committed with it, so a crash cannot lose them. */
  outbox?: Outbox;
}

export type { RateCount } from './ops/rateCounts.js';
import type { RateCount } from './ops/rateCounts.js';

/** The failure count of one sign-in throttle key (an address, an address and username, a username). */
export interface SignInFailure {
  key: string;
  failures: number;
  lastAt: string;
  /** Attempts under this key are refused until then; null: not blocked. */
  blockedUntil: string | null;
}

/** A request due for expiry: pending past its expiry, or approved and unclaimed past its window. */
export interface ExpiredRequest {
  orgId: string;
  id: string;
  status: 'pending' | 'approved';
}

/** A check that passed, with how long it took; or why it failed. */
export type HealthCheck = { ok: true; ms: number } | { ok: false; error: string };

/** What readiness checks, `expacti doctor` and the metrics ask of a store. */
export interface StoreHealth {
  /** A trivial query answered. */
  database: HealthCheck;
  /**
   * Changes committed anywhere reach this process. PostgreSQL: the LISTEN connection is up and a
   * probe notification sent through the pool came back on it in time (ms: the feed's lag).
   * SQLite: the feed is in-process, live while the store is open.
   */
  changeFeed: HealthCheck;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending versioned migrations. */
  migrate(): Promise<void>;
  /** Finishes in-flight writes, then closes. */
  close(): Promise<void>;
  /** Change feed; returns an unsubscribe function. Listeners run after the change committed. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /** Checks the database and the change feed, each within `timeoutMs`; never throws. */
  health(timeoutMs: number): Promise<StoreHealth>;

  // Orgs
  countOrgs(): Promise<number>;
  createOrg(org: Org, audit: AuditDraft[]): Promise<void>;
  getOrg(id: string): Promise<Org | null>;
  updateOrgSettings(id: string, settings: OrgSettings, audit: AuditDraft[]): Promise<void>;

  // Users
  createUser(user: User, audit: AuditDraft[]): Promise<void>;
  getUser(orgId: string, id: string): Promise<User | null>;
  findUserByName(username: string): Promise<User | null>;
  listUsers(orgId: string): Promise<User[]>;
  /** Also revokes the user's tokens and web sessions. False when there was no such user. */
  removeUser(orgId: string, id: string, audit: AuditDraft[]): Promise<boolean>;
  updateUser(
    orgId: string,
    id: string,
    patch: Partial<Pick<User, 'passwordHash' | 'totpSecret' | 'role'>>,
    audit: AuditDraft[],
  ): Promise<void>;

  // Tokens
  createToken(token: Token, audit: AuditDraft[]): Promise<void>;
  findTokenByHash(hash: string): Promise<Token | null>;
  listTokens(orgId: string): Promise<Token[]>;
  /** False when there was no such unrevoked token in that org. */
  revokeToken(orgId: string, id: string, at: string, audit: AuditDraft[]): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;

  // Web sessions
  createWebSession(session: WebSession, audit: AuditDraft[]): Promise<void>;
  getWebSession(idHash: string): Promise<WebSession | null>;
  verifyWebSession(idHash: string): Promise<void>;
  deleteWebSession(idHash: string, audit: AuditDraft[]): Promise<void>;

  // Requests
  /**
   * Stores a new request with its audit records and, when given, its first notifications (issue
   * 11): all in one transaction, so a crash right after the insert cannot lose the message.
   */
  insertRequest(request: RequestRecord, audit: AuditDraft[], outbox?: Outbox): Promise<void>;
  getRequest(orgId: string, id: string): Promise<RequestRecord | null>;
  listRequests(orgId: string, query: RequestQuery): Promise<RequestRecord[]>;
  /**
   * Compare-and-set pending → approved | denied | expired, atomically with its audit records and,
   * when given, a new whitelist entry. Exactly one of racing callers (on any replica) gets ok. An
   * approval must say when its claim window ends (options.claimBy), or the call is refused.
   */
  decideRequest(
    orgId: string,
    id: string,
    outcome: Exclude<RequestStatus, 'pending'>,
    decision: Decision,
    audit: AuditDraft[],
    options?: DecideOptions,
  ): Promise<DecideResult>;
  /**
   * Compare-and-set: approved, never executed, before its claimBy, by the agent token that asked →
   * execution started. A claim after the window fails with why 'approval_expired'.
   */
  claimExecution(
    orgId: string,
    id: string,
    agentTokenId: string,
    startedAt: string,
    audit: AuditDraft[],
  ): Promise<ClaimResult>;
  /** Records how the execution ended (once; later calls change nothing and return false). */
  recordResult(
    orgId: string,
    id: string,
    agentTokenId: string,
    result: Omit<ExecutionRecord, 'startedAt'>,
    audit: AuditDraft[],
  ): Promise<boolean>;
  attachContext(orgId: string, id: string, context: RuntimeContext, audit: AuditDraft[]): Promise<boolean>;
  /**
   * Compare-and-set: approved, never executed and past its claim window (at `now`) → expired, with
   * `decision` replacing the approval and its audit records. Exactly one of racing callers gets ok.
   */
  expireApproval(
    orgId: string,
    id: string,
    now: string,
    decision: Decision,
    audit: AuditDraft[],
  ): Promise<DecideResult>;
  /**
   * Approval tickets (issue 20). Compare-and-set: pending, asked by this agent token, not yet a
   * ticket → open until `until` (the expiry moves out to it when later), with its audit records.
   */
  ticketRequest(
    orgId: string,
    id: string,
    agentTokenId: string,
    until: string,
    audit: AuditDraft[],
  ): Promise<DecideResult>;
  /** This agent token's open tickets in a session (unused, `until` after `now`), newest first. */
  openTickets(
    orgId: string,
    agentTokenId: string,
    session: string,
    now: string,
    limit: number,
  ): Promise<RequestRecord[]>;
  /**
   * Compare-and-set: an open ticket of this agent token whose request was denied, or approved and
   * still claimable at `at` → used (an approval is claimed in the same step), with its audit records.
   */
  redeemTicket(
    orgId: string,
    id: string,
    agentTokenId: string,
    at: string,
    audit: AuditDraft[],
  ): Promise<DecideResult>;
  /** Requests due at or before `now`, across all orgs: pending past expiry, approvals past their window. */
  listExpired(now: string, limit: number): Promise<ExpiredRequest[]>;
  /** The earliest such time among pending requests and unclaimed approvals, or null when none. */
  nextExpiry(): Promise<string | null>;

  // Whitelist
  insertWhitelistEntry(entry: WhitelistEntry, audit: AuditDraft[]): Promise<void>;
  getWhitelistEntry(orgId: string, id: string): Promise<WhitelistEntry | null>;
  listWhitelist(orgId: string): Promise<WhitelistEntry[]>;
  updateWhitelistEntry(
    orgId: string,
    id: string,
    patch: Partial<Pick<WhitelistEntry, 'disabled' | 'expiresAt' | 'note' | 'pattern' | 'exact' | 'agent'>>,
    audit: AuditDraft[],
  ): Promise<boolean>;
  deleteWhitelistEntry(orgId: string, id: string, audit: AuditDraft[]): Promise<boolean>;
  /** Adds hit counts (batched by the server; the request's own audit record is the evidence). */
  recordWhitelistHits(hits: Array<{ entryId: string; count: number; lastUsedAt: string }>): Promise<void>;

  // Sign-in throttling (one count per key, shared by every route and replica)
  readSignInFailures(keys: readonly string[]): Promise<SignInFailure[]>;
  /**
   * Adds one failure to each key (restarting counts whose last failure is before `forgetBefore`)
   * and blocks each for `blockFor(key, failures)` ms; returns the new counts.
   */
  recordSignInFailures(
    keys: readonly string[],
    at: string,
    forgetBefore: string,
    blockFor: (key: string, failures: number) => number,
  ): Promise<SignInFailure[]>;
  clearSignInFailures(keys: readonly string[]): Promise<void>;
  /** Deletes counts last failed before `before` that block nothing at `now`; returns how many. */
  pruneSignInFailures(before: string, now: string): Promise<number>;

  // Submission rate limits (issue 26; one count per key and window, shared by every replica)
  /** Adds each count to its key's window; returns the totals after the additions, in order. */
  addRateCounts(items: readonly RateCount[]): Promise<number[]>;
  /** Deletes windows that started before `before`; returns how many. */
  pruneRateCounts(before: string): Promise<number>;

  // What agents read (issue 25)
  /** Inserts reads with their audit records (one transaction). */
  insertReads(reads: readonly SessionReadRecord[], audit: AuditDraft[]): Promise<void>;
  /** A session's reads, newest first. */
  listReads(orgId: string, session: string, limit: number): Promise<SessionReadRecord[]>;
  /** Records that a reviewer cleared the session's taint (replacing an earlier clear), audited. */
  clearTaint(orgId: string, session: string, clear: TaintClear, audit: AuditDraft[]): Promise<void>;
  /** When the session's taint was last cleared, and by whom; null: never. */
  taintCleared(orgId: string, session: string): Promise<TaintClear | null>;

  // Team policies (issue 11)
  /**
   * Stores the org's next policy version (latest + 1) with its audit records (made for the new
   * version number). With `ifLatest`, only when the latest version is still that one (else null).
   */
  insertPolicyVersion(
    draft: Omit<PolicyVersion, 'version'>,
    ifLatest: number | undefined,
    audit: (version: number) => AuditDraft[],
  ): Promise<PolicyVersion | null>;
  latestPolicy(orgId: string): Promise<PolicyVersion | null>;
  getPolicyVersion(orgId: string, version: number): Promise<PolicyVersion | null>;
  /** Newest first. */
  listPolicyVersions(orgId: string, limit: number): Promise<PolicyVersion[]>;
  /** False when a group of that name exists. */
  createGroup(orgId: string, name: string, at: string, audit: AuditDraft[]): Promise<boolean>;
  deleteGroup(orgId: string, name: string, audit: AuditDraft[]): Promise<boolean>;
  /** Adds or removes a member; false when there is no such group or nothing changed. */
  setGroupMember(
    orgId: string,
    name: string,
    userId: string,
    member: boolean,
    audit: AuditDraft[],
  ): Promise<boolean>;
  listGroups(orgId: string): Promise<ReviewerGroup[]>;
  /**
   * Records a reviewer's vote (a second vote of the same reviewer changes nothing: duplicate) on a
   * pending request; `settle` sees every vote and says whether this one decides the request, which
   * then happens in the same transaction (one compare-and-set). Racing votes are serialized.
   */
  castVote(
    orgId: string,
    id: string,
    vote: VoteView,
    audit: AuditDraft[],
    settle: (request: RequestRecord, votes: VoteView[]) => Settlement | null,
  ): Promise<VoteResult>;
  listVotes(orgId: string, id: string): Promise<VoteView[]>;
  /** Pending requests whose next escalation step is due at `now`. */
  listEscalationsDue(now: string, limit: number): Promise<Array<{ orgId: string; id: string; step: number }>>;
  /** Compare-and-set: escalation step `step` → step + 1 (next due at `nextAt`); null when lost. */
  escalateRequest(
    orgId: string,
    id: string,
    step: number,
    nextAt: string | null,
    audit: AuditDraft[],
    /** The step's notifications: stored with the step, only when this caller took it. */
    outbox?: Outbox,
  ): Promise<RequestRecord | null>;
  /** Compare-and-set: a pending request's applied policy (refined by its runtime context) → `policy`. */
  updateRequestPolicy(
    orgId: string,
    id: string,
    policy: AppliedPolicy,
    escalateAt: string | null,
    audit: AuditDraft[],
  ): Promise<boolean>;
  /** Queues messages (and their decide links). */
  enqueueNotifications(
    messages: readonly NotificationRecord[],
    links: readonly DecideLinkRow[],
  ): Promise<void>;
  /** Claims due messages until `until`; each message is claimed by one caller. */
  claimNotifications(now: string, until: string, limit: number): Promise<NotificationRecord[]>;
  finishNotification(id: string, outcome: DeliveryOutcome): Promise<void>;
  listNotifications(
    orgId: string,
    status: NotificationRecord['status'] | undefined,
    limit: number,
  ): Promise<NotificationRecord[]>;
  /** A dead message is due again now; false when it was not dead. */
  retryNotification(orgId: string, id: string, now: string): Promise<boolean>;
  /** Compare-and-set: an unused, unexpired decide link → used; null when it is not. */
  useDecideLink(hash: string, now: string): Promise<{ orgId: string; requestId: string } | null>;
  // Session recordings (issue 14)
  /** Inserts a recording with its audit records (one transaction). */
  insertRecording(recording: RecordingRecord, audit: AuditDraft[]): Promise<void>;
  getRecording(orgId: string, id: string): Promise<RecordingRecord | null>;
  /** Recordings of a session and/or a request, newest first, without their content. */
  listRecordings(orgId: string, query: RecordingQuery): Promise<RecordingMeta[]>;

  // Audit
  appendAudit(audit: AuditDraft[]): Promise<AuditRecord[]>;
  /** Records with seq > afterSeq, in seq order. */
  readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  /**
   * The last record's seq and hash as recorded beside the log (updated in the same transaction as
   * every append); null for an empty log. Verification compares it with the log's end, which also
   * catches records cut from the end.
   */
  auditHead(): Promise<{ seq: number; hash: string } | null>;

  // Figures
  /** Requests waiting for a reviewer, in all orgs. */
  countPending(): Promise<number>;
  /** The notification outbox, in all orgs: messages still to send, and dead letters. */
  countNotifications(): Promise<{ pending: number; dead: number }>;
}
