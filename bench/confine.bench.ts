/**
 * Confined execution (docs/confinement.md): what the helper adds to a command, measured as whole
 * runs through execApproved — `true` (the fixed cost: resolving the scope, the helper's set-up),
 * and a file-heavy workload (unpack a small project of 3,000 files, copy it, build an index of it,
 * delete it) confined without and with the recorder, against unconfined. Alternating runs, medians.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { execApproved } from '../src/agent/exec.js';
import type { ExecutePlan, ExecScope } from '../src/protocol/scope.js';
import { median, type BenchRow } from './stats.js';

const SCOPE: ExecScope = {
  read: 'default',
  readSecrets: [],
  write: ['.', '$TMP'],
  remove: [],
  network: { mode: 'none', ports: [] },
  unix: 'none',
  keepEnv: [],
  why: [],
};

async function time(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/**
 * Alternates the variants `rounds` times (after one warm-up each), starting each round with the
 * next variant (no variant always runs right after the same other one); the samples in ms.
 */
async function alternate(variants: Array<() => Promise<unknown>>, rounds: number): Promise<number[][]> {
  for (const v of variants) await v();
  const samples = variants.map(() => [] as number[]);
  for (let i = 0; i < rounds; i++)
    for (let j = 0; j < variants.length; j++) {
      const k = (i + j) % variants.length;
      samples[k]?.push(await time(variants[k] as () => Promise<unknown>));
    }
  return samples;
}

/** The median of the per-round ratios b/a: steadier than a ratio of medians when load comes and goes. */
const pairedRatio = (a: number[], b: number[]) => median(a.map((x, i) => (b[i] as number) / x));

export default async function bench(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'expacti-bench-confine-'));
  const project = join(root, 'project');
  mkdirSync(join(project, '.git'), { recursive: true });
  const env = { ...process.env, TMPDIR: join(root, 'tmp') };
  mkdirSync(env.TMPDIR, { recursive: true });
  const plan = (record: boolean): ExecutePlan => ({ scope: SCOPE, required: true, record });
  const run = (argv: string[], p?: ExecutePlan) => execApproved({ argv }, project, env, p);
  const rows: BenchRow[] = [];
  try {
    const quiet = ['/bin/sh', '-c', 'true'];
    const [bare, confined, recorded] = (
      await alternate([() => run(quiet), () => run(quiet, plan(false)), () => run(quiet, plan(true))], 40)
    ).map(median);
    const added = (confined as number) - (bare as number);
    rows.push({
      name: 'confined `sh -c true`: time added to the run',
      result: `+${added.toFixed(1)} ms (unconfined ${(bare as number).toFixed(1)} ms, confined ${(confined as number).toFixed(1)} ms, with the recorder ${(recorded as number).toFixed(1)} ms)`,
      goal: '≤ 5 ms added',
      met: added <= 5,
      note: 'execApproved end to end: scope resolved (read granted around the secret paths), helper exec, Landlock + seccomp',
    });

    // A small project: 3,000 files in 60 directories, packed once.
    const src = join(root, 'src');
    for (let d = 0; d < 60; d++) {
      mkdirSync(join(src, `mod${d}`), { recursive: true });
      for (let f = 0; f < 50; f++)
        writeFileSync(join(src, `mod${d}`, `f${f}.c`), `int f${d}_${f}(void) { return ${f}; }\n`);
    }
    spawnSync('tar', ['cf', join(project, 'project.tar'), '-C', root, 'src']);
    rmSync(src, { recursive: true });
    const work = [
      '/bin/sh',
      '-c',
      'rm -rf w && mkdir w && tar xf project.tar -C w && cp -r w/src w/copy && find w -name "*.c" | sort > w/index.txt && cat w/copy/*/*.c > w/all.c && rm -rf w',
    ];
    const samples = await alternate(
      [() => run(work), () => run(work, plan(false)), () => run(work, plan(true))],
      12,
    );
    const [plain, conf, rec] = samples.map(median);
    const ratio = (conf as number) / (plain as number);
    const ratioRec = (rec as number) / (plain as number);
    const [pPlain, pConf, pRec] = samples as [number[], number[], number[]];
    // How many calls the supervisor answered: the record's entries and what it counted beyond them.
    const effects = (await run(work, plan(true))).effects;
    const watched = (effects?.entries.length ?? 0) + (effects?.dropped ?? 0);
    rows.push({
      name: 'file-heavy workload (unpack, copy, index, delete 3,000 files), confined / unconfined',
      result: `${ratio.toFixed(3)} (medians ${(plain as number).toFixed(0)} ms → ${(conf as number).toFixed(0)} ms)`,
      goal: '≤ 1.05',
      met: ratio <= 1.05,
      note: `median of the per-round ratios ${pairedRatio(pPlain, pConf).toFixed(3)}`,
    });
    rows.push({
      name: 'the same, confined with the recorder / unconfined',
      result: `${ratioRec.toFixed(3)} (median ${(rec as number).toFixed(0)} ms)`,
      goal: '≤ 1.10',
      met: ratioRec <= 1.1,
      note: `median of the per-round ratios ${pairedRatio(pPlain, pRec).toFixed(3)}; ${watched} watched calls (creates, deletes, mkdirs, execs), each a round trip to the supervisor`,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
