/** The decision a whitelist match makes, with who approved each entry and how often it ran. */
import { whitelistJustification } from '../../core/approval/justification.js';
import type { Decision } from '../../protocol/index.js';
import type { WhitelistEntry } from '../../store/records.js';

export function whitelistDecision(
  entries: WhitelistEntry[],
  hitsBefore: (entry: WhitelistEntry) => number,
  at: string,
  addendum?: string,
): Decision {
  const first = entries[0];
  if (!first) throw new Error('a whitelist decision needs at least one entry');
  const facts = entries.map((e) => ({
    pattern: e.pattern,
    exact: e.exact,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    hitsBefore: hitsBefore(e),
  }));
  const justification = whitelistJustification(facts);
  return {
    outcome: 'approved',
    by: {
      kind: 'whitelist',
      entryId: first.id,
      approvedBy: first.createdBy,
      approvedAt: first.createdAt,
      hits: facts[0]?.hitsBefore ?? 0,
    },
    justification: addendum ? `${justification}; ${addendum}` : justification,
    at,
  };
}
