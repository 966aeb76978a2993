/**
 * Confined execution end to end: a real server, real `expacti run` processes, the real kernel. The
 * reviewer sees the scope before approving and can widen it; a whitelisted command whose file was
 * changed to delete outside the project is stopped by the kernel and reported; a violation can
 * revoke the entry; where the machine cannot confine, the org's policy decides, never silently.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { RequestView, WhitelistEntryView } from '../src/protocol/index.js';
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

describe('confined execution end to end', () => {
  let server: ServerHandle;
  const dir = tempDir('expacti-confine-e2e-');
  const project = join(dir.path, 'project');
  const outside = join(dir.path, 'outside');
  // The agent's temp dir is its own: the test's directories sit under /tmp, which is otherwise in scope.
  const tmp = join(dir.path, 'tmp');
  const reviewer = (args: string[]) => runCli(args, { env: reviewerEnv(server) });
  const get = async (id: string) =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken)).body[
      'request'
    ] as RequestView;
  /** `expacti run` in the project; a reviewer answers with `decide` when it waits (if given). */
  const run = async (
    args: string[],
    decide?: (id: string) => Promise<unknown>,
    env: NodeJS.ProcessEnv = {},
  ) => {
    const p = spawnCli(['run', ...args], { cwd: project, env: agentEnv(server, { TMPDIR: tmp, ...env }) });
    let id: string | undefined;
    if (decide) {
      id = (await waitForText(p.stderrSoFar, WAITING))[1] ?? '';
      await decide(id);
    }
    return { ...(await p.result), id };
  };

  before(async () => {
    for (const d of [join(project, '.git'), join(outside, 'important'), tmp])
      mkdirSync(d, { recursive: true });
    writeFileSync(join(outside, 'important', 'data.txt'), 'precious');
    writeFileSync(join(project, 'test.sh'), 'echo testing > result.txt\n');
    writeFileSync(join(project, 'a.test.js'), "require('node:test')('adds', () => {});\n");
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
    dir.remove();
  });

  it('shows the reviewer the scope before approving', async () => {
    const r = await run(['sh', 'test.sh'], async (id) => {
      const pending = await get(id);
      assert.deepEqual(pending.scope?.write, ['.', '$TMP']);
      assert.equal(pending.scope?.network.mode, 'none');
      const show = await reviewer(['show', id]);
      assert.match(show.stdout, /scope\n {2}may write {4}\.\/ \(the project\), \$TMP \(the temp dir\)/);
      assert.match(show.stdout, /network {6}none/);
      const ok = await reviewer(['approve', id, '--whitelist']);
      assert.equal(ok.code, 0, ok.stderr);
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(project, 'result.txt')));
    const done = await get(r.id as string);
    assert.equal(done.execution?.confinement, 'confined');
    assert.ok(
      done.execution?.effects?.entries.some(
        (e) => e.op === 'create' && e.path === join(project, 'result.txt'),
      ),
    );
  });

  it('stops a whitelisted test command whose test file now deletes outside the project, and reports it', async () => {
    // `node --test` finds its test files itself: the analysis cannot see what they do, the kernel can.
    const first = await run(['node', '--test'], (id) => reviewer(['approve', id, '--whitelist']));
    assert.equal(first.code, 0, first.stderr);
    writeFileSync(
      join(project, 'a.test.js'),
      `require('node:test')('adds', () => { require('node:fs').rmSync(${JSON.stringify(join(outside, 'important'))}, { recursive: true, force: true }); });\n`,
    );
    const r = await run(['node', '--test']);
    assert.ok(existsSync(join(outside, 'important', 'data.txt')), 'the kernel refused the delete');
    assert.match(r.stderr, /tried to delete .*important.*outside the scope approved for it/s);
    const requests = (await api(server.url, 'GET', '/v1/requests?limit=5', server.secrets.adminToken)).body[
      'requests'
    ] as RequestView[];
    const last = requests[0] as RequestView;
    assert.equal(last.decision?.by.kind, 'whitelist', 'it was allowed by the whitelist');
    assert.ok(last.execution?.effects?.violations.some((v) => v.includes('important')));
    const show = await reviewer(['show', last.id]);
    assert.match(show.stdout, /REFUSED {2}tried to delete/);
    const audit = (await api(server.url, 'GET', '/v1/audit?limit=1000', server.secrets.adminToken)).body[
      'records'
    ] as Array<{
      action: string;
      subject: string;
      data: { effects?: { sha256: string; violations: string[] } };
    }>;
    const completed = audit.find((a) => a.action === 'request.completed' && a.subject === last.id);
    assert.match(
      completed?.data.effects?.sha256 ?? '',
      /^[0-9a-f]{64}$/,
      'the record is hashed into the audit chain',
    );
  });

  it('with revokeOnViolation, a violation disables the entry, so the next run asks again', async () => {
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { revokeOnViolation: true });
    await run(['node', '--test']);
    const entries = (await api(server.url, 'GET', '/v1/whitelist', server.secrets.adminToken)).body[
      'entries'
    ] as WhitelistEntryView[];
    const entry = entries.find((e) => /^node --test\b/.test(e.pattern));
    assert.ok(entry, `an entry for node --test among ${entries.map((e) => e.pattern).join(', ')}`);
    assert.equal(entry.disabled, true);
    const next = await run(['node', '--test'], (id) =>
      reviewer(['deny', id, '--note', 'the test file deletes data']),
    );
    assert.equal(next.code, EXIT.denied);
  });

  it("runs a command Claude Code's Bash tool would run confined: the hook rewrites it (updatedInput)", async () => {
    const hook = spawnCli(['hook', 'claude', '--timeout', '60'], {
      cwd: project,
      env: agentEnv(server),
      input: JSON.stringify({
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        session_id: 's-claude',
        cwd: project,
        tool_input: {
          command: `echo hi > hook.txt; echo x > ${outside}/hook.txt`,
          description: 'write two files',
        },
      }),
    });
    const pending = async () =>
      (
        (await api(server.url, 'GET', '/v1/requests?status=pending', server.secrets.adminToken)).body[
          'requests'
        ] as RequestView[]
      ).find((r) => r.commandText.includes('hook.txt'));
    let waiting: RequestView | undefined;
    for (let i = 0; i < 100 && !waiting; i++) {
      waiting = await pending();
      if (!waiting) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(waiting);
    await reviewer(['approve', waiting.id]);
    const answer = JSON.parse((await hook.result).stdout) as {
      hookSpecificOutput: {
        permissionDecision: string;
        updatedInput?: { command: string; description: string };
      };
    };
    assert.equal(answer.hookSpecificOutput.permissionDecision, 'allow');
    const rewritten = answer.hookSpecificOutput.updatedInput;
    assert.match(rewritten?.command ?? '', / exec-confined --request [0-9a-f-]{36} --plan \S+ -c /);
    assert.equal(rewritten?.description, 'write two files', 'the rest of the tool input is kept');
    // What Claude Code then runs:
    const out = spawnSync('/bin/bash', ['-c', rewritten?.command ?? ''], {
      cwd: project,
      env: { ...process.env, ...agentEnv(server, { TMPDIR: tmp }) },
      encoding: 'utf8',
    });
    assert.ok(existsSync(join(project, 'hook.txt')));
    assert.ok(!existsSync(join(outside, 'hook.txt')), 'outside the scope: refused');
    assert.match(out.stderr, /outside the scope approved for it/);
    const done = await get(waiting.id);
    assert.equal(done.execution?.confinement, 'confined');
    // By the record, not the message: the message names the first few refusals only, and a
    // shell's start-up (pyenv rehashing its shims in ~, say) may come first.
    assert.ok(
      done.execution?.effects?.violations.some((v) => v.includes(join('outside', 'hook.txt'))),
      JSON.stringify(done.execution?.effects?.violations),
    );
  });

  describe('widening the scope', () => {
    let tcp: Server;
    let port: number;
    before(async () => {
      tcp = createServer((s) => s.end('pong\n'));
      port = await new Promise<number>((resolve) =>
        tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as { port: number }).port)),
      );
    });
    after(() => tcp.close());
    const connect = () => [
      process.execPath,
      '-e',
      `require('net').connect(${port}, '127.0.0.1').on('data', (d) => { process.stdout.write(d); process.exit(0) }).on('error', (e) => { console.error(e.code); process.exit(3) })`,
    ];

    it('refuses the network the scope does not grant', async () => {
      const r = await run(connect(), (id) => reviewer(['approve', id]));
      assert.equal(r.code, 3);
      assert.match(r.stderr, /EACCES|EPERM/);
    });

    it('lets a reviewer widen it when approving (--network tcp:PORT)', async () => {
      const r = await run(connect(), (id) => reviewer(['approve', id, '--network', `tcp:${port}`]));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'pong\n');
      const done = await get(r.id as string);
      assert.deepEqual(done.scope?.network, { mode: 'tcp', ports: [port] });
      assert.ok(done.scope?.why.includes('changed by the reviewer'));
    });
  });

  describe('where the machine cannot confine', () => {
    it('refuses a command whose tier requires confinement, saying why (exit 71)', async () => {
      // Require confinement from low up, so that this ordinary delete needs it.
      await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { confineRequiredFrom: 'low' });
      const r = await run(['rm', '-rf', join(outside, 'important')], (id) => reviewer(['approve', id]), {
        EXPACTI_CONFINE: 'off',
      });
      await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, {
        confineRequiredFrom: 'critical',
      });
      assert.equal(r.code, EXIT.unconfined, r.stderr);
      assert.match(r.stderr, /NOT RUN — the command was approved but could not be run inside its scope/);
      assert.ok(existsSync(join(outside, 'important')));
      const done = await get(r.id as string);
      assert.match(done.execution?.notRun ?? '', /cannot confine/);
    });

    it('runs a lower tier marked "unconfined", in the request and the audit', async () => {
      const r = await run(['touch', 'marker.txt'], (id) => reviewer(['approve', id]), {
        EXPACTI_CONFINE: 'off',
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /ran unconfined/);
      assert.equal((await get(r.id as string)).execution?.confinement, 'unconfined');
      const show = await reviewer(['show', r.id as string]);
      assert.match(show.stdout, /ran UNCONFINED/);
    });
  });
});
