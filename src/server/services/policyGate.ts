/**
 * The team policy's step in the gate (issue 11): the org's rules applied to a submitted command's
 * analysis and its request facts. Null under the default policy (no version stored): the gate
 * then behaves exactly as before policies existed.
 */
import type { Analysis } from '../../core/analyzer/types.js';
import { evaluatePolicy } from '../../core/policy/evaluate.js';
import { analysisFacts } from '../../core/policy/policyFacts.js';
import type { AppliedPolicy } from '../../protocol/policy.js';
import type { Decision } from '../../protocol/index.js';
import type { PolicyService } from './policies.js';

export interface PolicyRequestFacts {
  agent: string;
  session: string | null;
  host: string | null;
  cwd: string;
  branch: string | null;
}

export async function policyFor(
  policies: PolicyService | undefined,
  orgId: string,
  analysis: Analysis,
  request: PolicyRequestFacts,
  tainted: () => Promise<boolean>,
): Promise<AppliedPolicy | null> {
  if (!policies) return null;
  const policy = await policies.get(orgId);
  if (policy.version === 0) return null;
  const usesTaint = policy.document.rules.some((r) => r.match.tainted !== undefined);
  const facts = analysisFacts(analysis, { ...request, tainted: usesTaint ? await tainted() : false });
  return evaluatePolicy(policy, facts);
}

/** A pending request's expiry and first escalation under its policy. */
export function policyTimes(
  applied: AppliedPolicy | null,
  now: Date,
  orgTimeoutSeconds: number,
): { expiresAt: string; escalateAt: string | null } {
  const timeout = applied?.timeoutSeconds ?? orgTimeoutSeconds;
  const first = applied?.escalate.find((s) => s.afterSeconds < timeout);
  return {
    expiresAt: new Date(now.getTime() + timeout * 1000).toISOString(),
    escalateAt: first ? new Date(now.getTime() + first.afterSeconds * 1000).toISOString() : null,
  };
}

export function policyDenial(applied: AppliedPolicy, at: string): Decision {
  const deny = applied.deny as NonNullable<AppliedPolicy['deny']>;
  return {
    outcome: 'denied',
    by: { kind: 'policy', rule: `policy rule ${deny.rule}` },
    note: deny.message,
    justification: `denied by policy rule ${deny.rule} (version ${applied.version}): ${deny.message}`,
    at,
  };
}
