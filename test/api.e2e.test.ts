/**
 * Bad input and identities at the HTTP boundary: every malformed request gets a clear error naming
 * what is wrong, nothing is half-written, and nobody acts across orgs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { EXIT } from '../src/protocol/exitCodes.js';
import { join } from 'node:path';
import { openStore } from '../src/store/open.js';
import { AUDIT_KEY_FILE, readAuditKeys } from '../src/server/auditKeys.js';
import { DEFAULT_ORG_SETTINGS } from '../src/store/records.js';
import {
  agentEnv,
  reviewerEnv,
  runCli,
  spawnCli,
  startServer,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { api } from './support/api.js';

describe('the HTTP API with bad input', () => {
  let server: ServerHandle;
  let agent: string;
  const submit = (body: unknown) => api(server.url, 'POST', '/v1/requests', agent, body);
  const count = async () =>
    (
      (await api(server.url, 'GET', '/v1/requests?limit=1000', server.secrets.adminToken)).body[
        'requests'
      ] as unknown[]
    ).length;

  before(async () => {
    server = await startServer();
    agent = server.secrets.agentToken;
  });
  after(() => server.stop());

  it('answers 413 for a command over 64 KiB, saying the limit', async () => {
    const before = await count();
    const res = await submit({ command: { shell: `echo ${'x'.repeat(70_000)}` }, cwd: '/tmp' });
    assert.equal(res.status, 413);
    assert.equal(res.body.error?.code, 'payload_too_large');
    assert.match(res.body.error?.message ?? '', /limit is 65536/);
    assert.equal(await count(), before, 'nothing written');
  });

  it('answers 413 for a body over the body limit', async () => {
    const res = await submit({ command: { argv: ['echo', 'x'.repeat(600_000)] }, cwd: '/tmp' });
    assert.equal(res.status, 413);
  });

  it('tells expacti run the command is too large and runs nothing', async () => {
    const res = await runCli(['run', '--', 'echo', 'y'.repeat(70_000)], { env: agentEnv(server) });
    assert.equal(res.code, EXIT.rejected);
    assert.match(res.stderr, /limit is 65536/);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await api(server.url, 'POST', '/v1/requests', agent, '{"command": ');
    assert.equal(res.status, 400);
    assert.match(res.body.error?.message ?? '', /not valid JSON/);
  });

  it('answers 400 naming a missing field', async () => {
    const res = await submit({ command: { argv: ['ls'] } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error?.field, 'cwd');
  });

  it('answers 400 naming a malformed command', async () => {
    const res = await submit({ command: { argv: [] }, cwd: '/tmp' });
    assert.equal(res.status, 400);
    assert.match(res.body.error?.field ?? '', /^command/);
    const res2 = await submit({ command: 'ls', cwd: '/tmp' });
    assert.equal(res2.status, 400);
    assert.match(res2.body.error?.message ?? '', /command must be/);
  });

  it('answers 400 for unknown fields rather than ignoring them', async () => {
    const res = await submit({ command: { argv: ['ls'] }, cwd: '/tmp', approved: true });
    assert.equal(res.status, 400);
    assert.match(res.body.error?.message ?? '', /unknown field\(s\): approved/);
  });

  it('answers 401 for no token and for an unknown one', async () => {
    assert.equal((await api(server.url, 'GET', '/v1/requests', null)).status, 401);
    const res = await api(server.url, 'GET', '/v1/requests', 'exp_u_unknown');
    assert.equal(res.status, 401);
    assert.match(res.body.error?.message ?? '', /unknown or revoked token/);
  });

  it('answers 404 for an id that is not a UUID and for an unknown endpoint', async () => {
    assert.equal(
      (await api(server.url, 'GET', '/v1/requests/../../etc', server.secrets.adminToken)).status,
      404,
    );
    assert.equal((await api(server.url, 'GET', '/v1/nope', server.secrets.adminToken)).status, 404);
  });

  it('edits a whitelist entry’s pattern and scope, re-validating the pattern', async () => {
    const add = await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, {
      pattern: 'echo one',
    });
    assert.equal(add.status, 201);
    const id = (add.body['entry'] as { id: string }).id;
    const allowed = async (word: string) =>
      (await submit({ command: { argv: ['echo', word] }, cwd: '/tmp' })).body['exec'] !== undefined;
    assert.equal(await allowed('two'), false);

    const bad = await api(server.url, 'PATCH', `/v1/whitelist/${id}`, server.secrets.adminToken, {
      pattern: 'echo "',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.field, 'pattern');

    const edit = await api(server.url, 'PATCH', `/v1/whitelist/${id}`, server.secrets.adminToken, {
      pattern: 'echo *',
    });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    assert.equal((edit.body['entry'] as { exact: boolean }).exact, false);
    assert.equal(await allowed('two'), true, 'the edited pattern applies at once');

    const scope = await api(server.url, 'PATCH', `/v1/whitelist/${id}`, server.secrets.adminToken, {
      agent: 'someone-else',
    });
    assert.deepEqual((scope.body['entry'] as { scope: unknown }).scope, {
      kind: 'agent',
      agent: 'someone-else',
    });
    assert.equal(await allowed('three'), false, 'scoped to another agent now');
    await api(server.url, 'DELETE', `/v1/whitelist/${id}`, server.secrets.adminToken);
  });

  it('revokes a token at once', async () => {
    const created = await runCli(['token', 'create', '--agent', 'ci-bot'], { env: reviewerEnv(server) });
    const token = created.stdout.trim();
    assert.equal((await api(server.url, 'GET', '/v1/me', token)).status, 200);
    const list = await runCli(['token', 'list', '--json'], { env: reviewerEnv(server) });
    const id = (JSON.parse(list.stdout) as Array<{ id: string; name: string }>).find(
      (t) => t.name === 'ci-bot',
    )?.id;
    assert.equal((await runCli(['token', 'revoke', id as string], { env: reviewerEnv(server) })).code, 0);
    assert.equal((await api(server.url, 'GET', '/v1/me', token)).status, 401);
  });

  it('adds reviewers who can decide but not administer, and removing one ends their access', async () => {
    const add = await runCli(['user', 'add', 'ana', '--role', 'reviewer', '--password-stdin'], {
      env: reviewerEnv(server),
      input: 'correct horse battery staple\n',
    });
    assert.equal(add.code, 0, add.stderr);
    const login = await api(server.url, 'POST', '/v1/auth/token', null, {
      username: 'ana',
      password: 'correct horse battery staple',
    });
    assert.equal(login.status, 201);
    const ana = login.body['secret'] as string;
    assert.equal((await api(server.url, 'GET', '/v1/tokens', ana)).status, 403, 'a reviewer is not an admin');
    const wrong = await api(server.url, 'POST', '/v1/auth/token', null, {
      username: 'ana',
      password: 'wrong',
    });
    assert.equal(wrong.status, 401);

    const waiting = spawnCli(['run', '--', 'true'], { env: agentEnv(server) });
    const [, id] = await waitForText(waiting.stderrSoFar, /request ([0-9a-f-]{36})/);
    assert.equal((await runCli(['approve', id as string], { env: reviewerEnv(server, ana) })).code, 0);
    assert.equal((await waiting.result).code, 0);

    assert.equal((await runCli(['user', 'remove', 'ana'], { env: reviewerEnv(server) })).code, 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await api(server.url, 'GET', '/v1/me', ana)).status, 401);
  });
});

describe('org isolation', () => {
  it('hides one org’s requests from another org’s agents and reviewers', async () => {
    const server = await startServer();
    try {
      const waiting = spawnCli(['run', '--', 'true'], { env: agentEnv(server) });
      const [, id] = await waitForText(waiting.stderrSoFar, /request ([0-9a-f-]{36})/);

      const store = await openStore({
        dataDir: server.dataDir,
        auditKeys: readAuditKeys(join(server.dataDir, AUDIT_KEY_FILE)).chain,
      });
      const at = new Date().toISOString();
      const org = { id: randomUUID(), name: 'other', createdAt: at, settings: { ...DEFAULT_ORG_SETTINGS } };
      await store.createOrg(org, []);
      const secret = 'exp_a_other-org-agent-secret-for-tests';
      await store.createToken(
        {
          id: randomUUID(),
          orgId: org.id,
          kind: 'agent',
          name: 'intruder',
          userId: null,
          hash: createHash('sha256').update(secret).digest('hex'),
          createdAt: at,
          revokedAt: null,
          lastUsedAt: null,
        },
        [],
      );
      await store.close();

      assert.equal((await api(server.url, 'GET', `/v1/requests/${id}`, secret)).status, 404);
      assert.equal((await api(server.url, 'POST', `/v1/requests/${id}/execute`, secret, {})).status, 404);
      assert.equal((await api(server.url, 'GET', `/v1/requests/${id}/events`, secret)).status, 404);
      await runCli(['deny', id as string, '--note', 'done'], { env: reviewerEnv(server) });
      await waiting.result;
    } finally {
      await server.stop();
    }
  });
});
