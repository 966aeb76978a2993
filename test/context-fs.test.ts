/**
 * The filesystem probe against real directories, symlinks and globs in a temp dir, through the
 * collector (budget, timeouts, "unknown: why"); and proof that probing writes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { collectProbes } from '../src/agent/probes/collect.js';
import { probeFs } from '../src/agent/probes/fs.js';
import type { FsFact, FsProbe, ProbeResult } from '../src/protocol/context.js';

let root: string;
let project: string;
let prod: string;
let home: string;

/** Every path below `dir` with its mtime and size (to show nothing changed). */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      out.push(`${p} ${st.mtimeMs} ${st.size} ${st.mode}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

const fsProbe = (path: string, more: Partial<FsProbe> = {}): FsProbe => ({
  kind: 'fs',
  id: 'fs-1',
  path,
  op: 'rm -r',
  walk: true,
  followFinal: false,
  expand: ['glob'],
  ...more,
});
const fact = (r: ProbeResult | undefined): FsFact => {
  assert.ok(r && r.kind === 'fs' && r.fact.known, `expected a known fs fact, got ${JSON.stringify(r)}`);
  return r.fact.value;
};

before(() => {
  root = mkdtempSync(join(tmpdir(), 'expacti-ctx-fs-'));
  project = join(root, 'project');
  prod = join(root, 'mnt', 'prod-storage');
  home = join(root, 'home');
  mkdirSync(join(project, '.git'), { recursive: true });
  mkdirSync(home);
  for (const b of ['build-1', 'build-2']) {
    mkdirSync(join(prod, b, 'sub'), { recursive: true });
    for (let i = 0; i < 30; i++) writeFileSync(join(prod, b, 'sub', `f${i}.bin`), Buffer.alloc(100));
  }
  // The seed scenario: the project's tmp is a symlink to production storage.
  symlinkSync(prod, join(project, 'tmp'));
  mkdirSync(join(project, 'dist'));
  writeFileSync(join(project, 'dist', 'a.js'), 'x');
  symlinkSync(join(prod, 'build-1'), join(project, 'latest'));
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('probeFs: a temp path that is not in a temp directory', () => {
  it('says a /tmp path resolving outside every temp directory is outside, and one inside is inside', async () => {
    // A directory outside the temp directories (test-artifacts/ is ignored by git).
    mkdirSync('test-artifacts', { recursive: true });
    const outside = mkdtempSync(join(process.cwd(), 'test-artifacts', 'ctx-temp-'));
    const link = join(root, 'data-link');
    symlinkSync(outside, link);
    try {
      const probe = fsProbe(`${link}/`, { temp: true, expand: [], followFinal: true });
      const out = fact((await collectProbes([probe], { cwd: project, env: { HOME: home } })).probes[0]);
      assert.equal(out.matches[0]?.resolved, outside);
      assert.equal(out.matches[0]?.outside.temp, true);
      const inside = fact(
        (
          await collectProbes([fsProbe(join(root, 'project'), { temp: true, expand: [] })], {
            cwd: project,
            env: { HOME: home },
          })
        ).probes[0],
      );
      assert.equal(inside.matches[0]?.outside.temp, false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(link);
    }
  });
});

describe('probeFs', () => {
  it('shows each symlink hop of a glob match and that it lies outside the project', async () => {
    const before = snapshot(root);
    const { probes } = await collectProbes([fsProbe('tmp/build-*')], {
      cwd: project,
      env: { HOME: home },
      budgetMs: 2000,
    });
    const f = fact(probes[0]);
    assert.equal(f.matchCount, 2);
    const m = f.matches[0];
    assert.equal(m?.path, join(project, 'tmp', 'build-1'));
    assert.equal(m?.resolved, join(prod, 'build-1'));
    assert.deepEqual(m?.hops, [{ from: join(project, 'tmp'), to: prod }]);
    assert.deepEqual(m?.outside, { cwd: true, gitRoot: true, home: true });
    assert.equal(m?.mount.known, true);
    assert.deepEqual(m?.size, { known: true, value: { files: 30, bytes: 3000, capped: false } });
    assert.deepEqual(snapshot(root), before, 'probing changed nothing');
  });

  it('knows rm does not follow a final symlink, and that a trailing slash does', async () => {
    const link = fact(
      (await collectProbes([fsProbe('latest', { expand: [] })], { cwd: project, env: { HOME: home } }))
        .probes[0],
    );
    assert.deepEqual(
      [link.matches[0]?.finalLink, link.matches[0]?.resolved, link.matches[0]?.hops.length],
      [true, join(project, 'latest'), 0],
    );
    assert.deepEqual(link.matches[0]?.size, {
      known: true,
      value: { files: 1, bytes: lstatSync(join(project, 'latest')).size, capped: false },
    });
    const followed = fact(
      (
        await collectProbes([fsProbe('latest/', { expand: [], followFinal: true })], {
          cwd: project,
          env: { HOME: home },
        })
      ).probes[0],
    );
    assert.equal(followed.matches[0]?.resolved, join(prod, 'build-1'));
    assert.equal(followed.matches[0]?.outside.cwd, true);
  });

  it('reports a path inside the project as inside, and a missing path as missing', async () => {
    const r = await collectProbes(
      [
        fsProbe('./dist', { expand: [] }),
        fsProbe('nope/*', { id: 'fs-2' }),
        fsProbe('gone', { id: 'fs-3', expand: [] }),
      ],
      { cwd: project, env: { HOME: home } },
    );
    const dist = fact(r.probes[0]).matches[0];
    assert.deepEqual(
      [dist?.exists, dist?.outside.cwd, dist?.outside.gitRoot, dist?.hops],
      [true, false, false, []],
    );
    assert.equal(fact(r.probes[1]).matchCount, 0);
    assert.deepEqual(
      [fact(r.probes[2]).matches[0]?.exists, fact(r.probes[2]).matches[0]?.type],
      [false, 'missing'],
    );
  });

  it('expands ~, $VAR and braces from the agent environment', async () => {
    writeFileSync(join(home, 'notes.txt'), 'n');
    const r = await collectProbes(
      [
        fsProbe('~/notes.txt', { expand: ['tilde'] }),
        fsProbe('$DATA/build-{1,2}', { id: 'fs-2', expand: ['parameter', 'brace'] }),
        fsProbe('$UNSET_VAR/x', { id: 'fs-3', expand: ['parameter'] }),
      ],
      { cwd: project, env: { HOME: home, DATA: prod } },
    );
    assert.equal(fact(r.probes[0]).matches[0]?.resolved, join(home, 'notes.txt'));
    assert.deepEqual(
      fact(r.probes[1]).matches.map((m) => m.resolved),
      [join(prod, 'build-1'), join(prod, 'build-2')],
    );
    assert.deepEqual(r.probes[2]?.fact, {
      known: false,
      why: "$UNSET_VAR is not set in the agent's environment (the command may set it itself)",
    });
  });

  it('caps the walk and says "at least"', async () => {
    const f = await probeFs(
      fsProbe(prod, { expand: [] }),
      { cwd: project, env: {}, home },
      Date.now() + 5000,
      25,
    );
    assert.deepEqual(f.matches[0]?.size, {
      known: true,
      value: {
        files: 25,
        bytes: f.matches[0]?.size?.known ? f.matches[0].size.value.bytes : -1,
        capped: true,
      },
    });
  });

  it('answers "unknown: timed out" when the budget runs out, and returns on time', async () => {
    const big = join(root, 'big');
    for (let d = 0; d < 40; d++) {
      mkdirSync(join(big, `d${d}`), { recursive: true });
      for (let i = 0; i < 50; i++) writeFileSync(join(big, `d${d}`, `f${i}`), '');
    }
    const started = Date.now();
    const r = await collectProbes([fsProbe(big, { expand: [] })], {
      cwd: project,
      env: { HOME: home },
      budgetMs: 1,
    });
    assert.ok(Date.now() - started < 500, 'returned promptly');
    const f = r.probes[0]?.fact;
    // Either the probe gave up (unknown) or its walk stopped early (capped): never a silent full answer.
    if (f?.known) {
      const size = (f.value as FsFact).matches[0]?.size;
      assert.ok(size?.known && size.value.capped, `a walk cut short says so: ${JSON.stringify(size)}`);
    } else assert.match(f?.why ?? '', /timed out after 1 ms/);
    assert.ok(statSync(big).isDirectory());
  });
});
