/**
 * The Store methods, written once over the operations in ops/. Each store supplies how an operation
 * runs: `read` (outside a transaction) and `write` (inside one transaction, with its audit records,
 * the change feed fired after commit), plus migrate, close and subscribe.
 */
import type {
  ClaimResult,
  DecideOptions,
  DecideResult,
  ExpiredRequest,
  Outbox,
  RequestQuery,
  SignInFailure,
  Store,
  StoreChange,
  StoreHealth,
} from './store.js';
import type {
  AuditDraft,
  AuditRecord,
  ExecutionRecord,
  Org,
  OrgSettings,
  RequestRecord,
  SessionReadRecord,
  TaintClear,
  Token,
  User,
  WebSession,
  WhitelistEntry,
} from './records.js';
import type { Decision, RequestStatus, RuntimeContext } from '../protocol/index.js';
import type { UserPatch, WhitelistPatch } from './patches.js';
import type { Op, WriteOp } from './ops/statement.js';
import * as audit from './ops/audit.js';
import * as ids from './ops/identities.js';
import * as req from './ops/requests.js';
import * as wl from './ops/whitelist.js';
import * as signIn from './ops/signIn.js';
import * as rates from './ops/rateCounts.js';
import * as stats from './ops/stats.js';
import * as reads from './ops/reads.js';
import * as tickets from './ops/tickets.js';
import * as policies from './ops/policies.js';
import * as votes from './ops/votes.js';
import * as outbox from './ops/notifications.js';
import type { NotificationRecord, PolicyVersion, ReviewerGroup } from './records.js';
import type { AppliedPolicy, VoteView } from '../protocol/policy.js';
import * as recordings from './ops/recordings.js';
import type { RecordingMeta, RecordingRecord } from './recordingRows.js';

export abstract class OpStore implements Store {
  abstract readonly kind: Store['kind'];
  abstract migrate(): Promise<void>;
  abstract close(): Promise<void>;
  abstract subscribe(listener: (change: StoreChange) => void): () => void;
  abstract health(timeoutMs: number): Promise<StoreHealth>;
  protected abstract read<T>(op: Op<T>): Promise<T>;
  /** `batch`: the write only inserts new rows, so it may share a transaction with others (group commit). */
  protected abstract write<T>(op: WriteOp<T>, options?: { batch?: boolean }): Promise<T>;

  countOrgs = (): Promise<number> => this.read(ids.countOrgs());
  createOrg = (org: Org, a: AuditDraft[]): Promise<void> => this.write((c) => ids.createOrg(org, a, c));
  getOrg = (id: string): Promise<Org | null> => this.read(ids.getOrg(id));
  updateOrgSettings = (id: string, settings: OrgSettings, a: AuditDraft[]): Promise<void> =>
    this.write((c) => ids.updateOrgSettings(id, settings, a, c));

  createUser = (user: User, a: AuditDraft[]): Promise<void> => this.write((c) => ids.createUser(user, a, c));
  getUser = (orgId: string, id: string): Promise<User | null> => this.read(ids.getUser(orgId, id));
  findUserByName = (username: string): Promise<User | null> => this.read(ids.findUserByName(username));
  listUsers = (orgId: string): Promise<User[]> => this.read(ids.listUsers(orgId));
  removeUser = (orgId: string, id: string, a: AuditDraft[]): Promise<boolean> =>
    this.write((c) => ids.removeUser(orgId, id, a, c));
  updateUser = (orgId: string, id: string, patch: UserPatch, a: AuditDraft[]): Promise<void> =>
    this.write((c) => ids.updateUser(orgId, id, patch, a, c));

  createToken = (token: Token, a: AuditDraft[]): Promise<void> =>
    this.write((c) => ids.createToken(token, a, c));
  findTokenByHash = (hash: string): Promise<Token | null> => this.read(ids.findTokenByHash(hash));
  listTokens = (orgId: string): Promise<Token[]> => this.read(ids.listTokens(orgId));
  revokeToken = (orgId: string, id: string, at: string, a: AuditDraft[]): Promise<boolean> =>
    this.write((c) => ids.revokeToken(orgId, id, at, a, c));
  touchToken = (id: string, at: string): Promise<void> => this.write(() => ids.touchToken(id, at));

  createWebSession = (session: WebSession, a: AuditDraft[]): Promise<void> =>
    this.write((c) => ids.createWebSession(session, a, c));
  getWebSession = (idHash: string): Promise<WebSession | null> => this.read(ids.getWebSession(idHash));
  verifyWebSession = (idHash: string): Promise<void> => this.write((c) => ids.verifyWebSession(idHash, c));
  deleteWebSession = (idHash: string, a: AuditDraft[]): Promise<void> =>
    this.write((c) => ids.deleteWebSession(idHash, a, c));

