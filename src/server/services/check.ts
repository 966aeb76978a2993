/**
 * A dry run of the gate (POST /v1/check): the same analysis and whitelist match as a submission,
 * without creating a request, counting a whitelist hit or writing an audit record.
 */
import { forbiddenJustification, whitelistJustification } from '../../core/approval/justification.js';
import { commandBytes } from '../../protocol/commandText.js';
import { LIMITS } from '../../protocol/api.js';
import type { CheckBody, CheckResponse } from '../../protocol/index.js';
import type { Principal } from '../auth.js';
import { ApiError } from '../errors.js';
import type { GateDeps } from './gate.js';
import { evaluatePolicy, needsReviewers } from '../../core/policy/evaluate.js';
import { analysisFacts } from '../../core/policy/policyFacts.js';
import type { Analysis } from '../../core/analyzer/types.js';
import type { AppliedPolicy } from '../../protocol/policy.js';

export async function check(
  deps: Pick<GateDeps, 'analyzer' | 'whitelists' | 'hits' | 'now' | 'policies'>,
  agent: Extract<Principal, { kind: 'agent' }>,
  body: CheckBody,
): Promise<CheckResponse> {
  const bytes = commandBytes(body.command);
  if (bytes > LIMITS.commandBytes) {
    throw new ApiError(
      'payload_too_large',
      `the command is ${bytes} bytes; the limit is ${LIMITS.commandBytes}`,
      'command',
    );
  }
  const analysis = deps.analyzer.analyze(body.command);
  const view = deps.analyzer.view(analysis);
  const matcher = await deps.whitelists.get(agent.orgId);
  const match = matcher.match(analysis, { agent: agent.name, now: deps.now().toISOString() });
  // The team policy (issue 11) as the gate applies it: a rule's deny, or reviewers the whitelist cannot stand in for.
  const dry = await dryRunPolicy(deps.policies, agent, analysis);
  const applied = dry?.applied;
  if (applied?.deny && match.decision !== 'deny')
    return {
      analysis: view,
      decision: 'deny',
      justification: `denied by policy rule ${applied.deny.rule}: ${applied.deny.message}`,
    };
  if (dry?.mayDeny && match.decision === 'allow')
    return {
      analysis: view,
      decision: 'review',
      justification: `policy rule ${dry.mayDeny} may deny it, depending on its working directory, session or branch (a dry run does not know them)`,
    };
  if (applied && needsReviewers(applied) && match.decision === 'allow')
    return {
      analysis: view,
      decision: 'review',
      justification: `reviewers must decide (policy rule${applied.rules.length === 1 ? '' : 's'} ${applied.rules.map((r) => r.name).join(', ')}: the whitelist does not apply)`,
    };
  switch (match.decision) {
    case 'allow': {
      const facts = match.entries.map((e) => ({
        pattern: e.pattern,
        exact: e.exact,
        createdBy: e.createdBy,
        createdAt: e.createdAt,
        hitsBefore: e.hits + deps.hits.unflushed(e.id),
      }));
      return { analysis: view, decision: 'allow', justification: whitelistJustification(facts) };
    }
    case 'deny':
      return {
        analysis: view,
        decision: 'deny',
        justification: forbiddenJustification(match.entry.pattern, match.entry.createdBy, match.entry.note),
      };
    case 'none':
      return { analysis: view, decision: 'review', justification: `a reviewer must decide (${match.why})` };
  }
}

/** Request facts a dry run does not know: rules testing them apply conservatively, and never deny. */
const UNKNOWN_HERE = ['cwd', 'session', 'host', 'branch', 'tainted'] as const;

async function dryRunPolicy(
  policies: GateDeps['policies'],
  agent: Extract<Principal, { kind: 'agent' }>,
  analysis: Analysis,
): Promise<{ applied: AppliedPolicy; mayDeny: string | null } | null> {
  if (!policies) return null;
  const policy = await policies.get(agent.orgId);
  if (policy.version === 0) return null;
  const guessed = new Set<string>();
  const rules = policy.document.rules.map((r) => {
    const match = { ...r.match };
    for (const key of UNKNOWN_HERE)
      if (match[key] !== undefined) {
        delete match[key];
        guessed.add(r.name);
      }
    return { ...r, match };
  });
  const facts = analysisFacts(analysis, {
    agent: agent.name,
    session: null,
    host: null,
    cwd: '/',
    branch: null,
  });
  const applied = evaluatePolicy({ version: policy.version, document: { ...policy.document, rules } }, facts);
  // A deny that depends on what a dry run cannot know is not a deny here, but a reviewer must look.
  if (applied.deny && guessed.has(applied.deny.rule)) {
    const mayDeny = applied.deny.rule;
    delete applied.deny;
    return { applied, mayDeny };
  }
  return { applied, mayDeny: null };
}
