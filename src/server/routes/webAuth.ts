/**
 * Dashboard sign-in (mounted before authentication): password, then the TOTP step or first-time
 * TOTP enrolment when the account or the org requires it; the session lives in an HTTP-only,
 * SameSite=Strict cookie (Secure over https) and every state change carries its CSRF token.
 * Failures are throttled together with the CLI's sign-in (services/signIn.ts), and every sign-in
 * and failure is audited.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { webLinkSchema, webLoginSchema, webTotpSchema } from '../../protocol/dashboardSchemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth.js';
import { readBody } from '../body.js';
import { clientAddress } from '../clientAddress.js';
import { ApiError, forbidden, tooManyRequests } from '../errors.js';
import { newSessionSecret, tokenHash } from '../secrets.js';
import { newTotpSecret, totpUri } from '../totp.js';
import { codeSignIn, passwordSignIn } from '../services/signIn.js';
import { signInKeys } from '../services/signInThrottle.js';
import type { User, WebSession } from '../../store/records.js';
import { readQuery } from '../query.js';
import { noQuery } from '../../protocol/querySchemas.js';

const SESSION_HOURS = 12;

/** What the page needs to know about its sign-in state. */
export type WebSessionState =
  | { stage: 'signed_out' }
  | { stage: 'totp'; csrfToken: string; user: string }
  | { stage: 'enrol'; csrfToken: string; user: string; secret: string; uri: string }
  | {
      stage: 'ready';
      csrfToken: string;
      user: { id: string; name: string; role: string; totp: boolean };
      org: { id: string; name: string; requireTotp: boolean };
    };

export function webAuthRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/session', async (c) => {
    c.header('cache-control', 'no-store');
    readQuery(c, noQuery);
    const found = await currentSession(s, c);
    if (!found) return c.json({ stage: 'signed_out' } satisfies WebSessionState);
    return c.json(await stateOf(s, found.session, found.user));
  });

  app.post('/login', async (c) => {
    requireJson(c);
    const body = await readBody(c, webLoginSchema);
    const { user, codeVerified } = await passwordSignIn(s, {
      address: clientAddress(c, s.trustProxy),
      username: body.username,
      password: body.password,
      code: body.code,
      via: 'web',
    });
    const org = await s.orgs.get(user.orgId);
    const secondFactor = !codeVerified && (user.totpSecret !== null || org.settings.requireTotp);
    const session = await openSession(
      s,
      c,
      user,
      !secondFactor,
      secondFactor ? 'user.login_password' : 'user.login',
    );
    return c.json(await stateOf(s, session, user));
  });

  // A one-time link (services/signInLinks.ts) in place of the password; the second factor still applies.
  app.post('/link', async (c) => {
    requireJson(c);
    const body = await readBody(c, webLinkSchema);
    const address = clientAddress(c, s.trustProxy);
    const keys = signInKeys(address, '');
    const wait = (await s.signIns.waits(keys)).address;
    if (wait > 0)
      throw tooManyRequests(`too many failed sign-ins from your address; try again in ${wait} s`, wait);
    const taken = s.signInLinks.take(body.link);
    const user = taken ? await s.store.getUser(taken.orgId, taken.userId) : null;
    if (!user) {
      await s.signIns.fail([keys.address]);
      await s.store.appendAudit([
        {
          ts: s.now().toISOString(),
          orgId: taken?.orgId ?? null,
          actor: { kind: 'user', id: null, name: '' },
          action: 'user.login_failed',
          subject: null,
          data: { via: 'link', reason: 'link', address },
        },
      ]);
      throw new ApiError(
        'unauthorized',
        'this sign-in link was used already or has expired; sign in with your password',
      );
    }
    const org = await s.orgs.get(user.orgId);
    const secondFactor = user.totpSecret !== null || org.settings.requireTotp;
    const session = await openSession(
      s,
      c,
      user,
      !secondFactor,
      secondFactor ? 'user.login_link' : 'user.login',
      'link',
    );
    return c.json(await stateOf(s, session, user));
  });

  app.post('/totp', async (c) => {
    requireJson(c);
    const found = await currentSession(s, c);
    if (!found) throw new ApiError('unauthorized', 'your sign-in has ended; enter your password again');
    const { session, user } = found;
    if (c.req.header(CSRF_HEADER) !== session.csrfToken) throw forbidden('missing or wrong CSRF token');
    if (session.verified) return c.json(await stateOf(s, session, user));
    const body = await readBody(c, webTotpSchema);
    const enrolling = user.totpSecret === null;
    const secret = user.totpSecret ?? body.secret ?? '';
    await codeSignIn(s, { address: clientAddress(c, s.trustProxy), user, secret, code: body.code });
    const at = s.now().toISOString();
    const actor = { kind: 'user' as const, id: user.id, name: user.username };
    if (enrolling) {
      await s.store.updateUser(user.orgId, user.id, { totpSecret: secret }, [
        {
          ts: at,
          orgId: user.orgId,
          actor,
          action: 'user.totp_enrolled',
          subject: user.id,
          data: { via: 'web' },
        },
      ]);
    }
    // A fresh session id once both factors are in: the pre-TOTP cookie cannot be fixed in advance.
    await s.store.deleteWebSession(session.idHash, []);
    const fresh = await openSession(s, c, { ...user, totpSecret: secret }, true, 'user.login');
    return c.json(await stateOf(s, fresh, { ...user, totpSecret: secret }));
  });

  app.post('/logout', async (c) => {
    const found = await currentSession(s, c);
    if (found) {
      if (c.req.header(CSRF_HEADER) !== found.session.csrfToken)
        throw forbidden('missing or wrong CSRF token');
      const u = found.user;
      await s.store.deleteWebSession(found.session.idHash, [
        {
          ts: s.now().toISOString(),
          orgId: u.orgId,
          actor: { kind: 'user', id: u.id, name: u.username },
          action: 'user.logout',
          subject: u.id,
          data: { via: 'web' },
        },
      ]);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ stage: 'signed_out' } satisfies WebSessionState);
  });

  return app;
}

