/**
 * POST /v1/requests/:id/context over raw HTTP: what the server asks for, who may report, when,
 * and that what the server concludes (assessment, binding check) cannot be forged by the agent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import type { ProbeRequest, RequestView } from '../src/protocol/index.js';

describe('POST /v1/requests/:id/context', () => {
  let server: ServerHandle;
  let other: string;
  const submit = async (shell: string) => {
    const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { shell },
      cwd: '/tmp',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as unknown as { request: RequestView; probes?: ProbeRequest[]; probeBudgetMs?: number };
  };
  const report = (id: string, body: unknown, token = server.secrets.agentToken) =>
    api(server.url, 'POST', `/v1/requests/${id}/context`, token, body);
  const unknownFs = { id: 'fs-1', kind: 'fs', fact: { known: false, why: 'permission denied' } };

  before(async () => {
    server = await startServer();
    const t = await api(server.url, 'POST', '/v1/tokens', server.secrets.adminToken, {
      agent: 'other-agent',
    });
    other = (t.body as { secret: string }).secret;
  });
  after(() => server.stop());

  it('asks a pending request for the facts of its destructive paths, within a budget', async () => {
    const s = await submit('rm -rf ./build');
    assert.equal(s.request.status, 'pending');
    assert.deepEqual(s.probes?.[0], {
      kind: 'fs',
      id: 'fs-1',
      path: './build',
      op: 'rm -r',
      walk: true,
      followFinal: false,
    });
    assert.equal(s.probeBudgetMs, 300);
  });

  it('stores what was asked, shows an unreported fact as unknown, and audits it', async () => {
    const s = await submit('rm -rf ./build');
    const r = await report(s.request.id, {
      probes: [unknownFs, { id: 'zz-9', kind: 'aws', fact: { known: false, why: 'not asked' } }],
      elapsedMs: 12,
      budgetMs: 300,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const context = (r.body['request'] as RequestView).context;
    assert.deepEqual(
      context?.probes?.map((p) => [p.id, p.fact]),
      [
        ['fs-1', { known: false, why: 'permission denied' }],
        ['git-1', { known: false, why: 'the agent did not report it' }],
      ],
    );
    const audit = await api(server.url, 'GET', '/v1/audit?after=0&limit=1000', server.secrets.adminToken);
    const records = audit.body['records'] as Array<{
      action: string;
      subject: string;
      data: { unknown: number };
    }>;
    assert.equal(
      records.find((a) => a.action === 'request.context' && a.subject === s.request.id)?.data.unknown,
      2,
    );
  });

  it('takes context once, only from the agent that asked, only while pending', async () => {
    const s = await submit('rm -rf ./a');
    const body = { probes: [unknownFs], elapsedMs: 1, budgetMs: 300 };
    assert.equal((await report(s.request.id, body, other)).status, 404);
    assert.equal((await report(s.request.id, body, server.secrets.adminToken)).status, 403);
    assert.equal((await report(s.request.id, body)).status, 200);
    assert.equal((await report(s.request.id, body)).status, 409);
    const d = await submit('rm -rf ./b');
    await api(server.url, 'POST', `/v1/requests/${d.request.id}/deny`, server.secrets.adminToken, {
      note: 'no',
    });
    assert.equal((await report(d.request.id, body)).status, 409);
  });

  it('refuses server conclusions from the agent, and malformed facts', async () => {
    const s = await submit('rm -rf ./c');
    const forged = await report(s.request.id, {
      probes: [],
      elapsedMs: 1,
      budgetMs: 1,
      assessment: { tier: 'safe', reasons: [] },
    });
    assert.equal(forged.status, 400);
    const bad = await report(s.request.id, {
      probes: [{ id: 'fs-1', kind: 'fs', fact: { known: true, value: { pattern: 1 } } }],
      elapsedMs: 1,
      budgetMs: 1,
    });
    assert.equal(bad.status, 400);
    const atSubmit = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { shell: 'rm -rf ./d' },
      cwd: '/tmp',
      context: { binding: { outcome: 'same' } },
    });
    assert.equal(atSubmit.status, 400);
  });
});
