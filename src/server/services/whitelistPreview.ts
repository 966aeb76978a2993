/**
 * "What would this pattern have allowed?": re-analyzes the org's recent requests and runs them
 * through a matcher built from the candidate entry alone — the same matcher the gate uses, so the
 * preview is exactly as broad as the entry would be.
 */
import type { Analysis, CommandAnalyzer } from '../../core/analyzer/types.js';
import type { RequestRecord, WhitelistEntry } from '../../store/records.js';
import type { BuildMatcher } from './whitelistCache.js';

export interface PreviewMatch {
  id: string;
  commandText: string;
  agent: string;
  status: string;
  createdAt: string;
  tier: string;
}

export interface WhitelistPreview {
  pattern: string;
  /** Requests looked at (the most recent first). */
  scanned: number;
  /** How many of them the entry would have allowed. */
  matched: number;
  /** Distinct matched commands, newest first (at most `limit`). */
  examples: Array<PreviewMatch & { times: number }>;
}

export function previewPattern(
  analyzer: CommandAnalyzer,
  build: BuildMatcher,
  candidate: Pick<WhitelistEntry, 'orgId' | 'pattern' | 'exact' | 'agent'>,
  history: RequestRecord[],
  now: string,
  limit = 50,
): WhitelistPreview {
  const entry: WhitelistEntry = {
    ...candidate,
    id: 'preview',
    effect: 'allow',
    createdBy: 'preview',
    createdFromRequest: null,
    createdAt: now,
    expiresAt: null,
    hits: 0,
    lastUsedAt: null,
    disabled: false,
    note: null,
    context: null,
  };
  const matcher = build([entry]);
  const byText = new Map<string, PreviewMatch & { times: number }>();
  let matched = 0;
  // The same command recurs often: analyze each distinct one once.
  const analyses = new Map<string, Analysis | null>();
  for (const r of history) {
    const key = JSON.stringify(r.command);
    if (!analyses.has(key)) {
      try {
        analyses.set(key, analyzer.analyze(r.command));
      } catch {
        analyses.set(key, null);
      }
    }
    const analysis = analyses.get(key);
    let allowed = false;
    try {
      allowed = !!analysis && matcher.match(analysis, { agent: r.agentName, now }).decision === 'allow';
    } catch {
      allowed = false;
    }
    if (!allowed) continue;
    matched++;
    const seen = byText.get(r.commandText);
    if (seen) seen.times++;
    else {
      byText.set(r.commandText, {
        id: r.id,
        commandText: r.commandText,
        agent: r.agentName,
        status: r.status,
        createdAt: r.createdAt,
        tier: r.analysis.tier,
        times: 1,
      });
    }
  }
  return {
    pattern: candidate.pattern,
    scanned: history.length,
    matched,
    examples: [...byText.values()].slice(0, limit),
  };
}
