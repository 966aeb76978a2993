/**
 * Throttles repeated sign-in failures per username and per client address: after 5 failures in a
 * row, each further attempt must wait, doubling from 1 s up to 15 min. A success clears the count.
 */
export class LoginThrottle {
  private failures = new Map<string, { count: number; until: number }>();

  constructor(
    private now: () => number = Date.now,
    private free = 5,
  ) {}

  /** Seconds to wait before another attempt for any of these keys, or 0. */
  retryAfter(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const f = this.failures.get(k);
      if (f && f.until > t) wait = Math.max(wait, Math.ceil((f.until - t) / 1000));
    }
    return wait;
  }

  fail(keys: string[]): void {
    const t = this.now();
    if (this.failures.size > 100_000) this.failures.clear();
    for (const k of keys) {
      const f = this.failures.get(k) ?? { count: 0, until: 0 };
      f.count++;
      if (f.count >= this.free) f.until = t + Math.min(15 * 60_000, 1000 * 2 ** (f.count - this.free));
      this.failures.set(k, f);
    }
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}
