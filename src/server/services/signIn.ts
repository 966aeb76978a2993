/**
 * Checking who signs in, for both sign-in routes (CLI token, dashboard session): the throttle
 * (signInThrottle.ts) first, then the password and, when given, the second factor. Every failure is
 * counted and audited; every refusal by a guard is a 429 with Retry-After.
 *
 * While the per-username guard holds, only a correct password together with a valid code gets
 * through, and every other attempt gets the same answer — it does not tell a right password from a
 * wrong one, nor whether the account has a second factor.
 */
import type { AuditDraft, User } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { ApiError, tooManyRequests } from '../errors.js';
import { decoyHash, verifyPassword } from '../passwords.js';
import { verifyTotp } from '../totp.js';
import { signInKeys, type SignInKeys, type SignInThrottle } from './signInThrottle.js';

export interface SignInDeps {
  store: Store;
  signIns: SignInThrottle;
  now: () => Date;
}

export interface PasswordAttempt {
  address: string;
  username: string;
  password: string;
  /** A TOTP code sent with the password (CLI --totp; the dashboard while the account is guarded). */
  code?: string;
  via: 'cli' | 'web';
}

/** The password was right; `codeVerified`: a valid second factor came with it. */
export interface PasswordSignIn {
  user: User;
  codeVerified: boolean;
}

export async function passwordSignIn(d: SignInDeps, a: PasswordAttempt): Promise<PasswordSignIn> {
  const keys = signInKeys(a.address, a.username);
  const waits = await d.signIns.waits(keys);
  const fast = Math.max(waits.address, waits.addressUser);
  if (fast > 0)
    throw tooManyRequests(`too many failed sign-ins from your address; try again in ${fast} s`, fast);
  const guarded = (): ApiError =>
    tooManyRequests(
      `too many failed sign-ins for this account; try again in ${waits.user} s, or sign in with your password and two-factor code now`,
      waits.user,
      { codeAccepted: true },
    );

  const user = await d.store.findUserByName(a.username);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), a.password);
  if (!user || !passwordOk) {
    await fail(d, keys, [keys.address, keys.addressUser, keys.user], a, user, 'password');
    if (waits.user > 0) throw guarded();
    throw new ApiError(
      'unauthorized',
      a.via === 'cli' ? 'wrong username, password or code' : 'wrong username or password',
    );
  }
  if (user.totpSecret !== null && a.code !== undefined) {
    if (waits.code > 0) {
      if (waits.user > 0) throw guarded();
      throw tooManyRequests(
        `too many wrong codes for this account; try again in ${waits.code} s`,
        waits.code,
      );
    }
    if (!verifyTotp(user.totpSecret, a.code)) {
      await fail(d, keys, [keys.address, keys.addressUser, keys.code], a, user, 'totp');
      if (waits.user > 0) throw guarded();
      throw new ApiError('unauthorized', 'wrong or expired code; use the current one from your app');
    }
    await d.signIns.clear([keys.addressUser, keys.user, keys.code]);
    return { user, codeVerified: true };
  }
  // A correct password alone does not get past the per-username guard.
  if (waits.user > 0) throw guarded();
  await d.signIns.clear([keys.addressUser, keys.user]);
  return { user, codeVerified: false };
}

/** The dashboard's second step: a TOTP code for a session whose password was already right. */
export async function codeSignIn(
  d: SignInDeps,
  a: { address: string; user: User; secret: string; code: string },
): Promise<void> {
  const keys = signInKeys(a.address, a.user.username);
  const waits = await d.signIns.waits(keys);
  const wait = Math.max(waits.address, waits.addressUser, waits.code);
  if (wait > 0) throw tooManyRequests(`too many failed codes; try again in ${wait} s`, wait);
  if (!verifyTotp(a.secret, a.code)) {
    const attempt = { address: a.address, username: a.user.username, password: '', via: 'web' as const };
    await fail(d, keys, [keys.address, keys.addressUser, keys.code], attempt, a.user, 'totp');
    throw new ApiError('unauthorized', 'wrong or expired code; use the current one from your app');
  }
  await d.signIns.clear([keys.addressUser, keys.user, keys.code]);
}

async function fail(
  d: SignInDeps,
  keys: SignInKeys,
  counted: string[],
  a: PasswordAttempt,
  user: User | null,
  reason: 'password' | 'totp',
): Promise<void> {
  const counts = await d.signIns.fail(counted);
  const at = d.now().toISOString();
  const actor = { kind: 'user' as const, id: user?.id ?? null, name: a.username };
  const records: AuditDraft[] = [
    {
      ts: at,
      orgId: user?.orgId ?? null,
      actor,
      action: 'user.login_failed',
      subject: user?.id ?? null,
      data: { via: a.via, reason, address: a.address },
    },
  ];
  const lock = counts.find((c) => c.key === keys.user && d.signIns.startsUserLock(c));
  if (lock) {
    records.push({
      ts: at,
      orgId: user?.orgId ?? null,
      actor: { kind: 'system', id: null, name: 'sign-in throttle' },
      action: 'user.sign_in_guarded',
      subject: user?.id ?? null,
      data: { username: a.username, failures: lock.failures, until: lock.blockedUntil },
    });
  }
  await d.store.appendAudit(records);
}
