/**
 * Cancellation (issue 26): an agent that stops waiting — Ctrl-C in `expacti run`, a hook's time
 * limit, an aborted SDK call — cancels its request at once, audited, so no reviewer approves a
 * command nobody will run. Only the agent that submitted it can cancel it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestView } from '../src/protocol/index.js';
import { agentEnv, spawnCli, startServer, waitForText, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { preToolUse } from './support/hook.js';

const WAITING = /request ([0-9a-f-]{36})/;

describe('cancelling a request nobody will run', () => {
  let server: ServerHandle;
  const get = async (id: string) =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken)).body[
      'request'
    ] as RequestView;
  const audit = async () =>
    (await api(server.url, 'GET', '/v1/audit?limit=200', server.secrets.adminToken)).body[
      'records'
    ] as Array<{
      action: string;
      subject: string;
      data: { reason?: string };
    }>;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('Ctrl-C in expacti run cancels the pending request, and nothing runs', async () => {
    const p = spawnCli(['run', '--', 'rm', '-rf', '/tmp/expacti-cancel-never'], { env: agentEnv(server) });
    const id = (await waitForText(p.stderrSoFar, WAITING))[1] ?? '';
    p.proc.kill('SIGINT');
    const r = await p.result;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /stopped waiting \(SIGINT\): the request was cancelled, nothing ran/);
    const req = await get(id);
    assert.equal(req.status, 'expired');
    assert.match(
      req.decision?.justification ?? '',
      /cancelled: the agent stopped waiting \(the user interrupted expacti run\)/,
    );
    assert.ok((await audit()).some((a) => a.action === 'request.cancelled' && a.subject === id));
    const late = await api(server.url, 'POST', `/v1/requests/${id}/approve`, server.secrets.adminToken, {});
    assert.equal(late.status, 409, 'a reviewer can no longer approve it');
  });

  it("a hook's time limit leaves its request open as an approval ticket (issue 20), and cancels it where tickets are off", async () => {
    const ticketed = await spawnCli(['hook', 'claude', '--timeout', '3'], {
      env: agentEnv(server),
      input: JSON.stringify(preToolUse('rm -rf /tmp/expacti-ticket-hook', { session_id: 's-ticket' })),
    }).result;
    assert.match(ticketed.stdout, /NOT RUN YET/);
    const open = (await api(server.url, 'GET', '/v1/requests?session=s-ticket', server.secrets.adminToken))
      .body['requests'] as RequestView[];
    assert.equal(open[0]?.status, 'pending', 'a ticket is not an abandoned wait');
    assert.ok(open[0]?.ticket?.until);

    const off = await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { ticketMinutes: 0 });
    assert.equal(off.status, 200);
    const p = spawnCli(['hook', 'claude', '--timeout', '3'], {
      env: agentEnv(server),
      input: JSON.stringify(preToolUse('rm -rf /tmp/expacti-cancel-hook', { session_id: 's-hook' })),
    });
    const r = await p.result;
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { ticketMinutes: 10 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
    const requests = (await api(server.url, 'GET', '/v1/requests?session=s-hook', server.secrets.adminToken))
      .body['requests'] as RequestView[];
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.status, 'expired');
    assert.match(requests[0]?.decision?.justification ?? '', /^cancelled: the agent stopped waiting/);
  });

  it('only the agent that submitted it may cancel it', async () => {
    const submitted = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { shell: 'rm -rf /tmp/expacti-cancel-other' },
      cwd: '/tmp',
    });
    const id = (submitted.body['request'] as RequestView).id;
    const other = await api(server.url, 'POST', '/v1/tokens', server.secrets.adminToken, { agent: 'other' });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const token = other.body['secret'] as string;
    const refused = await api(server.url, 'POST', `/v1/requests/${id}/cancel`, token, { reason: 'x' });
    assert.equal(refused.status, 404);
    const reviewer = await api(
      server.url,
      'POST',
      `/v1/requests/${id}/cancel`,
      server.secrets.adminToken,
      {},
    );
    assert.equal(reviewer.status, 403);
    assert.equal((await get(id)).status, 'pending');
    const bad = await api(server.url, 'POST', `/v1/requests/${id}/cancel`, server.secrets.agentToken, {
      reason: 'x',
      extra: 1,
    });
    assert.equal(bad.status, 400);
    const ok = await api(server.url, 'POST', `/v1/requests/${id}/cancel`, server.secrets.agentToken, {
      reason: 'the SDK call was aborted',
    });
    assert.equal(ok.status, 200);
    assert.equal((ok.body['request'] as RequestView).status, 'expired');
    const again = await api(server.url, 'POST', `/v1/requests/${id}/cancel`, server.secrets.agentToken, {});
    assert.equal(again.status, 200, 'cancelling again answers as it stands');
  });
});

describe('a cap on what one agent may leave waiting', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses a submission beyond the org’s limit with 429, saying what to do; whitelisted ones still pass', async () => {
    const patched = await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, {
      maxPendingPerAgent: 3,
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const submit = (shell: string) =>
      api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, { command: { shell }, cwd: '/tmp' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await submit(`rm -rf /tmp/expacti-cap-${i}`);
      assert.equal(r.status, 201);
      ids.push((r.body['request'] as RequestView).id);
    }
    const over = await submit('rm -rf /tmp/expacti-cap-over');
    assert.equal(over.status, 429);
    assert.match(over.body.error?.message ?? '', /already has 3 requests waiting for a reviewer/);
    await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern: 'git status' });
    assert.equal(((await submit('git status')).body['request'] as RequestView).status, 'approved');
    await api(server.url, 'POST', `/v1/requests/${ids[0]}/cancel`, server.secrets.agentToken, {});
    assert.equal((await submit('rm -rf /tmp/expacti-cap-after')).status, 201, 'room again after a cancel');
  });
});
