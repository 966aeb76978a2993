/** `import { Expacti } from 'expacti'` against a live server: check, request and run. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Expacti, ExpactiError } from '../src/index.js';
import { startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

describe('Expacti (SDK) against a live server', () => {
  let server: ServerHandle;
  let expacti: Expacti;
  const work = tempDir('expacti-sdk-');
  const decide = (id: string, how: 'approve' | 'deny', body: Record<string, unknown> = {}) =>
    api(server.url, 'POST', `/v1/requests/${id}/${how}`, server.secrets.adminToken, body);

  before(async () => {
    server = await startServer();
    expacti = new Expacti({ url: server.url, token: server.secrets.agentToken, env: {} });
  });
  after(async () => {
    expacti.close();
    await server.stop();
    work.remove();
  });

  it('check() says what would happen without creating a request', async () => {
    const before = await api(server.url, 'GET', '/v1/requests?limit=1000', server.secrets.adminToken);
    const checked = await expacti.check('echo sdk-check');
    assert.equal(checked.decision, 'review');
    assert.equal(typeof checked.analysis.tier, 'string');
    assert.equal(checked.analysis.parsed, true);
    const after = await api(server.url, 'GET', '/v1/requests?limit=1000', server.secrets.adminToken);
    assert.equal((after.body['requests'] as unknown[]).length, (before.body['requests'] as unknown[]).length);
  });

  it('POST /v1/check is for agent tokens only', async () => {
    const res = await api(server.url, 'POST', '/v1/check', server.secrets.adminToken, {
      command: { shell: 'ls' },
    });
    assert.equal(res.status, 403);
  });

  it('request() waits for the reviewer and returns the approval, already claimed', async () => {
    const result = await expacti.request('echo sdk-approved', {
      cwd: work.path,
      reason: 'sdk test',
      onWaiting: (p) => void decide(p.requestId, 'approve', { note: 'go', whitelist: true }),
    });
    assert.equal(result.allowed, true);
    assert.ok(result.allowed);
    assert.deepEqual(result.command, { shell: 'echo sdk-approved' });
    assert.equal(result.cwd, work.path);
    assert.equal(result.by, 'reviewer');
    assert.equal(result.note, 'go');
    assert.match(result.justification, /approved by admin: go/);
    const replay = await api(
      server.url,
      'POST',
      `/v1/requests/${result.requestId}/execute`,
      server.secrets.agentToken,
      {},
    );
    assert.equal(replay.status, 409);
  });

  it('check() and request() see a whitelisted command as allowed', async () => {
    const checked = await expacti.check('echo sdk-approved');
    assert.equal(checked.decision, 'allow');
    assert.match(checked.justification, /whitelisted: approved by admin/);
    const result = await expacti.request('echo sdk-approved', {
      onWaiting: () => assert.fail('no wait for a whitelisted command'),
    });
    assert.ok(result.allowed);
    assert.equal(result.by, 'whitelist');
  });

  it('request() returns a denial with the note', async () => {
    const result = await expacti.request(['rm', '-rf', 'dist'], {
      onWaiting: (p) => void decide(p.requestId, 'deny', { note: 'keep dist' }),
    });
    assert.equal(result.allowed, false);
    assert.ok(!result.allowed);
    assert.equal(result.outcome, 'denied');
    assert.equal(result.note, 'keep dist');
    assert.match(result.justification, /denied by admin: keep dist/);
  });

  it('request() stops waiting at waitTimeoutMs and on abort', async () => {
    await assert.rejects(
      expacti.request('echo never-decided', { waitTimeoutMs: 300 }),
      (e) => e instanceof ExpactiError && e.code === 'timeout',
    );
    const controller = new AbortController();
    await assert.rejects(
      expacti.request('echo never-decided-2', {
        signal: controller.signal,
        onWaiting: () => setTimeout(() => controller.abort(), 50),
      }),
      (e) => e instanceof ExpactiError && e.code === 'aborted',
    );
  });

  it('run() runs what was approved, captures its output and reports the exit code', async () => {
    const result = await expacti.run('echo out; echo err >&2; exit 4', {
      cwd: work.path,
      onWaiting: (p) => void decide(p.requestId, 'approve'),
    });
    assert.ok(result.ran);
    assert.equal(result.exitCode, 4);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
    assert.deepEqual(result.omitted, { stdout: 0, stderr: 0 });
    const shown = await api(
      server.url,
      'GET',
      `/v1/requests/${result.approval.requestId}`,
      server.secrets.adminToken,
    );
    assert.equal((shown.body['request'] as { execution: { exitCode: number } }).execution.exitCode, 4);
  });

  it('run() does not run a denied command', async () => {
    const marker = join(work.path, 'denied');
    const result = await expacti.run(['touch', marker], {
      onWaiting: (p) => void decide(p.requestId, 'deny', { note: 'no' }),
    });
    assert.equal(result.ran, false);
    assert.equal(existsSync(marker), false);
  });

  it('run() ends the command at runTimeoutMs', async () => {
    const result = await expacti.run('sleep 30', {
      runTimeoutMs: 200,
      onWaiting: (p) => void decide(p.requestId, 'approve'),
    });
    assert.ok(result.ran);
    assert.equal(result.killed, 'timeout');
    assert.equal(result.signal, 'SIGTERM');
  });
});

describe('Expacti (SDK) failing closed', () => {
  it('throws unavailable when the server is down', async () => {
    const expacti = new Expacti({ url: 'http://127.0.0.1:9', token: 'exp_a_x', env: {} });
    await assert.rejects(expacti.run('true'), (e) => e instanceof ExpactiError && e.code === 'unavailable');
  });

  it('throws config when nothing is configured', async () => {
    const expacti = new Expacti({ env: { EXPACTI_CONFIG: '/nonexistent/expacti.json' } });
    await assert.rejects(expacti.check('true'), (e) => e instanceof ExpactiError && e.code === 'config');
  });
});
