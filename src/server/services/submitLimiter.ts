/**
 * Submission rate limits per agent token and per org (issue 26), shared by every replica through
 * the store. Fixed one-minute windows: each replica counts its own submissions in memory (the
 * submit path pays a map lookup, never a database round trip) and adds them to the store's count
 * every FLUSH_MS, reading back what every replica has admitted. A submission over the limit is
 * refused with 429 and when to retry. Firm to within what the replicas admit between two flushes;
 * a window boundary may admit up to twice the limit over a minute, as fixed windows do.
 */
import type { Store } from '../../store/store.js';
import type { Log } from '../log.js';
import { tooManyRequests } from '../errors.js';

export const WINDOW_MS = 60_000;
const FLUSH_MS = 250;
/** Windows kept in the store this long after they end (the rest is pruned). */
const KEEP_MS = 10 * WINDOW_MS;

interface Count {
  window: number;
  /** Admitted by every replica, as of the last flush (this replica's flushed share included). */
  total: number;
  /** Admitted here since the last flush. */
  pending: number;
}

export interface SubmitLimits {
  perToken: number;
  perOrg: number;
}

export class SubmitLimiter {
  private counts = new Map<string, Count>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private lastPrune = 0;
  private stopped = false;

  constructor(
    private store: Store,
    private log: Log,
    private nowMs: () => number = Date.now,
  ) {}

  /** Admits one submission of this token, or throws 429 saying which limit and when to retry. */
  admit(orgId: string, tokenId: string, agentName: string, limits: SubmitLimits): void {
    const { token, org } = this.within(orgId, tokenId, agentName, limits);
    token.pending++;
    org.pending++;
    this.schedule();
  }

  /** Throws 429 as admit does when a submission would be over a limit now, without counting one. */
  check(orgId: string, tokenId: string, agentName: string, limits: SubmitLimits): void {
    this.within(orgId, tokenId, agentName, limits);
  }

  private within(
    orgId: string,
    tokenId: string,
    agentName: string,
    limits: SubmitLimits,
  ): { token: Count; org: Count } {
    const now = this.nowMs();
    const window = now - (now % WINDOW_MS);
    const token = this.count(`token:${tokenId}`, window);
    const org = this.count(`org:${orgId}`, window);
    const retry = (window + WINDOW_MS - now) / 1000;
    if (token.total + token.pending >= limits.perToken)
      throw tooManyRequests(
        `agent "${agentName}" sent ${limits.perToken} commands this minute, its token's limit (the org's submitsPerMinutePerToken): a runaway loop? Wait ${Math.ceil(retry)} s, or ask an admin to raise the limit`,
        retry,
        { limit: limits.perToken, scope: 'token' },
      );
    if (org.total + org.pending >= limits.perOrg)
      throw tooManyRequests(
        `the org's agents sent ${limits.perOrg} commands this minute, its limit (submitsPerMinutePerOrg): wait ${Math.ceil(retry)} s, or ask an admin to raise the limit`,
        retry,
        { limit: limits.perOrg, scope: 'org' },
      );
    return { token, org };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private count(key: string, window: number): Count {
    let c = this.counts.get(key);
    if (!c || c.window !== window) {
      c = { window, total: 0, pending: 0 };
      this.counts.set(key, c);
    }
    return c;
  }

  /** Adds what this replica admitted to the store's counts and reads back every replica's. */
  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.nowMs();
    const current = now - (now % WINDOW_MS);
    // Counts of past windows no longer decide anything here; what they admitted is in the store or lost with the window.
    for (const [key, c] of this.counts) if (c.window < current && c.pending === 0) this.counts.delete(key);
    const batch = [...this.counts].map(([key, c]) => ({ key, c, add: c.pending }));
    if (batch.length === 0) return;
    try {
      const totals = await this.store.addRateCounts(
        batch.map((b) => ({ key: b.key, windowStart: new Date(b.c.window).toISOString(), add: b.add })),
      );
      batch.forEach((b, i) => {
        b.c.pending -= b.add;
        b.c.total = Math.max(b.c.total, totals[i] ?? 0);
      });
      if (now - this.lastPrune > KEEP_MS) {
        this.lastPrune = now;
        await this.store.pruneRateCounts(new Date(current - KEEP_MS).toISOString());
      }
    } catch (error) {
      this.log.warn({ err: error, keys: batch.length }, 'could not share submission counts; retrying');
    }
    // Keep other replicas' counts coming while this window is in use.
    if ([...this.counts.values()].some((c) => c.window === current || c.pending > 0)) this.schedule();
  }

  /** No more timers (at shutdown: a last flush() still adds what was admitted). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
