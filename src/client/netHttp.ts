/**
 * A minimal HTTP/1.1 client on node:net for the agent's JSON calls over plain http (loopback or a
 * LAN server): one keep-alive connection, requests one at a time, Content-Length or chunked
 * bodies. node:http costs a short CLI process several milliseconds to load, which every
 * whitelisted `expacti run` would pay (issue 26); event streams and https still use node:http(s),
 * loaded only when needed.
 */
import net from 'node:net';

export interface NetResponse {
  status: number;
  text: string;
}

export interface NetRequest {
  method: string;
  path: string;
  headers: Record<string, string | number>;
  payload: string | undefined;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A failure before a whole answer arrived (connection refused, reset, closed, timed out). */
export class NetError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

/** Parses a response from `buf`; null while it is incomplete. */
function parse(buf: Buffer): { status: number; body: Buffer; rest: Buffer; keepAlive: boolean } | null {
  const headEnd = buf.indexOf(HEAD_END);
  if (headEnd < 0) {
    if (buf.length > MAX_HEAD) throw new NetError('the response head is too large', 'EPROTO');
    return null;
  }
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) throw new NetError('the answer is not HTTP/1.1', 'EPROTO');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const keepAlive = (headers.get('connection') ?? '').toLowerCase() !== 'close';
  const start = headEnd + 4;
  const length = headers.get('content-length');
  if (length !== undefined) {
    const n = Number(length);
    if (!Number.isSafeInteger(n) || n < 0) throw new NetError('a bad Content-Length', 'EPROTO');
    if (buf.length < start + n) return null;
    return {
      status: Number(m[1]),
      body: buf.subarray(start, start + n),
      rest: buf.subarray(start + n),
      keepAlive,
    };
  }
  if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new NetError('a bad chunk size', 'EPROTO');
      if (size === 0) {
        const end = buf.indexOf(HEAD_END, lineEnd);
        // No trailers: the last chunk's CRLF is followed by the final CRLF.
        const done = buf.subarray(lineEnd, lineEnd + 4).equals(HEAD_END)
          ? lineEnd + 4
          : end < 0
            ? -1
            : end + 4;
        if (done < 0) return null;
        return { status: Number(m[1]), body: Buffer.concat(parts), rest: buf.subarray(done), keepAlive };
      }
      if (buf.length < lineEnd + 2 + size + 2) return null;
      parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  // No length: the body ends when the server closes (not kept alive).
  return null;
}

export class NetHttp {
  private socket: net.Socket | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private host: string,
    private port: number,
  ) {}

  request(r: NetRequest): Promise<NetResponse> {
    const run = this.queue.then(() => this.once(r, true));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.unref();
    this.socket = socket;
    return socket;
  }

  /** One request; a kept-alive connection the server had closed is retried once on a new one. */
  private once(r: NetRequest, mayRetry: boolean): Promise<NetResponse> {
    const reused = this.socket !== null && !this.socket.destroyed;
    const socket = this.connect();
    const head =
      `${r.method} ${r.path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nconnection: keep-alive\r\n` +
      Object.entries(r.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      '\r\n';
    return new Promise<NetResponse>((resolve, reject) => {
      let buf: Buffer = Buffer.alloc(0);
      let got = false;
      let timer: NodeJS.Timeout | undefined;
      socket.ref();
      const cleanup = () => {
        clearTimeout(timer);
        socket.unref();
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        r.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: NetError) => {
        cleanup();
        socket.destroy();
        if (this.socket === socket) this.socket = null;
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        got = true;
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        let parsed;
        try {
          parsed = parse(buf);
        } catch (error) {
          fail(error as NetError);
          return;
        }
        if (!parsed) return;
        cleanup();
        if (!parsed.keepAlive || parsed.rest.length > 0) {
          socket.destroy();
          if (this.socket === socket) this.socket = null;
        }
        resolve({ status: parsed.status, text: parsed.body.toString('utf8') });
      };
      const onError = (error: NodeJS.ErrnoException) => {
        if (reused && !got && mayRetry && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          cleanup();
          socket.destroy();
          this.socket = null;
          this.once(r, false).then(resolve, reject);
          return;
        }
        fail(new NetError(error.message, error.code ?? 'ECONNRESET'));
      };
      const onClose = () => {
        if (reused && !got && mayRetry) {
          cleanup();
          this.socket = null;
          this.once(r, false).then(resolve, reject);
          return;
        }
        fail(new NetError('the server closed the connection before answering', 'ECONNRESET'));
      };
      const onAbort = () => fail(new NetError('aborted', 'ABORT_ERR'));
      if (r.signal?.aborted) {
        onAbort();
        return;
      }
      r.signal?.addEventListener('abort', onAbort, { once: true });
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      if (r.timeoutMs !== undefined)
        timer = setTimeout(
          () => fail(new NetError(`no answer within ${r.timeoutMs} ms`, 'ETIMEDOUT')),
          r.timeoutMs,
        );
      socket.write(r.payload === undefined ? head : head + r.payload);
    });
  }
}
