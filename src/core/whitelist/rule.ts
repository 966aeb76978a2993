/**
 * What the whitelist reads of an entry. The store's WhitelistEntry (src/store/records.ts) has these
 * fields and more; the index hands the same objects back in its decisions.
 */
import type { Tier } from '../../protocol/tiers.js';

export interface WhitelistRule {
  effect: 'allow' | 'deny';
  /** Whitelist syntax (docs/whitelist.md); an exact entry is a canonical command. */
  pattern: string;
  exact: boolean;
  /** null: the whole org; otherwise the one agent name it applies to. */
  agent: string | null;
  expiresAt: string | null;
  disabled: boolean;
  /** Set: a session-scoped approval, for this agent session only. */
  session?: string | null;
  /** Set: never a command judged above this tier. */
  maxTier?: Tier | null;
}
