/**
 * Reviewer decisions and expiry: each is one compare-and-set on a pending request (exactly one of
 * racing deciders wins, on any replica), committed with its audit records and, for approve &
 * whitelist, the new whitelist entry.
 */
import {
  approvedJustification,
  deniedJustification,
  expiredJustification,
  unclaimedJustification,
} from '../../core/approval/justification.js';
import type {
  ApproveBody,
  Decision,
  DenyBody,
  RequestView,
  WhitelistOnApprove,
} from '../../protocol/index.js';
import type { RequestRecord, WhitelistEntry } from '../../store/records.js';
import type { WhitelistCache } from './whitelistCache.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../auth.js';
import { badRequest, conflict, notFound, type ApiError } from '../errors.js';
import { requestView } from '../views.js';
import type { OrgCache } from './orgCache.js';
import type { CommandAnalyzer } from '../../core/analyzer/types.js';
import { bindingFor } from './runtimeContext.js';
import { deniedSummary, type WhitelistPreview } from './whitelistPreview.js';
import { claimWindowEnd } from './tickets.js';
import type { PolicyService } from './policies.js';
import type { Notifier } from './notify/notifier.js';
import { needsVotes, voteOn } from './votes.js';
import { afterDecided, decidedOutbox } from './decidedNotice.js';
import { tierRank } from '../../protocol/tiers.js';

/** Checks that a whitelist pattern is valid and would allow the request's own command. */
export type PatternCheck = (
  pattern: string,
  request: RequestRecord,
) => { ok: true; exact: boolean } | { ok: false; message: string };

export interface DecisionDeps {
  store: Store;
  orgs: OrgCache;
  now: () => Date;
  newId: () => string;
  checkPattern: PatternCheck;
  /** Reads the context an approval was given in, for context-bound whitelist entries. */
  analyzer: CommandAnalyzer;
  /**
   * How long after an approval its agent may claim it (POST …/execute). A waiting agent claims at
   * once, on the push; an approval nobody claims in time — the agent died or gave up — expires.
   */
  claimWindowMs: number;
  /** What a candidate entry would have allowed in the org's recent history (with outcomes). */
  previewPattern: (
    candidate: Pick<WhitelistEntry, 'orgId' | 'pattern' | 'exact' | 'agent'>,
    exclude?: string,
  ) => Promise<WhitelistPreview>;
  /** Told of each denial: a pattern never allows a denied command (docs/whitelist.md). */
  whitelists: Pick<WhitelistCache, 'denied'>;
  /** The org's team policy and groups (issue 11); absent: the default policy. */
  policies?: PolicyService;
  /** Announces decisions to channels that asked for them (never awaited). */
  notifier?: Notifier;
}

/** A session-scoped approval lasts at most this long unless the reviewer says otherwise. */
export const SESSION_APPROVAL_SECONDS = 12 * 3600;

function expiry(wl: WhitelistOnApprove, now: Date): string | null {
  const seconds = wl.ttlSeconds ?? (wl.session ? SESSION_APPROVAL_SECONDS : null);
  return seconds ? new Date(now.getTime() + seconds * 1000).toISOString() : null;
}

/**
 * An allow entry that would have allowed commands a reviewer denied is refused unless the
 * reviewer confirms having seen them (`acceptDenied`): widening past a colleague's "no" is a
 * decision of its own.
 */
export async function checkPastDenials(
  deps: Pick<DecisionDeps, 'previewPattern'>,
  candidate: Pick<WhitelistEntry, 'orgId' | 'pattern' | 'exact' | 'agent'>,
  exclude: string | undefined,
  accepted: boolean | undefined,
): Promise<void> {
  if (accepted) return;
  const preview = await deps.previewPattern(candidate, exclude);
  if (preview.deniedCommands === 0) return;
  const n = preview.deniedCommands;
  throw conflict(
    `this pattern would have allowed ${n} command${n === 1 ? '' : 's'} a reviewer denied: ${deniedSummary(preview)}. Look at the preview; to whitelist anyway, confirm it (dashboard) or add --accept-denied (CLI)`,
    {
      deniedCommands: n,
      denied: preview.examples
        .filter((m) => m.outcomes.denied > 0)
        .slice(0, 10)
        .map((m) => ({ commandText: m.commandText, denials: m.denials })),
    },
  );
}

type Reviewer = Extract<Principal, { kind: 'user' }>;

