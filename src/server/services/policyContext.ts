/**
 * The runtime context settles what the policy could only guess (issue 11): when a pending
 * request's facts arrive (kube namespace, database, estimated rows, symlink targets, branch), its
 * rules are judged again. A rule that now surely denies ends the request (one compare-and-set); a
 * rule that turns out not to apply stops demanding; one that surely applies stays.
 */
import type { Analysis } from '../../core/analyzer/types.js';
import { evaluatePolicy } from '../../core/policy/evaluate.js';
import { analysisFacts, withContext } from '../../core/policy/policyFacts.js';
import type { RequestRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { PolicyService } from './policies.js';
import { policyDenial } from './policyGate.js';

export interface PolicyContextDeps {
  store: Store;
  policies?: PolicyService;
}

export async function refinePolicy(
  deps: PolicyContextDeps,
  request: RequestRecord,
  analysis: Analysis,
  at: string,
): Promise<void> {
  if (!deps.policies || !request.policy) return;
  const policy = await deps.policies.get(request.orgId);
  if (policy.version === 0) return;
  const facts = withContext(
    analysisFacts(analysis, {
      agent: request.agentName,
      session: request.session,
      host: request.host,
      cwd: request.cwd,
      branch: request.gitBranch,
      tainted: request.analysis.reads?.tainted ?? false,
    }),
    request.context,
  );
  const applied = evaluatePolicy(policy, facts);
  const actor = { kind: 'policy' as const, id: String(applied.version), name: 'policy' };
  if (applied.deny) {
    await deps.store.decideRequest(request.orgId, request.id, 'denied', policyDenial(applied, at), [
      {
        ts: at,
        orgId: request.orgId,
        actor: { ...actor, name: `policy rule ${applied.deny.rule}` },
        action: 'request.denied',
        subject: request.id,
        data: {
          rule: applied.deny.rule,
          version: applied.version,
          message: applied.deny.message,
          context: true,
        },
      },
    ]);
    return;
  }
  if (JSON.stringify(applied) === JSON.stringify(request.policy)) return;
  const step = applied.escalate[request.escalations ?? 0];
  const escalateAt = step
    ? new Date(Date.parse(request.createdAt) + step.afterSeconds * 1000).toISOString()
    : null;
  await deps.store.updateRequestPolicy(request.orgId, request.id, applied, escalateAt, [
    {
      ts: at,
      orgId: request.orgId,
      actor,
      action: 'request.policy',
      subject: request.id,
      data: {
        before: request.policy.rules,
        after: applied.rules,
        requirements: applied.requirements,
        version: applied.version,
      },
    },
  ]);
}
