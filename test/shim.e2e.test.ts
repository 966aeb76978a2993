/**
 * `expacti sh -c` (and the `expacti-sh` bin) behave like `sh -c` for allowed commands — same
 * stdout, stderr, exit status, death by signal, environment, stdin and positional arguments —
 * and run nothing that is not allowed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT } from '../src/protocol/exitCodes.js';
import {
  agentEnv,
  runCli,
  spawnCli,
  startServer,
  tempDir,
  type CliResult,
  type ServerHandle,
} from './support/expacti.js';
import { pendingOf } from './support/hook.js';

const SH_BIN = resolve(import.meta.dirname, '../bin/expacti-sh.js');

function runSh(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<CliResult> {
  return new Promise((res) => {
    const proc = spawn('sh', args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdin.on('error', () => undefined); // sh may exit before reading stdin
    proc.stdin.end(input);
    proc.once('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
}

describe('expacti sh -c against a live server', () => {
  let server: ServerHandle;
  const work = tempDir('expacti-shim-');
  const reviewer = () => ({ EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.adminToken });

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
    work.remove();
  });

  /** Gets the exact invocation whitelisted through a reviewer, as a user would. */
  async function whitelist(args: string[], input = ''): Promise<void> {
    const session = `shim-${randomUUID()}`;
    const first = spawnCli(['sh', ...args], { env: agentEnv(server, { EXPACTI_SESSION: session }), input });
    const id = await pendingOf(server, session);
    assert.equal((await runCli(['approve', id, '--whitelist'], { env: reviewer() })).code, 0);
    await first.result;
  }

  const cases: Array<{ what: string; args: string[]; env?: NodeJS.ProcessEnv; input?: string }> = [
    {
      what: 'stdout, stderr, exit code and the environment',
      args: ['-c', 'echo "out: $SHIM_VAR"; echo "err: $SHIM_VAR" >&2; exit 7'],
      env: { SHIM_VAR: 'from the caller' },
    },
    { what: 'stdin', args: ['-c', 'read line; echo "got: $line"'], input: 'hello\n' },
    {
      what: '$0 and positional arguments after the command string',
      args: ['-c', 'printf "%s|" "$0" "$1" "$2" "$#"; echo', 'myname', 'a b', 'c'],
    },
    { what: 'shell options', args: ['-e', '-c', 'false; echo not reached'] },
    { what: 'death by a signal', args: ['-c', 'echo before; kill -TERM $$; echo after'] },
    {
      what: 'a failing command in the middle',
      args: ['-c', 'ls /nonexistent-dir-expacti 2>/dev/null; echo "status $?"'],
    },
  ];

  for (const c of cases) {
    it(`matches sh -c for ${c.what}`, async () => {
      await whitelist(c.args, c.input);
      const expected = await runSh(c.args, c.env ?? {}, c.input);
      const actual = await runCli(['sh', ...c.args], { env: agentEnv(server, c.env), input: c.input ?? '' });
      assert.deepEqual(
        { code: actual.code, signal: actual.signal, stdout: actual.stdout, stderr: actual.stderr },
        { code: expected.code, signal: expected.signal, stdout: expected.stdout, stderr: expected.stderr },
      );
    });
  }

  it('the expacti-sh bin behaves the same', async () => {
    const args = ['-c', 'echo "out: $SHIM_VAR"; echo "err: $SHIM_VAR" >&2; exit 7'];
    const env = { ...agentEnv(server), SHIM_VAR: 'via expacti-sh' };
    const expected = await runSh(args, env);
    const actual = await new Promise<CliResult>((res) => {
      const proc = spawn(process.execPath, [SH_BIN, ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      proc.once('close', (code, signal) => res({ code, signal, stdout, stderr }));
    });
    assert.deepEqual(
      [actual.code, actual.stdout, actual.stderr],
      [expected.code, expected.stdout, expected.stderr],
    );
  });

  it('runs nothing that a reviewer denied', async () => {
    const marker = join(work.path, 'denied');
    const session = `shim-${randomUUID()}`;
    const shim = spawnCli(['sh', '-c', `touch ${marker}`], {
      env: agentEnv(server, { EXPACTI_SESSION: session }),
    });
    const id = await pendingOf(server, session);
    await runCli(['deny', id, '--note', 'no touching'], { env: reviewer() });
    const res = await shim.result;
    assert.equal(res.code, EXIT.denied);
    assert.match(res.stderr, /DENIED — the command was not run/);
    assert.match(res.stderr, /note: no touching/);
    assert.equal(existsSync(marker), false);
  });

  it('exits 0 for an empty command string without asking, as sh does', async () => {
    const res = await runCli(['sh', '-c', ''], {
      env: { EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'x' },
    });
    assert.equal(res.code, 0);
  });

  it('refuses what it cannot gate with sh usage status 2', async () => {
    for (const args of [[], ['script.sh'], ['-i', '-c', 'ls'], ['-c']]) {
      const res = await runCli(['sh', ...args], { env: agentEnv(server) });
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, /^expacti sh: /);
    }
  });
});

describe('expacti sh -c when the server is down', () => {
  it('runs nothing and exits with the documented code', async () => {
    const dir = tempDir();
    const marker = join(dir.path, 'ran');
    const res = await runCli(['sh', '-c', `touch ${marker}`], {
      env: { EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'exp_a_x' },
    });
    assert.equal(res.code, EXIT.unavailable);
    assert.match(res.stderr, /NOT RUN — cannot reach the expacti server/);
    assert.equal(existsSync(marker), false);
    dir.remove();
  });
});