export async function approve(
  deps: DecisionDeps,
  user: Reviewer,
  id: string,
  body: ApproveBody,
): Promise<RequestView> {
  const request = await deps.store.getRequest(user.orgId, id);
  if (!request) throw notFound('request');
  if (request.status !== 'pending') throw alreadyDecided(request);
  checkSeen(request, body.seen);
  if (request.policy?.whitelist === 'forbid' && body.whitelist !== undefined && body.whitelist !== false)
    throw badRequest(
      `policy rule ${request.policy.rules.map((r) => r.name).join(', ')} forbids whitelisting this request: approve it without whitelisting`,
      'whitelist',
    );
  // Several approvals, or approvals from named groups (issue 11): this approval is one vote.
  if (needsVotes(request)) {
    const result = await voteOn(deps, user, request, body);
    if (!result.ok) throw result.request ? alreadyDecided(result.request) : notFound('request');
    return requestView(result.request);
  }
  const at = deps.now().toISOString();
  const actor = { kind: 'user' as const, id: user.userId, name: user.name };
  const decision: Decision = {
    outcome: 'approved',
    by: { kind: 'user', id: user.userId, name: user.name },
    justification: approvedJustification(user.name, body.note),
    at,
  };
  if (body.note) decision.note = body.note;
  // What it may do when it runs: the scope as proposed (with the context's facts), or as the
  // reviewer changed it. A whitelist entry made from it keeps it.
  const scope = body.scope ?? request.context?.scope ?? request.analysis.scope;
  if (scope) decision.scope = scope;

  let entry: WhitelistEntry | undefined;
  const wl = body.whitelist === true ? {} : body.whitelist === false ? undefined : body.whitelist;
  if (wl) {
    const pattern = wl.pattern ?? request.analysis.canonical;
    if (pattern === null) {
      throw badRequest(
        'this command could not be parsed, so it cannot be whitelisted; approve it without --whitelist',
        'whitelist',
      );
    }
    if (wl.session && !request.session)
      throw badRequest(
        'this request has no agent session, so it cannot be approved for its session: approve it once, or whitelist it',
        'whitelist.session',
      );
    const check = deps.checkPattern(pattern, request);
    if (!check.ok) throw badRequest(check.message, 'whitelist.pattern');
    await checkPastDenials(
      deps,
      { orgId: user.orgId, pattern, exact: check.exact, agent: wl.agent ?? null },
      request.id,
      wl.acceptDenied,
    );
    entry = {
      id: deps.newId(),
      orgId: user.orgId,
      effect: 'allow',
      pattern,
      exact: check.exact,
      agent: wl.agent ?? null,
      createdBy: user.name,
      createdFromRequest: request.id,
      createdAt: at,
      expiresAt: expiry(wl, deps.now()),
      hits: 0,
      lastUsedAt: null,
      disabled: false,
      note: body.note ?? null,
      // Bound to the context it was approved in (db server, resolved paths, kube context, …).
      context: bindingFor(deps.analyzer, request, (await deps.orgs.get(user.orgId)).settings) as Record<
        string,
        unknown
      > | null,
      scope: scope ?? null,
      ...(wl.session ? { session: request.session, maxTier: request.analysis.tier } : {}),
    };
  }
  // The agent must claim it by then (the claim window), or the approval expires unused.
  const claimBy = claimWindowEnd(at, deps.claimWindowMs, request);
  const audit = [
    {
      ts: at,
      orgId: user.orgId,
      actor,
      action: 'request.approved',
      subject: id,
      data: { note: body.note ?? null, whitelistEntry: entry?.id ?? null, claimBy },
    },
  ];
  if (entry) {
    audit.push({
      ts: at,
      orgId: user.orgId,
      actor,
      action: 'whitelist.added',
      subject: entry.id,
      data: {
        pattern: entry.pattern,
        exact: entry.exact,
        agent: entry.agent,
        expiresAt: entry.expiresAt,
        fromRequest: id,
        contextBound: entry.context !== null,
        ...(entry.session ? { session: entry.session, maxTier: entry.maxTier } : {}),
      } as never,
    });
  }
  const prepared = await decidedOutbox(deps, request, 'approved', decision);
  const result = await deps.store.decideRequest(user.orgId, id, 'approved', decision, audit, {
    whitelistEntry: entry,
    claimBy,
    outbox: prepared.outbox,
  });
  if (!result.ok) throw result.request ? alreadyDecided(result.request) : notFound('request');
  afterDecided(deps, prepared, result.request);
  return requestView(result.request);
}

export async function deny(
  deps: DecisionDeps,
  user: Reviewer,
  id: string,
  body: DenyBody,
): Promise<RequestView> {
  // Read first when the reviewer's view must be checked or the decision announced (issue 11).
  const request =
    body.seen !== undefined || deps.notifier ? await deps.store.getRequest(user.orgId, id) : null;
  if (body.seen !== undefined) {
    if (!request) throw notFound('request');
    if (request.status !== 'pending') throw alreadyDecided(request);
    checkSeen(request, body.seen);
  }
  const at = deps.now().toISOString();
  const decision: Decision = {
    outcome: 'denied',
    by: { kind: 'user', id: user.userId, name: user.name },
    note: body.note,
    justification: deniedJustification(user.name, body.note),
    at,
  };
  const prepared = await decidedOutbox(deps, request, 'denied', decision);
  const result = await deps.store.decideRequest(
    user.orgId,
    id,
    'denied',
    decision,
    [
      {
        ts: at,
        orgId: user.orgId,
        actor: { kind: 'user', id: user.userId, name: user.name },
        action: 'request.denied',
        subject: id,
        data: { note: body.note },
      },
    ],
    { outbox: prepared.outbox },
  );
  if (!result.ok) throw result.request ? alreadyDecided(result.request) : notFound('request');
  deps.whitelists.denied(user.orgId);
  afterDecided(deps, prepared, result.request);
  return requestView(result.request);
}

