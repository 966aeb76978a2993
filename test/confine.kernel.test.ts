/**
 * Confined execution against the real kernel (Landlock, seccomp): no mocks. Each case runs a small
 * shell script under the helper with a scope, in a throwaway project and home, and checks what the
 * kernel allowed — and what the record says the script did.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { execApproved } from '../src/agent/exec.js';
import { helperPath } from '../src/agent/confine/helper.js';
import { resolveScope } from '../src/agent/confine/resolveScope.js';
import { MAX_ENTRIES } from '../src/agent/confine/effects.js';
import type { ConfinePlan } from '../src/agent/confine/plan.js';
import type { ExecScope } from '../src/protocol/scope.js';

const base: ExecScope = {
  read: 'default',
  readSecrets: [],
  write: ['.', '$TMP'],
  remove: [],
  network: { mode: 'none', ports: [] },
  unix: 'none',
  keepEnv: [],
  why: [],
};

describe('confined execution (real kernel)', () => {
  let root: string;
  let project: string;
  let home: string;
  let tmp: string;
  let outside: string;
  let env: NodeJS.ProcessEnv;
  const plan = (scope: Partial<ExecScope> = {}, record = true, required = true): ConfinePlan => ({
    scope: { ...base, ...scope },
    record,
    required,
  });
  const sh = (script: string, p: ConfinePlan, extraEnv: NodeJS.ProcessEnv = {}) =>
    execApproved({ argv: ['/bin/sh', '-c', script] }, project, { ...env, ...extraEnv }, p);

  before(() => {
    assert.ok(helperPath(), 'the helper is built (npm ci builds it; CI installs a compiler)');
    root = mkdtempSync(join(tmpdir(), 'expacti-confine-'));
    project = join(root, 'project');
    home = join(root, 'home');
    tmp = join(root, 'tmp');
    outside = join(root, 'outside');
    for (const d of [project, home, tmp, outside, join(home, '.ssh')]) mkdirSync(d, { recursive: true });
    mkdirSync(join(project, '.git'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY');
    writeFileSync(join(home, 'notes.txt'), 'plain notes');
    writeFileSync(join(outside, 'keep.txt'), 'keep me');
    env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, TMPDIR: tmp };
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lets the command write, rename and delete in the project and temp dir', async () => {
    const r = await sh(
      'echo a > a.txt && mv a.txt b.txt && mkdir d && rm -r d && echo t > "$TMPDIR/t.txt"',
      plan(),
    );
    assert.equal(r.confinement, 'confined', r.notRun);
    assert.equal(r.exitCode, 0);
    assert.equal(readFileSync(join(project, 'b.txt'), 'utf8'), 'a\n');
    assert.ok(existsSync(join(tmp, 't.txt')));
  });

  it('refuses writes, deletes and renames outside the scope', async () => {
    const r = await sh(
      `echo x > ${outside}/new.txt; echo "w=$?"; rm -f ${outside}/keep.txt; echo "rm=$?"; mv ${outside}/keep.txt ${project}/k; echo "mv=$?"; echo x >> ${home}/.bashrc; echo "rc=$?"`,
      plan(),
    );
    assert.equal(r.confinement, 'confined', r.notRun);
    assert.ok(!existsSync(join(outside, 'new.txt')));
    assert.equal(readFileSync(join(outside, 'keep.txt'), 'utf8'), 'keep me');
    assert.ok(!existsSync(join(home, '.bashrc')));
    const v = r.effects?.violations ?? [];
    assert.ok(
      v.some((x) => x === `create ${outside}/new.txt`),
      v.join('; '),
    );
    assert.ok(
      v.some((x) => x === `delete ${outside}/keep.txt`),
      v.join('; '),
    );
    assert.ok(
      v.some((x) => x === 'create ~/.bashrc'),
      v.join('; '),
    );
  });

  it('refuses reading a key under ~/.ssh but reads the rest of home', async () => {
    const r = await sh(
      `cat ${home}/.ssh/id_ed25519 > leak.txt; echo "key=$?" > status.txt; cat ${home}/notes.txt > notes.txt`,
      plan(),
    );
    assert.equal(r.confinement, 'confined', r.notRun);
    assert.equal(readFileSync(join(project, 'leak.txt'), 'utf8'), '');
    assert.match(readFileSync(join(project, 'status.txt'), 'utf8'), /key=1/);
    assert.equal(readFileSync(join(project, 'notes.txt'), 'utf8'), 'plain notes');
  });

  it('unlocks a secret path the scope names (readSecrets)', async () => {
    const r = await sh(`cat ${home}/.ssh/id_ed25519 > key.txt`, plan({ readSecrets: ['~/.ssh'] }));
    assert.equal(r.exitCode, 0);
    assert.equal(readFileSync(join(project, 'key.txt'), 'utf8'), 'PRIVATE KEY');
  });

  describe('network', () => {
    let server: Server;
    let port: number;
    before(async () => {
      server = createServer((s) => s.end('hello\n'));
      port = await new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
      );
    });
    after(() => server.close());
    const connect = (p: number) =>
      `${process.execPath} -e "require('net').connect(${p}, '127.0.0.1').on('data', (d) => { require('fs').writeFileSync('got.txt', d); process.exit(0) }).on('error', (e) => { require('fs').writeFileSync('got.txt', e.code || e.message); process.exit(3) })"`;

    it('refuses a TCP connection to a loopback listener when the network is off', async () => {
      const r = await sh(connect(port), plan({ network: { mode: 'none', ports: [] } }));
      assert.equal(r.confinement, 'confined', r.notRun);
      assert.equal(r.exitCode, 3);
      assert.match(readFileSync(join(project, 'got.txt'), 'utf8'), /EACCES|EPERM/);
    });

    it('allows it on the port the scope grants, and refuses other ports', async () => {
      const ok = await sh(connect(port), plan({ network: { mode: 'tcp', ports: [port] } }));
      assert.equal(ok.exitCode, 0);
      assert.equal(readFileSync(join(project, 'got.txt'), 'utf8'), 'hello\n');
      const other = await sh(connect(port), plan({ network: { mode: 'tcp', ports: [port + 1] } }));
      assert.equal(other.exitCode, 3);
      assert.ok(other.effects?.violations.some((v) => v === `connect to 127.0.0.1 port ${port}`));
    });
  });

  it('refuses a connection to a real Unix socket outside the scope', async () => {
    const path = join(outside, 'service.sock');
    const server = createServer((s) => s.end('secret-service\n'));
    await new Promise<void>((resolve) => server.listen(path, () => resolve()));
    try {
      const script = `${process.execPath} -e "require('net').connect('${path}').on('data', (d) => { require('fs').writeFileSync('u.txt', d); process.exit(0) }).on('error', (e) => { require('fs').writeFileSync('u.txt', e.code || e.message); process.exit(3) })"`;
      const refused = await sh(script, plan({ unix: 'none' }));
      assert.equal(refused.exitCode, 3);
      assert.match(readFileSync(join(project, 'u.txt'), 'utf8'), /EACCES|EPERM/);
      const allowed = await sh(script, plan({ unix: 'any' }));
      assert.equal(allowed.exitCode, 0);
    } finally {
      server.close();
    }
  });

  it('drops SSH_AUTH_SOCK and DOCKER_HOST unless the scope keeps them', async () => {
    const extra = { SSH_AUTH_SOCK: '/run/agent.sock', DOCKER_HOST: 'unix:///var/run/docker.sock' };
    await sh('echo "[$SSH_AUTH_SOCK][$DOCKER_HOST]" > env.txt', plan(), extra);
    assert.equal(readFileSync(join(project, 'env.txt'), 'utf8'), '[][]\n');
    await sh('echo "[$SSH_AUTH_SOCK]" > env.txt', plan({ keepEnv: ['SSH_AUTH_SOCK'] }), extra);
    assert.equal(readFileSync(join(project, 'env.txt'), 'utf8'), '[/run/agent.sock]\n');
  });

  it('does not grant a temp dir that resolves elsewhere than reviewed: nothing runs', async () => {
    const prod = join(root, 'production-storage');
    mkdirSync(prod);
    const linked = join(root, 'tmp-link');
    symlinkSync(prod, linked);
    const r = await sh('echo gone > marker.txt', plan(), { TMPDIR: linked });
    assert.equal(r.confinement, 'unavailable');
    assert.match(r.notRun ?? '', new RegExp(`\\$TMP now resolves to ${prod}`));
    assert.ok(!existsSync(join(project, 'marker.txt')), 'nothing ran');
    const scope = resolveScope({ ...base, resolved: { $TMP: prod } }, project, { ...env, TMPDIR: linked });
    assert.deepEqual(scope.mismatches, [], 'a resolution the reviewer saw is granted');
  });

  it('deletes exactly the reviewed targets of a glob outside the default scope', async () => {
    const builds = join(root, 'builds');
    mkdirSync(join(builds, 'build-1'), { recursive: true });
    mkdirSync(join(builds, 'build-2'), { recursive: true });
    writeFileSync(join(builds, 'build-1', 'out.bin'), 'x');
    writeFileSync(join(builds, 'build-2', 'out.bin'), 'x');
    const r = await sh(`rm -rf ${builds}/build-*`, plan({ remove: [join(builds, 'build-1')] }));
    assert.equal(r.confinement, 'confined', r.notRun);
    assert.ok(!existsSync(join(builds, 'build-1')), 'the reviewed target is gone');
    assert.ok(existsSync(join(builds, 'build-2', 'out.bin')), 'a later match was not reviewed: kept');
    assert.ok(r.effects?.violations.includes(`delete ${builds}/build-2/out.bin`));
  });

  it('records what a small script did', async () => {
    const r = await sh(
      'mkdir -p out && echo 1 > out/a && mv out/a out/b && rm out/b && ls > /dev/null',
      plan(),
    );
    const ops = (r.effects?.entries ?? []).map(
      (e) => `${e.op} ${e.path?.replace(project, '.')}${e.to ? ` -> ${e.to.replace(project, '.')}` : ''}`,
    );
    for (const expected of ['mkdir ./out', 'create ./out/a', 'rename ./out/a -> ./out/b', 'delete ./out/b'])
      assert.ok(ops.includes(expected), `${expected} in ${ops.join(', ')}`);
    assert.ok(ops.some((o) => /^exec .*\/(ls|mkdir|mv|rm)$/.test(o)));
    assert.deepEqual(r.effects?.violations, []);
  });

  describe('a burst of calls: recorded in order, within the bound', () => {
    // 2,000 creations, then 1,111 deletions (f1, f10..f19, f100..f199, f1000..f1999), then a
    // write outside the scope: more calls than the record keeps as entries.
    const burst = (dir: string) =>
      `mkdir ${dir} && cd ${dir} && i=0; while [ $i -lt 2000 ]; do : > f$i; i=$((i+1)); done; rm -f f1*; echo x > ${outside}/late.txt; true`;
    const deleted = new Set(['f1']);
    for (let i = 10; i < 2000; i++) if (String(i).startsWith('1')) deleted.add(`f${i}`);

    /** The helper's own record (JSON lines), run directly with a record limit. */
    const helperRecord = (dir: string, limit: number, extraEnv: NodeJS.ProcessEnv = {}) => {
      const file = join(root, `${dir}.jsonl`);
      const scope = resolveScope(base, project, env);
      const r = spawnSync(
        helperPath() as string,
        [
          '--scope',
          scope.text,
          '--record',
          file,
          '--record-limit',
          String(limit),
          '--',
          '/bin/sh',
          '-c',
          burst(dir),
        ],
        { cwd: project, env: { ...scope.env, ...extraEnv } },
      );
      assert.equal(r.status, 0, String(r.stderr));
      return readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              op?: string;
              path?: string;
              summary?: boolean;
              recorded?: number;
              dropped?: number;
              calls?: number;
            },
        );
    };

    for (const [name, extraEnv] of [
      ['synchronous wake-ups (6.6+), a blocking receive (6.11+)', {}],
      [
        'as before 6.6: no synchronous wake-up, a poll before each receive',
        { EXPACTI_CONFINE_RECORDER_COMPAT: '1' },
      ],
    ] as const)
      it(`records every call once, in order (${name})`, () => {
        const dir = `burst-${Object.keys(extraEnv).length}`;
        const lines = helperRecord(dir, 10000, extraEnv);
        const summary = lines.pop();
        const files = lines.filter((l) => l.op === 'create' || l.op === 'delete');
        const want = [
          ...Array.from({ length: 2000 }, (_, i) => `create ${project}/${dir}/f${i}`),
          ...[...deleted].sort().map((f) => `delete ${project}/${dir}/${f}`),
          `create ${outside}/late.txt`,
        ];
        assert.deepEqual(
          files.map((l) => `${l.op} ${l.path}`),
          want,
        );
        assert.deepEqual(
          { ...summary, calls: undefined },
          { summary: true, recorded: lines.length, dropped: 0, calls: undefined },
        );
        // Every recorded call was a round trip; the others are execs of paths that do not exist.
        assert.ok((summary?.calls ?? 0) >= lines.length);
        assert.ok(lines.some((l) => l.op === 'mkdir' && l.path === `${project}/${dir}`));
      });

    it('records a call once when a signal arrives while the recorder holds it (kernel >= 5.19)', () => {
      // A program that creates files under a 50 µs timer whose handler restarts calls: without
      // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV a signal during the round trip makes the call start
      // over, notified (and recorded) again — about one in six here.
      const src = join(root, 'timer.c');
      writeFileSync(
        src,
        `#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>
static void tick(int s) { (void)s; }
int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = tick;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, 0);
  struct itimerval t = {{0, 50}, {0, 50}};
  setitimer(ITIMER_REAL, &t, 0);
  char name[32];
  for (int i = 0; i < 2000; i++) {
    snprintf(name, sizeof name, "t%d", i);
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return 1;
    close(fd);
  }
  return 0;
}
`,
      );
      const bin = join(root, 'timer');
      const cc = spawnSync(process.env['CC'] ?? 'cc', ['-O2', '-o', bin, src]);
      assert.equal(cc.status, 0, String(cc.stderr));
      const dir = join(project, 'timed');
      mkdirSync(dir);
      const file = join(root, 'timer.jsonl');
      const scope = resolveScope(base, project, env);
      const r = spawnSync(helperPath() as string, ['--scope', scope.text, '--record', file, '--', bin], {
        cwd: dir,
        env: scope.env,
      });
      assert.equal(r.status, 0, String(r.stderr));
      const creates = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"op":"create"'))
        .map((l) => (JSON.parse(l) as { path: string }).path);
      assert.equal(creates.length, 2000);
      assert.equal(new Set(creates).size, 2000);
    });

    it('keeps at most the limit of lines and counts the rest', () => {
      const lines = helperRecord('burst-limited', 500);
      const summary = lines.pop();
      assert.equal(lines.length, 500);
      assert.equal(summary?.recorded, 500);
      // exec sh, mkdir and rm; mkdir; 2,000 creations; 1,111 deletions; the late write
      assert.equal(summary?.dropped, 3 + 1 + 2000 + deleted.size + 1 - 500);
    });

    it('gives the agent the first entries, the count of the rest, and a violation made after them', async () => {
      const r = await sh(burst('burst-agent'), plan());
      assert.equal(r.confinement, 'confined', r.notRun);
      const entries = r.effects?.entries ?? [];
      assert.equal(entries.length, MAX_ENTRIES);
      const creates = entries.filter((e) => e.op === 'create').map((e) => e.path);
      assert.deepEqual(
        creates,
        Array.from({ length: creates.length }, (_, i) => `${project}/burst-agent/f${i}`),
      );
      assert.ok(creates.length > MAX_ENTRIES - 10);
      assert.equal(entries.length + (r.effects?.dropped ?? 0), 3 + 1 + 2000 + deleted.size + 1);
      assert.deepEqual(r.effects?.violations, [`create ${outside}/late.txt`]);
    });
  });

  it('says plainly when it cannot confine: refused when required, unconfined when allowed', async () => {
    const forced = { EXPACTI_CONFINE_FORCE_UNAVAILABLE: '1' };
    const refused = await sh('echo ran > ran.txt', plan({}, true, true), forced);
    assert.equal(refused.confinement, 'unavailable');
    assert.match(refused.notRun ?? '', /cannot confine/);
    assert.ok(!existsSync(join(project, 'ran.txt')));
    const unconfined = await sh('echo ran > ran.txt', plan({}, true, false), forced);
    assert.equal(unconfined.confinement, 'unconfined');
    assert.equal(readFileSync(join(project, 'ran.txt'), 'utf8'), 'ran\n');
    const off = await sh('echo off > off.txt', plan({}, false, true), { EXPACTI_CONFINE: 'off' });
    assert.equal(off.confinement, 'unavailable');
    assert.ok(!existsSync(join(project, 'off.txt')));
  });
});
