/**
 * One text policy and one query-parameter layer, the same on both stores: a NUL character (or a
 * lone surrogate) in any text field, and any bad query parameter of any route, is a 400 naming
 * the field — never a 500 from the database, and nothing is written.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, type ApiResult } from './support/api.js';
import { describeOnEachStore } from './support/stores.js';
import type { ServerHandle } from './support/expacti.js';

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';

describeOnEachStore('text the stores cannot hold', (ctx) => {
  let server: ServerHandle;
  let admin: string;
  let agent: string;
  let pendingId: string;
  let entryId: string;
  const cwd = '/tmp';
  const count = async (): Promise<number> =>
    ((await api(server.url, 'GET', '/v1/requests?limit=1000', admin)).body['requests'] as unknown[]).length;

  before(async () => {
    server = ctx.server();
    admin = server.secrets.adminToken;
    agent = server.secrets.agentToken;
    const submitted = await api(server.url, 'POST', '/v1/requests', agent, {
      command: { argv: ['rm', '-rf', '/tmp/expacti-validation'] },
      cwd,
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    pendingId = (submitted.body['request'] as { id: string }).id;
    const entry = await api(server.url, 'POST', '/v1/whitelist', admin, { pattern: 'echo validation' });
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    entryId = (entry.body['entry'] as { id: string }).id;
  });

  const refused = (res: ApiResult, field: string, what = /NUL character/): void => {
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error?.code, 'bad_request');
    assert.equal(res.body.error?.field, field);
    assert.match(res.body.error?.message ?? '', what);
  };

  it('refuses NUL in every field of a submission, naming it, and writes nothing', async () => {
    const before = await count();
    const base = { command: { argv: ['echo', 'hi'] }, cwd };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, command: { argv: ['echo', NUL] } }, 'command.argv.1'],
      [{ ...base, command: { shell: `echo ${NUL}` } }, 'command.shell'],
      [{ ...base, cwd: NUL }, 'cwd'],
      [{ ...base, host: NUL }, 'host'],
      [{ ...base, osUser: NUL }, 'osUser'],
      [{ ...base, session: NUL }, 'session'],
      [{ ...base, gitBranch: NUL }, 'gitBranch'],
      [{ ...base, reason: NUL }, 'reason'],
      [{ ...base, [NUL]: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await api(server.url, 'POST', '/v1/requests', agent, body);
      if (field === '') {
        assert.equal(res.status, 400);
        assert.match(res.body.error?.message ?? '', /a key that contains a NUL/);
      } else refused(res, field);
    }
    assert.equal(await count(), before, 'nothing was written');
  });

  it('refuses a lone surrogate the same way (it could not run as sent)', async () => {
    refused(
      await api(server.url, 'POST', '/v1/requests', agent, { command: { argv: ['echo', LONE] }, cwd }),
      'command.argv.1',
      /lone UTF-16 surrogate/,
    );
  });

  it('refuses NUL in reviewer, admin and sign-in fields', async () => {
    const cases: Array<[string, string, string, unknown, string]> = [
      ['POST', `/v1/requests/${pendingId}/approve`, admin, { note: NUL }, 'note'],
      [
        'POST',
        `/v1/requests/${pendingId}/approve`,
        admin,
        { whitelist: { pattern: NUL } },
        'whitelist.pattern',
      ],
      ['POST', `/v1/requests/${pendingId}/approve`, admin, { whitelist: { agent: NUL } }, 'whitelist.agent'],
      ['POST', `/v1/requests/${pendingId}/deny`, admin, { note: NUL }, 'note'],
      ['POST', `/v1/requests/${pendingId}/context`, agent, probeBody(NUL), 'probes.0.id'],
      ['POST', '/v1/check', agent, { command: { argv: [NUL] } }, 'command.argv.0'],
      ['POST', '/v1/whitelist', admin, { pattern: `echo ${NUL}` }, 'pattern'],
      ['POST', '/v1/whitelist', admin, { pattern: 'echo x', note: NUL }, 'note'],
      ['POST', '/v1/whitelist', admin, { pattern: 'echo x', agent: NUL }, 'agent'],
      ['PATCH', `/v1/whitelist/${entryId}`, admin, { note: NUL }, 'note'],
      ['POST', '/v1/whitelist/preview', admin, { pattern: NUL }, 'pattern'],
      ['POST', '/v1/users', admin, { username: NUL, role: 'reviewer' }, 'username'],
      [
        'POST',
        '/v1/users',
        admin,
        { username: 'nul-pw', role: 'reviewer', password: `${NUL}xxxxxxxxxxxx` },
        'password',
      ],
      ['POST', '/v1/tokens', admin, { agent: NUL }, 'agent'],
      ['PATCH', '/v1/org', admin, { protectedBranches: [NUL] }, 'protectedBranches.0'],
      ['POST', '/v1/auth/token', '', { username: NUL, password: 'x' }, 'username'],
      ['POST', '/v1/auth/token', '', { username: 'admin', password: NUL }, 'password'],
      ['POST', '/v1/auth/token', '', { username: 'admin', password: 'x', label: NUL }, 'label'],
    ];
    for (const [method, path, token, body, field] of cases) {
      refused(await api(server.url, method, path, token || null, body), field);
    }
    const login = await fetch(`${server.url}/v1/web/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: NUL, password: 'x' }),
    });
    assert.equal(login.status, 400);
    assert.equal(((await login.json()) as ApiResult['body']).error?.field, 'username');
    const still = await api(server.url, 'GET', `/v1/requests/${pendingId}`, admin);
    assert.equal((still.body['request'] as { status: string }).status, 'pending', 'nothing was decided');
  });

  it('refuses NUL in a query parameter and in its name', async () => {
    refused(await api(server.url, 'GET', '/v1/requests?agent=a%00b', admin), 'query.agent');
    const res = await api(server.url, 'GET', '/v1/requests?a%00b=1', admin);
    assert.equal(res.status, 400);
    assert.match(res.body.error?.message ?? '', /NUL/);
  });

  it('refuses a body that is not UTF-8', async () => {
    const res = await fetch(`${server.url}/v1/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"command":{"argv":["echo","'),
        Buffer.from([0xff]),
        Buffer.from('"]},"cwd":"/"}'),
      ]),
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as ApiResult['body']).error?.message ?? '', /not valid UTF-8/);
  });
});

describeOnEachStore('query parameters', (ctx) => {
  let server: ServerHandle;
  let admin: string;
  let requestId: string;
  before(async () => {
    server = ctx.server();
    admin = server.secrets.adminToken;
    const submitted = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv: ['rm', '-rf', '/tmp/expacti-query'] },
      cwd: '/tmp',
    });
    requestId = (submitted.body['request'] as { id: string }).id;
  });

  const bad = async (path: string, field: string, message: RegExp, token: string | null = admin) => {
    const res = await api(server.url, 'GET', path, token);
    assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error?.code, 'bad_request', path);
    assert.equal(res.body.error?.field, field, path);
    assert.match(res.body.error?.message ?? '', message, path);
  };

  it('validates every parameter of GET /v1/requests, naming it', async () => {
    await bad('/v1/requests?since=notadate', 'query.since', /ISO 8601/);
    await bad('/v1/requests?before=notadate', 'query.before', /ISO 8601/);
    await bad('/v1/requests?since=2026-02-30', 'query.since', /ISO 8601/);
    await bad('/v1/requests?before=2026-13-01T00:00:00Z', 'query.before', /ISO 8601/);
    await bad('/v1/requests?since=2026-01-01T24:00:00Z', 'query.since', /ISO 8601/);
    await bad('/v1/requests?since=2026-01-01T10:00:00', 'query.since', /with a zone/);
    await bad('/v1/requests?since=%2B275760-01-01', 'query.since', /ISO 8601/);
    await bad('/v1/requests?limit=0', 'query.limit', /at least 1/);
    await bad('/v1/requests?limit=1001', 'query.limit', /at most 1000/);
    await bad('/v1/requests?limit=abc', 'query.limit', /whole number/);
    await bad('/v1/requests?limit=1e2', 'query.limit', /whole number/);
    await bad('/v1/requests?limit=5&limit=6', 'query.limit', /given 2 times/);
    await bad('/v1/requests?status=maybe', 'query.status', /./);
    await bad('/v1/requests?agent=', 'query.agent', /empty/);
    await bad('/v1/requests?session=' + 'x'.repeat(300), 'query.session', /./);
    await bad('/v1/requests?bogus=1', 'query.bogus', /unknown query parameter "bogus"/);
    const good = await api(
      server.url,
      'GET',
      '/v1/requests?since=2026-01-01&before=2999-12-31T23:59:59.999%2B02:00&limit=5&status=pending',
      admin,
    );
    assert.equal(good.status, 200, JSON.stringify(good.body));
  });

  it('validates the audit page and insights parameters', async () => {
    await bad('/v1/audit?after=-1', 'query.after', /whole number/);
    await bad('/v1/audit?after=x', 'query.after', /whole number/);
    await bad('/v1/audit?limit=0', 'query.limit', /at least 1/);
    await bad('/v1/audit?limit=5000', 'query.limit', /at most 1000/);
    await bad('/v1/insights?days=0', 'query.days', /at least 1/);
    await bad('/v1/insights?days=week', 'query.days', /whole number/);
  });

  it('refuses a parameter on every route that takes none', async () => {
    const agent = server.secrets.agentToken;
    const routes: Array<[string, string | null]> = [
      ['/v1/health', null],
      ['/v1/web/session', null],
      ['/v1/me', admin],
      ['/v1/events', admin],
      [`/v1/requests/${requestId}`, admin],
      [`/v1/requests/${requestId}/events`, agent],
      ['/v1/whitelist', admin],
      ['/v1/tokens', admin],
      ['/v1/users', admin],
      ['/v1/org', admin],
      ['/v1/audit/verify', admin],
    ];
    for (const [path, token] of routes) {
      await bad(`${path}?x=1`, 'query.x', /unknown query parameter "x"; this route takes none/, token);
    }
  });

  it('refuses a query string on routes that change state', async () => {
    const res = await api(server.url, 'POST', '/v1/requests?dryRun=1', server.secrets.agentToken, {
      command: { argv: ['echo', 'x'] },
      cwd: '/tmp',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error?.field, 'query.dryRun');
    const del = await api(
      server.url,
      'DELETE',
      '/v1/tokens/00000000-0000-4000-8000-000000000000?force=1',
      admin,
    );
    assert.equal(del.status, 400);
    assert.equal(del.body.error?.field, 'query.force');
  });
});

function probeBody(id: string): unknown {
  return {
    probes: [{ id, kind: 'kube', fact: { known: false, why: 'test' } }],
    elapsedMs: 1,
    budgetMs: 300,
  };
}
