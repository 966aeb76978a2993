/**
 * `expacti policy explain <request>` (GET /v1/requests/:id/policy): what the policy required of a
 * request when it came (stored with it), its votes and progress, and how each rule of the org's
 * current policy judges it now — yes, no, or possible while a runtime fact is unknown.
 */
import { analysisFacts, withContext } from '../../core/policy/policyFacts.js';
import { matchRule } from '../../core/policy/ruleMatch.js';
import { tallyVotes } from '../../core/policy/tally.js';
import type { RequestRecord } from '../../store/records.js';
import type { ServerServices } from '../context.js';

export async function explainRequest(s: ServerServices, request: RequestRecord) {
  const current = s.policies ? await s.policies.get(request.orgId) : null;
  const analysis = s.analyzer.analyze(request.command);
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
  return {
    request: request.id,
    status: request.status,
    applied: request.policy ?? null,
    approvals: request.policy ? tallyVotes(request.policy, request.votes ?? []).progress : null,
    votes: request.votes ?? [],
    decision: request.decision,
    current: current
      ? {
          version: current.version,
          rules: current.document.rules.map((r) => ({
            name: r.name,
            match: matchRule(r.match, facts),
            effect: r.effect,
          })),
        }
      : null,
    facts,
  };
}
