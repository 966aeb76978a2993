/**
 * POST /v1/requests is served on Node's request and response before the app (submitRoute.ts); the
 * app keeps its own route for it. Both must answer every submission alike — the same status, body
 * and headers, for a whitelisted command, one left to a reviewer, and each kind of bad input —
 * and everything the direct route does not take must still reach the app.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { resolveServerConfig } from '../src/server/config.js';
import { createLog } from '../src/server/log.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import { LIMITS } from '../src/protocol/api.js';
import { SECURITY_HEADERS } from '../src/server/webAssets.js';
import { tempDir } from './support/expacti.js';
import { api } from './support/api.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers that differ between two answers by nature (the request id's value) or by transport. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id']);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;

/** The body with what differs between two submissions of the same command (ids, times, use counts) masked. */
function masked(body: string): string {
  return body
    .replace(UUID, '<id>')
    .replace(TIME, '<time>')
    .replace(/"hits":\d+/g, '"hits":<n>')
    .replace(/"justification":"whitelisted:[^"]*"/g, '"justification":"whitelisted: <uses>"');
}

function comparable(a: Answer): { status: number; headers: Record<string, string>; body: string } {
  const headers = Object.fromEntries(
    Object.entries(a.headers).filter(([name]) => !TRANSPORT.has(name) && name !== 'content-length'),
  );
  return { status: a.status, headers, body: masked(a.body) };
}

describe('POST /v1/requests served before the app', () => {
  const data = tempDir('expacti-submit-route-');
  let server: RunningServer;
  let agent = '';
  let admin = '';

  before(async () => {
    const config = resolveServerConfig(
      { host: '127.0.0.1', port: '0', data: data.path, logLevel: 'error' },
      {},
    );
    server = await startServer(config, createLog({ format: 'json', level: 'error' }));
    agent = server.bootstrap?.agentToken ?? '';
    admin = server.bootstrap?.adminToken ?? '';
    const entry = await api(server.url, 'POST', '/v1/whitelist', admin, { pattern: 'git status' });
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    const org = await api(server.url, 'PATCH', '/v1/org', admin, { autoAllowReadOnly: false });
    assert.equal(org.status, 200, JSON.stringify(org.body));
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  /** Over the socket, as agents send it (chunked when `chunked`, else with its length). */
  const direct = (headers: Record<string, string>, body: Buffer, chunked = false, path = '/v1/requests') =>
    new Promise<Answer>((resolve, reject) => {
      const url = new URL(server.url);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path,
          headers: chunked ? headers : { ...headers, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers as Record<string, string>,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      // The server may answer (413) and close before the whole body is sent.
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      if (chunked) {
        for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
        req.end();
      } else req.end(body);
    });

  /** Through the app's own route, in-process. */
  const viaApp = async (headers: Record<string, string>, body: Buffer): Promise<Answer> => {
    const res = await server.app.request('/v1/requests', { method: 'POST', headers, body });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };

  const same = async (what: string, headers: Record<string, string>, body: Buffer | string) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const a = await direct(headers, bytes);
    const b = await viaApp(headers, bytes);
    assert.deepEqual(comparable(a), comparable(b), what);
    assert.match(a.headers['x-request-id'] ?? '', UUID, `${what}: a request id`);
    assert.equal(a.headers['content-length'], String(Buffer.byteLength(a.body)), `${what}: its length`);
    return a;
  };

  const asAgent = () => ({ authorization: `Bearer ${agent}`, 'content-type': 'application/json' });
  const submission = (command: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ command, cwd: '/tmp', session: 's1', ...extra });

  it('answers a whitelisted command alike: 201, the decision, the plan, every security header', async () => {
    const a = await same('whitelisted', asAgent(), submission({ argv: ['git', 'status'] }));
    assert.equal(a.status, 201);
    const body = JSON.parse(a.body) as { request: { status: string }; exec?: unknown };
    assert.equal(body.request.status, 'approved');
    assert.ok(body.exec, 'a plan to run it');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(a.headers[name], value, name);
    assert.equal(a.headers['content-type'], 'application/json');
  });

  it('answers a command left to a reviewer, and one not created (onlyIfAllowedAtOnce), alike', async () => {
    const pending = await same('pending', asAgent(), submission({ argv: ['rm', '-rf', '/tmp/x'] }));
    assert.equal(pending.status, 201);
    assert.equal((JSON.parse(pending.body) as { request: { status: string } }).request.status, 'pending');
    const notCreated = await same(
      'not created',
      asAgent(),
      submission({ argv: ['rm', '-rf', '/tmp/y'] }, { onlyIfAllowedAtOnce: true }),
    );
    assert.equal(notCreated.status, 200);
  });

  it('refuses each kind of bad input with the same 4xx and message', async () => {
    const cases: Array<[string, Record<string, string>, Buffer | string, number]> = [
      ['not JSON', asAgent(), '{"command":', 400],
      ['too deep', asAgent(), `${'['.repeat(100)}${']'.repeat(100)}`, 400],
      ['unknown field', asAgent(), submission({ argv: ['ls'] }, { extra: 1 }), 400],
      ['bad command', asAgent(), submission({ argv: 'ls' }), 400],
      ['no cwd', asAgent(), JSON.stringify({ command: { argv: ['ls'] } }), 400],
      ['NUL in text', asAgent(), submission({ argv: ['echo', 'a\u0000b'] }), 400],
      ['command too long', asAgent(), submission({ shell: 'x'.repeat(LIMITS.commandBytes + 1) }), 413],
      [
        'malformed authorization',
        { ...asAgent(), authorization: 'Bearer' },
        submission({ argv: ['ls'] }),
        401,
      ],
      [
        'unknown token',
        { ...asAgent(), authorization: 'Bearer exp_a_nope' },
        submission({ argv: ['ls'] }),
        401,
      ],
      ['a user token', { ...asAgent(), authorization: `Bearer ${admin}` }, submission({ argv: ['ls'] }), 403],
    ];
    for (const [what, headers, body, status] of cases) {
      const a = await same(what, headers, body);
      assert.equal(a.status, status, `${what}: ${a.body}`);
    }
    // In-process the app reads the body as a web stream, which replaces bytes that are not UTF-8;
    // over a socket both routes read Node's stream and refuse them.
    const bytes = await direct(asAgent(), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    assert.equal(bytes.status, 400);
    assert.match(bytes.body, /the body is not valid UTF-8/);
  });

  it('refuses a chunked body over the limit with 413 and closes the connection', async () => {
    const a = await direct(asAgent(), Buffer.alloc(LIMITS.bodyBytes + 1, 0x20), true);
    assert.equal(a.status, 413);
    assert.equal(a.headers['connection'], 'close');
    const b = await viaApp(asAgent(), Buffer.alloc(LIMITS.bodyBytes + 1, 0x20));
    assert.deepEqual(comparable(a), comparable(b));
  });

  it('leaves to the app what it does not take: a query string, a declared size over the limit, no token', async () => {
    const query = await direct(
      asAgent(),
      Buffer.from(submission({ argv: ['git', 'status'] })),
      false,
      '/v1/requests?x=1',
    );
    assert.equal(query.status, 400);
    assert.match(query.body, /POST routes take no query parameters/);
    const big = await direct(asAgent(), Buffer.alloc(LIMITS.bodyBytes + 1, 0x20));
    assert.equal(big.status, 413);
    const none = await direct(
      { 'content-type': 'application/json' },
      Buffer.from(submission({ argv: ['ls'] })),
    );
    assert.equal(none.status, 401);
    assert.match(none.body, /no credentials/);
  });
});
