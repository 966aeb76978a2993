/**
 * Raising an analysis view with reasons from context or the session: the tier only goes up, the
 * score stays inside the new tier's band, and the reasons are appended (the text's reasons first).
 */
import type { AnalysisView, Reason } from '../../protocol/api.js';
import { maxTier, tierRank, type Tier } from '../../protocol/tiers.js';
import { SCORE_BANDS } from '../analyzer/risk/score.js';

export function raiseView(
  view: AnalysisView,
  extra: { tier: Tier; reasons: readonly Reason[] } | undefined,
): AnalysisView {
  if (!extra || extra.reasons.length === 0) return view;
  const known = new Set(view.reasons.map((r) => `${r.code}\0${r.message}`));
  const added = extra.reasons.filter((r) => !known.has(`${r.code}\0${r.message}`));
  if (added.length === 0) return view;
  const tier = maxTier(view.tier, extra.tier);
  let score = view.score;
  if (tierRank(tier) > tierRank(view.tier)) {
    const band = SCORE_BANDS[tier];
    const atTier = added.filter((r) => r.tier === tier).length;
    score = Math.min(band.max, band.min + 10 + Math.min(4, atTier - 1));
  }
  return { ...view, tier, score, reasons: [...view.reasons, ...added] };
}
