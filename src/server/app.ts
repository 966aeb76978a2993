/**
 * The HTTP app: /v1 API (JSON), event streams (SSE), and the dashboard's assets at /.
 * Every error leaves through `onError`, the one place that maps failures to responses.
 */
import { Hono } from 'hono';
import { LIMITS } from '../protocol/api.js';
import type { AppEnv, ServerServices } from './context.js';
import { authenticate } from './auth.js';
import { ApiError, errorResponse, toWireError } from './errors.js';
import { tooLarge } from './body.js';
import { readQuery, refuseQuery } from './query.js';
import { noQuery } from '../protocol/querySchemas.js';
import { requestRoutes } from './routes/requests.js';
import { hookRoutes } from './routes/hooks.js';
import { contextRoutes } from './routes/context.js';
import { eventRoutes } from './routes/events.js';
import { whitelistRoutes } from './routes/whitelist.js';
import { adminRoutes } from './routes/admin.js';
import { auditRoutes } from './routes/audit.js';
import { checkRoutes } from './routes/check.js';
import { sessionRoutes } from './routes/sessions.js';
import { recordingRoutes } from './routes/recordings.js';
import { sshRoutes } from './routes/ssh.js';
import { meRoutes, publicAuthRoutes } from './routes/auth.js';
import { securityHeaders } from './webAssets.js';
import { healthRoutes, metricsRoutes } from './routes/operations.js';
import { requestId } from './requestId.js';
import { VERSION } from '../version.js';
import { linkRoutes, policyRoutes } from './routes/policies.js';

export interface AppExtensions {
  /** Routes mounted under /v1 before authentication (e.g. dashboard sign-in). */
  publicApi?: (app: Hono<AppEnv>) => void;
  /** Routes under /v1 after authentication (e.g. the dashboard's aggregates). */
  api?: (app: Hono<AppEnv>) => void;
  /** Routes outside /v1 (e.g. the dashboard's assets). */
  site?: (app: Hono<AppEnv>) => void;
}

export function createApp(s: ServerServices, ext: AppExtensions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.onError((error, c) => {
    const wire = toWireError(
      error,
      s.log.child({ reqId: c.get('requestId'), method: c.req.method, route: c.req.routePath }),
    );
    s.metrics.httpError(wire.code);
    return errorResponse(c, wire);
  });
  // Every request has an id, in the X-Request-Id answer header and on every log line about it
  // (behind a trusted proxy, the proxy's own id is kept). With --log-level debug each request is
  // logged once it is answered.
  app.use('*', async (c, next) => {
    const id = requestId(s.trustProxy ? c.req.header('x-request-id') : undefined);
    c.set('requestId', id);
    const started = s.log.isLevelEnabled('debug') ? performance.now() : 0;
    // Set before the handler answers: headers prepared on the context go into its response as it
    // is made; set afterwards, each would rebuild the finished response (a fifth of the fast path).
    c.header('x-request-id', id);
    await next();
    if (!c.res.headers.has('x-request-id')) c.header('x-request-id', id);
    if (started)
      s.log.debug(
        {
          reqId: id,
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
  });
  // Every response, API and errors included, carries the dashboard's strict security headers: no
  // response of this origin can run a script or be framed, whatever it contains.
  app.use('*', async (c, next) => {
    securityHeaders(c);
    await next();
    // A response made outside the context (a file, a stream) gets them here.
    if (!c.res.headers.has('content-security-policy')) securityHeaders(c);
  });
  app.notFound((c) => {
    s.metrics.httpError('not_found');
    return errorResponse(c, new ApiError('not_found', `no such endpoint: ${c.req.method} ${c.req.path}`));
  });
  app.route('/', healthRoutes(s.operations));
  app.route('/', metricsRoutes(s.operations, 'token'));

  // Declared sizes are refused before anything is read; undeclared (chunked) bodies are capped
  // while they are read (body.ts). Hono's bodyLimit is not used: it makes the Node adapter build a
  // WHATWG Request with web streams for every call, a fifth of the fast path's CPU.
  app.use('/v1/*', async (c, next) => {
    const declared = Number(c.req.header('content-length'));
    if (declared > LIMITS.bodyBytes) throw tooLarge(c);
    // Only GET routes take query parameters, each through readQuery with its own schema.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') refuseQuery(c);
    await next();
  });
  app.get('/v1/health', (c) => {
    readQuery(c, noQuery);
    return c.json({ ok: true, store: s.store.kind });
  });
  // Loaded on first request: the generator is not needed to serve the API.
  app.get('/v1/openapi.json', async (c) => {
    readQuery(c, noQuery);
    const { openApiDocument } = await import('./openapi/document.js');
    return c.json(openApiDocument(VERSION));
  });
  app.route('/v1', publicAuthRoutes(s));
  app.route('/v1', linkRoutes(s));
  ext.publicApi?.(app);

  app.use('/v1/*', authenticate(s.store, s.tokens, s.orgs, s.now));
  app.route('/v1', meRoutes(s));
  app.route('/v1', eventRoutes(s));
  app.route('/v1/requests', requestRoutes(s));
  app.route('/v1/requests', contextRoutes(s));
  app.route('/v1/hooks', hookRoutes(s));
  app.route('/v1/whitelist', whitelistRoutes(s));
  app.route('/v1/audit', auditRoutes(s));
  app.route('/v1/check', checkRoutes(s));
  app.route('/v1/sessions', sessionRoutes(s));
  app.route('/v1/recordings', recordingRoutes(s));
  app.route('/v1/ssh', sshRoutes(s));
  app.route('/v1', adminRoutes(s));
  app.route('/v1', policyRoutes(s));
  ext.api?.(app);

  ext.site?.(app);
  return app;
}
