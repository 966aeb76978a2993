/** Reads a server-sent event stream (GET, Bearer token) and hands each event's JSON to `onMessage`. */
import type { PushMessage } from '../protocol/push.js';
import { ExpactiError } from './errors.js';
import { unreachable, type Transport } from './http.js';

export interface StreamOptions {
  signal?: AbortSignal;
  /** Gives up on a silent connection after this long (the server pings every 15 s). */
  idleMs?: number;
}

/** Resolves when the server ends the stream; rejects on an HTTP error or a broken connection. */
export function readEventStream(
  transport: Transport,
  url: URL,
  token: string,
  onMessage: (message: PushMessage) => void,
  options: StreamOptions = {},
): Promise<void> {
  return transport.node().then((request) => eventStream(request, url, token, onMessage, options));
}

function eventStream(
  request: Awaited<ReturnType<Transport['node']>>,
  url: URL,
  token: string,
  onMessage: (message: PushMessage) => void,
  options: StreamOptions,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        method: 'GET',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
        signal: options.signal,
      },
      (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            let message = `the server answered ${res.statusCode}`;
            let wire: { code: never } | undefined;
            try {
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                error?: { code: never; message: string };
              };
              if (body.error) {
                message = body.error.message;
                wire = { code: body.error.code };
              }
            } catch {
              // keep the status line
            }
            const code =
              res.statusCode === 401 ? 'unauthorized' : res.statusCode === 503 ? 'unavailable' : 'rejected';
            reject(new ExpactiError(code, message, res.statusCode, wire));
          });
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        let data = '';
        res.setTimeout(options.idleMs ?? 45_000, () => res.destroy(new Error('event stream went silent')));
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).replace(/\r$/, '');
            buffer = buffer.slice(nl + 1);
            if (line === '') {
              if (data !== '') {
                try {
                  onMessage(JSON.parse(data) as PushMessage);
                } catch {
                  // an event we cannot read is skipped; the next full state follows
                }
              }
              data = '';
            } else if (line.startsWith('data:')) {
              data += (data ? '\n' : '') + line.slice(line.startsWith('data: ') ? 6 : 5);
            }
          }
        });
        res.on('end', () => resolve());
        res.on('error', (e) =>
          reject(options.signal?.aborted ? new ExpactiError('aborted', 'aborted') : unreachable(url, e)),
        );
        res.on('close', () => resolve());
      },
    );
    req.on('error', (e) =>
      reject(options.signal?.aborted ? new ExpactiError('aborted', 'aborted') : unreachable(url, e)),
    );
    req.end();
  });
}
