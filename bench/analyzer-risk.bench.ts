/**
 * Risk and SQL layer benchmarks: scoring alone, parse + analyze + score of typical commands and of
 * the whole tier corpus, a SQL-carrying command, the rule-table check done at load, and
 * `expacti check --jsonl` on 1,000 lines end to end as a subprocess (the built CLI).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadAnalyzer } from '../src/runtime/loadAnalyzer.js';
import { assessRisk, validateRules } from '../src/core/analyzer/risk/index.js';
import { readTierCorpus } from '../test/corpusTiers.js';
import { fmtNs, median, percentile, sampleNs, type BenchRow } from './stats.js';

const TYPICAL = [
  'git status',
  'npm test -- --watch=false',
  'ls -la src',
  'cargo test -p core 2>&1 | tail -n 50',
  "git commit -m 'fix: handle empty input' && git push origin feature/x",
  'rm -rf ./dist',
];
const BIN = resolve(import.meta.dirname, '../bin/expacti.js');

export default async (): Promise<BenchRow[]> => {
  const analyzer = await loadAnalyzer();
  const rows: BenchRow[] = [];

  let i = 0;
  const full = sampleNs(
    () => analyzer.analyze({ shell: TYPICAL[i++ % TYPICAL.length] as string }),
    20_000,
    5_000,
  );
  rows.push({
    name: 'analyzer: parse + analyze + score, typical command',
    result: `median ${fmtNs(median(full))} (p99 ${fmtNs(percentile(full, 99))})`,
    goal: 'median ≤ 100 µs',
    met: median(full) <= 100_000,
    note: `${TYPICAL.length} everyday commands in turn`,
  });

  const analyses = TYPICAL.map((shell) => analyzer.analyze({ shell }));
  let j = 0;
  const score = sampleNs(
    () => {
      const a = analyses[j++ % analyses.length];
      if (a) assessRisk({ commands: a.commands, findings: a.findings, sql: a.sql });
    },
    50_000,
    10_000,
  );
  rows.push({
    name: 'risk: assessRisk alone, typical command',
    result: `median ${fmtNs(median(score))} (p99 ${fmtNs(percentile(score, 99))})`,
  });

  const corpus = readTierCorpus().map((c) => c.command);
  let k = 0;
  const wide = sampleNs(
    () => analyzer.analyze({ shell: corpus[k++ % corpus.length] as string }),
    10_000,
    3_000,
  );
  rows.push({
    name: `analyzer: every tier-corpus command (${corpus.length})`,
    result: `median ${fmtNs(median(wide))} (p99 ${fmtNs(percentile(wide, 99))})`,
  });

  const sql = sampleNs(
    () => analyzer.analyze({ shell: 'psql -c "UPDATE users SET admin = true WHERE id = 5"' }),
    5_000,
    1_000,
  );
  rows.push({
    name: 'analyzer: psql -c with one UPDATE (libpg-query)',
    result: `median ${fmtNs(median(sql))} (p99 ${fmtNs(percentile(sql, 99))})`,
  });

  const t0 = performance.now();
  const problems = validateRules((shell) => analyzer.analyze({ shell }));
  rows.push({
    name: 'risk: rule-table example check (load time, warm)',
    result: `${(performance.now() - t0).toFixed(0)} ms`,
    note: problems.length === 0 ? 'all rules pass' : `${problems.length} problems`,
  });

  const lines = Array.from({ length: 1000 }, (_, n) =>
    JSON.stringify({ cmd: corpus[n % corpus.length], allowed: ['npm test', 'git status'] }),
  ).join('\n');
  const runs: number[] = [];
  let ok = true;
  for (let r = 0; r < 3; r++) {
    const s = performance.now();
    const out = spawnSync(process.execPath, [BIN, 'check', '--jsonl'], { input: lines, encoding: 'utf8' });
    runs.push(performance.now() - s);
    ok &&= out.status === 0 && out.stdout.trim().split('\n').length === 1000;
  }
  const ms = median(runs);
  rows.push({
    name: 'expacti check --jsonl, 1,000 lines end to end (subprocess)',
    result: ok
      ? `median ${(ms / 1000).toFixed(2)} s of 3 runs`
      : 'failed (is `check` wired into src/cli/main.ts and the CLI built?)',
    goal: '≤ 2 s',
    met: ok && ms <= 2000,
    note: `lines cycle through the ${corpus.length} corpus commands`,
  });
  return rows;
};
