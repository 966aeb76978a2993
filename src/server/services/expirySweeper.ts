/**
 * Auto-deny on timeout, and the end of unclaimed approvals' claim windows. Sleeps until the earliest pending expiry (re-armed whenever a request
 * changes), at most `maxSleepMs`, so that when the replica that took a request dies, any other
 * replica still expires it; the compare-and-set makes that happen exactly once.
 */
import type { ExpiredRequest, Store } from '../../store/store.js';
import type { Log } from '../log.js';

export class ExpirySweeper {
  private timer: NodeJS.Timeout | undefined;
  private pokeTimer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  constructor(
    private store: Store,
    private expire: (due: ExpiredRequest) => Promise<boolean>,
    private now: () => Date,
    private log: Log,
    private maxSleepMs = 5000,
  ) {}

  start(): void {
    this.stopped = false;
    void this.sweep();
  }

  /**
   * Something changed: look at the next expiry again — at most once per 50 ms, since every
   * request change pokes (a new pending request expires at least a second from now).
   */
  poke(): void {
    if (this.pokeTimer || this.stopped) return;
    this.pokeTimer = setTimeout(() => {
      this.pokeTimer = undefined;
      if (!this.running && !this.stopped) void this.arm();
    }, 50);
    this.pokeTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.pokeTimer);
  }

  private async sweep(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      for (;;) {
        const due = await this.store.listExpired(this.now().toISOString(), 100);
        for (const request of due) await this.expire(request);
        if (due.length < 100 || this.stopped) break;
      }
    } catch (error) {
      this.log.warn({ err: error }, 'expiry sweep failed; retrying');
    } finally {
      this.running = false;
    }
    await this.arm();
  }

  private async arm(): Promise<void> {
    if (this.stopped) return;
    let delay = this.maxSleepMs;
    try {
      const next = await this.store.nextExpiry();
      if (next !== null) delay = Math.min(delay, Math.max(0, Date.parse(next) - this.now().getTime()) + 5);
    } catch {
      // keep the default delay; the sweep itself logs store failures
    }
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.sweep(), delay);
    this.timer.unref();
  }
}
