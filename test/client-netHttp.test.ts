/**
 * The agent's minimal HTTP/1.1 client on node:net (src/client/netHttp.ts), against a real
 * node:http server: both body framings, one kept-alive connection, a connection the server closed
 * in between, refusal, timeout, abort and answers in pieces.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetHttp } from '../src/client/netHttp.js';
import { freePort } from './support/expacti.js';

describe('NetHttp', () => {
  let server: http.Server;
  let port: number;
  const sockets = new Set<unknown>();
  before(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/chunked') {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.write('{"parts":');
          setTimeout(() => res.end(`[1,2,3],"echo":${JSON.stringify(body)}}`), 20);
        } else if (req.url === '/slow') setTimeout(() => res.end('{}'), 2000);
        else if (req.url === '/close') {
          res.setHeader('connection', 'close');
          res.end('{"closing":true}');
        } else if (req.url === '/big') res.end(JSON.stringify({ x: 'é'.repeat(300_000) }));
        else
          res.end(
            JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization }),
          );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const get = (client: NetHttp, path: string, extra: Partial<Parameters<NetHttp['request']>[0]> = {}) =>
    client.request({ method: 'GET', path, headers: {}, payload: undefined, ...extra });

  it('sends a request and reads a Content-Length answer, reusing one connection', async () => {
    const client = new NetHttp('127.0.0.1', port);
    sockets.clear();
    const payload = JSON.stringify({ command: 'ünïcode' });
    const res = await client.request({
      method: 'POST',
      path: '/v1/requests',
      headers: {
        authorization: 'Bearer t',
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      },
      payload,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.text), {
      method: 'POST',
      url: '/v1/requests',
      body: payload,
      auth: 'Bearer t',
    });
    const again = await Promise.all([get(client, '/a'), get(client, '/b')]);
    assert.deepEqual(
      again.map((r) => (JSON.parse(r.text) as { url: string }).url),
      ['/a', '/b'],
    );
    assert.equal(sockets.size, 1, 'one kept-alive connection');
    client.close();
  });

  it('reads chunked answers arriving in pieces, and large ones', async () => {
    const client = new NetHttp('127.0.0.1', port);
    const res = await client.request({
      method: 'POST',
      path: '/chunked',
      headers: { 'content-length': 2 },
      payload: 'hi',
    });
    assert.equal(res.status, 201);
    assert.deepEqual(JSON.parse(res.text), { parts: [1, 2, 3], echo: 'hi' });
    assert.equal((JSON.parse((await get(client, '/big')).text) as { x: string }).x.length, 300_000);
    client.close();
  });

  it('opens a new connection when the server closed the last one', async () => {
    const client = new NetHttp('127.0.0.1', port);
    assert.equal((await get(client, '/close')).status, 200);
    assert.equal((await get(client, '/after')).status, 200);
    client.close();
  });

  it('fails with the cause: refused, timed out, aborted', async () => {
    const nobody = new NetHttp('127.0.0.1', await freePort());
    await assert.rejects(get(nobody, '/'), (e: Error & { code?: string }) => e.code === 'ECONNREFUSED');
    const client = new NetHttp('127.0.0.1', port);
    await assert.rejects(
      get(client, '/slow', { timeoutMs: 100 }),
      (e: Error & { code?: string }) => e.code === 'ETIMEDOUT',
    );
    const stop = new AbortController();
    const pending = get(client, '/slow', { signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    await assert.rejects(pending, (e: Error & { code?: string }) => e.code === 'ABORT_ERR');
    assert.equal((await get(client, '/fine')).status, 200, 'usable again after a failure');
    client.close();
  });
});
