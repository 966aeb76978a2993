/**
 * Whitelist hit counts, batched: the fast path only bumps a counter in memory; a timer writes the
 * sums to the store once a second (and at shutdown). The request's own audit record is the
 * evidence of each hit; the counter is the summary shown to reviewers.
 */
import type { Store } from '../../store/store.js';
import type { Log } from '../log.js';

export class HitCounter {
  private pending = new Map<string, { count: number; lastUsedAt: string }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private store: Store,
    private log: Log,
    private intervalMs = 1000,
  ) {}

  record(entryId: string, at: string): void {
    const p = this.pending.get(entryId);
    if (p) {
      p.count++;
      p.lastUsedAt = at;
    } else this.pending.set(entryId, { count: 1, lastUsedAt: at });
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Hits recorded here but not yet written. */
  unflushed(entryId: string): number {
    return this.pending.get(entryId)?.count ?? 0;
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending].map(([entryId, p]) => ({ entryId, ...p }));
    this.pending.clear();
    try {
      await this.store.recordWhitelistHits(batch);
    } catch (error) {
      this.log.warn({ err: error, entries: batch.length }, 'could not record whitelist hits; retrying');
      for (const h of batch) {
        const p = this.pending.get(h.entryId);
        if (p) p.count += h.count;
        else this.pending.set(h.entryId, { count: h.count, lastUsedAt: h.lastUsedAt });
      }
      this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
    }
  }
}
