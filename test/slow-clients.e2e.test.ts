/**
 * Slow and broken clients: headers and bodies that stall are cut within the configured timeouts,
 * idle keep-alive connections close, event streams are not cut, and a client that disconnects
 * mid-body is logged as a disconnect, not as an internal error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startServer, waitForText, type ServerHandle } from './support/expacti.js';

/** A raw connection: what it received, and when the server closed it. */
function rawClient(
  port: number,
): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const opened = Date.now();
    const closed = new Promise<number>((res) => socket.once('close', () => res(Date.now() - opened)));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

describe('expacti serve with slow and broken clients', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer({
      args: ['--headers-timeout', '1', '--request-timeout', '2', '--idle-timeout', '3'],
    });
  });
  after(() => server.stop());

  it('cuts a request whose body stalls within the request timeout, with 408', async () => {
    const c = await rawClient(server.port);
    c.socket.write(
      'POST /v1/requests HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: Bearer ${server.secrets.agentToken}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"command":',
    );
    const after = await c.closed;
    assert.ok(after < 2000 + 1500, `closed after ${after} ms`);
    assert.ok(after >= 1900, `not before the timeout (${after} ms)`);
    assert.match(c.received(), /^HTTP\/1\.1 408/);
    await waitForText(server.output, /did not send a whole request in time/);
  });

  it('cuts half-sent headers within the headers timeout', async () => {
    const c = await rawClient(server.port);
    c.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const after = await c.closed;
    assert.ok(after < 1000 + 1200, `closed after ${after} ms`);
    assert.match(c.received(), /^HTTP\/1\.1 408/);
  });

  it('closes a keep-alive connection left idle for the idle timeout', async () => {
    const c = await rawClient(server.port);
    c.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitForText(c.received, /"ok":true/);
    const after = await c.closed;
    assert.ok(after >= 2900 && after < 3000 + 1500, `closed after ${after} ms`);
  });

  it('keeps an event stream open past the request timeout', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/v1/events`, {
      headers: { authorization: `Bearer ${server.secrets.adminToken}` },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let ended = false;
    const reading = (async () => {
      for (;;) {
        const { done } = await reader.read().catch(() => ({ done: true }));
        if (done) break;
      }
      ended = true;
    })();
    await new Promise((r) => setTimeout(r, 4500));
    assert.equal(ended, false, 'the stream is still open after 4.5 s (past the request and idle timeouts)');
    controller.abort();
    await reading;
  });

  it('logs a client that disconnects mid-body as a disconnect, not an internal error', async () => {
    const c = await rawClient(server.port);
    c.socket.write(
      'POST /v1/requests HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: Bearer ${server.secrets.agentToken}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"command":',
    );
    await new Promise((r) => setTimeout(r, 200));
    c.socket.destroy();
    await waitForText(
      server.output,
      /client disconnected: the client went away after sending 11 bytes of the body of POST \/v1\/requests/,
    );
    assert.doesNotMatch(server.output(), /internal error/);
  });
});

describe('expacti serve timeout flags', () => {
  it('refuses a request timeout shorter than the headers timeout', async () => {
    const { runCli } = await import('./support/expacti.js');
    const res = await runCli(['serve', '--port', '0', '--headers-timeout', '5', '--request-timeout', '2']);
    assert.equal(res.code, 64);
    assert.match(res.stderr, /cannot be shorter than --headers-timeout/);
  });
});
