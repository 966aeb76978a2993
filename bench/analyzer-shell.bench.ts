/**
 * Shell layer and whitelist benchmarks: parse + unwrap of a typical command, the full analysis,
 * adversarial input (bounded), and whitelist matching at 100 and 100,000 entries.
 */
import { analyzeShell } from '../src/core/analyzer/shell/analyzeShell.js';
import { buildWhitelistIndex } from '../src/core/whitelist/index.js';
import type { CompileFn } from '../src/core/whitelist/compile.js';
import type { Analysis } from '../src/core/analyzer/types.js';
import type { WhitelistEntry } from '../src/store/records.js';
import { loadAnalyzer, loadShellParser } from '../src/runtime/loadAnalyzer.js';
import { fmtNs, median, percentile, sampleNs, type BenchRow } from './stats.js';

const TYPICAL = [
  'git status',
  'npm test -- --watch=false',
  'cargo test -p core 2>&1 | tail -n 50',
  "git commit -m 'fix: handle empty input' && git push origin feature/x",
  'find . -name "*.ts" -not -path "./node_modules/*" | xargs wc -l',
];

const ADVERSARIAL: Array<[string, string]> = [
  ['64 KiB word', 'echo ' + 'a'.repeat(64 * 1024 - 5)],
  [
    '64 KiB of `a && `',
    Array.from({ length: 13000 }, () => 'a')
      .join(' && ')
      .slice(0, 64 * 1024),
  ],
  ['5,000 nested $( )', 'echo ' + '"$('.repeat(5000) + 'x' + ')"'.repeat(5000)],
  ['20,000 nested ( )', '('.repeat(20000) + 'x' + ')'.repeat(20000)],
  ['6,000-stage pipeline', Array.from({ length: 6000 }, () => 'a |').join(' ') + ' b'],
  ['20 nested sh -c', 'sh -c "'.repeat(20) + 'ls' + '"'.repeat(20)],
  ['8,000 ANSI-C words', 'echo ' + "$'\\x41' ".repeat(8000)],
];

function entry(id: number, pattern: string, exact: boolean): WhitelistEntry {
  return {
    id: `e${id}`,
    orgId: 'org',
    effect: 'allow',
    pattern,
    exact,
    agent: id % 7 === 0 ? 'ci-bot' : null,
    createdBy: 'bench',
    createdFromRequest: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: null,
    hits: 0,
    lastUsedAt: null,
    disabled: false,
    note: null,
    context: null,
  };
}

/** n entries over many programs: exact commands, `*` and `**` patterns, globs. */
function entries(n: number): WhitelistEntry[] {
  const out: WhitelistEntry[] = [];
  for (let i = 0; i < n; i++) {
    const tool = `tool${i % 1000}`;
    switch (i % 4) {
      case 0:
        out.push(entry(i, `${tool} build target${i} --release`, true));
        break;
      case 1:
        out.push(entry(i, `${tool} test -p pkg${i} *`, false));
        break;
      case 2:
        out.push(entry(i, `${tool} run script${i} **`, false));
        break;
      default:
        out.push(entry(i, `${tool} fmt <glob:src${i}/*.ts>`, false));
    }
  }
  out.push(
    entry(n, 'git status', true),
    entry(n + 1, 'npm test **', false),
    entry(n + 2, 'cargo test -p *', false),
  );
  return out;
}

export default async function (): Promise<BenchRow[]> {
  const parser = await loadShellParser();
  const analyzer = await loadAnalyzer();
  const rows: BenchRow[] = [];

  let k = 0;
  const parseOnly = sampleNs(() => parser.parse(TYPICAL[k++ % TYPICAL.length] as string)?.delete(), 5000);
  rows.push({
    name: 'tree-sitter parse alone, typical commands (for scale)',
    result: `median ${fmtNs(median(parseOnly))} (p99 ${fmtNs(percentile(parseOnly, 99))})`,
  });
  const shell = sampleNs(() => analyzeShell(parser, TYPICAL[k++ % TYPICAL.length] as string), 5000);
  rows.push({
    name: 'shell: parse + unwrap, typical commands',
    result: `median ${fmtNs(median(shell))} (p99 ${fmtNs(percentile(shell, 99))})`,
    note: `${TYPICAL.length} everyday commands in turn`,
  });
  const full = sampleNs(() => analyzer.analyze({ shell: TYPICAL[k++ % TYPICAL.length] as string }), 5000);
  rows.push({
    name: 'analyze: parse + unwrap + SQL + risk + canonical, typical',
    result: `median ${fmtNs(median(full))} (p99 ${fmtNs(percentile(full, 99))})`,
    goal: 'median ≤ 100 µs',
    met: median(full) <= 100_000,
  });

  let worst = 0;
  let worstName = '';
  for (const [name, text] of ADVERSARIAL) {
    const samples = sampleNs(() => analyzer.analyze({ shell: text }), 5, 1);
    const m = median(samples);
    if (m > worst) {
      worst = m;
      worstName = name;
    }
  }
  rows.push({
    name: 'analyze: worst adversarial input (64 KiB, deep nesting, long pipelines)',
    result: `median ${fmtNs(worst)} (${worstName})`,
    goal: 'bounded: parse budget 100 ms + linear walk',
    met: worst < 250_000_000,
    note: 'limits: 64 KiB, tree depth 200, 500 commands, 8 wrapper layers',
  });

  const compile: CompileFn = (text) => analyzeShell(parser, text) as unknown as Analysis;
  const candidates = [
    'tool7 test -p pkg7007 core',
    'git status',
    'tool42 run script1042 a b c',
    'tool3 build target9 --release',
    'npm test && rm -rf ~',
  ].map((c) => analyzer.analyze({ shell: c }));
  const medians: number[] = [];
  for (const n of [100, 100_000]) {
    const index = buildWhitelistIndex(entries(n), compile);
    let j = 0;
    const samples = sampleNs(
      () =>
        index.match(candidates[j++ % candidates.length] as Analysis, {
          agent: 'claude',
          now: 1_800_000_000_000,
        }),
      20_000,
    );
    medians.push(median(samples));
    rows.push({
      name: `whitelist: match at ${n.toLocaleString('en')} entries`,
      result: `median ${fmtNs(median(samples))} (p99 ${fmtNs(percentile(samples, 99))})`,
      goal: 'median ≤ 20 µs',
      met: median(samples) <= 20_000,
      note: `${index.size} entries indexed, ${candidates.length} candidates (allowed and not) in turn`,
    });
  }
  const ratio = (medians[1] ?? 0) / (medians[0] ?? 1);
  rows.push({
    name: 'whitelist: match 100,000 / 100 entries',
    result: `ratio ${ratio.toFixed(2)}`,
    goal: 'ratio ≤ 2',
    met: ratio <= 2,
  });
  return rows;
}
