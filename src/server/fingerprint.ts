/**
 * What a reviewer saw of a pending request, as a short digest: the command, where it runs, its
 * risk and its runtime context. A decision may carry the digest of what was on screen (`seen`);
 * when the request changed since (new context, a raised tier), the decision is refused.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/audit/canonicalJson.js';
import type { AnalysisView } from '../protocol/index.js';
import type { RequestRecord } from '../store/records.js';

export function requestFingerprint(r: RequestRecord, analysis: AnalysisView): string {
  const shown = canonicalJson({
    command: r.command,
    cwd: r.cwd,
    tier: analysis.tier,
    score: analysis.score,
    reasons: analysis.reasons.map((x) => x.code),
    context: r.context ?? null,
    scope: r.context?.scope ?? r.analysis.scope ?? null,
  });
  return createHash('sha256').update(shown).digest('base64url').slice(0, 22);
}
