/** Queue order: riskiest tier first, then the oldest (closest to auto-deny) first. */
import type { RequestView, Tier } from '../types.js';
import { tierRank } from '../ui/format.js';

/** The command's tier, raised by what the runtime context showed (never lowered). */
export function effectiveTier(r: RequestView): Tier {
  const raised = r.context?.assessment?.tier;
  return raised && tierRank(raised) > tierRank(r.analysis.tier) ? raised : r.analysis.tier;
}

export function queueOrder(a: RequestView, b: RequestView): number {
  return tierRank(effectiveTier(b)) - tierRank(effectiveTier(a)) || a.createdAt.localeCompare(b.createdAt);
}

/** Free-text filter over what a reviewer sees in a queue row. */
export function matchesSearch(r: RequestView, q: string): boolean {
  if (!q) return true;
  const hay = [
    r.commandText,
    r.agent.name,
    r.host ?? '',
    r.cwd,
    r.session ?? '',
    r.reason ?? '',
    r.analysis.tier,
  ]
    .join('\n')
    .toLowerCase();
  return (q.toLowerCase().match(/\S+/g) ?? []).every((w) => hay.includes(w));
}
