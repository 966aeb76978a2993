/**
 * Scoped auto-allow end to end (issue 24): real server, real `expacti run`, the real kernel and
 * file system. Read-only commands pass without a reviewer, held read-only; project mode lets a
 * low command that stays in the project run after a checkpoint that `expacti undo` restores; a
 * target outside the project is asked; a scope violation stops auto-allowing for the session.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestView } from '../src/protocol/index.js';
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

describe('scoped auto-allow end to end', () => {
  let server: ServerHandle;
  const dir = tempDir('expacti-autoallow-e2e-');
  const project = join(dir.path, 'project');
  const outside = join(dir.path, 'outside');
  const tmp = join(dir.path, 'tmp');
  const get = async (id: string) =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken)).body[
      'request'
    ] as RequestView;
  const latest = async () =>
    (
      (await api(server.url, 'GET', '/v1/requests?limit=1', server.secrets.adminToken)).body[
        'requests'
      ] as RequestView[]
    )[0] as RequestView;
  const run = async (args: string[], session: string, decide?: (id: string) => Promise<unknown>) => {
    const p = spawnCli(['run', '--', ...args], {
      cwd: project,
      env: agentEnv(server, { TMPDIR: tmp, EXPACTI_SESSION: session }),
    });
    if (decide) await decide((await waitForText(p.stderrSoFar, WAITING))[1] ?? '');
    return p.result;
  };
  const git = (...args: string[]) =>
    spawnSync('git', ['-C', project, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      encoding: 'utf8',
    });

  before(async () => {
    for (const d of [join(project, 'build'), outside, tmp]) mkdirSync(d, { recursive: true });
    writeFileSync(join(project, 'notes.txt'), 'remember the milk\n');
    git('init', '-q');
    git('add', 'notes.txt');
    git('commit', '-qm', 'first');
    server = await startServer({ autoAllowReadOnly: true });
  });
  after(async () => {
    await server?.stop();
    dir.remove();
  });

  it('runs a read-only command at once, held read-only, audited with its reason', async () => {
    const r = await run(['cat', 'notes.txt'], 's-read');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'remember the milk\n');
    assert.doesNotMatch(r.stderr, /waiting for a reviewer/);
    const req = await latest();
    assert.deepEqual(req.decision?.by, { kind: 'policy', rule: 'auto-allow read-only' });
    assert.deepEqual(req.decision?.scope?.write, []);
    assert.equal(req.decision?.scope?.network.mode, 'none');
    assert.equal(req.execution?.confinement, 'confined');
    const audit = (await api(server.url, 'GET', '/v1/audit?limit=50', server.secrets.adminToken)).body[
      'records'
    ] as Array<{ action: string; subject: string; data: { autoAllow?: string; reason?: string } }>;
    const allowed = audit.find((a) => a.action === 'request.allowed' && a.subject === req.id);
    assert.equal(allowed?.data.autoAllow, 'read-only');
    assert.match(allowed?.data.reason ?? '', /read-only/);
  });

  it('asks for a low command while project mode is off (the default)', async () => {
    writeFileSync(join(project, 'build', 'a.o'), 'object');
    const r = await run(['rm', '-f', 'build/a.o'], 's-default', (id) =>
      runCli(['deny', id, '--note', 'not now'], { env: reviewerEnv(server) }),
    );
    assert.notEqual(r.code, 0);
    assert.ok(existsSync(join(project, 'build', 'a.o')));
  });

  it('in project mode, runs a low in-project command after a checkpoint that undo restores', async () => {
    const patched = await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, {
      projectMode: true,
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    writeFileSync(join(project, 'build', 'a.o'), 'object v2');
    const r = await run(['rm', '-f', 'build/a.o'], 's-project');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(project, 'build', 'a.o')), 'it ran');
    const id = /expacti undo ([0-9a-f-]{36})/.exec(r.stderr)?.[1];
    assert.ok(id, r.stderr);
    const req = await get(id);
    assert.deepEqual(req.decision?.by, { kind: 'policy', rule: 'auto-allow project' });
    assert.deepEqual(req.decision?.scope?.write, ['.', '$TMP']);
    const undo = await runCli(['undo', id], { cwd: project, env: agentEnv(server) });
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(
      readFileSync(join(project, 'build', 'a.o'), 'utf8'),
      'object v2',
      'the untracked file is back',
    );
  });

  it('in project mode, asks when the target lies outside the project', async () => {
    writeFileSync(join(outside, 'b.o'), 'object');
    let asked = false;
    const r = await run(['rm', '-f', join(outside, 'b.o')], 's-project', async (id) => {
      asked = true;
      return runCli(['deny', id, '--note', 'outside the project'], { env: reviewerEnv(server) });
    });
    assert.ok(asked);
    assert.notEqual(r.code, 0);
    assert.ok(existsSync(join(outside, 'b.o')));
  });

  it('stops auto-allowing for a session whose auto-allowed command broke its scope', async () => {
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'p', scripts: { test: `echo hi > ${join(outside, 'leak.txt')}` } }),
    );
    const first = await run(['npm', 'test'], 's-broke');
    assert.ok(!existsSync(join(outside, 'leak.txt')), 'the kernel held it to the project');
    const broke = await latest();
    assert.deepEqual(broke.decision?.by, { kind: 'policy', rule: 'auto-allow project' }, first.stderr);
    assert.ok((broke.execution?.effects?.violations.length ?? 0) > 0, JSON.stringify(broke.execution));
    let asked = false;
    await run(['rm', '-f', 'build/a.o'], 's-broke', async (id) => {
      asked = true;
      return runCli(['approve', id], { env: reviewerEnv(server) });
    });
    assert.ok(asked, 'the next low command of that session went to a reviewer');
  });
});
