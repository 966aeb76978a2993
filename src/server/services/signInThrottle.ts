/**
 * Sign-in throttling, counted in the store (one count for the CLI token sign-in and the dashboard's
 * password and code steps, on every replica). Three guards, so that nobody can lock another person
 * out from their own address:
 *
 *  - by address, and by address and username (fast: a few failures, then a wait doubling from
 *    1 s to 15 min): they stop guessing from one place, and never affect anyone else's address;
 *  - by username across all addresses (slow: many failures, then a wait doubling from 1 min to
 *    1 h): it stops guessing spread over many addresses, and yields to a correct password given
 *    with a valid second factor — a user with TOTP is never locked out by it;
 *  - by username for second-factor codes (fast): it stops someone who has the password from
 *    guessing codes.
 *
 * IPv6 addresses count per /64 (one host usually holds a whole /64), IPv4-mapped ones as IPv4.
 */
import type { SignInFailure, Store } from '../../store/store.js';

export interface GuardPolicy {
  /** Failures allowed before the first wait. */
  free: number;
  /** The first wait; each further failure doubles it, up to maxMs. */
  baseMs: number;
  maxMs: number;
}

export interface SignInPolicy {
  address: GuardPolicy;
  addressUser: GuardPolicy;
  user: GuardPolicy;
  code: GuardPolicy;
  /** A key with no failure for this long starts counting again from zero. */
  forgetAfterMs: number;
}

export const SIGN_IN_POLICY: SignInPolicy = {
  address: { free: 20, baseMs: 1000, maxMs: 15 * 60_000 },
  addressUser: { free: 5, baseMs: 1000, maxMs: 15 * 60_000 },
  user: { free: 30, baseMs: 60_000, maxMs: 60 * 60_000 },
  code: { free: 5, baseMs: 1000, maxMs: 15 * 60_000 },
  forgetAfterMs: 60 * 60_000,
};

type Guard = Exclude<keyof SignInPolicy, 'forgetAfterMs'>;
const PREFIX: Record<Guard, string> = { address: 'a:', addressUser: 'au:', user: 'u:', code: 'c:' };

export type SignInKeys = Record<Guard, string>;

export function signInKeys(address: string, username: string): SignInKeys {
  const a = throttleAddress(address);
  const u = username.toLowerCase();
  return {
    address: PREFIX.address + a,
    addressUser: `${PREFIX.addressUser}${a}|${u}`,
    user: PREFIX.user + u,
    code: PREFIX.code + u,
  };
}

/** The address as throttling counts it: IPv4-mapped IPv6 as IPv4, other IPv6 by its /64. */
export function throttleAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::', 2);
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** How long a key's `failures`-th failure blocks further attempts (0: not yet). */
export function blockMs(policy: GuardPolicy, failures: number): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, failures - policy.free));
}

export type Waits = Record<Guard, number>;

export class SignInThrottle {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly policy: SignInPolicy = SIGN_IN_POLICY,
  ) {}

  /** Seconds each guard still blocks (0: free to try). */
  async waits(keys: SignInKeys): Promise<Waits> {
    const rows = await this.store.readSignInFailures(Object.values(keys));
    const now = this.now().getTime();
    const wait = (key: string): number => {
      const until = rows.find((r) => r.key === key)?.blockedUntil;
      return until ? Math.max(0, Math.ceil((Date.parse(until) - now) / 1000)) : 0;
    };
    return {
      address: wait(keys.address),
      addressUser: wait(keys.addressUser),
      user: wait(keys.user),
      code: wait(keys.code),
    };
  }

  /** Counts a failure under each key; returns the new counts. */
  async fail(keys: string[]): Promise<SignInFailure[]> {
    const now = this.now();
    const forgetBefore = new Date(now.getTime() - this.policy.forgetAfterMs).toISOString();
    const counts = await this.store.recordSignInFailures(keys, now.toISOString(), forgetBefore, (key, n) =>
      blockMs(this.policy[this.guardOf(key)], n),
    );
    if (now.getTime() - this.lastPrune > 10 * 60_000) {
      this.lastPrune = now.getTime();
      void this.store.pruneSignInFailures(forgetBefore, now.toISOString()).catch(() => undefined);
    }
    return counts;
  }

  async clear(keys: string[]): Promise<void> {
    await this.store.clearSignInFailures(keys);
  }

  /** Whether this count just started the per-username guard's first wait (worth an audit record). */
  startsUserLock(count: SignInFailure): boolean {
    return count.key.startsWith(PREFIX.user) && count.failures === this.policy.user.free;
  }

  private guardOf(key: string): Guard {
    for (const guard of ['addressUser', 'address', 'user', 'code'] as const) {
      if (key.startsWith(PREFIX[guard])) return guard;
    }
    throw new Error(`not a sign-in throttle key: ${key}`);
  }
}
