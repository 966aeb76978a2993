import type { Tier } from '../types.js';

/** The tier as a coloured label with its score; the word carries the meaning, not the colour alone. */
export function TierBadge({ tier, score }: { tier: Tier; score?: number }) {
  return (
    <span
      className={`tier tier-${tier}`}
      title={`risk tier ${tier}${score === undefined ? '' : `, score ${score} of 100`}`}
    >
      {tier}
      {score === undefined ? null : <span className="tier-score">{score}</span>}
    </span>
  );
}
