/**
 * --metrics-listen HOST:PORT: a second, small HTTP listener with /metrics, /healthz and /readyz
 * and nothing else, without a token — for a private interface that only Prometheus and the load
 * balancer reach. The API is never served here.
 */
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import type { HttpTimeouts } from './config.js';
import type { Log } from './log.js';
import { listen } from './httpServer.js';
import { ApiError, errorResponse, toWireError } from './errors.js';
import { healthRoutes, metricsRoutes, type OperationsDeps } from './routes/operations.js';

export async function listenForMetrics(
  deps: OperationsDeps,
  where: { host: string; port: number },
  timeouts: HttpTimeouts,
  log: Log,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.onError((error, c) => errorResponse(c, toWireError(error, log.child({ listener: 'metrics' }))));
  app.notFound((c) =>
    errorResponse(c, new ApiError('not_found', 'this port serves /metrics, /healthz and /readyz only')),
  );
  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps, 'open'));
  const server = await listen(app, where, timeouts, log);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
