/**
 * An agent that stops waiting cancels its request (issue 26): Ctrl-C in `expacti run`, a hook's
 * time limit, an SDK or MCP call aborted. A pending request ends at once — expired, by the agent,
 * audited as `request.cancelled` — so no reviewer approves a command nobody will run; an approval
 * that arrived but was not claimed yet is expired the same way. Only the agent token that
 * submitted it may cancel; cancelling again, or a request already decided, answers as it stands.
 */
import type { Decision, RequestView } from '../../protocol/index.js';
import type { Principal } from '../auth.js';
import { notFound } from '../errors.js';
import { requestView } from '../views.js';
import type { DecisionDeps } from './decisions.js';

type Agent = Extract<Principal, { kind: 'agent' }>;

export async function cancelRequest(
  deps: Pick<DecisionDeps, 'store' | 'now'>,
  agent: Agent,
  id: string,
  reason: string,
): Promise<RequestView> {
  const request = await deps.store.getRequest(agent.orgId, id);
  if (!request || request.agentTokenId !== agent.tokenId) throw notFound('request');
  const at = deps.now().toISOString();
  // An approval ticket is not an abandoned wait (issue 20): it stays open until it ends.
  if (request.ticket && request.ticket.usedAt === null && request.ticket.until > at)
    return requestView(request);
  const why = `cancelled: the agent stopped waiting (${reason})`;
  const audit = [
    {
      ts: at,
      orgId: agent.orgId,
      actor: { kind: 'agent' as const, id: agent.tokenId, name: agent.name },
      action: 'request.cancelled',
      subject: id,
      data: { reason, was: request.status },
    },
  ];
  if (request.status === 'pending') {
    const decision: Decision = { outcome: 'expired', by: { kind: 'system' }, justification: why, at };
    const result = await deps.store.decideRequest(agent.orgId, id, 'expired', decision, audit);
    if (result.request) return requestView(result.request);
  } else if (request.status === 'approved' && !request.execution && request.decision) {
    const approval = request.decision;
    const decision: Decision = {
      outcome: 'expired',
      by: { kind: 'system' },
      justification: `${why}; the approval by ${approval.by.kind === 'user' ? approval.by.name : approval.by.kind} was not used`,
      at,
      expiredApproval: { by: approval.by, at: approval.at, claimBy: request.claimBy ?? at },
    };
    // The window's end as "now": the store expires an approval only once its window is over.
    const cutoff = request.claimBy !== null && request.claimBy > at ? request.claimBy : at;
    const result = await deps.store.expireApproval(agent.orgId, id, cutoff, decision, audit);
    if (result.request) return requestView(result.request);
  }
  const now = await deps.store.getRequest(agent.orgId, id);
  if (!now) throw notFound('request');
  return requestView(now);
}