/** Denies an expired request; false when it was decided (or expired) elsewhere first. */
export async function expire(deps: DecisionDeps, orgId: string, id: string): Promise<boolean> {
  const org = await deps.orgs.get(orgId);
  const at = deps.now().toISOString();
  // A ticket kept it open longer than the approval timeout (issue 20): say how long it really waited.
  const request = await deps.store.getRequest(orgId, id);
  // A policy rule may approve at the timeout — only at most low, checked again here (issue 11).
  if (request?.policy?.onTimeout === 'approve' && tierRank(request.analysis.tier) <= tierRank('low'))
    return approveAtTimeout(deps, request, at);
  const waited = request?.ticket
    ? Math.round((Date.parse(request.expiresAt) - Date.parse(request.createdAt)) / 1000)
    : org.settings.approvalTimeoutSeconds;
  const decision: Decision = {
    outcome: 'expired',
    by: { kind: 'system' },
    justification: expiredJustification(waited),
    at,
  };
  const prepared = await decidedOutbox(deps, request, 'expired', decision);
  const result = await deps.store.decideRequest(
    orgId,
    id,
    'expired',
    decision,
    [
      {
        ts: at,
        orgId,
        actor: { kind: 'system', id: null, name: 'expiry' },
        action: 'request.expired',
        subject: id,
        data: {},
      },
    ],
    { outbox: prepared.outbox },
  );
  if (result.ok) afterDecided(deps, prepared, result.request);
  return result.ok;
}

/**
 * Expires an approval its agent did not claim within the claim window (the sweeper, or a late
 * claim); false when it was claimed, or expired elsewhere, first.
 */
export async function expireUnclaimed(deps: DecisionDeps, orgId: string, id: string): Promise<boolean> {
  const request = await deps.store.getRequest(orgId, id);
  const approval = request?.decision;
  if (!request || request.status !== 'approved' || request.execution || !approval) return false;
  const now = deps.now();
  if (request.claimBy !== null && Date.parse(request.claimBy) > now.getTime()) return false;
  const at = now.toISOString();
  const claimBy = request.claimBy ?? approval.at;
  const decision: Decision = {
    outcome: 'expired',
    by: { kind: 'system' },
    justification: unclaimedJustification(
      approval.justification,
      Math.round((Date.parse(claimBy) - Date.parse(approval.at)) / 1000),
    ),
    at,
    expiredApproval: { by: approval.by, at: approval.at, claimBy },
  };
  const result = await deps.store.expireApproval(orgId, id, at, decision, [
    {
      ts: at,
      orgId,
      actor: { kind: 'system', id: null, name: 'expiry' },
      action: 'request.approval_expired',
      subject: id,
      data: { approvedBy: approval.by, approvedAt: approval.at, claimBy },
    },
  ]);
  return result.ok;
}

/** The reviewer decided on what was on screen: refuse when the request changed since. */
function checkSeen(request: RequestRecord, seen: string | undefined): void {
  if (seen === undefined) return;
  const now = requestView(request).fingerprint;
  if (now !== seen)
    throw conflict(
      `request ${request.id} changed since it was shown (new runtime context or risk): look at it again, then decide`,
      { status: request.status, changed: true, fingerprint: now },
    );
}

function alreadyDecided(request: RequestRecord): ApiError {
  const d = request.decision;
  const who =
    d?.by.kind === 'user'
      ? d.by.name
      : d?.by.kind === 'whitelist'
        ? 'the whitelist'
        : d?.by.kind === 'policy'
          ? 'policy'
          : 'expiry';
  return conflict(`request ${request.id} was already ${request.status} by ${who}${d ? ` at ${d.at}` : ''}`, {
    status: request.status,
    decidedBy: who,
    decidedAt: d?.at ?? null,
  });
}

/** The policy's approval at the timeout (a low-tier request nobody decided), audited as the policy's. */
async function approveAtTimeout(deps: DecisionDeps, request: RequestRecord, at: string): Promise<boolean> {
  const rules = request.policy?.rules.map((r) => r.name).join(', ') ?? '';
  const decision: Decision = {
    outcome: 'approved',
    by: { kind: 'policy', rule: `policy rule ${rules} (approve at timeout)` },
    justification: `approved at its timeout by policy rule ${rules}: nobody decided, and it is ${request.analysis.tier}`,
    at,
  };
  const scope = request.context?.scope ?? request.analysis.scope;
  if (scope) decision.scope = scope;
  const claimBy = claimWindowEnd(at, deps.claimWindowMs, request);
  const prepared = await decidedOutbox(deps, request, 'approved', decision);
  const result = await deps.store.decideRequest(
    request.orgId,
    request.id,
    'approved',
    decision,
    [
      {
        ts: at,
        orgId: request.orgId,
        actor: { kind: 'policy', id: null, name: 'approve at timeout' },
        action: 'request.approved',
        subject: request.id,
        data: { rules, atTimeout: true, claimBy },
      },
    ],
    { claimBy, outbox: prepared.outbox },
  );
  if (result.ok) afterDecided(deps, prepared, result.request);
  return result.ok;
}
