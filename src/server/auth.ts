/**
 * Who is calling: an agent token, a user token (CLI), or a dashboard session cookie (with a CSRF
 * header on every state-changing request). Every route reads the principal from here; nobody
 * acts outside their org.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../protocol/index.js';
import type { Store } from '../store/store.js';
import { ApiError, forbidden } from './errors.js';
import { tokenHash } from './secrets.js';
import type { OrgCache } from './services/orgCache.js';
import { sessionPrincipal, type Principal, type TokenResolver } from './credentials.js';

export type { Credential, Principal } from './credentials.js';

export const SESSION_COOKIE = 'expacti_session';
export const CSRF_HEADER = 'x-csrf-token';

type Env = { Variables: { principal: Principal } };

export function authenticate(
  store: Store,
  tokens: TokenResolver,
  orgs: OrgCache,
  now: () => Date,
): MiddlewareHandler<Env> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      c.set('principal', await bearerPrincipal(header, tokens));
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined) {
      const session = await store.getWebSession(tokenHash(cookie));
      const checked = await sessionPrincipal(store, orgs, session, now());
      if (!checked.ok) throw new ApiError('unauthorized', checked.why);
      if (
        c.req.method !== 'GET' &&
        c.req.method !== 'HEAD' &&
        c.req.header(CSRF_HEADER) !== session?.csrfToken
      ) {
        throw forbidden('missing or wrong CSRF token');
      }
      c.set('principal', checked.principal);
      return next();
    }
    throw new ApiError(
      'unauthorized',
      'no credentials: send "Authorization: Bearer <token>" (EXPACTI_TOKEN)',
    );
  };
}

/** Who an Authorization header's token stands for; 401 when it is malformed, unknown or revoked. */
export async function bearerPrincipal(header: string, tokens: TokenResolver): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new ApiError('unauthorized', 'the Authorization header must be "Bearer <token>"');
  const principal = await tokens.resolve(tokenHash(match[1]));
  if (!principal) throw new ApiError('unauthorized', 'unknown or revoked token');
  return principal;
}

export function principal(c: Context): Principal {
  return c.get('principal') as Principal;
}

export function requireAgent(c: Context): Extract<Principal, { kind: 'agent' }> {
  return agentOnly(principal(c));
}

/** The principal when it is an agent; 403 for anyone else. */
export function agentOnly(p: Principal): Extract<Principal, { kind: 'agent' }> {
  if (p.kind !== 'agent') throw forbidden('only agent tokens submit and run commands');
  return p;
}

export function requireUser(c: Context, role?: Role): Extract<Principal, { kind: 'user' }> {
  const p = principal(c);
  if (p.kind !== 'user') throw forbidden('agent tokens cannot do this: it needs a reviewer');
  if (role === 'admin' && p.role !== 'admin') throw forbidden('this needs an admin');
  return p;
}
