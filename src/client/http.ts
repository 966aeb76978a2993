/**
 * JSON over HTTP with node:http (or node:https, loaded only for https URLs): `fetch` costs ~90 ms
 * of start-up in a short CLI process, node:http ~8 ms. One keep-alive agent per client.
 */
import http from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { ExpactiError } from './errors.js';

export interface HttpOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send `body` as this media type, as it is (a string), instead of as JSON. */
  contentType?: string;
}

export interface Transport {
  request(
    options: RequestOptions,
    body: string | undefined,
    callback: (res: IncomingMessage) => void,
  ): http.ClientRequest;
  agent: http.Agent;
}

export async function createTransport(url: URL): Promise<Transport> {
  if (url.protocol === 'https:') {
    const https = await import('node:https');
    const agent = new https.Agent({ keepAlive: true });
    return { agent, request: (o, _b, cb) => https.request({ ...o, agent }, cb) };
  }
  if (url.protocol !== 'http:')
    throw new ExpactiError('config', `EXPACTI_URL must be http:// or https:// (got ${url.protocol})`);
  const agent = new http.Agent({ keepAlive: true });
  return { agent, request: (o, _b, cb) => http.request({ ...o, agent }, cb) };
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export function requestJson(
  transport: Transport,
  url: URL,
  method: string,
  token: string,
  body: unknown,
  options: HttpOptions = {},
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const payload =
      body === undefined ? undefined : options.contentType ? String(body) : JSON.stringify(body);
    const headers: Record<string, string | number> = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    };
    if (payload !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = transport.request(
      {
        method,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers,
        signal: options.signal,
      },
      payload,
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(unreachable(url, e)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          if (text !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              reject(
                new ExpactiError(
                  'bad_response',
                  `the server at ${url.origin} answered ${res.statusCode} with something that is not JSON`,
                  res.statusCode,
                ),
              );
              return;
            }
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(
          new ExpactiError('unavailable', `no answer from ${url.origin} within ${options.timeoutMs} ms`),
        ),
      );
    }
    req.on('error', (e) =>
      reject(
        e instanceof ExpactiError
          ? e
          : options.signal?.aborted
            ? new ExpactiError('aborted', 'aborted')
            : unreachable(url, e),
      ),
    );
    req.end(payload);
  });
}

export function unreachable(url: URL, error: unknown): ExpactiError {
  const code = (error as { code?: string }).code;
  const why = code === 'ECONNREFUSED' ? 'connection refused' : (code ?? (error as Error).message);
  return new ExpactiError('unavailable', `cannot reach the expacti server at ${url.origin} (${why})`);
}
