/**
 * The Node HTTP server under the app, with every client-side timeout set explicitly
 * (docs/deployment.md, "Limits and timeouts") instead of Node's defaults, which check only every
 * 30 s and never cut a stalled body before 5 minutes:
 *
 *  - headers: all request headers within `headersMs`;
 *  - request: the whole request, headers and body, within `requestMs` (a body that stalls is cut
 *    with 408; long responses such as event streams are not affected: the request is complete);
 *  - idle:    a connection on which nothing moves either way for `idleMs` is closed (keep-alive
 *    connections between requests too; event streams ping every 15 s, so they stay open).
 *
 * Connections that break or time out are logged as what they are, not as server errors.
 */
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { HttpTimeouts } from './config.js';
import type { Log } from './log.js';
import type { NodeRoute } from './submitRoute.js';

export async function listen(
  app: Pick<Hono, 'fetch'>,
  where: { port: number; host: string },
  timeouts: HttpTimeouts,
  log: Log,
  /** Routes served on Node's request and response before the app (submitRoute.ts); the app takes the rest. */
  direct?: NodeRoute,
): Promise<Server> {
  const toApp = getRequestListener(app.fetch, { hostname: where.host });
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.idleMs,
      // How often Node checks the two timeouts above (its default, 30 s, would let a stalled
      // client hold a connection up to 30 s past them).
      connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(timeouts.headersMs / 2))),
    },
    (req, res) => {
      if (!direct?.(req, res)) void toApp(req, res);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.timeout = timeouts.idleMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, log),
  );
  return server;
}

/** Replaces Node's default clientError handling (same answers), adding a log line that names the cause. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, log: Log): void {
  const peer = (socket as { remoteAddress?: string }).remoteAddress ?? 'unknown';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    log.info(
      { peer },
      `client ${peer} did not send a whole request in time (headers or body timeout): closed with 408`,
    );
    return reply(socket, '408 Request Timeout');
  }
  if (error.code === 'ECONNRESET' || !socket.writable) {
    log.info({ peer }, `client ${peer} disconnected before sending a whole request`);
    socket.destroy();
    return;
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') return reply(socket, '431 Request Header Fields Too Large');
  log.info(
    { peer, code: error.code },
    `client ${peer} sent a malformed request (${error.code ?? error.message}): closed with 400`,
  );
  reply(socket, '400 Bad Request');
}

function reply(socket: Duplex, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
