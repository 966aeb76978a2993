/**
 * Server-sent event streams. GET /v1/events: a reviewer's org-wide stream. GET
 * /v1/requests/:id/events: one request, for the agent waiting on it — its current state first,
 * then every change, so a reconnecting agent never misses a decision.
 *
 * A stream lives only as long as the credential it was opened with (services/liveStreams.ts):
 * revoking the token, removing the user or ending the session ends it, on every replica, and
 * nothing is written to it after that.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SSEStreamingApi } from 'hono/streaming';
import type { PushMessage } from '../../protocol/index.js';
import { noQuery } from '../../protocol/querySchemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { principal, requireUser, type Principal } from '../auth.js';
import { credentialHolds } from '../credentials.js';
import { idParam } from '../body.js';
import { notFound } from '../errors.js';
import { readQuery } from '../query.js';
import { requestView } from '../views.js';
import type { LiveStream } from '../services/liveStreams.js';

export function eventRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/events', (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    return stream(
      c,
      s,
      user,
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
      p,
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
  p: Principal,
  subscribe: (send: (m: PushMessage) => void) => () => void,
  initial: () => Promise<PushMessage[]>,
): Response {
  c.header('cache-control', 'no-store');
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (sse: SSEStreamingApi) => {
    let closed = false;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    // One queue of writes and credential checks: a write queued after a check waits for it, and
    // nothing is written once the stream has ended.
    let queue = Promise.resolve();
    const enqueue = (task: () => Promise<void>): void => {
      queue = queue.then(() => (closed ? undefined : task())).catch(() => undefined);
    };
    const send = (m: PushMessage): void =>
      enqueue(() => sse.writeSSE({ event: m.type, data: JSON.stringify(m) }));
    const live: LiveStream = {
      principal: p,
      end() {
        closed = true;
        done();
      },
      recheck() {
        enqueue(async () => {
          const holds = await credentialHolds(s.store, s.orgs, p, s.now()).catch(() => false);
          if (!holds) live.end();
        });
      },
    };
    const unsubscribe = subscribe(send);
    const unregister = s.streams.add(live);
    // Registered first, then checked: a revocation after this check reaches the stream by the feed.
    live.recheck();
    const expiry =
      p.credential.kind === 'session'
        ? setTimeout(() => live.end(), Math.max(0, Date.parse(p.credential.expiresAt) - s.now().getTime()))
        : undefined;
    sse.onAbort(() => live.end());
    send({ type: 'hello', serverTime: s.now().toISOString() });
    for (const m of await initial()) send(m);
    const ping = setInterval(() => send({ type: 'ping', serverTime: s.now().toISOString() }), s.streamPingMs);
    try {
      await finished;
    } finally {
      clearInterval(ping);
      clearTimeout(expiry);
      unsubscribe();
      unregister();
    }
  });
}
