/**
 * The native Claude Code hook (native/fast `hook claude`, issue 26) against a real server: a
 * whitelisted Bash call is answered by the C program with the Node hook's very bytes (the server
 * builds both answers with src/core/hooks), its rewritten command runs and reports as after the
 * Node hook; everything else — a call that waits or is denied, malformed input, a server that is
 * down, options it does not read, an answer it does not understand — is handed to the Node hook
 * with the same stdin, and answers exactly as the Node hook does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AuditRecordView, RequestView } from '../src/protocol/api.js';
import { api } from './support/api.js';
import { freePort, runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import {
  ensureNativeBuilt,
  FAST,
  nativeEnv,
  requestsFor,
  runNative,
  spawnNative,
} from './support/nativeFast.js';
import { answerOf, pendingOf, preToolUse } from './support/hook.js';

const HANDED = /expacti-fast: handing over to Node: (.*)/;

/**
 * An answer with what differs between two calls of the same command taken out: the request ids
 * and the whitelist entry's use count ("first use", "run 2 times before"), which the second call
 * raised.
 */
function comparable(stdout: string): string {
  return stdout
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
    .replace(/first use|run once before|run \d+ times before/g, 'USES');
}

describe('the native Claude Code hook (expacti-fast hook claude)', () => {
  let server: ServerHandle;
  const dir = tempDir('expacti-native-hook-');
  const project = join(dir.path, 'project');
  const env = (extra: NodeJS.ProcessEnv = {}) => nativeEnv(server, join(dir.path, 'state'), extra);
  const audit = async (): Promise<AuditRecordView[]> =>
    (await api(server.url, 'GET', '/v1/audit?after=0&limit=1000', server.secrets.adminToken)).body[
      'records'
    ] as AuditRecordView[];
  const whitelist = async (pattern: string) =>
    assert.equal(
      (await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern })).status,
      201,
    );
  /** The same call through the native program and through the Node hook (no native in between). */
  const both = async (input: unknown, args: string[] = [], extra: NodeJS.ProcessEnv = {}) => {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    const native = await runNative(FAST, ['hook', 'claude', ...args], { env: env(extra), input: text });
    const node = await runCli(['hook', 'claude', ...args], { env: env(extra), input: text });
    return { native, node };
  };

  before(async () => {
    ensureNativeBuilt();
    mkdirSync(join(project, '.git'), { recursive: true });
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/hook-branch\n');
    server = await startServer();
    for (const p of ['true', 'echo from-the-hook', 'exit 3']) await whitelist(p);
    assert.equal(
      (
        await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, {
          pattern: 'rm -rf /',
          effect: 'deny',
        })
      ).status,
      201,
    );
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it('answers a whitelisted call itself, with the same bytes as the Node hook, and the same request', async () => {
    const input = preToolUse('echo from-the-hook', { cwd: project, unknown_field: { nested: ['x', 1.5] } });
    const { native, node } = await both(input);
    assert.equal(native.code, 0, native.stderr);
    assert.doesNotMatch(native.stderr, HANDED, 'the C program answered it itself');
    assert.equal(node.code, 0, node.stderr);
    const [byNode, byNative] = await requestsFor(server, 'echo from-the-hook');
    assert.ok(byNode && byNative);
    // Byte for byte, but for the request id each names and the entry's use count, which the first
    // call may have raised by the time the second is answered.
    assert.equal(comparable(native.stdout), comparable(node.stdout));
    const answer = answerOf(native) as ReturnType<typeof answerOf> & {
      updatedInput: Record<string, unknown>;
    };
    assert.equal(answer.permissionDecision, 'allow');
    assert.match(answer.permissionDecisionReason, /whitelisted/);
    assert.equal(answer.updatedInput['description'], 'Run the test command', 'the rest of the input stays');
    assert.match(String(answer.updatedInput['command']), / exec-confined --request [0-9a-f-]{36} --plan /);
    const same = (r: RequestView) => ({
      command: r.command,
      cwd: r.cwd,
      host: r.host,
      osUser: r.osUser,
      session: r.session,
      gitBranch: r.gitBranch,
      reason: r.reason,
      status: r.status,
      by: r.decision?.by.kind,
    });
    assert.deepEqual(same(byNative), same(byNode));
    assert.equal(byNative.gitBranch, 'hook-branch');
    assert.equal(byNative.session, input['session_id']);
    const actions = async (id: string) =>
      (await audit()).filter((a) => a.subject === id).map((a) => a.action);
    assert.deepEqual(await actions(byNative.id), ['request.allowed']);
  });

  it('rewrites to a command that runs and reports how it ended, as after the Node hook', async () => {
    const input = preToolUse('exit 3', { cwd: project });
    const native = await runNative(FAST, ['hook', 'claude'], { env: env(), input: JSON.stringify(input) });
    assert.doesNotMatch(native.stderr, HANDED);
    const answer = answerOf(native) as ReturnType<typeof answerOf> & { updatedInput: { command: string } };
    // What Claude Code runs: the rewritten command, through a shell.
    const ran = spawnSync('/bin/sh', ['-c', answer.updatedInput.command], {
      env: env(),
      cwd: project,
      encoding: 'utf8',
    });
    assert.equal(ran.status, 3, ran.stderr);
    const [request] = await requestsFor(server, 'exit 3');
    assert.equal(request?.execution?.exitCode, 3, 'the exit code reached the server');
    const actions = (await audit()).filter((a) => a.subject === request?.id).map((a) => a.action);
    assert.deepEqual(actions, ['request.allowed', 'request.completed']);
  });

  it('hands a call that waits for a reviewer to the Node hook, asked once, answered by the reviewer', async () => {
    const input = preToolUse('touch waits-for-review', { cwd: project });
    const hook = spawnNative(FAST, ['hook', 'claude'], { env: env(), input: JSON.stringify(input) });
    const id = await pendingOf(server, input['session_id'] as string);
    assert.equal(
      (await api(server.url, 'POST', `/v1/requests/${id}/deny`, server.secrets.adminToken, { note: 'no' }))
        .status,
      200,
    );
    const res = await hook.result;
    assert.match(res.stderr, /handing over to Node: not allowed at once/);
    const answer = answerOf(res);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /no/);
    assert.equal((await requestsFor(server, 'touch waits-for-review')).length, 1, 'asked exactly once');
  });

  it('hands a denied call to the Node hook, with its words', async () => {
    const input = preToolUse('rm -rf /', { cwd: project });
    const { native, node } = await both(input);
    assert.match(native.stderr, /handing over to Node/);
    assert.equal(answerOf(native).permissionDecision, 'deny');
    const ids = (await requestsFor(server, 'rm -rf /')).map((r) => r.id);
    assert.equal(ids.length, 2, 'one request per hook: the native one created nothing');
    assert.equal(
      native.stdout.replaceAll(ids[1] as string, 'ID'),
      node.stdout.replaceAll(ids[0] as string, 'ID'),
    );
  });

  for (const [what, input] of [
    ['input that is not JSON', '{"tool_name": "Bash", '],
    ['a JSON array', '[1, 2]'],
    ['another tool', JSON.stringify(preToolUse('true', { tool_name: 'Write' }))],
    ['a call with no command', JSON.stringify({ ...preToolUse('true'), tool_input: {} })],
    ['another hook event', JSON.stringify(preToolUse('true', { hook_event_name: 'PostToolUse' }))],
    ['no cwd', JSON.stringify({ ...preToolUse('true'), cwd: undefined })],
    ['a cwd to normalize', JSON.stringify(preToolUse('true', { cwd: '/tmp/../tmp' }))],
    ['no session', JSON.stringify({ ...preToolUse('true'), session_id: undefined })],
    ['empty input', ''],
  ] as const) {
    it(`hands ${what} to the Node hook, which answers as always`, async () => {
      const { native, node } = await both(input);
      assert.match(native.stderr, HANDED);
      assert.equal(native.code, node.code);
      assert.equal(native.code, 0);
      // Allowed by the Node hook (a request each) where the call is fine but unusual.
      if (/session|cwd/.test(what)) assert.equal(comparable(native.stdout), comparable(node.stdout));
      else assert.equal(native.stdout, node.stdout);
    });
  }

  it('hands options it does not read to the Node hook (help, observe, a bad timeout)', async () => {
    for (const args of [
      ['--help'],
      ['--timeout', 'soon'],
      ['--timeout=2'],
      ['--ask-up-to', 'high'],
      ['--bogus'],
    ]) {
      const { native, node } = await both(preToolUse('true', { cwd: project }), args);
      assert.match(native.stderr, HANDED, args.join(' '));
      assert.equal(native.stdout, node.stdout, args.join(' '));
    }
    const timed = await runNative(FAST, ['hook', 'claude', '--timeout', '600', '--ask-up-to=low'], {
      env: env(),
      input: JSON.stringify(preToolUse('true', { cwd: project })),
    });
    assert.doesNotMatch(timed.stderr, HANDED, 'the options init writes are read natively');
    assert.equal(answerOf(timed).permissionDecision, 'allow');
  });

  it('hands over when the server is down: the Node hook denies in its own words', async () => {
    const port = await freePort();
    const down = { EXPACTI_URL: `http://127.0.0.1:${port}` };
    const input = preToolUse('true', { cwd: project });
    const { native, node } = await both(input, [], down);
    assert.match(native.stderr, /handing over to Node: cannot reach/);
    assert.equal(native.stdout, node.stdout);
    assert.equal(answerOf(native).permissionDecision, 'deny');
  });

  it('hands over an answer it does not understand (the Node hook then decides)', async () => {
    const fake: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const body = JSON.stringify({ requestId: 'not-an-id', stdout: '{"hookSpecificOutput":{}}\n' });
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    const port = await freePort();
    await new Promise<void>((r) => fake.listen(port, '127.0.0.1', r));
    try {
      const res = await runNative(FAST, ['hook', 'claude'], {
        env: env({ EXPACTI_URL: `http://127.0.0.1:${port}` }),
        input: JSON.stringify(preToolUse('true', { cwd: project })),
      });
      assert.match(res.stderr, /handing over to Node: an answer the fast path does not understand/);
      // The Node hook asked the fake server too, which answered nonsense: deny.
      assert.equal(answerOf(res).permissionDecision, 'deny');
    } finally {
      await new Promise((r) => fake.close(r));
    }
  });

  it('answers deny in Claude Code form on SIGTERM (a killed hook would let the command run)', async () => {
    // Stdin left open: it waits for the rest of the input.
    const hook = spawn(FAST, ['hook', 'claude'], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    hook.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    hook.stdin.write('{"session_id": ');
    await new Promise((r) => setTimeout(r, 300));
    hook.kill('SIGTERM');
    const code = await new Promise((r) => hook.once('close', r));
    const answer = answerOf({ code: code as number, signal: null, stdout, stderr: '' });
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /the hook was stopped \(SIGTERM\)/);
  });
});

