/**
 * "What would this pattern have allowed?": re-analyzes the org's recent requests and runs them
 * through a matcher built from the candidate entry alone — the same matcher the gate uses, so the
 * preview is exactly as broad as the entry would be — with what happened to each command, denials
 * first: a reviewer widening a pattern must see what colleagues refused.
 */
import type { Analysis, CommandAnalyzer } from '../../core/analyzer/types.js';
import type { PreviewMatch, WhitelistPreview } from '../../protocol/index.js';
import type { RequestRecord, WhitelistEntry } from '../../store/records.js';
import type { BuildMatcher } from './whitelistCache.js';

export type { PreviewMatch, WhitelistPreview };

/** How many recent requests a preview reads. */
export const PREVIEW_HISTORY = 500;

function decidedBy(r: RequestRecord): string | null {
  const by = r.decision?.by;
  if (!by) return null;
  switch (by.kind) {
    case 'user':
      return by.name;
    case 'whitelist':
      return 'the whitelist';
    case 'policy':
      return `policy (${by.rule})`;
    case 'system':
      return 'expiry';
  }
}

function tally(m: PreviewMatch, r: RequestRecord): void {
  if (r.status === 'approved' && r.decision?.by.kind === 'whitelist') m.outcomes.whitelisted++;
  else m.outcomes[r.status]++;
  if (r.status === 'denied' && m.denials.length < 3)
    m.denials.push({
      by: decidedBy(r) ?? 'unknown',
      note: r.decision?.note ?? null,
      at: r.decision?.at ?? r.createdAt,
    });
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
  const byText = new Map<string, PreviewMatch>();
  let matched = 0;
  // The same command recurs often: analyze each distinct one once. History is newest first.
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
      allowed =
        !!analysis && matcher.match(analysis, { agent: r.agentName, now, cwd: r.cwd }).decision === 'allow';
    } catch {
      allowed = false;
    }
    if (!allowed) continue;
    matched++;
    let m = byText.get(r.commandText);
    if (!m) {
      m = {
        id: r.id,
        commandText: r.commandText,
        agent: r.agentName,
        createdAt: r.createdAt,
        tier: r.analysis.tier,
        times: 0,
        outcomes: { approved: 0, denied: 0, expired: 0, pending: 0, whitelisted: 0 },
        denials: [],
        last: {
          status: r.status,
          by: decidedBy(r),
          note: r.decision?.note ?? null,
          at: r.decision?.at ?? null,
        },
      };
      byText.set(r.commandText, m);
    }
    m.times++;
    tally(m, r);
  }
  const all = [...byText.values()];
  const denied = all.filter((m) => m.outcomes.denied > 0);
  return {
    pattern: candidate.pattern,
    scanned: history.length,
    matched,
    deniedCommands: denied.length,
    examples: [...denied, ...all.filter((m) => m.outcomes.denied === 0)].slice(0, limit),
  };
}

/** One line per denied command, for an error message: "`rm -rf ./x` (denied by bob: “no”)". */
export function deniedSummary(preview: WhitelistPreview, max = 3): string {
  const denied = preview.examples.filter((m) => m.outcomes.denied > 0);
  const lines = denied.slice(0, max).map((m) => {
    const d = m.denials[0];
    return `\`${m.commandText}\` (denied by ${d?.by ?? 'a reviewer'}${d?.note ? `: “${d.note}”` : ''})`;
  });
  const more = preview.deniedCommands - lines.length;
  return lines.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
