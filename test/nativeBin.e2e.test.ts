/**
 * The installed commands (package.json "bin": bin/expacti, bin/expacti-sh) are the native fast
 * path once the install has built it (scripts/build-native.mjs, issue 26): a whitelisted `expacti
 * run` / `expacti-sh -c` starts no Node, and everything else reaches the Node CLI unchanged
 * (arguments, stdin, exit code). Where it cannot build, and in a git checkout, they stay Node.
 *
 * Each case installs a copy of the package's install-time files into a temporary directory (the
 * Node CLI itself is linked to this checkout's) and runs the install script there, as npm does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { api } from './support/api.js';
import {
  cleanEnv,
  spawnProgram,
  startServer,
  tempDir,
  type CliOptions,
  type CliResult,
  type ServerHandle,
} from './support/expacti.js';
import { hasInterpreter, nativeEnv, requestsFor } from './support/nativeFast.js';

const ROOT = resolve(import.meta.dirname, '..');
const HANDED = /expacti-fast: handing over to Node: (.*)/;

/** A package as npm unpacks it (no .git), with the install script run in it; returns its root. */
function installCopy(at: string, options: { git?: boolean; cc?: string } = {}): string {
  const pkg = join(at, 'pkg');
  for (const d of ['bin', 'scripts', 'native/fast', 'native/confine'])
    mkdirSync(join(pkg, d), { recursive: true });
  for (const f of [
    'package.json',
    'bin/package.json',
    'bin/expacti',
    'bin/expacti-sh',
    'scripts/build-native.mjs',
    'native/fast/fast.c',
    'native/confine/confine.c',
  ])
    copyFileSync(join(ROOT, f), join(pkg, f));
  // The Node CLI and its bundle: this checkout's (Node follows the link to find dist/).
  for (const f of ['bin/expacti.js', 'bin/expacti-sh.js']) symlinkSync(join(ROOT, f), join(pkg, f));
  if (options.git) mkdirSync(join(pkg, '.git'));
  const built = spawnSync(process.execPath, [join(pkg, 'scripts', 'build-native.mjs')], {
    env: { ...cleanEnv(), ...(options.cc ? { CC: options.cc } : {}) },
    encoding: 'utf8',
  });
  assert.equal(built.status, 0, built.stderr);
  // Where npm links the commands: node_modules/.bin/NAME -> ../PKG/bin/NAME.
  mkdirSync(join(at, '.bin'));
  for (const name of ['expacti', 'expacti-sh'])
    symlinkSync(join('..', 'pkg', 'bin', name), join(at, '.bin', name));
  return pkg;
}

const runProgram = (program: string, args: string[], options: CliOptions): Promise<CliResult> =>
  spawnProgram(program, args, options).result;

const isNative = (file: string) => readFileSync(file).subarray(0, 4).equals(Buffer.from('\x7fELF', 'latin1'));

