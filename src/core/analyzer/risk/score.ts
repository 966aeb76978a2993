/** Scores: each tier owns a band of 0–100, so the score is monotone with the tier. */
import type { Tier } from '../../../protocol/index.js';

export const SCORE_BANDS: Readonly<Record<Tier, { min: number; max: number }>> = {
  safe: { min: 0, max: 19 },
  low: { min: 20, max: 39 },
  medium: { min: 40, max: 59 },
  high: { min: 60, max: 79 },
  critical: { min: 80, max: 100 },
};

/**
 * The score inside the tier's band: the strongest reason's weight (0–19, default 10), plus one
 * point for each further reason at the same tier (at most 4), clamped to the band.
 */
export function scoreFor(tier: Tier, weights: number[]): number {
  const band = SCORE_BANDS[tier];
  if (weights.length === 0) return band.min + (tier === 'safe' ? 0 : 5);
  const top = Math.max(...weights);
  const extra = Math.min(4, weights.length - 1);
  return Math.min(band.max, band.min + Math.round(top) + extra);
}
