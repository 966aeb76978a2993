/**
 * Server-sent event streams. GET /v1/events: a reviewer's org-wide stream. GET
 * /v1/requests/:id/events: one request, for the agent waiting on it — its current state first,
 * then every change, so a reconnecting agent never misses a decision.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SSEStreamingApi } from 'hono/streaming';
import type { PushMessage } from '../../protocol/index.js';
import type { AppEnv, ServerServices } from '../context.js';
import { principal, requireUser } from '../auth.js';
import { idParam } from '../body.js';
import { notFound } from '../errors.js';
import { requestView } from '../views.js';
import { readQuery } from '../query.js';
import { noQuery } from '../../protocol/querySchemas.js';

export function eventRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/events', (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    return stream(
      c,
      s,
      (send) => s.hub.subscribeOrg(user.orgId, send),
      async () => [],
    );
  });

  app.get('/requests/:id/events', async (c) => {
    const p = principal(c);
    const id = idParam(c, 'request');
    readQuery(c, noQuery);
    const record = await s.store.getRequest(p.orgId, id);
    if (!record || (p.kind === 'agent' && record.agentTokenId !== p.tokenId)) throw notFound('request');
    return stream(
      c,
      s,
      (send) => s.hub.subscribeRequest(id, send),
      // Subscribed first, then read: a change between the two is sent twice, never missed.
      async () => {
        const current = await s.store.getRequest(p.orgId, id);
        return current ? [{ type: 'request.updated' as const, request: requestView(current) }] : [];
      },
    );
  });

  return app;
}

function stream(
  c: Context,
  s: ServerServices,
  subscribe: (send: (m: PushMessage) => void) => () => void,
  initial: () => Promise<PushMessage[]>,
): Response {
  c.header('cache-control', 'no-store');
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (sse: SSEStreamingApi) => {
    let queue = Promise.resolve();
    const send = (m: PushMessage) => {
      queue = queue
        .then(() => sse.writeSSE({ event: m.type, data: JSON.stringify(m) }))
        .catch(() => undefined);
    };
    const unsubscribe = subscribe(send);
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const unregister = s.hub.onClose(() => void sse.close().finally(done));
    sse.onAbort(() => done());
    send({ type: 'hello', serverTime: s.now().toISOString() });
    for (const m of await initial()) send(m);
    const ping = setInterval(() => send({ type: 'ping', serverTime: s.now().toISOString() }), s.streamPingMs);
    try {
      await finished;
    } finally {
      clearInterval(ping);
      unsubscribe();
      unregister();
    }
  });
}