describe('the installed expacti and expacti-sh commands', () => {
  let server: ServerHandle;
  const dir = tempDir('expacti-bin-');
  const env = (extra: NodeJS.ProcessEnv = {}) => nativeEnv(server, join(dir.path, 'state'), extra);
  const requests = (text: string) => requestsFor(server, text);

  before(async () => {
    server = await startServer();
    for (const pattern of ['true', 'echo from-the-shim'])
      await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern });
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it('are the native programs after the install, and run a whitelisted command without Node', async () => {
    const at = join(dir.path, 'installed');
    mkdirSync(at);
    const pkg = installCopy(at);
    assert.ok(isNative(join(pkg, 'bin', 'expacti')), 'bin/expacti is the native program');
    assert.ok(isNative(join(pkg, 'bin', 'expacti-sh')), 'bin/expacti-sh is the native shim');

    const run = await runProgram(join(at, '.bin', 'expacti'), ['run', '--', 'true'], { env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, HANDED);
    const shim = await runProgram(join(at, '.bin', 'expacti-sh'), ['-c', 'echo from-the-shim'], {
      env: env(),
    });
    assert.equal(shim.code, 0, shim.stderr);
    assert.equal(shim.stdout, 'from-the-shim\n');
    assert.doesNotMatch(shim.stderr, HANDED);
    assert.equal((await requests('echo from-the-shim'))[0]?.execution?.exitCode, 0, 'reported');

    // Everything else reaches the Node CLI with its arguments and stdin, and its answer comes back.
    const version = await runProgram(join(at, '.bin', 'expacti'), ['--version'], { env: env() });
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^expacti \d+\.\d+\.\d+/);
    assert.match(version.stderr, /handing over to Node: not a command the fast path handles/);
    const hook = await runProgram(join(at, '.bin', 'expacti'), ['hook', 'claude'], {
      env: env(),
      input: JSON.stringify({
        session_id: 'bin-test',
        cwd: dir.path,
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'true' },
      }),
    });
    assert.equal(hook.code, 0, hook.stderr);
    // A whitelisted Bash call is answered by the native program itself (POST /v1/hooks/claude),
    // its rewrite naming this installation's native program, as the Node hook's would; which runs
    // the unconfined plan itself.
    assert.doesNotMatch(hook.stderr, HANDED);
    const answer = JSON.parse(hook.stdout) as {
      hookSpecificOutput: { permissionDecision: string; updatedInput: { command: string } };
    };
    assert.equal(answer.hookSpecificOutput.permissionDecision, 'allow');
    const rewritten = answer.hookSpecificOutput.updatedInput.command;
    assert.ok(
      rewritten.startsWith(
        `${realpathSync(join(pkg, 'native', 'fast', 'build', 'expacti-fast'))} exec-confined `,
      ),
      rewritten,
    );
    const ran = await runProgram('/bin/sh', ['-c', rewritten], { env: env() });
    assert.equal(ran.code, 0, ran.stderr);
    assert.doesNotMatch(ran.stderr, HANDED);
    // Not whitelisted: Node asks (and here, with no reviewer, the server's refusal comes back).
    const refused = await runProgram(join(at, '.bin', 'expacti'), ['run', '--', 'true'], {
      env: env({ EXPACTI_TOKEN: 'exp_a_not-a-token' }),
    });
    assert.match(refused.stderr, /handing over to Node: the server refused the submission/);
    assert.equal(refused.code, 78, refused.stderr);
  });

  it('are the dynamically linked build where the C library cannot link statically', async () => {
    const at = join(dir.path, 'no-static-libc');
    mkdirSync(at);
    // A compiler that refuses -static, as one without a static C library does.
    const cc = join(dir.path, 'cc-without-static');
    writeFileSync(
      cc,
      '#!/bin/sh\ncase " $* " in *" -static "*) echo "no libc.a" >&2; exit 1;; esac\nexec cc "$@"\n',
    );
    chmodSync(cc, 0o755);
    const pkg = installCopy(at, { cc });
    assert.ok(isNative(join(pkg, 'bin', 'expacti')));
    assert.ok(hasInterpreter(join(pkg, 'bin', 'expacti')), 'it asks for the dynamic loader');
    const run = await runProgram(join(at, '.bin', 'expacti'), ['run', '--', 'true'], { env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, HANDED);
  });

  it('stay Node programs where the native path cannot be built, and still gate', async () => {
    const at = join(dir.path, 'no-compiler');
    mkdirSync(at);
    const pkg = installCopy(at, { cc: join(dir.path, 'no-such-cc') });
    assert.equal(isNative(join(pkg, 'bin', 'expacti')), false);
    assert.equal(
      readFileSync(join(pkg, 'bin', 'expacti'), 'utf8'),
      readFileSync(join(ROOT, 'bin', 'expacti'), 'utf8'),
    );
    const run = await runProgram(join(at, '.bin', 'expacti'), ['run', '--', 'true'], { env: env() });
    assert.equal(run.code, 0, run.stderr);
    const shim = await runProgram(join(at, '.bin', 'expacti-sh'), ['-c', 'echo from-the-shim'], {
      env: env(),
    });
    assert.equal(shim.stdout, 'from-the-shim\n', shim.stderr);
  });

  it('are left as they are in a git checkout (its tracked launchers), while the native programs are built', () => {
    const at = join(dir.path, 'checkout');
    mkdirSync(at);
    const pkg = installCopy(at, { git: true });
    assert.equal(isNative(join(pkg, 'bin', 'expacti')), false);
    assert.equal(isNative(join(pkg, 'bin', 'expacti-sh')), false);
    assert.ok(isNative(join(pkg, 'native', 'fast', 'build', 'expacti-fast')));
  });
});