  insertRequest = (request: RequestRecord, a: AuditDraft[], box?: Outbox): Promise<void> =>
    this.write((c) => req.insertRequest(request, a, c, box), { batch: true });
  getRequest = (orgId: string, id: string): Promise<RequestRecord | null> =>
    this.read(req.getRequest(orgId, id));
  listRequests = (orgId: string, query: RequestQuery): Promise<RequestRecord[]> =>
    this.read(req.listRequests(orgId, query));
  decideRequest = (
    orgId: string,
    id: string,
    outcome: Exclude<RequestStatus, 'pending'>,
    decision: Decision,
    a: AuditDraft[],
    options: DecideOptions = {},
  ): Promise<DecideResult> =>
    this.write((c) => req.decideRequest(orgId, id, outcome, decision, a, options, c));
  claimExecution = (
    orgId: string,
    id: string,
    agentTokenId: string,
    startedAt: string,
    a: AuditDraft[],
  ): Promise<ClaimResult> => this.write((c) => req.claimExecution(orgId, id, agentTokenId, startedAt, a, c));
  recordResult = (
    orgId: string,
    id: string,
    agentTokenId: string,
    result: Omit<ExecutionRecord, 'startedAt'>,
    a: AuditDraft[],
  ): Promise<boolean> => this.write((c) => req.recordResult(orgId, id, agentTokenId, result, a, c));
  attachContext = (orgId: string, id: string, context: RuntimeContext, a: AuditDraft[]): Promise<boolean> =>
    this.write((c) => req.attachContext(orgId, id, context, a, c));
  expireApproval = (
    orgId: string,
    id: string,
    now: string,
    decision: Decision,
    a: AuditDraft[],
  ): Promise<DecideResult> => this.write((c) => req.expireApproval(orgId, id, now, decision, a, c));
  ticketRequest = (
    orgId: string,
    id: string,
    agentTokenId: string,
    until: string,
    a: AuditDraft[],
  ): Promise<DecideResult> => this.write((c) => tickets.ticketRequest(orgId, id, agentTokenId, until, a, c));
  openTickets = (
    orgId: string,
    agentTokenId: string,
    session: string,
    now: string,
    limit: number,
  ): Promise<RequestRecord[]> => this.read(tickets.openTickets(orgId, agentTokenId, session, now, limit));
  redeemTicket = (
    orgId: string,
    id: string,
    agentTokenId: string,
    at: string,
    a: AuditDraft[],
  ): Promise<DecideResult> => this.write((c) => tickets.redeemTicket(orgId, id, agentTokenId, at, a, c));
  listExpired = (now: string, limit: number): Promise<ExpiredRequest[]> =>
    this.read(req.listExpired(now, limit));
  nextExpiry = (): Promise<string | null> => this.read(req.nextExpiry());

  insertWhitelistEntry = (entry: WhitelistEntry, a: AuditDraft[]): Promise<void> =>
    this.write((c) => wl.insertWhitelistEntry(entry, a, c));
  getWhitelistEntry = (orgId: string, id: string): Promise<WhitelistEntry | null> =>
    this.read(wl.getWhitelistEntry(orgId, id));
  insertPolicyVersion = (
    draft: Omit<PolicyVersion, 'version'>,
    ifLatest: number | undefined,
    a: (version: number) => AuditDraft[],
  ): Promise<PolicyVersion | null> => this.write((c) => policies.insertPolicyVersion(draft, ifLatest, a, c));
  latestPolicy = (orgId: string): Promise<PolicyVersion | null> => this.read(policies.latestPolicy(orgId));
  getPolicyVersion = (orgId: string, version: number): Promise<PolicyVersion | null> =>
    this.read(policies.getPolicyVersion(orgId, version));
  listPolicyVersions = (orgId: string, limit: number): Promise<PolicyVersion[]> =>
    this.read(policies.listPolicyVersions(orgId, limit));
  createGroup = (orgId: string, name: string, at: string, a: AuditDraft[]): Promise<boolean> =>
    this.write((c) => policies.createGroup(orgId, name, at, a, c));
  deleteGroup = (orgId: string, name: string, a: AuditDraft[]): Promise<boolean> =>
    this.write((c) => policies.deleteGroup(orgId, name, a, c));
  setGroupMember = (
    orgId: string,
    name: string,
    userId: string,
    member: boolean,
    a: AuditDraft[],
  ): Promise<boolean> => this.write((c) => policies.setGroupMember(orgId, name, userId, member, a, c));
  listGroups = (orgId: string): Promise<ReviewerGroup[]> => this.read(policies.listGroups(orgId));
  castVote = (
    orgId: string,
    id: string,
    vote: VoteView,
    a: AuditDraft[],
    settle: (request: RequestRecord, votes: VoteView[]) => votes.Settlement | null,
  ): Promise<votes.VoteResult> => this.write((c) => votes.castVote(orgId, id, vote, a, settle, c));
  listVotes = (orgId: string, id: string): Promise<VoteView[]> => this.read(votes.listVotes(orgId, id));
  listEscalationsDue = (
    now: string,
    limit: number,
  ): Promise<Array<{ orgId: string; id: string; step: number }>> =>
    this.read(votes.listEscalationsDue(now, limit));
  escalateRequest = (
    orgId: string,
    id: string,
    step: number,
    nextAt: string | null,
    a: AuditDraft[],
    box?: Outbox,
  ): Promise<RequestRecord | null> =>
    this.write((c) => votes.escalateRequest(orgId, id, step, nextAt, a, c, box));
  updateRequestPolicy = (
    orgId: string,
    id: string,
    policy: AppliedPolicy,
    escalateAt: string | null,
    a: AuditDraft[],
  ): Promise<boolean> => this.write((c) => votes.updateRequestPolicy(orgId, id, policy, escalateAt, a, c));
  enqueueNotifications = (
    messages: readonly NotificationRecord[],
    links: readonly outbox.DecideLinkRow[],
  ): Promise<void> => this.write((c) => outbox.enqueueNotifications(messages, links, c));
  claimNotifications = (now: string, until: string, limit: number): Promise<NotificationRecord[]> =>
    this.write(() => outbox.claimNotifications(now, until, limit));
  finishNotification = (id: string, outcome: outbox.DeliveryOutcome): Promise<void> =>
    this.write(() => outbox.finishNotification(id, outcome));
  listNotifications = (
    orgId: string,
    status: NotificationRecord['status'] | undefined,
    limit: number,
  ): Promise<NotificationRecord[]> => this.read(outbox.listNotifications(orgId, status, limit));
  retryNotification = (orgId: string, id: string, now: string): Promise<boolean> =>
    this.write(() => outbox.retryNotification(orgId, id, now));
  useDecideLink = (hash: string, now: string): Promise<{ orgId: string; requestId: string } | null> =>
    this.write(() => outbox.useDecideLink(hash, now));