async function currentSession(
  s: ServerServices,
  c: Context,
): Promise<{ session: WebSession; user: User } | null> {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie === undefined) return null;
  const session = await s.store.getWebSession(tokenHash(cookie));
  if (!session || session.expiresAt <= s.now().toISOString()) return null;
  const user = await s.store.getUser(session.orgId, session.userId);
  return user ? { session, user } : null;
}

async function openSession(
  s: ServerServices,
  c: Context,
  user: User,
  verified: boolean,
  action: string,
  via: 'web' | 'link' = 'web',
): Promise<WebSession> {
  const secret = newSessionSecret();
  const now = s.now();
  const session: WebSession = {
    idHash: tokenHash(secret),
    userId: user.id,
    orgId: user.orgId,
    csrfToken: newSessionSecret(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    verified,
  };
  await s.store.createWebSession(session, [
    {
      ts: session.createdAt,
      orgId: user.orgId,
      actor: { kind: 'user', id: user.id, name: user.username },
      action,
      subject: user.id,
      data: { via, address: clientAddress(c, s.trustProxy) },
    },
  ]);
  setCookie(c, SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(s, c),
    maxAge: SESSION_HOURS * 3600,
  });
  return session;
}

async function stateOf(s: ServerServices, session: WebSession, user: User): Promise<WebSessionState> {
  if (!session.verified) {
    if (user.totpSecret !== null) return { stage: 'totp', csrfToken: session.csrfToken, user: user.username };
    const secret = newTotpSecret();
    return {
      stage: 'enrol',
      csrfToken: session.csrfToken,
      user: user.username,
      secret,
      uri: totpUri(secret, user.username),
    };
  }
  const org = await s.orgs.get(user.orgId);
  return {
    stage: 'ready',
    csrfToken: session.csrfToken,
    user: { id: user.id, name: user.username, role: user.role, totp: user.totpSecret !== null },
    org: { id: org.id, name: org.name, requireTotp: org.settings.requireTotp },
  };
}

/** A cross-site form cannot send application/json without a preflight: no login CSRF. */
function requireJson(c: Context): void {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new ApiError('bad_request', 'send the body as application/json');
  }
}

function isHttps(s: ServerServices, c: Context): boolean {
  return (
    s.publicUrl.startsWith('https:') ||
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto') === 'https'
  );
}
