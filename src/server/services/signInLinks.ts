/**
 * One-time dashboard sign-in links (`expacti demo` prints one). Only the process that runs the
 * server can mint one (there is no HTTP route that makes links), for a named user; the link carries
 * a 256-bit secret in the URL's fragment (`/#/sign-in/<secret>`), which browsers never send to a
 * server, so it does not reach access logs or proxies. The page posts it once to /v1/web/link.
 *
 * A link is single-use (forgotten before its user is looked up), short-lived (a minute by default),
 * and only its SHA-256 is kept — in this process's memory: a link works on the replica that made
 * it. Minting and every use are audited; a failed use counts against the address like a wrong
 * password. It stands in for the password, never for the second factor: a user with TOTP, or in
 * an org that requires it, still gets the code step (webAuth.ts).
 */
import type { Store } from '../../store/store.js';
import type { User } from '../../store/records.js';
import { newSessionSecret, tokenHash } from '../secrets.js';

export const SIGN_IN_LINK_TTL_MS = 60_000;
/** More unused links than this: the oldest go (nobody needs hundreds of live links). */
const MAX_LIVE = 100;

interface LiveLink {
  orgId: string;
  userId: string;
  expiresAt: number;
}

export class SignInLinks {
  private readonly live = new Map<string, LiveLink>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** A fresh secret for `user`'s next sign-in, valid once within `ttlMs`; audited. */
  async mint(user: User, ttlMs = SIGN_IN_LINK_TTL_MS): Promise<string> {
    const now = this.now();
    this.prune(now.getTime());
    const secret = newSessionSecret();
    const expiresAt = now.getTime() + ttlMs;
    await this.store.appendAudit([
      {
        ts: now.toISOString(),
        orgId: user.orgId,
        actor: { kind: 'system', id: null, name: 'sign-in link' },
        action: 'user.sign_in_link_created',
        subject: user.id,
        data: { username: user.username, expiresAt: new Date(expiresAt).toISOString() },
      },
    ]);
    this.live.set(tokenHash(secret), { orgId: user.orgId, userId: user.id, expiresAt });
    return secret;
  }

  /**
   * The link's user, or null when the secret is unknown, used already or expired. The link is
   * gone after this call whatever the answer (it is removed before anything is awaited).
   */
  take(secret: string): { orgId: string; userId: string } | null {
    const hash = tokenHash(secret);
    const link = this.live.get(hash);
    this.live.delete(hash);
    if (!link || link.expiresAt <= this.now().getTime()) return null;
    return { orgId: link.orgId, userId: link.userId };
  }

  private prune(now: number): void {
    for (const [hash, link] of this.live) if (link.expiresAt <= now) this.live.delete(hash);
    while (this.live.size >= MAX_LIVE) {
      const oldest = this.live.keys().next();
      if (oldest.done) break;
      this.live.delete(oldest.value);
    }
  }
}