  listWhitelist = (orgId: string): Promise<WhitelistEntry[]> => this.read(wl.listWhitelist(orgId));
  updateWhitelistEntry = (
    orgId: string,
    id: string,
    patch: WhitelistPatch,
    a: AuditDraft[],
  ): Promise<boolean> => this.write((c) => wl.updateWhitelistEntry(orgId, id, patch, a, c));
  deleteWhitelistEntry = (orgId: string, id: string, a: AuditDraft[]): Promise<boolean> =>
    this.write((c) => wl.deleteWhitelistEntry(orgId, id, a, c));
  recordWhitelistHits = (
    hits: Array<{ entryId: string; count: number; lastUsedAt: string }>,
  ): Promise<void> => this.write(() => wl.recordWhitelistHits(hits));

  readSignInFailures = (keys: readonly string[]): Promise<SignInFailure[]> =>
    this.read(signIn.readSignInFailures(keys));
  recordSignInFailures = (
    keys: readonly string[],
    at: string,
    forgetBefore: string,
    blockFor: (key: string, failures: number) => number,
  ): Promise<SignInFailure[]> =>
    this.write(() => signIn.recordSignInFailures(keys, at, forgetBefore, blockFor));
  clearSignInFailures = (keys: readonly string[]): Promise<void> =>
    this.write(() => signIn.clearSignInFailures(keys));
  pruneSignInFailures = (before: string, now: string): Promise<number> =>
    this.write(() => signIn.pruneSignInFailures(before, now));

  addRateCounts = (items: readonly rates.RateCount[]): Promise<number[]> =>
    this.write(() => rates.addRateCounts(items));
  pruneRateCounts = (before: string): Promise<number> => this.write(() => rates.pruneRateCounts(before));

  insertReads = (r: readonly SessionReadRecord[], a: AuditDraft[]): Promise<void> =>
    this.write(() => reads.insertReads(r, a), { batch: true });
  listReads = (orgId: string, session: string, limit: number): Promise<SessionReadRecord[]> =>
    this.read(reads.listReads(orgId, session, limit));
  clearTaint = (orgId: string, session: string, clear: TaintClear, a: AuditDraft[]): Promise<void> =>
    this.write(() => reads.clearTaint(orgId, session, clear, a));
  taintCleared = (orgId: string, session: string): Promise<TaintClear | null> =>
    this.read(reads.taintCleared(orgId, session));

  insertRecording = (r: RecordingRecord, a: AuditDraft[]): Promise<void> =>
    this.write(() => recordings.insertRecording(r, a), { batch: true });
  getRecording = (orgId: string, id: string): Promise<RecordingRecord | null> =>
    this.read(recordings.getRecording(orgId, id));
  listRecordings = (orgId: string, query: recordings.RecordingQuery): Promise<RecordingMeta[]> =>
    this.read(recordings.listRecordings(orgId, query));

  appendAudit = (a: AuditDraft[]): Promise<AuditRecord[]> =>
    this.write(() => audit.appendAudit(a), { batch: true });
  readAudit = (afterSeq: number, limit: number): Promise<AuditRecord[]> =>
    this.read(audit.readAudit(afterSeq, limit));
  auditHead = (): Promise<{ seq: number; hash: string } | null> => this.read(audit.auditHead());

  countPending = (): Promise<number> => this.read(stats.countPending());
  countNotifications = (): Promise<{ pending: number; dead: number }> =>
    this.read(stats.countNotifications());
}
