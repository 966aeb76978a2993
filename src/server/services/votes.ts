/**
 * N-of-M approvals (issue 11). A reviewer's approval of a request whose policy asks for several
 * approvals (or approvals from named groups) is a vote: a row, audited as `request.vote`. The vote
 * that completes every requirement approves the request in the same transaction (one
 * compare-and-set), so racing votes on two replicas both count and exactly one approves. A deny
 * still ends the request at once (decisions.ts). The requester's own identity never counts.
 */
import { approvedJustification } from '../../core/approval/justification.js';
import { tallyVotes, voteRefusal } from '../../core/policy/tally.js';
import type { ApproveBody, Decision } from '../../protocol/index.js';
import type { VoteView } from '../../protocol/policy.js';
import type { RequestRecord } from '../../store/records.js';
import type { Settlement, VoteResult } from '../../store/store.js';
import type { Principal } from '../auth.js';
import { badRequest, conflict, forbidden } from '../errors.js';
import type { DecisionDeps } from './decisions.js';
import { claimWindowEnd } from './tickets.js';
import { afterDecided, decidedOutbox } from './decidedNotice.js';

type Reviewer = Extract<Principal, { kind: 'user' }>;

/** The request's policy asks for more than one approval from anyone. */
export function needsVotes(request: RequestRecord): boolean {
  return (request.policy?.requirements ?? []).some((r) => r.approvals > 1 || r.from !== undefined);
}

export async function voteOn(
  deps: DecisionDeps,
  user: Reviewer,
  request: RequestRecord,
  body: ApproveBody,
): Promise<VoteResult> {
  if (body.whitelist !== undefined && body.whitelist !== false)
    throw badRequest(
      'this request needs approvals from several reviewers (its policy), so no single approval can whitelist it: approve it without whitelisting',
      'whitelist',
    );
  const groups = deps.policies ? await deps.policies.groupsOf(user.orgId, user.userId) : [];
  const token = await deps.store
    .listTokens(user.orgId)
    .then((ts) => ts.find((t) => t.id === request.agentTokenId));
  const refusal = voteRefusal(
    request.policy,
    { userId: user.userId, name: user.name, groups },
    { agentName: request.agentName, osUser: request.osUser, tokenUserId: token?.userId ?? null },
  );
  if (refusal) throw forbidden(refusal);
  const at = deps.now().toISOString();
  const vote: VoteView = { userId: user.userId, name: user.name, vote: 'approve', at, groups };
  if (body.note) vote.note = body.note;
  const actor = { kind: 'user' as const, id: user.userId, name: user.name };
  const settle = (current: RequestRecord, votes: VoteView[]): Settlement | null => {
    const tally = tallyVotes(current.policy, votes);
    if (!tally.satisfied) return null;
    const names = tally.progress.approvedBy;
    const decision: Decision = {
      outcome: 'approved',
      by: { kind: 'user', id: user.userId, name: user.name },
      justification: `${approvedJustification(names.join(' and '), body.note)} (${tally.progress.summary})`,
      at,
    };
    if (body.note) decision.note = body.note;
    const scope = body.scope ?? current.context?.scope ?? current.analysis.scope;
    if (scope) decision.scope = scope;
    const claimBy = claimWindowEnd(at, deps.claimWindowMs, current);
    return {
      outcome: 'approved',
      decision,
      claimBy,
      audit: [
        {
          ts: at,
          orgId: user.orgId,
          actor,
          action: 'request.approved',
          subject: current.id,
          data: { note: body.note ?? null, approvedBy: names, approvals: tally.progress.summary, claimBy },
        },
      ],
    };
  };
  // The notifications of the decision this vote would settle, built first so the store commits
  // them with it (issue 11). A vote that settles against other votes than these uses them too:
  // only the approvers' names in the message could lag.
  const wouldSettle = settle(request, [...(request.votes ?? []), vote]);
  const prepared = wouldSettle
    ? await decidedOutbox(deps, request, wouldSettle.outcome, wouldSettle.decision)
    : { announceLater: false };
  const settleWithOutbox = (current: RequestRecord, votes: VoteView[]): Settlement | null => {
    const s = settle(current, votes);
    return s && prepared.outbox ? { ...s, outbox: prepared.outbox } : s;
  };
  const result = await deps.store.castVote(
    user.orgId,
    request.id,
    vote,
    [
      {
        ts: at,
        orgId: user.orgId,
        actor,
        action: 'request.vote',
        subject: request.id,
        data: { vote: 'approve', groups, note: body.note ?? null },
      },
    ],
    settleWithOutbox,
  );
  if (result.ok && result.settled) {
    if (prepared.outbox || prepared.announceLater) afterDecided(deps, prepared, result.request);
    else if (!wouldSettle) deps.notifier?.announce('decided', result.request);
  }
  if (result.ok && result.duplicate)
    throw conflict(
      `${user.name} already approved request ${request.id}; ${tallyVotes(request.policy, request.votes ?? []).progress.summary}: another reviewer must approve`,
      { approvals: tallyVotes(request.policy, request.votes ?? []).progress },
    );
  return result;
}
