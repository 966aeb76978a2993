/**
 * Each org's whitelist as a compiled in-memory index, loaded on first use and rebuilt when the
 * change feed says the org's whitelist changed (on this replica or any other).
 *
 * Denials teach (docs/whitelist.md): a command a reviewer denied (among the org's last
 * DENIAL_MEMORY denials) is never allowed by a pattern — only an exact entry, which a reviewer
 * makes for that very command, allows it again. The denials are read with the whitelist, and again
 * whenever a reviewer on this replica denies (`denied()`); a pattern made after a denial rebuilds
 * the index, so it always sees the denials it could cover.
 */
import type { Analysis } from '../../core/analyzer/types.js';
import type { Store } from '../../store/store.js';
import type { WhitelistEntry } from '../../store/records.js';
import type { MatchContext } from '../../core/whitelist/index.js';

export type WhitelistMatch =
  | { decision: 'allow'; entries: WhitelistEntry[] }
  | { decision: 'deny'; entry: WhitelistEntry; command: number }
  | { decision: 'none'; why: string };

export interface WhitelistMatcher {
  match(analysis: Analysis, options: MatchContext): WhitelistMatch;
}

export type BuildMatcher = (entries: WhitelistEntry[]) => WhitelistMatcher;

/** How many of an org's latest denials a pattern must leave alone. */
export const DENIAL_MEMORY = 500;

export class WhitelistCache {
  private byOrg = new Map<string, Promise<WhitelistMatcher>>();

  constructor(
    private store: Store,
    private build: BuildMatcher,
  ) {}

  get(orgId: string): Promise<WhitelistMatcher> {
    let matcher = this.byOrg.get(orgId);
    if (!matcher) {
      matcher = Promise.all([
        this.store.listWhitelist(orgId),
        this.store.listRequests(orgId, { status: 'denied', limit: DENIAL_MEMORY }),
      ]).then(([entries, denials]) => {
        const denied = new Set<string>();
        for (const r of denials)
          if (r.decision?.by.kind === 'user' && r.analysis.canonical !== null)
            denied.add(r.analysis.canonical);
        return neverOverDenials(this.build(entries), denied);
      });
      matcher.catch(() => this.byOrg.delete(orgId));
      this.byOrg.set(orgId, matcher);
    }
    return matcher;
  }

  /** A reviewer denied a request: patterns must not allow that command from now on. */
  denied(orgId: string): void {
    this.invalidate(orgId);
  }

  invalidate(orgId?: string): void {
    if (orgId === undefined) this.byOrg.clear();
    else this.byOrg.delete(orgId);
  }
}

/** The matcher, except that a pattern (a non-exact entry) never allows a command a reviewer denied. */
function neverOverDenials(matcher: WhitelistMatcher, denied: ReadonlySet<string>): WhitelistMatcher {
  if (denied.size === 0) return matcher;
  return {
    match(analysis, options) {
      const m = matcher.match(analysis, options);
      if (m.decision !== 'allow' || m.entries.every((e) => e.exact)) return m;
      if (analysis.canonical === null || !denied.has(analysis.canonical)) return m;
      return {
        decision: 'none',
        why: 'a reviewer denied this very command before: a pattern never allows it again, only a reviewer (or an exact entry)',
      };
    },
  };
}
