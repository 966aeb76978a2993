/**
 * Running what was approved: the agent claims the single execution (compare-and-set; only the
 * agent token that asked, only once) and gets back exactly the approved command; later it reports
 * how the command ended.
 */
import type { ApprovalExpiredDetails, ExecuteResponse, ResultBody } from '../../protocol/index.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../auth.js';
import { conflict, notFound } from '../errors.js';
import { expireUnclaimed, type DecisionDeps } from './decisions.js';

type Agent = Extract<Principal, { kind: 'agent' }>;

/**
 * Claims the approved execution. Only inside the claim window: a claim after it is refused (409,
 * details.reason "approval_expired") and the approval is expired on the spot, audited.
 */
export async function claim(deps: DecisionDeps, agent: Agent, id: string): Promise<ExecuteResponse> {
  const store = deps.store;
  const at = deps.now().toISOString();
  const result = await store.claimExecution(agent.orgId, id, agent.tokenId, at, [
    {
      ts: at,
      orgId: agent.orgId,
      actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
      action: 'request.executed',
      subject: id,
      data: {},
    },
  ]);
  if (result.ok) return { command: result.request.command, cwd: result.request.cwd };
  if (result.why === 'not_found' || !result.request) throw notFound('request');
  if (result.why === 'approval_expired') {
    if (result.request.status === 'approved') await expireUnclaimed(deps, agent.orgId, id);
    const approval = result.request.decision?.expiredApproval ?? result.request.decision;
    const claimBy = result.request.claimBy ?? result.request.decision?.expiredApproval?.claimBy ?? at;
    const details: ApprovalExpiredDetails = {
      status: 'expired',
      reason: 'approval_expired',
      approvedAt: approval?.at ?? '',
      claimBy,
    };
    throw conflict(
      `the approval of request ${id} expired unused at ${claimBy}: an approved command must be run within the claim window after the decision, and nothing claimed it in time. It was not run; submit the command again.`,
      { ...details },
    );
  }
  if (result.why === 'already_executed') {
    throw conflict(
      `this approval was already used at ${result.request.execution?.startedAt ?? 'an earlier time'}; an approval runs once — submit the command again`,
      { status: result.request.status },
    );
  }
  throw conflict(`request ${id} is ${result.request.status}, not approved; it cannot run`, {
    status: result.request.status,
  });
}

export async function report(
  store: Store,
  now: () => Date,
  agent: Agent,
  id: string,
  body: ResultBody,
): Promise<void> {
  const at = now().toISOString();
  const ok = await store.recordResult(
    agent.orgId,
    id,
    agent.tokenId,
    { finishedAt: at, exitCode: body.exitCode, signal: body.signal ?? null, durationMs: body.durationMs },
    [
      {
        ts: at,
        orgId: agent.orgId,
        actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
        action: 'request.completed',
        subject: id,
        data: { exitCode: body.exitCode, signal: body.signal ?? null, durationMs: body.durationMs },
      },
    ],
  );
  if (!ok) throw conflict(`request ${id} has no running execution by this agent to report on`);
}
