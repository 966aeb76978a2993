/**
 * The approval gate end to end: a real server, real `expacti run` subprocesses, real reviewer CLI
 * calls. Each scenario checks what the agent sees (exit code, stderr) and what actually ran.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../src/protocol/exitCodes.js';
import {
  agentEnv,
  reviewerEnv,
  runCli,
  spawnCli,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { api } from './support/api.js';

const WAITING = /request ([0-9a-f-]{36})/;

describe('expacti run against a live server', () => {
  let server: ServerHandle;
  const work = tempDir('expacti-work-');

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
    work.remove();
  });

  it('waits for a reviewer, then runs the approved command and exits with its code', async () => {
    const marker = join(work.path, 'approved-ran');
    const agent = spawnCli(
      ['run', '--reason', 'test approval', '--', 'sh', '-c', `touch ${marker}; echo out; exit 3`],
      { env: agentEnv(server) },
    );
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    assert.equal(existsSync(marker), false, 'nothing runs before the decision');
    const approve = await runCli(['approve', id as string, '--note', 'fine'], { env: reviewerEnv(server) });
    assert.equal(approve.code, 0, approve.stderr);
    const res = await agent.result;
    assert.equal(res.code, 3);
    assert.equal(res.stdout, 'out\n');
    assert.equal(existsSync(marker), true);
    const show = await runCli(['show', id as string, '--json'], { env: reviewerEnv(server) });
    const view = JSON.parse(show.stdout) as {
      execution: { exitCode: number };
      reason: string;
      decision: { justification: string };
    };
    assert.equal(view.reason, 'test approval');
    assert.match(view.decision.justification, /approved by admin: fine/);
    assert.equal(view.execution.exitCode, 3, 'the exit code is reported back');
  });

  it('never runs a denied command and tells the agent the reviewer and note', async () => {
    const marker = join(work.path, 'denied-ran');
    const agent = spawnCli(['run', '-c', `touch ${marker}`], { env: agentEnv(server) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    const deny = await runCli(['deny', id as string, '--note', 'use make clean instead'], {
      env: reviewerEnv(server),
    });
    assert.equal(deny.code, 0, deny.stderr);
    const res = await agent.result;
    assert.equal(res.code, EXIT.denied);
    assert.match(res.stderr, /DENIED — the command was not run/);
    assert.match(res.stderr, /denied by: admin/);
    assert.match(res.stderr, /note: use make clean instead/);
    assert.equal(existsSync(marker), false);
  });

  it('lets a whitelisted command through at once, with who approved it', async () => {
    const cmd = ['run', '--', 'echo', 'hello whitelist'];
    const first = spawnCli(cmd, { env: agentEnv(server) });
    const [, id] = await waitForText(first.stderrSoFar, WAITING);
    assert.equal(
      (await runCli(['approve', id as string, '--whitelist'], { env: reviewerEnv(server) })).code,
      0,
    );
    assert.equal((await first.result).code, 0);

    const second = await runCli(cmd, { env: agentEnv(server) });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'hello whitelist\n');
    assert.doesNotMatch(second.stderr, /waiting/, 'no review the second time');

    const list = await runCli(['whitelist', 'list', '--json'], { env: reviewerEnv(server) });
    const entries = JSON.parse(list.stdout) as Array<{
      pattern: string;
      createdBy: string;
      createdFromRequest: string;
    }>;
    const entry = entries.find((e) => e.createdFromRequest === id);
    assert.ok(entry, 'the entry remembers the request it came from');
    assert.equal(entry.createdBy, 'admin');

    const recent = await api(
      server.url,
      'GET',
      '/v1/requests?status=approved&limit=1',
      server.secrets.adminToken,
    );
    const last = (
      recent.body['requests'] as Array<{ decision: { justification: string; by: { kind: string } } }>
    )[0];
    assert.equal(last?.decision.by.kind, 'whitelist');
    assert.match(
      last?.decision.justification ?? '',
      /^whitelisted: approved by admin on \d{4}-\d\d-\d\d, (first use|run once before)/,
    );
  });

  it('does not let a whitelisted command carry anything extra', async () => {
    const marker = join(work.path, 'chained');
    const agent = spawnCli(['run', '-c', `echo 'hello whitelist' && touch ${marker}`], {
      env: agentEnv(server),
    });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    await runCli(['deny', id as string, '--note', 'no'], { env: reviewerEnv(server) });
    assert.equal((await agent.result).code, EXIT.denied);
    assert.equal(existsSync(marker), false);
  });

  it('refuses to run an approval twice or for another agent', async () => {
    const agent = spawnCli(['run', '--', 'true'], { env: agentEnv(server) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    await runCli(['approve', id as string], { env: reviewerEnv(server) });
    assert.equal((await agent.result).code, 0);
    const replay = await api(server.url, 'POST', `/v1/requests/${id}/execute`, server.secrets.agentToken, {});
    assert.equal(replay.status, 409);
    assert.match(replay.body.error?.message ?? '', /already used/);

    const created = await runCli(['token', 'create', '--agent', 'other'], { env: reviewerEnv(server) });
    const otherToken = created.stdout.trim();
    const other = await api(server.url, 'POST', `/v1/requests/${id}/execute`, otherToken, {});
    assert.equal(other.status, 404, 'another agent cannot even see it');
  });

  it('gives exactly one of two racing reviewers the decision', async () => {
    const agent = spawnCli(['run', '--', 'true'], { env: agentEnv(server) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    const [a, d] = await Promise.all([
      runCli(['approve', id as string], { env: reviewerEnv(server) }),
      runCli(['deny', id as string, '--note', 'racing'], { env: reviewerEnv(server) }),
    ]);
    assert.deepEqual([a.code, d.code].sort(), [0, 1], `${a.stderr}\n${d.stderr}`);
    const loser = a.code === 1 ? a : d;
    assert.match(loser.stderr, /already (approved|denied) by admin/);
    const res = await agent.result;
    assert.equal(res.code, a.code === 0 ? 0 : EXIT.denied);
  });

  it('does not let an agent token decide or change the whitelist', async () => {
    const agent = spawnCli(['run', '--', 'true'], { env: agentEnv(server) });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    const self = await api(server.url, 'POST', `/v1/requests/${id}/approve`, server.secrets.agentToken, {});
    assert.equal(self.status, 403);
    const wl = await api(server.url, 'POST', '/v1/whitelist', server.secrets.agentToken, {
      pattern: 'rm -rf /',
    });
    assert.equal(wl.status, 403);
    await runCli(['deny', id as string, '--note', 'cleanup'], { env: reviewerEnv(server) });
    await agent.result;
  });

  it('fails closed with a documented code on a bad token', async () => {
    const marker = join(work.path, 'badtoken');
    const res = await runCli(['run', '--', 'touch', marker], {
      env: { EXPACTI_URL: server.url, EXPACTI_TOKEN: 'exp_a_nope' },
    });
    assert.equal(res.code, EXIT.config);
    assert.match(res.stderr, /NOT RUN — unknown or revoked token/);
    assert.equal(existsSync(marker), false);
  });

  it('fails closed when nothing is configured', async () => {
    const res = await runCli(['run', '--', 'true'], { env: {} });
    assert.equal(res.code, EXIT.config);
    assert.match(res.stderr, /EXPACTI_URL/);
  });
});

describe('expacti run when the server is down', () => {
  it('does not run the command and says so', async () => {
    const dir = tempDir();
    const marker = join(dir.path, 'ran');
    const res = await runCli(['run', '--', 'touch', marker], {
      env: { EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'exp_a_x' },
    });
    assert.equal(res.code, EXIT.unavailable);
    assert.match(res.stderr, /NOT RUN — cannot reach the expacti server at http:\/\/127\.0\.0\.1:9/);
    assert.match(res.stderr, /Do not run the command another way/);
    assert.equal(existsSync(marker), false);
    dir.remove();
  });
});
