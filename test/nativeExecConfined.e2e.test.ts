/**
 * The native `exec-confined` (native/fast `exec_confined_main`, issue 26) against a real server:
 * what a hook's allowed answer is rewritten to names the native program where it is built (both
 * hooks say the same), and the native program runs an unconfined plan itself — no Node start —
 * with the Node exec-confined's exit codes, output and report to the server. Everything it does not
 * handle (a helper that confines, a plan that requires confinement or a checkpoint, a plan or
 * arguments it does not read) goes to the Node exec-confined with the same arguments, before
 * anything runs; a replayed plan or a forged one ends as in Node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { AuditRecordView, RequestView } from '../src/protocol/api.js';
import { quoteWord } from '../src/protocol/commandText.js';
import { api } from './support/api.js';
import { runCli, spawnProgram, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { ensureNativeBuilt, FAST, nativeEnv, runNative } from './support/nativeFast.js';
import { answerOf, preToolUse } from './support/hook.js';

const HANDED = /expacti-fast: handing over to Node: (.*)/;
const CLI = resolve(import.meta.dirname, '../bin/expacti.js');

interface Rewrite {
  /** The program the rewrite names, then its arguments, as Claude Code's shell reads them. */
  self: string;
  request: string;
  plan: string;
  /** The rest of the line: `-c 'COMMAND'`, quoted. */
  tail: string;
}

function parseRewrite(command: string): Rewrite {
  const m = /^(.+?) exec-confined --request (\S+) --plan (\S+) (-c .*)$/s.exec(command);
  assert.ok(m, `an exec-confined rewrite: ${command}`);
  return { self: m[1] as string, request: m[2] as string, plan: m[3] as string, tail: m[4] as string };
}

const planOf = (r: Rewrite) =>
  JSON.parse(Buffer.from(r.plan, 'base64url').toString('utf8')) as Record<string, unknown>;
const encode = (plan: unknown) => Buffer.from(JSON.stringify(plan)).toString('base64url');

