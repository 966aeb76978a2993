/**
 * For load balancers and monitoring (docs/operations.md):
 *  - GET /healthz: the process answers (liveness), with its clock (`expacti doctor` compares it);
 *  - GET /readyz: 200 only while the database answers and the change feed delivers, and not while
 *    shutting down; 503 otherwise (readiness: take the replica out of rotation);
 *  - GET /metrics: Prometheus text; on the main port it needs a bearer token (the metrics token, or
 *    an admin's), on the --metrics-listen port none.
 * None of them says why a check fails beyond "failing": the reasons are in the server log (logged
 * when readiness changes), not for whoever can reach the port.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { noQuery } from '../../protocol/querySchemas.js';
import type { Store, StoreHealth } from '../../store/store.js';
import type { Log } from '../log.js';
import { ApiError, forbidden } from '../errors.js';
import { readQuery } from '../query.js';

export interface OperationsDeps {
  store: Store;
  log: Log;
  /** The Prometheus exposition, rendered now. */
  metricsText(): Promise<{ body: string; contentType: string }>;
  /** Whether a bearer token may read /metrics: true, false (a valid token without the right), or null (unknown). */
  metricsAccess(token: string): Promise<boolean | null>;
  closing(): boolean;
  /** How long readiness waits for each check. */
  readyTimeoutMs: number;
}

export type ReadyBody = {
  ready: boolean;
  checks: {
    database: { ok: boolean; ms?: number };
    changeFeed: { ok: boolean; ms?: number };
    shutdown?: { ok: false };
  };
};

export function healthRoutes(deps: OperationsDeps): Hono {
  const app = new Hono();
  let lastReady: boolean | null = null;

  app.get('/healthz', (c) => {
    readQuery(c, noQuery);
    noStore(c);
    return c.json({ ok: true, time: new Date().toISOString() });
  });

  app.get('/readyz', async (c) => {
    readQuery(c, noQuery);
    noStore(c);
    const health = await deps.store.health(deps.readyTimeoutMs);
    const closing = deps.closing();
    const ready = health.database.ok && health.changeFeed.ok && !closing;
    if (ready !== lastReady) {
      if (ready) deps.log.info({ ready }, 'ready: the database answers and the change feed delivers');
      else deps.log.warn({ ready, ...reasons(health), closing }, 'not ready');
      lastReady = ready;
    }
    const body: ReadyBody = {
      ready,
      checks: { database: summary(health.database), changeFeed: summary(health.changeFeed) },
    };
    if (closing) body.checks.shutdown = { ok: false };
    return c.json(body, ready ? 200 : 503);
  });
  return app;
}

export function metricsRoutes(deps: OperationsDeps, access: 'token' | 'open'): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (access === 'token') await requireMetricsToken(c, deps);
    noStore(c);
    const { body, contentType } = await deps.metricsText();
    return c.body(body, 200, { 'content-type': contentType });
  });
  return app;
}

async function requireMetricsToken(c: Context, deps: OperationsDeps): Promise<void> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!match?.[1])
    throw new ApiError(
      'unauthorized',
      '/metrics needs "Authorization: Bearer <token>": the metrics token (--metrics-token-file) or an admin token',
    );
  const access = await deps.metricsAccess(match[1]);
  if (access === null) throw new ApiError('unauthorized', 'unknown or revoked token');
  if (!access) throw forbidden('/metrics needs the metrics token or an admin token');
}

function summary(check: StoreHealth['database']): { ok: boolean; ms?: number } {
  return check.ok ? { ok: true, ms: Math.round(check.ms * 10) / 10 } : { ok: false };
}

function reasons(health: StoreHealth): Record<string, string> {
  const out: Record<string, string> = {};
  if (!health.database.ok) out['database'] = health.database.error;
  if (!health.changeFeed.ok) out['changeFeed'] = health.changeFeed.error;
  return out;
}

function noStore(c: Context): void {
  c.header('cache-control', 'no-store');
}
