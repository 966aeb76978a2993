/**
 * Which parts of a command are the dangerous ones, for marking. The analysis view lists the
 * simple commands (`parts`) and the reasons; a reason that names a part ends with ": <part>".
 * If the view carries per-part tiers (`partTiers`), those win.
 */
import type { AnalysisView, Reason, Tier } from '../types.js';
import { tierRank } from '../ui/format.js';

export interface MarkedPart {
  text: string;
  tier: Tier | null;
  reasons: Reason[];
}

export function markParts(analysis: AnalysisView): MarkedPart[] {
  const given = analysis.partTiers;
  return analysis.parts.map((text, i) => {
    const reasons = analysis.reasons.filter((r) => r.message.endsWith(`: ${text}`));
    let tier: Tier | null = given?.[i] ?? null;
    for (const r of reasons)
      if (r.tier && (tier === null || tierRank(r.tier) > tierRank(tier))) tier = r.tier;
    // One part and no per-part detail: the whole command's tier is that part's.
    if (tier === null && analysis.parts.length === 1) tier = analysis.tier;
    return { text, tier, reasons };
  });
}

export interface Segment {
  text: string;
  part: MarkedPart | null;
}

/** Splits the command text into plain runs and runs that are a part (found in source order). */
export function segments(commandText: string, parts: MarkedPart[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const part of parts) {
    if (!part.text) continue;
    const i = commandText.indexOf(part.text, at);
    if (i < 0) continue;
    if (i > at) out.push({ text: commandText.slice(at, i), part: null });
    out.push({ text: part.text, part });
    at = i + part.text.length;
  }
  if (at < commandText.length) out.push({ text: commandText.slice(at), part: null });
  return out;
}

/** Worth marking: a part at or above medium, or above the other parts. */
export function isDangerous(tier: Tier | null): boolean {
  return tier !== null && tierRank(tier) >= tierRank('medium');
}