describe('POST /v1/hooks/claude', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
    await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern: 'true' });
  });
  after(async () => {
    await server.stop();
  });
  const ask = (input: unknown, extra: Record<string, unknown> = {}) =>
    api(server.url, 'POST', '/v1/hooks/claude', server.secrets.agentToken, {
      input,
      cwd: '/tmp',
      self: ['/usr/bin/node', '/opt/expacti/bin/expacti.js'],
      ...extra,
    });

  it('creates nothing (no request, no audit record) for a call that would not be allowed at once', async () => {
    const count = async () =>
      (await api(server.url, 'GET', '/v1/audit?after=0&limit=1000', server.secrets.adminToken)).body[
        'records'
      ] as unknown[];
    const before = (await count()).length;
    for (const input of [
      preToolUse('touch x', { cwd: '/tmp' }),
      preToolUse('true', { cwd: '/var' }),
      { ...preToolUse('true', { cwd: '/tmp' }), session_id: undefined },
      preToolUse('true', { cwd: '/tmp', tool_name: 'Read' }),
      'not an object',
    ]) {
      const r = await ask(input);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body['created'], false);
    }
    assert.equal((await count()).length, before);
  });

  it('answers a whitelisted call with the hook output, naming the installation it was given', async () => {
    const r = await ask(preToolUse('true', { cwd: '/tmp' }));
    assert.equal(r.status, 201);
    const stdout = r.body['stdout'] as string;
    assert.ok(stdout.endsWith('}\n'));
    const out = JSON.parse(stdout) as { hookSpecificOutput: { updatedInput: { command: string } } };
    assert.match(
      out.hookSpecificOutput.updatedInput.command,
      new RegExp(
        `^/usr/bin/node /opt/expacti/bin/expacti.js exec-confined --request ${r.body['requestId'] as string} `,
      ),
    );
  });

  it('refuses a body that is not the documented shape (400)', async () => {
    const r = await api(server.url, 'POST', '/v1/hooks/claude', server.secrets.agentToken, {
      input: {},
      cwd: '/tmp',
    });
    assert.equal(r.status, 400);
  });
});
