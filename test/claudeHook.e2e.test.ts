/**
 * `expacti hook claude` as Claude Code runs it: a subprocess fed the PreToolUse JSON on stdin,
 * answering with exit 0 and one JSON object. Every path that is not an explicit approval of
 * exactly this command must answer deny (a crash or a timeout would let Claude run it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  agentEnv,
  BIN,
  runCli,
  spawnCli,
  startServer,
  tempDir,
  type ServerHandle,
} from './support/expacti.js';
import { api } from './support/api.js';
import { answerOf, pendingOf, preToolUse, spawnHook } from './support/hook.js';

describe('expacti hook claude against a live server', () => {
  let server: ServerHandle;
  const reviewer = () => ({ EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.adminToken });

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  it('allows a command a reviewer approved, with the session, cwd and description on the request', async () => {
    const work = tempDir('expacti-hook-');
    const input = preToolUse('npm test', { cwd: work.path });
    const hook = spawnHook(input, agentEnv(server));
    const id = await pendingOf(server, input['session_id'] as string);
    const shown = await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken);
    const request = shown.body['request'] as {
      command: unknown;
      cwd: string;
      reason: string;
      session: string;
    };
    assert.deepEqual(request.command, { shell: 'npm test' });
    assert.equal(request.cwd, work.path);
    assert.equal(request.reason, 'Run the test command');
    assert.equal(request.session, input['session_id']);

    assert.equal((await runCli(['approve', id, '--note', 'fine'], { env: reviewer() })).code, 0);
    const answer = answerOf(await hook.result);
    assert.equal(answer.permissionDecision, 'allow');
    assert.match(answer.permissionDecisionReason, /approved by admin: fine/);
    const replay = await api(server.url, 'POST', `/v1/requests/${id}/execute`, server.secrets.agentToken, {});
    assert.equal(replay.status, 409, 'the hook claimed the single-use approval (Claude runs it)');
    work.remove();
  });

  it('allows a whitelisted command at once and says who whitelisted it', async () => {
    const first = preToolUse('echo hook-whitelisted');
    const hook = spawnHook(first, agentEnv(server));
    const id = await pendingOf(server, first['session_id'] as string);
    assert.equal((await runCli(['approve', id, '--whitelist'], { env: reviewer() })).code, 0);
    assert.equal(answerOf(await hook.result).permissionDecision, 'allow');

    const started = Date.now();
    const again = answerOf(await spawnHook(preToolUse('echo hook-whitelisted'), agentEnv(server)).result);
    assert.equal(again.permissionDecision, 'allow');
    assert.match(again.permissionDecisionReason, /whitelisted: approved by admin on \d{4}-\d\d-\d\d/);
    assert.ok(Date.now() - started < 5000, 'no wait for a reviewer');
  });

  it('denies with the reviewer and the note for the model', async () => {
    const input = preToolUse('rm -rf build');
    const hook = spawnHook(input, agentEnv(server));
    const id = await pendingOf(server, input['session_id'] as string);
    assert.equal(
      (await runCli(['deny', id, '--note', 'use make clean instead'], { env: reviewer() })).code,
      0,
    );
    const answer = answerOf(await hook.result);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /DENIED — the command was not run/);
    assert.match(answer.permissionDecisionReason, /denied by: admin/);
    assert.match(answer.permissionDecisionReason, /note: use make clean instead/);
  });

  it('denies before its own time limit when no reviewer decides, naming the pending request', async () => {
    const input = preToolUse('sleep 1');
    const started = Date.now();
    const hook = spawnHook(input, agentEnv(server, { EXPACTI_HOOK_TIMEOUT: '6' }));
    const id = await pendingOf(server, input['session_id'] as string);
    const answer = answerOf(await hook.result);
    const took = Date.now() - started;
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /this hook's time limit \(6 s\)/);
    assert.ok(answer.permissionDecisionReason.includes(id), 'names the request a reviewer can still look at');
    assert.ok(took < 6000, `answered before Claude Code would give up (${took} ms)`);
    await runCli(['deny', id, '--note', 'cleanup'], { env: reviewer() });
  });

  it('takes its time limit from --timeout as written by init', async () => {
    const started = Date.now();
    const answer = answerOf(
      await spawnHook(preToolUse('sleep 2'), agentEnv(server), ['--timeout', '5']).result,
    );
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /time limit \(5 s\)/);
    assert.ok(Date.now() - started < 5000);
  });

  it('denies with a reason when the token is refused', async () => {
    const answer = answerOf(
      await spawnHook(preToolUse('ls'), { EXPACTI_URL: server.url, EXPACTI_TOKEN: 'exp_a_nope' }).result,
    );
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /unknown or revoked token/);
    assert.match(answer.permissionDecisionReason, /agent token \(EXPACTI_TOKEN\)/);
  });

  it('denies when nothing is configured', async () => {
    const answer = answerOf(await spawnHook(preToolUse('ls'), {}).result);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /EXPACTI_URL/);
  });

  for (const [what, input] of [
    ['input that is not JSON', 'this is not json'],
    ['empty input', ''],
    [
      'a tool other than Bash',
      preToolUse('ls', { tool_name: 'Write', tool_input: { file_path: '/tmp/x', content: 'x' } }),
    ],
    ['a Bash call without a command', preToolUse('ls', { tool_input: { description: 'nothing' } })],
    ['another hook event', preToolUse('ls', { hook_event_name: 'PostToolUse' })],
  ] as const) {
    it(`denies ${what} without asking the server`, async () => {
      const answer = answerOf(await spawnHook(input, agentEnv(server)).result);
      assert.equal(answer.permissionDecision, 'deny');
      assert.match(
        answer.permissionDecisionReason,
        /NOT RUN — .*\nexpacti: what now: this is a set-up problem/,
      );
    });
  }

  it('denies when a reviewer never decides and the request expires', async () => {
    const patched = await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, {
      approvalTimeoutSeconds: 1,
    });
    assert.equal(patched.status, 200);
    try {
      const answer = answerOf(await spawnHook(preToolUse('make deploy'), agentEnv(server)).result);
      assert.equal(answer.permissionDecision, 'deny');
      assert.match(answer.permissionDecisionReason, /EXPIRED — no reviewer decided in time/);
    } finally {
      await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { approvalTimeoutSeconds: 60 });
    }
  });
});

describe('expacti hook claude --ask-up-to (Claude Code decides up to a tier, audited)', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });
  const shown = async (id: string) =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken)).body['request'] as {
      status: string;
      analysis: { tier: string };
      decision?: { justification: string };
    };

  it('answers ask for a medium command that would wait, and closes the request with why', async () => {
    const input = preToolUse('npm install lodash');
    const answer = answerOf(await spawnHook(input, agentEnv(server), ['--ask-up-to', 'medium']).result);
    assert.equal(answer.permissionDecision, 'ask');
    const id = /request ([0-9a-f-]{36})/.exec(answer.permissionDecisionReason)?.[1];
    assert.ok(id, answer.permissionDecisionReason);
    assert.match(
      answer.permissionDecisionReason,
      /^expacti: medium command, up to medium: Claude Code asks you/,
    );
    const request = await shown(id);
    assert.equal(request.analysis.tier, 'medium');
    assert.equal(request.status, 'expired', 'no reviewer is left waiting on it');
    assert.match(
      request.decision?.justification ?? '',
      /handed to the person at the Claude Code prompt \(ask, up to medium\)/,
    );
    const audit = await api(server.url, 'GET', '/v1/audit?after=0&limit=1000', server.secrets.adminToken);
    const records = audit.body['records'] as Array<{ action: string; subject: string }>;
    assert.ok(records.some((r) => r.action === 'request.cancelled' && r.subject === id));
  });

  it('still sends a high command to a reviewer, whose denial reaches the model', async () => {
    const input = preToolUse('rm -rf .git');
    const hook = spawnHook(input, agentEnv(server), ['--ask-up-to', 'medium']);
    const id = await pendingOf(server, input['session_id'] as string);
    assert.equal((await shown(id)).analysis.tier, 'high');
    await api(server.url, 'POST', `/v1/requests/${id}/deny`, server.secrets.adminToken, {
      note: 'not the repo',
    });
    const answer = answerOf(await hook.result);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /note: not the repo/);
  });

  for (const mode of ['bypassPermissions', 'dontAsk', 'auto'])
    it(`does not ask in ${mode} mode, where nobody would be asked: a reviewer decides`, async () => {
      const input = preToolUse('npm install left-pad', { permission_mode: mode });
      const hook = spawnHook(input, agentEnv(server), ['--ask-up-to', 'medium']);
      const id = await pendingOf(server, input['session_id'] as string);
      await api(server.url, 'POST', `/v1/requests/${id}/approve`, server.secrets.adminToken, {});
      assert.equal(answerOf(await hook.result).permissionDecision, 'allow');
    });

  it('refuses --ask-up-to high: it denies and says why', async () => {
    const res = await spawnHook(preToolUse('npm test'), agentEnv(server), ['--ask-up-to', 'high']).result;
    const answer = answerOf(res);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /high and critical commands always go to a reviewer/);
  });

  it('is not an option of hosts that cannot ask (the gemini hook denies it as unknown)', async () => {
    const res = await spawnCli(['hook', 'gemini', '--ask-up-to', 'medium'], {
      env: agentEnv(server),
      input: JSON.stringify({
        hook_event_name: 'BeforeTool',
        tool_name: 'run_shell_command',
        tool_input: { command: 'ls' },
      }),
    }).result;
    assert.equal(res.code, 0);
    assert.match(res.stdout, /"decision":"deny"/);
    assert.match(res.stdout, /unknown option --ask-up-to/);
  });
});

describe('expacti hook claude without a server', () => {
  it('denies when the server is down', async () => {
    const answer = answerOf(
      await spawnHook(preToolUse('ls'), { EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'exp_a_x' })
        .result,
    );
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(
      answer.permissionDecisionReason,
      /cannot reach the expacti server at http:\/\/127\.0\.0\.1:9/,
    );
  });

  it('denies when the installation is broken (the agent bundle cannot load)', () => {
    const dir = tempDir('expacti-broken-');
    mkdirSync(join(dir.path, 'bin'));
    copyFileSync(BIN, join(dir.path, 'bin', 'expacti.js'));
    copyFileSync(join(BIN, '..', 'package.json'), join(dir.path, 'bin', 'package.json'));
    const res = spawnSync(process.execPath, [join(dir.path, 'bin', 'expacti.js'), 'hook', 'claude'], {
      input: JSON.stringify(preToolUse('ls')),
      encoding: 'utf8',
    });
    dir.remove();
    assert.equal(res.status, 0);
    const answer = answerOf({ code: res.status, signal: null, stdout: res.stdout, stderr: res.stderr });
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /the expacti hook failed internally/);
  });

  it('denies an unknown hook name', async () => {
    const res = await spawnCli(['hook', 'nosuchhost'], { input: JSON.stringify(preToolUse('ls')) }).result;
    assert.equal(answerOf(res).permissionDecision, 'deny');
  });
});
