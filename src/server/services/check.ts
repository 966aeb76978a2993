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

export async function check(
  deps: Pick<GateDeps, 'analyzer' | 'whitelists' | 'hits' | 'now'>,
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
