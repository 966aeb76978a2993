/**
 * How the native fast path starts the allowed command and itself (issue 26): the command is
 * started with vfork (no copy of the client, no copy-on-write faults), so an exec failure, a signal
 * and the exit status must still come out exactly as the Node path gives them; and the client is
 * linked statically where the C library allows it, so it resolves names without loading anything.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { api } from './support/api.js';
import { eventually, runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import {
  nativeEnv,
  requestsFor,
  ensureNativeBuilt,
  FAST,
  FAST_SH,
  hasInterpreter,
  runNative,
  spawnNative,
} from './support/nativeFast.js';

const HANDED = /expacti-fast: handing over to Node: (.*)/;

/** The pids of `pid`'s children (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    // eslint-disable-next-line no-restricted-syntax -- a kernel list of pids, not a command
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('the native fast path starting the command', () => {
  let server: ServerHandle;
  const dir = tempDir('expacti-fast-spawn-');
  const env = (extra: NodeJS.ProcessEnv = {}) => nativeEnv(server, join(dir.path, 'state'), extra);
  const request = (text: string) => requestsFor(server, text);

  before(async () => {
    ensureNativeBuilt();
    server = await startServer();
    for (const pattern of ['no-such-program-for-expacti', 'sleep 30', 'true'])
      assert.equal(
        (await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern })).status,
        201,
      );
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it('says "command not found" and exits 127 for a program that does not exist, as Node does, and reports the 127', async () => {
    const fast = await runNative(FAST, ['run', '--', 'no-such-program-for-expacti'], { env: env() });
    assert.doesNotMatch(fast.stderr, HANDED);
    const node = await runCli(['run', '--', 'no-such-program-for-expacti'], { env: env() });
    assert.equal(fast.code, 127, fast.stderr);
    assert.equal(node.code, 127, node.stderr);
    assert.equal(fast.stderr, node.stderr);
    const [byNode, byFast] = await request('no-such-program-for-expacti');
    assert.equal(byFast?.execution?.exitCode, 127);
    assert.equal(byNode?.execution?.exitCode, 127);
  });

  it('forwards SIGTERM to the running command, reports the signal and exits 143 (run) or dies by it (sh)', async () => {
    for (const [program, args] of [
      [FAST, ['run', '--', 'sleep', '30']],
      [FAST_SH, ['-c', 'sleep 30']],
    ] as const) {
      const agent = spawnNative(program, [...args], { env: env() });
      const pid = agent.proc.pid ?? 0;
      // The command runs once the client has a child that is no longer itself (vfork: until exec).
      await eventually(() =>
        childrenOf(pid).some((c) => {
          try {
            return (
              readFileSync(`/proc/${c}/comm`, 'utf8').trim() === 'sleep' ||
              readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('sleep')
            );
          } catch {
            return false;
          }
        })
          ? true
          : undefined,
      );
      agent.proc.kill('SIGTERM');
      const r = await agent.result;
      assert.doesNotMatch(r.stderr, HANDED);
      if (program === FAST) assert.equal(r.code, 143, r.stderr);
      else assert.equal(r.signal, 'SIGTERM', r.stderr);
    }
    const ended = [...(await request('sleep 30'))].map((q) => q.execution?.signal);
    assert.deepEqual(ended, ['SIGTERM', 'SIGTERM'], 'both reports arrived with the signal');
  });

  it('resolves a host name itself (localhost: files, then the next address when one refuses)', async () => {
    const r = await runNative(FAST, ['run', '--', 'true'], {
      env: env({ EXPACTI_URL: server.url.replace('127.0.0.1', 'localhost') }),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, HANDED);
  });

  describe('the static build reads names itself, and leaves to Node what another name service knows', () => {
    // The static program built against a directory standing in for /etc (a test build only).
    let program = '';
    const etc = join(dir.path, 'etc');
    const uid = userInfo().uid;
    before(() => {
      const pkg = join(dir.path, 'static-pkg');
      mkdirSync(join(pkg, 'bin'), { recursive: true });
      mkdirSync(join(pkg, 'native', 'fast', 'build'), { recursive: true });
      mkdirSync(etc);
      symlinkSync(resolve(import.meta.dirname, '..', 'bin', 'expacti.js'), join(pkg, 'bin', 'expacti.js'));
      program = join(pkg, 'native', 'fast', 'build', 'expacti-fast');
      const built = spawnSync(process.env['CC'] || 'cc', [
        '-O2',
        '-static',
        '-DEXPACTI_STATIC',
        `-DEXPACTI_ETC=${JSON.stringify(etc)}`,
        `-DEXPACTI_NODE=${JSON.stringify(process.execPath)}`,
        '-o',
        program,
        resolve(import.meta.dirname, '..', 'native', 'fast', 'fast.c'),
      ]);
      if (built.status !== 0) program = '';
    });
    /**
     * The test machines have a static C library (Debian's libc6-dev, which .ci/run installs): a
     * static build that fails here is a defect, not a reason to skip. (Where a machine has none,
     * the install's dynamic fallback is covered in nativeBin.e2e.test.ts.)
     */
    const built = () => {
      assert.ok(program, 'the static test build failed: is libc6-dev (the static C library) installed?');
    };
    const files = (nsswitch: string, passwd: string) => {
      writeFileSync(join(etc, 'nsswitch.conf'), nsswitch);
      writeFileSync(join(etc, 'passwd'), passwd);
    };
    const run = (url = server.url) =>
      runNative(program, ['run', '--', 'true'], { env: env({ EXPACTI_URL: url }) });

    it('takes the user name from the first passwd line with its uid when passwd is looked up in files first', async () => {
      built();
      files(
        '# comment\npasswd:   files systemd  # and more\nhosts: files dns\n',
        `not-me:x:${uid + 1}:1::/:/bin/sh\nfirst-me:x:${uid}:1::/:/bin/sh\nsecond-me:x:${uid}:1::/:/bin/sh\n`,
      );
      const before = (await request('true')).length;
      const r = await run();
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, HANDED);
      const all = await request('true');
      assert.equal(all.length, before + 1);
      assert.equal(all.find((q) => q.osUser === 'first-me')?.execution?.exitCode, 0);
    });

    it('hands over when another service comes first or the user is not in the file', async () => {
      built();
      files('passwd: sss files\nhosts: files dns\n', `me:x:${uid}:1::/:/bin/sh\n`);
      assert.match(
        (await run()).stderr,
        /handing over to Node: the passwd database is not looked up in files first/,
      );
      files('passwd: files\nhosts: files dns\n', `someone:x:${uid + 1}:1::/:/bin/sh\n`);
      assert.match((await run()).stderr, /handing over to Node: the user is not in \/etc\/passwd/);
      files('hosts: files dns\n', `me:x:${uid}:1::/:/bin/sh\n`);
      const r = await run();
      assert.match(r.stderr, /handing over to Node: the passwd database is not looked up in files first/);
      assert.equal(r.code, 0, 'Node ran it');
    });

    it('resolves a host name only when hosts are files and dns alone; an address needs no lookup', async () => {
      built();
      const named = server.url.replace('127.0.0.1', 'localhost');
      files(
        'passwd: files\nhosts: files mdns4_minimal [NOTFOUND=return] dns\n',
        `me:x:${uid}:1::/:/bin/sh\n`,
      );
      assert.match(
        (await run(named)).stderr,
        /handing over to Node: a host name this build does not resolve/,
      );
      assert.doesNotMatch((await run()).stderr, HANDED);
      files('passwd: files\nhosts: files dns\n', `me:x:${uid}:1::/:/bin/sh\n`);
      const r = await run(named);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, HANDED);
    });
  });

  it('is linked statically, with the confinement helper (no dynamic loader at each start)', () => {
    const probe = join(dir.path, 'static-probe');
    const cc = process.env['CC'] || 'cc';
    const linked = spawnSync(cc, ['-static', '-x', 'c', '-o', probe, '-'], {
      input: 'int main(void) { return 0; }\n',
    });
    assert.ok(
      !linked.error && linked.status === 0,
      'cc -static fails: the test machines have a static C library (libc6-dev, installed by .ci/run)',
    );
    assert.equal(hasInterpreter(FAST), false, `${FAST} asks for a dynamic loader`);
    assert.equal(hasInterpreter(FAST_SH), false, `${FAST_SH} asks for a dynamic loader`);
    // The confinement helper too: every confined command starts through it.
    const helper = resolve(import.meta.dirname, '..', 'native', 'confine', 'build', 'expacti-confine');
    assert.equal(hasInterpreter(helper), false, `${helper} asks for a dynamic loader`);
  });
});
