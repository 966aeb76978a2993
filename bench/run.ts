/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (each default-exports an async function that
 * returns result rows) and prints one Markdown table, with the machine and date, for BENCHMARKS.md.
 * Usage: npm run bench [-- name-substring …]
 */
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BenchRow } from './stats.js';

const filters = process.argv.slice(2);
const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: () => Promise<BenchRow[]> };
  rows.push(...(await mod.default()));
}

const cpu = cpus()[0]?.model ?? 'unknown cpu';
console.log(
  `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log('| benchmark | result | goal | met | note |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  const met = r.met === undefined ? '—' : r.met ? 'yes' : '**no**';
  console.log(`| ${r.name} | ${r.result} | ${r.goal ?? '—'} | ${met} | ${r.note ?? ''} |`);
}
