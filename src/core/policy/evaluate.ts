/**
 * Applies a policy to a request's facts (pure): the rules that match, combined so that every
 * rule's demand holds at once — a deny from any rule that surely matches, every rule's approval
 * requirement separately, the shortest timeout, every escalation step, the union of routes, and no
 * whitelisting when any rule forbids it. An auto-approve at the timeout holds only when every
 * matching rule says so and the request is at most low.
 */
import { tierRank } from '../../protocol/tiers.js';
import type { AppliedPolicy } from '../../protocol/policy.js';
import type { PolicyFacts } from './policyFacts.js';
import { durationSeconds, type PolicyDocument } from './policySchema.js';
import { matchRule } from './ruleMatch.js';

export interface LoadedPolicy {
  version: number;
  document: PolicyDocument;
}

/** No rules: one approval from any reviewer, the org's timeout, deny at it — today's behaviour. */
export const DEFAULT_POLICY: LoadedPolicy = { version: 0, document: { version: 1, rules: [] } };

export function evaluatePolicy(policy: LoadedPolicy, facts: PolicyFacts): AppliedPolicy {
  const applied: AppliedPolicy = {
    version: policy.version,
    rules: [],
    requirements: [],
    route: [],
    timeoutSeconds: null,
    onTimeout: 'deny',
    escalate: [],
    whitelist: 'allow',
  };
  let approveAtTimeout: boolean | null = null;
  for (const rule of policy.document.rules) {
    const match = matchRule(rule.match, facts);
    if (match === 'no') continue;
    applied.rules.push({ name: rule.name, match });
    const e = rule.effect;
    if (e.deny !== undefined && match === 'yes' && !applied.deny)
      applied.deny = { rule: rule.name, message: e.deny };
    if (e.approvals !== undefined || e.from !== undefined)
      applied.requirements.push({
        rule: rule.name,
        approvals: e.approvals ?? 1,
        ...(e.from ? { from: [...e.from] } : {}),
      });
    for (const g of e.route ?? []) if (!applied.route.includes(g)) applied.route.push(g);
    if (e.timeout !== undefined) {
      const s = durationSeconds(e.timeout);
      applied.timeoutSeconds = applied.timeoutSeconds === null ? s : Math.min(applied.timeoutSeconds, s);
    }
    if (e.whitelist === 'forbid') applied.whitelist = 'forbid';
    for (const step of e.escalate ?? [])
      applied.escalate.push({ afterSeconds: durationSeconds(step.after), to: step.to });
    const approves = e.onTimeout === 'approve';
    approveAtTimeout = approveAtTimeout === null ? approves : approveAtTimeout && approves;
  }
  // Never auto-approve above low, whatever a rule says.
  if (approveAtTimeout && tierRank(facts.tier) <= tierRank('low')) applied.onTimeout = 'approve';
  applied.escalate.sort((a, b) => a.afterSeconds - b.afterSeconds);
  return applied;
}

/** The policy keeps a request away from the whitelist and auto-allow: a human (or several) must look. */
export function needsReviewers(applied: AppliedPolicy): boolean {
  return applied.whitelist === 'forbid' || applied.requirements.some((r) => r.approvals > 1 || r.from);
}