describe('the native exec-confined (expacti-fast exec-confined)', () => {
  let server: ServerHandle;
  const dir = tempDir('expacti-native-exec-');
  const project = join(dir.path, 'project');
  const state = join(dir.path, 'state');
  const env = (extra: NodeJS.ProcessEnv = {}) => nativeEnv(server, state, extra);
  const audit = async (id: string): Promise<string[]> =>
    (
      (await api(server.url, 'GET', '/v1/audit?after=0&limit=1000', server.secrets.adminToken)).body[
        'records'
      ] as AuditRecordView[]
    )
      .filter((a) => a.subject === id)
      .map((a) => a.action);
  const request = async (id: string): Promise<RequestView> =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken)).body[
      'request'
    ] as RequestView;

  /** A whitelisted Bash call through the native hook: its rewrite, as Claude Code would run it. */
  const allowed = async (command: string): Promise<Rewrite> => {
    const input = JSON.stringify(preToolUse(command, { cwd: project }));
    const hook = await runNative(FAST, ['hook', 'claude'], { env: env(), input });
    assert.doesNotMatch(hook.stderr, HANDED, 'the native hook answered it');
    const answer = answerOf(hook) as ReturnType<typeof answerOf> & { updatedInput: { command: string } };
    assert.equal(answer.permissionDecision, 'allow');
    return parseRewrite(answer.updatedInput.command);
  };

  /** Starts a rewrite through the shell, by the program it names or by Node's exec-confined. */
  const start = (r: Rewrite, by: 'native' | 'node', extra: NodeJS.ProcessEnv = {}, plan = r.plan) => {
    const self = by === 'native' ? r.self : `${quoteWord(process.execPath)} ${quoteWord(CLI)}`;
    // exec: signals sent to the started process reach exec-confined itself, not a shell above it.
    const line = `exec ${self} exec-confined --request ${r.request} --plan ${plan} ${r.tail}`;
    return spawnProgram('/bin/sh', ['-c', line], { env: env(extra), cwd: project });
  };
  const run = (r: Rewrite, by: 'native' | 'node', extra: NodeJS.ProcessEnv = {}, plan = r.plan) =>
    start(r, by, extra, plan).result;
  const quiet = (stderr: string) => stderr.replace(/^expacti-fast: handing over to Node: .*\n/gm, '');

  before(async () => {
    ensureNativeBuilt();
    mkdirSync(join(project, '.git'), { recursive: true });
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    server = await startServer();
    for (const p of ['echo from-the-rewrite', 'exit 3', 'kill -TERM $$', 'true', 'pwd', 'sleep 30'])
      assert.equal(
        (await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern: p })).status,
        201,
        p,
      );
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it('is what both hooks rewrite an allowed call to, by its real path', async () => {
    const input = JSON.stringify(preToolUse('true', { cwd: project }));
    const native = parseRewrite(
      (
        answerOf(await runNative(FAST, ['hook', 'claude'], { env: env(), input })) as unknown as {
          updatedInput: { command: string };
        }
      ).updatedInput.command,
    );
    const node = parseRewrite(
      (
        answerOf(await runCli(['hook', 'claude'], { env: env(), input })) as unknown as {
          updatedInput: { command: string };
        }
      ).updatedInput.command,
    );
    assert.equal(native.self, quoteWord(realpathSync(FAST)));
    assert.equal(node.self, native.self, 'the Node hook names the same program');
  });

  for (const [command, code, stdout] of [
    ['echo from-the-rewrite', 0, 'from-the-rewrite\n'],
    ['exit 3', 3, ''],
    ['kill -TERM $$', 128 + 15, ''],
    ['pwd', 0, null],
  ] as const) {
    it(`runs \`${command}\` itself, with the Node exec-confined's exit code, output and report`, async () => {
      const [forNative, forNode] = [await allowed(command), await allowed(command)];
      const native = await run(forNative, 'native');
      const node = await run(forNode, 'node');
      assert.doesNotMatch(native.stderr, HANDED, 'no Node start');
      assert.equal(native.code, code, native.stderr);
      assert.equal(node.code, code, node.stderr);
      assert.equal(native.stdout, stdout ?? `${project}\n`);
      assert.equal(native.stdout, node.stdout);
      assert.equal(native.stderr, node.stderr);
      const [a, b] = [await request(forNative.request), await request(forNode.request)];
      const outcome = (r: RequestView) => ({
        exitCode: r.execution?.exitCode,
        signal: r.execution?.signal,
        confinement: r.execution?.confinement,
        notRun: r.execution?.notRun,
        status: r.status,
      });
      assert.deepEqual(outcome(a), outcome(b));
      assert.equal(a.execution?.confinement, 'unconfined');
      if (code === 143) assert.equal(a.execution?.signal, 'SIGTERM');
      else assert.equal(a.execution?.exitCode, code);
      assert.deepEqual(await audit(forNative.request), ['request.allowed', 'request.completed']);
      assert.deepEqual(await audit(forNative.request), await audit(forNode.request));
    });
  }

  it('forwards a signal to the command and reports it, as the Node exec-confined does', async () => {
    const ended = async (by: 'native' | 'node') => {
      const r = await allowed('sleep 30');
      const started = start(r, by);
      await new Promise((ok) => setTimeout(ok, by === 'native' ? 300 : 1500)); // Node starts slower
      started.proc.kill('SIGTERM');
      const out = await started.result;
      return { code: out.code, stderr: out.stderr, execution: (await request(r.request)).execution };
    };
    const [native, node] = [await ended('native'), await ended('node')];
    assert.doesNotMatch(native.stderr, HANDED);
    assert.equal(native.code, 143, native.stderr);
    assert.equal(node.code, 143, node.stderr);
    assert.equal(native.execution?.signal, 'SIGTERM');
    assert.equal(node.execution?.signal, 'SIGTERM');
    assert.equal(native.execution?.exitCode, null);
  });

  it('runs a replayed plan as the Node exec-confined does: the server refuses the second report', async () => {
    const [forNative, forNode] = [
      await allowed('echo from-the-rewrite'),
      await allowed('echo from-the-rewrite'),
    ];
    assert.equal((await run(forNative, 'native')).code, 0);
    assert.equal((await run(forNode, 'node')).code, 0);
    const native = await run(forNative, 'native');
    const node = await run(forNode, 'node');
    assert.doesNotMatch(native.stderr, HANDED);
    assert.equal(native.code, node.code);
    assert.match(
      native.stderr,
      /could not report the exit code to the server \(.*no running execution.*\)\n$/,
    );
    assert.equal(native.stderr.replace(forNative.request, 'ID'), node.stderr.replace(forNode.request, 'ID'));
    assert.doesNotMatch(native.stderr, /kept to send/, 'a refused report is not spooled');
    assert.deepEqual(await audit(forNative.request), ['request.allowed', 'request.completed']);
    assert.deepEqual(await audit(forNode.request), ['request.allowed', 'request.completed']);
  });

  it('hands a plan or arguments it does not read to Node, which refuses them before anything runs', async () => {
    const r = await allowed('echo from-the-rewrite');
    for (const plan of ['not-a-plan!', encode({ scope: 'everything' }), encode(null), encode([1])]) {
      const native = await run(r, 'native', {}, plan);
      const node = await run(r, 'node', {}, plan);
      assert.match(native.stderr, HANDED, plan);
      assert.equal(native.code, 64, native.stderr);
      assert.equal(native.code, node.code);
      assert.equal(native.stdout, '', 'nothing ran');
      assert.equal(quiet(native.stderr), node.stderr);
    }
    assert.deepEqual(await audit(r.request), ['request.allowed'], 'nothing reported');
  });

  it('hands a plan that requires confinement to Node, which refuses it here and reports why', async () => {
    const [forNative, forNode] = [
      await allowed('echo from-the-rewrite'),
      await allowed('echo from-the-rewrite'),
    ];
    const required = (r: Rewrite) => encode({ ...planOf(r), required: true });
    const native = await run(forNative, 'native', {}, required(forNative));
    const node = await run(forNode, 'node', {}, required(forNode));
    assert.match(native.stderr, /handing over to Node: a plan that requires confinement/);
    assert.equal(native.code, 71, native.stderr); // EXIT.unconfined
    assert.equal(native.code, node.code);
    assert.equal(native.stdout, '');
    assert.equal(
      quiet(native.stderr).replace(forNative.request, 'ID'),
      node.stderr.replace(forNode.request, 'ID'),
    );
    const execution = (await request(forNative.request)).execution;
    assert.equal(execution?.confinement, 'unavailable');
    assert.match(execution?.notRun ?? '', /requires confinement/);
  });

  it('hands a run to Node where the confinement helper is built, which runs it confined', async () => {
    const r = await allowed('echo from-the-rewrite');
    const native = await run(r, 'native', { EXPACTI_CONFINE: '' });
    assert.match(native.stderr, /handing over to Node: this machine confines commands/);
    assert.equal(native.code, 0, native.stderr);
    assert.equal(native.stdout, 'from-the-rewrite\n');
    assert.equal((await request(r.request)).execution?.confinement, 'confined');
  });

  it('keeps a report the server cannot take in the spool, as the Node exec-confined does; the next run sends it', async () => {
    let failResults = true;
    const proxy = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const send = (status: number, text: string) => {
          res.writeHead(status, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          });
          res.end(text);
        };
        if (failResults && req.url?.endsWith('/result'))
          return send(503, JSON.stringify({ error: { code: 'unavailable', message: 'down for a test' } }));
        void fetch(server.url + (req.url ?? ''), {
          method: req.method ?? 'GET',
          headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
          ...(body ? { body } : {}),
        }).then(async (r) => send(r.status, await r.text()));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const [forNative, forNode] = [await allowed('exit 3'), await allowed('exit 3')];
      const [nativeState, nodeState] = [join(dir.path, 'spool-native'), join(dir.path, 'spool-node')];
      const native = await run(forNative, 'native', { EXPACTI_URL: url, XDG_STATE_HOME: nativeState });
      const node = await run(forNode, 'node', { EXPACTI_URL: url, XDG_STATE_HOME: nodeState });
      assert.doesNotMatch(native.stderr, HANDED);
      assert.equal(native.code, 3);
      assert.equal(node.code, 3);
      assert.match(
        native.stderr,
        /could not report the exit code to the server \(down for a test\); kept to send with the next run/,
      );
      assert.equal(native.stderr, node.stderr);
      const spooled = (state: string, id: string) =>
        JSON.parse(readFileSync(join(state, 'expacti', 'reports', `${id}.json`), 'utf8')) as {
          body: Record<string, unknown>;
        } & Record<string, unknown>;
      const [a, b] = [spooled(nativeState, forNative.request), spooled(nodeState, forNode.request)];
      assert.deepEqual(
        { ...a, id: 'ID', body: { ...a.body, durationMs: 0 } },
        { ...b, id: 'ID', body: { ...b.body, durationMs: 0 } },
        'the same spool file',
      );
      // The next native run hands over to Node, which sends what waits after its own report.
      failResults = false;
      const next = await run(await allowed('true'), 'native', {
        EXPACTI_URL: url,
        XDG_STATE_HOME: nativeState,
      });
      assert.match(next.stderr, /handing over to Node: reports wait in the spool/);
      assert.deepEqual(readdirSync(join(nativeState, 'expacti', 'reports')), []);
      assert.equal((await request(forNative.request)).execution?.exitCode, 3);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
