/**
 * Credentials and the principals they stand for: agent and user tokens (Bearer) and dashboard
 * sessions (cookie). Resolved once per request by authenticate (auth.ts), and again — from the
 * store, never from a cache — whenever an open event stream must prove its credential still holds.
 */
import type { Role } from '../protocol/index.js';
import type { Store } from '../store/store.js';
import type { Token, WebSession } from '../store/records.js';
import type { OrgCache } from './services/orgCache.js';

/** What a caller authenticated with: a token (by its id and stored hash) or a dashboard session. */
export type Credential =
  { kind: 'token'; tokenId: string; hash: string } | { kind: 'session'; idHash: string; expiresAt: string };

export type Principal =
  | { kind: 'agent'; orgId: string; tokenId: string; name: string; credential: Credential }
  | {
      kind: 'user';
      orgId: string;
      userId: string;
      name: string;
      role: Role;
      via: 'token' | 'session';
      credential: Credential;
    };

const CACHE_MS = 2000;

/**
 * Token lookups, cached for a moment: the whitelisted fast path should not wait on the database
 * twice. The change feed empties the cache when a credential is revoked on any replica; a lookup
 * that was already reading when that happened does not put its (possibly stale) answer back.
 */
export class TokenResolver {
  private cache = new Map<string, { principal: Principal | null; at: number }>();
  private generation = 0;
  constructor(
    private store: Store,
    private now: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.generation += 1;
    this.cache.clear();
  }

  async resolve(hash: string): Promise<Principal | null> {
    const hit = this.cache.get(hash);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.principal;
    const generation = this.generation;
    const token = await this.store.findTokenByHash(hash);
    const principal = token ? await tokenPrincipal(this.store, token) : null;
    if (generation === this.generation) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { principal, at: this.now() });
    }
    if (token && principal)
      void this.store.touchToken(token.id, new Date(this.now()).toISOString()).catch(() => {});
    return principal;
  }
}

/** The principal an unrevoked token stands for; null when revoked or its user is gone. */
export async function tokenPrincipal(store: Store, token: Token): Promise<Principal | null> {
  if (token.revokedAt !== null) return null;
  const credential: Credential = { kind: 'token', tokenId: token.id, hash: token.hash };
  if (token.kind === 'agent')
    return { kind: 'agent', orgId: token.orgId, tokenId: token.id, name: token.name, credential };
  if (token.userId === null) return null;
  const user = await store.getUser(token.orgId, token.userId);
  if (!user) return null;
  return {
    kind: 'user',
    orgId: user.orgId,
    userId: user.id,
    name: user.username,
    role: user.role,
    via: 'token',
    credential,
  };
}

/** The principal a dashboard session stands for, or why it no longer counts (for a 401). */
export async function sessionPrincipal(
  store: Store,
  orgs: OrgCache,
  session: WebSession | null,
  now: Date,
): Promise<{ ok: true; principal: Principal } | { ok: false; why: string }> {
  if (!session || session.expiresAt <= now.toISOString())
    return { ok: false, why: 'your session has ended; sign in again' };
  if (!session.verified) return { ok: false, why: 'two-factor code required' };
  const user = await store.getUser(session.orgId, session.userId);
  if (!user) return { ok: false, why: 'your account no longer exists' };
  // A session opened with a password alone ends once the org requires a second factor.
  if (user.totpSecret === null && (await orgs.get(user.orgId)).settings.requireTotp) {
    return { ok: false, why: 'your org now requires two-factor sign-in: sign in again to enrol' };
  }
  return {
    ok: true,
    principal: {
      kind: 'user',
      orgId: user.orgId,
      userId: user.id,
      name: user.username,
      role: user.role,
      via: 'session',
      credential: { kind: 'session', idHash: session.idHash, expiresAt: session.expiresAt },
    },
  };
}

/**
 * Whether `principal`'s credential still holds, read from the store now (no cache): the token is
 * not revoked and its user still exists, or the session still exists, has not expired, and its user
 * still may use it. An open event stream asks this before it sends anything.
 */
export async function credentialHolds(
  store: Store,
  orgs: OrgCache,
  principal: Principal,
  now: Date,
): Promise<boolean> {
  const credential = principal.credential;
  if (credential.kind === 'token') {
    const token = await store.findTokenByHash(credential.hash);
    const current = token && token.id === credential.tokenId ? await tokenPrincipal(store, token) : null;
    return current !== null && sameIdentity(current, principal);
  }
  const current = await sessionPrincipal(store, orgs, await store.getWebSession(credential.idHash), now);
  return current.ok && sameIdentity(current.principal, principal);
}

function sameIdentity(a: Principal, b: Principal): boolean {
  if (a.orgId !== b.orgId) return false;
  if (a.kind === 'agent') return b.kind === 'agent' && a.tokenId === b.tokenId;
  return b.kind === 'user' && a.userId === b.userId;
}
