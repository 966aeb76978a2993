/**
 * Submission rate limits (issue 26): per agent token and per org, in one-minute windows. A
 * submission over a limit is refused with 429, Retry-After and words an agent can act on; nothing
 * runs; another token keeps its own budget until the org's is spent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { awayFromWindowEdge } from './support/rateWindow.js';

describe('submission rate limits', () => {
  let server: ServerHandle;
  const work = tempDir('expacti-rate-');
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
    work.remove();
  });

  it('refuse a token over its limit with 429 and a reason; other tokens keep theirs until the org’s is spent', async () => {
    const admin = server.secrets.adminToken;
    const patched = await api(server.url, 'PATCH', '/v1/org', admin, {
      submitsPerMinutePerToken: 4,
      submitsPerMinutePerOrg: 6,
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    await api(server.url, 'POST', '/v1/whitelist', admin, { pattern: 'echo ok' });
    const mint = async (agent: string) =>
      ((await api(server.url, 'POST', '/v1/tokens', admin, { agent })).body as { secret: string }).secret;
    const [first, second] = [await mint('rate-a'), await mint('rate-b')];
    await awayFromWindowEdge();
    const submit = (token: string) =>
      api(server.url, 'POST', '/v1/requests', token, { command: { argv: ['echo', 'ok'] }, cwd: '/tmp' });

    for (let i = 0; i < 4; i++) assert.equal((await submit(first)).status, 201);
    const over = await submit(first);
    assert.equal(over.status, 429);
    assert.equal(over.body.error?.code, 'too_many_requests');
    assert.match(
      over.body.error?.message ?? '',
      /agent "rate-a" sent 4 commands this minute, its token's limit/,
    );
    const raw = await fetch(`${server.url}/v1/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: { argv: ['echo', 'ok'] }, cwd: '/tmp' }),
    });
    assert.equal(raw.status, 429);
    const retry = Number(raw.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);

    // The other token has its own budget, until the org's (6) is spent.
    assert.equal((await submit(second)).status, 201);
    assert.equal((await submit(second)).status, 201);
    const org = await submit(second);
    assert.equal(org.status, 429);
    assert.match(org.body.error?.message ?? '', /the org's agents sent 6 commands this minute/);

    // The agent's CLI says so, and nothing runs.
    const marker = join(work.path, 'ran');
    const run = await runCli(['run', '--', 'touch', marker], {
      env: { EXPACTI_URL: server.url, EXPACTI_TOKEN: first },
    });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /4 commands this minute/);
    assert.equal(existsSync(marker), false);
  });
});
