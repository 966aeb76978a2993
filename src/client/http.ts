/**
 * JSON over HTTP. Plain http uses the minimal client on node:net (netHttp.ts: a short CLI process
 * would pay several milliseconds to load node:http); https uses node:https. Event streams use
 * node:http(s), loaded only when a stream is opened. `fetch` costs ~90 ms of start-up in a short
 * CLI process and is not used. One keep-alive connection (or agent) per client.
 */
import type http from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { ExpactiError } from './errors.js';
import { NetError, NetHttp } from './netHttp.js';

export interface HttpOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send `body` as this media type, as it is (a string), instead of as JSON. */
  contentType?: string;
}

type NodeRequest = (options: RequestOptions, callback: (res: IncomingMessage) => void) => http.ClientRequest;

export interface Transport {
  /** Plain http: JSON calls on one kept-alive node:net connection. */
  net: NetHttp | null;
  /** node:http(s) with a keep-alive agent, loaded on first use (event streams; JSON over https). */
  node(): Promise<NodeRequest>;
  close(): void;
}

export async function createTransport(url: URL): Promise<Transport> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ExpactiError('config', `EXPACTI_URL must be http:// or https:// (got ${url.protocol})`);
  let agent: http.Agent | undefined;
  let loaded: Promise<NodeRequest> | undefined;
  const net =
    url.protocol === 'http:'
      ? new NetHttp(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80))
      : null;
  return {
    net,
    node() {
      loaded ??= (async () => {
        if (url.protocol === 'https:') {
          const https = await import('node:https');
          const a = new https.Agent({ keepAlive: true });
          agent = a;
          return (o, cb) => https.request({ ...o, agent: a }, cb);
        }
        const mod = await import('node:http');
        const a = new mod.Agent({ keepAlive: true });
        agent = a;
        return (o, cb) => mod.request({ ...o, agent: a }, cb);
      })();
      return loaded;
    },
    close() {
      net?.close();
      agent?.destroy();
    },
  };
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

function parseJson(url: URL, status: number, text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ExpactiError(
      'bad_response',
      `the server at ${url.origin} answered ${status} with something that is not JSON`,
      status,
    );
  }
}

export async function requestJson(
  transport: Transport,
  url: URL,
  method: string,
  token: string,
  body: unknown,
  options: HttpOptions = {},
): Promise<JsonResponse> {
  const payload = body === undefined ? undefined : options.contentType ? String(body) : JSON.stringify(body);
  const headers: Record<string, string | number> = {
    accept: 'application/json',
    authorization: `Bearer ${token}`,
  };
  if (payload !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  if (transport.net) {
    try {
      const res = await transport.net.request({
        method,
        path: url.pathname + url.search,
        headers,
        payload,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      return { status: res.status, body: parseJson(url, res.status, res.text) };
    } catch (error) {
      if (error instanceof ExpactiError) throw error;
      if (options.signal?.aborted) throw new ExpactiError('aborted', 'aborted');
      if (error instanceof NetError && error.code === 'ETIMEDOUT')
        throw new ExpactiError('unavailable', `no answer from ${url.origin} within ${options.timeoutMs} ms`);
      throw unreachable(url, error);
    }
  }
  const request = await transport.node();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        method,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers,
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(unreachable(url, e)));
        res.on('end', () => {
          try {
            const status = res.statusCode ?? 0;
            resolve({ status, body: parseJson(url, status, Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error as Error);
          }
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
