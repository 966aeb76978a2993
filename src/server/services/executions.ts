/**
 * Running what was approved: the agent claims the single execution (compare-and-set; only the
 * agent token that asked, only once) and gets back exactly the approved command; later it reports
 * how the command ended.
 */
import { createHash } from 'node:crypto';
import type { ApprovalExpiredDetails, ExecuteResponse, ResultBody } from '../../protocol/index.js';
import type { ExecutionRecord } from '../../store/records.js';
import { canonicalJson } from '../../core/audit/canonicalJson.js';
import { executePlan } from '../../core/confine/plan.js';
import { requestView } from '../views.js';
import type { Principal } from '../auth.js';
import { conflict, notFound } from '../errors.js';
import { expireUnclaimed, type DecisionDeps } from './decisions.js';
import { observePlan } from './taintGate.js';
import { stepOf } from './runtimeContext.js';
import type { OutputScan } from '../../protocol/reads.js';

/** Snippets of what a finding matched are content: kept only when the org asks for excerpts. */
function withoutSamples(scan: OutputScan, keep: boolean): OutputScan {
  return keep ? scan : { ...scan, findings: scan.findings.map(({ samples: _, ...f }) => f) };
}

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
  if (result.ok) {
    const r = result.request;
    const response: ExecuteResponse = { command: r.command, cwd: r.cwd };
    const scope = r.decision?.scope ?? r.context?.scope ?? r.analysis.scope;
    if (scope) {
      const settings = (await deps.orgs.get(agent.orgId)).settings;
      response.confine = executePlan(scope, requestView(r).analysis.tier, settings);
    }
    const observe = observePlan(stepOf(deps.analyzer, r).analysis, r.cwd);
    if (observe) response.observe = observe;
    return response;
  }
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

/**
 * Records how the command ended: exit code, how it ran (confined or not, or not at all), and what
 * it did — the effects record's SHA-256 goes into the audit chain with the result. A scope
 * violation marks the request for reviewers and, when the org says so, disables the whitelist
 * entry that allowed it.
 */
export async function report(deps: DecisionDeps, agent: Agent, id: string, body: ResultBody): Promise<void> {
  const at = deps.now().toISOString();
  const result: Omit<ExecutionRecord, 'startedAt'> = {
    finishedAt: at,
    exitCode: body.exitCode,
    signal: body.signal ?? null,
    durationMs: body.durationMs,
  };
  if (body.confinement) result.confinement = body.confinement;
  if (body.notRun) result.notRun = body.notRun;
  if (body.effects) result.effects = body.effects;
  if (body.read)
    result.read = withoutSamples(body.read, (await deps.orgs.get(agent.orgId)).settings.readExcerpts);
  const violations = body.effects?.violations ?? [];
  const ok = await deps.store.recordResult(agent.orgId, id, agent.tokenId, result, [
    {
      ts: at,
      orgId: agent.orgId,
      actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
      action: body.notRun ? 'request.not_run' : 'request.completed',
      subject: id,
      data: {
        exitCode: body.exitCode,
        signal: body.signal ?? null,
        durationMs: body.durationMs,
        confinement: body.confinement ?? null,
        ...(body.notRun ? { notRun: body.notRun } : {}),
        ...(body.read
          ? {
              read: {
                size: body.read.size,
                sha256: body.read.sha256,
                findings: body.read.findings.map((f) => f.code),
              },
            }
          : {}),
        ...(body.effects
          ? {
              effects: {
                sha256: createHash('sha256').update(canonicalJson(body.effects)).digest('hex'),
                entries: body.effects.entries.length,
                dropped: body.effects.dropped,
                violations,
              },
            }
          : {}),
      },
    },
  ]);
  if (!ok) throw conflict(`request ${id} has no running execution by this agent to report on`);
  if (violations.length > 0) await onViolation(deps, agent, id, violations, at);
}

/** With revokeOnViolation, the whitelist entry that allowed a command that broke its scope is disabled, audited. */
async function onViolation(deps: DecisionDeps, agent: Agent, id: string, violations: string[], at: string) {
  const settings = (await deps.orgs.get(agent.orgId)).settings;
  if (!settings.revokeOnViolation) return;
  const request = await deps.store.getRequest(agent.orgId, id);
  const by = request?.decision?.by;
  if (by?.kind !== 'whitelist') return;
  await deps.store.updateWhitelistEntry(agent.orgId, by.entryId, { disabled: true }, [
    {
      ts: at,
      orgId: agent.orgId,
      actor: { kind: 'system', id: null, name: 'scope violation' },
      action: 'whitelist.disabled',
      subject: by.entryId,
      data: {
        request: id,
        violations: violations.slice(0, 10),
        why: 'the command it allowed broke its scope',
      },
    },
  ]);
}
