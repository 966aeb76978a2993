/**
 * Each org's whitelist as a compiled in-memory index, loaded on first use and rebuilt when the
 * change feed says the org's whitelist changed (on this replica or any other).
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

export class WhitelistCache {
  private byOrg = new Map<string, Promise<WhitelistMatcher>>();

  constructor(
    private store: Store,
    private build: BuildMatcher,
  ) {}

  get(orgId: string): Promise<WhitelistMatcher> {
    let matcher = this.byOrg.get(orgId);
    if (!matcher) {
      matcher = this.store.listWhitelist(orgId).then(this.build);
      matcher.catch(() => this.byOrg.delete(orgId));
      this.byOrg.set(orgId, matcher);
    }
    return matcher;
  }

  invalidate(orgId?: string): void {
    if (orgId === undefined) this.byOrg.clear();
    else this.byOrg.delete(orgId);
  }
}
