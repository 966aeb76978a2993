/**
 * Who is calling: an agent token, a user token (CLI), or a dashboard session cookie (with a CSRF
 * header on every state-changing request). Every route reads the principal from here; nobody
 * acts outside their org.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../protocol/index.js';
import type { Store } from '../store/store.js';
import type { Token } from '../store/records.js';
import { ApiError, forbidden } from './errors.js';
import { tokenHash } from './secrets.js';
import type { OrgCache } from './services/orgCache.js';

export type Principal =
  | { kind: 'agent'; orgId: string; tokenId: string; name: string }
  | { kind: 'user'; orgId: string; userId: string; name: string; role: Role; via: 'token' | 'session' };

export const SESSION_COOKIE = 'expacti_session';
export const CSRF_HEADER = 'x-csrf-token';

type Env = { Variables: { principal: Principal } };

const CACHE_MS = 2000;

/** Caches token lookups for a moment: the whitelisted fast path should not wait on the database twice. */
export class TokenResolver {
  private cache = new Map<string, { principal: Principal | null; at: number }>();
  constructor(
    private store: Store,
    private now: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  async resolve(secret: string): Promise<Principal | null> {
    const hash = tokenHash(secret);
    const hit = this.cache.get(hash);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.principal;
    const token = await this.store.findTokenByHash(hash);
    const principal = token ? await this.principalOf(token) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, at: this.now() });
    if (token && principal)
      void this.store.touchToken(token.id, new Date(this.now()).toISOString()).catch(() => {});
    return principal;
  }

  private async principalOf(token: Token): Promise<Principal | null> {
    if (token.revokedAt !== null) return null;
    if (token.kind === 'agent')
      return { kind: 'agent', orgId: token.orgId, tokenId: token.id, name: token.name };
    if (token.userId === null) return null;
    const user = await this.store.getUser(token.orgId, token.userId);
    if (!user) return null;
    return {
      kind: 'user',
      orgId: user.orgId,
      userId: user.id,
      name: user.username,
      role: user.role,
      via: 'token',
    };
  }
}

export function authenticate(
  store: Store,
  tokens: TokenResolver,
  orgs: OrgCache,
  now: () => Date,
): MiddlewareHandler<Env> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1])
        throw new ApiError('unauthorized', 'the Authorization header must be "Bearer <token>"');
      const principal = await tokens.resolve(match[1]);
      if (!principal) throw new ApiError('unauthorized', 'unknown or revoked token');
      c.set('principal', principal);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined) {
      const session = await store.getWebSession(tokenHash(cookie));
      if (!session || session.expiresAt <= now().toISOString()) {
        throw new ApiError('unauthorized', 'your session has ended; sign in again');
      }
      if (!session.verified) throw new ApiError('unauthorized', 'two-factor code required');
      if (
        c.req.method !== 'GET' &&
        c.req.method !== 'HEAD' &&
        c.req.header(CSRF_HEADER) !== session.csrfToken
      ) {
        throw forbidden('missing or wrong CSRF token');
      }
      const user = await store.getUser(session.orgId, session.userId);
      if (!user) throw new ApiError('unauthorized', 'your account no longer exists');
      // A session opened with a password alone ends once the org requires a second factor.
      if (user.totpSecret === null && (await orgs.get(user.orgId)).settings.requireTotp) {
        throw new ApiError(
          'unauthorized',
          'your org now requires two-factor sign-in: sign in again to enrol',
        );
      }
      c.set('principal', {
        kind: 'user',
        orgId: user.orgId,
        userId: user.id,
        name: user.username,
        role: user.role,
        via: 'session',
      });
      return next();
    }
    throw new ApiError(
      'unauthorized',
      'no credentials: send "Authorization: Bearer <token>" (EXPACTI_TOKEN)',
    );
  };
}

export function principal(c: Context): Principal {
  return c.get('principal') as Principal;
}

export function requireAgent(c: Context): Extract<Principal, { kind: 'agent' }> {
  const p = principal(c);
  if (p.kind !== 'agent') throw forbidden('only agent tokens submit and run commands');
  return p;
}

export function requireUser(c: Context, role?: Role): Extract<Principal, { kind: 'user' }> {
  const p = principal(c);
  if (p.kind !== 'user') throw forbidden('agent tokens cannot do this: it needs a reviewer');
  if (role === 'admin' && p.role !== 'admin') throw forbidden('this needs an admin');
  return p;
}
