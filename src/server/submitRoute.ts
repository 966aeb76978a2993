/**
 * POST /v1/requests, the route every agent command passes through, served straight on Node's
 * request and response instead of through Hono: the whitelisted decision is mostly this route's
 * HTTP work, and Hono's request and response objects, middleware chain and header handling were a
 * fifth of its CPU. It does what the app does for this route, with the app's own pieces — the
 * bearer token (auth.ts), the capped body and its schema (body.ts), the gate (services/gate.ts),
 * errors through toWireError (errors.ts) — and answers with the same status, body and headers
 * (request id, security headers). Anything it does not take (another method or path, a query
 * string, a dashboard cookie instead of a token, a declared body over the limit) goes to the app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../protocol/api.js';
import { WIRE_ERROR_STATUS } from '../protocol/errors.js';
import { submitRequestSchema } from '../protocol/schemas.js';
import { agentOnly, bearerPrincipal } from './auth.js';
import { parseBody, readIncoming } from './body.js';
import type { ServerServices } from './context.js';
import { ApiError, toWireError, wireErrorBody } from './errors.js';
import { requestId } from './requestId.js';
import { submit } from './services/gate.js';
import { SECURITY_HEADERS } from './webAssets.js';

const PATH = '/v1/requests';
const ROUTE = `POST ${PATH}`;

/** Takes a request it serves (true) or leaves it to the app (false, nothing read or written). */
export type NodeRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

export function submitRoute(s: ServerServices): NodeRoute {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== PATH) return false;
    const authorization = req.headers.authorization;
    if (authorization === undefined) return false;
    // A declared size over the limit: the app refuses it (413) before anything is read.
    if (Number(req.headers['content-length']) > LIMITS.bodyBytes) return false;
    void answer(s, req, res, authorization);
    return true;
  };
}

async function answer(
  s: ServerServices,
  req: IncomingMessage,
  res: ServerResponse,
  authorization: string,
): Promise<void> {
  const proxyId = s.trustProxy ? req.headers['x-request-id'] : undefined;
  const id = requestId(typeof proxyId === 'string' ? proxyId : undefined);
  const started = s.log.isLevelEnabled('debug') ? performance.now() : 0;
  let status: number;
  let text: string;
  let headers: Record<string, string | number> = { ...SECURITY_HEADERS };
  try {
    const agent = agentOnly(await bearerPrincipal(authorization, s.tokens));
    const body = await readIncoming(req, LIMITS.bodyBytes, ROUTE);
    if (body === null) {
      headers.connection = 'close'; // the rest of the body stays unread
      throw new ApiError(
        'payload_too_large',
        `the body is over ${LIMITS.bodyBytes} bytes; commands may be at most ${LIMITS.commandBytes} bytes`,
      );
    }
    const result = await submit(s, agent, parseBody(body, submitRequestSchema));
    // 200: nothing was created (onlyIfAllowedAtOnce and it would not run at once as asked).
    status = 'created' in result ? 200 : 201;
    text = JSON.stringify(result);
  } catch (error) {
    const wire = toWireError(error, s.log.child({ reqId: id, method: 'POST', route: PATH }));
    s.metrics.httpError(wire.code);
    status = WIRE_ERROR_STATUS[wire.code];
    text = JSON.stringify(wireErrorBody(wire));
    // Every 429 says when to come back.
    if (wire.code === 'too_many_requests')
      headers = { ...headers, 'retry-after': wire.retryAfterSeconds ?? 1 };
  }
  // Encoded once: its length is the header's, and the socket writes the bytes as they are.
  const payload = Buffer.from(text);
  headers['content-type'] = 'application/json';
  headers['content-length'] = payload.length;
  headers['x-request-id'] = id;
  res.writeHead(status, headers);
  res.end(payload);
  if (started)
    s.log.debug(
      {
        reqId: id,
        method: 'POST',
        path: PATH,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
}
