/**
 * `expacti check '<command>'`   explain a command: parts, tier, score, reasons, SQL, whitelisting
 * `expacti check --json '<command>'`   the same as one JSON object (AnalysisView plus commands)
 * `expacti check --jsonl`   batch: JSON lines {"cmd", "allowed"?} on stdin → one result line each
 * Offline: loads the analyzer in this process, talks to no server.
 */
import { setFlagsFromString } from 'node:v8';
import { defineCommand, parseCommand, usageError } from './args.js';
import type { CommandInput } from '../protocol/index.js';
import { loadAnalyzer } from '../runtime/loadAnalyzer.js';
import { runBatch } from './checkBatch.js';
import { explain, explainJson } from './checkExplain.js';
import { print, printJson } from './output.js';
import { jsonSafe } from '../protocol/displayText.js';

export const spec = defineCommand({
  name: 'check',
  summary: 'explain a command offline: tier, reasons, parts',
  usage: [
    "check [--json] '<shell command>'",
    'check [--json] -- PROGRAM [ARGS…]',
    'check --jsonl < lines.jsonl   (each line: {"cmd": "…", "allowed": ["…"]})',
  ],
  details:
    'Runs the same analyzer as the server, in this process, and talks to no server: the parts, the risk ' +
    'tier and score with reasons, SQL effects, and whitelist patterns that would allow it.',
  options: {
    json: { type: 'boolean', description: 'one JSON object instead of text' },
    jsonl: { type: 'boolean', description: 'batch: JSON lines on stdin, one result line each on stdout' },
  },
  arguments: { name: 'a command to check', min: 0 },
  examples: ["expacti check 'git push --force origin main'", 'expacti check --json -- rm -rf build'],
});

/**
 * A short-lived process: compile the parsers' WebAssembly with the baseline compiler only. V8 would
 * otherwise optimise the large modules (libpg-query, tree-sitter) on background threads, which
 * competes with the analysis for the CPU and keeps the process from exiting until it is done
 * (measured: 1,000 lines of `--jsonl` in 0.4 s instead of 1.6 s). The server keeps the default.
 */
function preferQuickStart(): void {
  try {
    setFlagsFromString('--liftoff-only');
  } catch {
    // An engine without the flag simply compiles as usual.
  }
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  if (values.jsonl) {
    if (positionals.length > 0 || values.json)
      return usageError(spec, '--jsonl reads commands from stdin and takes no other argument').exit;
    preferQuickStart();
    const analyzer = await loadAnalyzer();
    await runBatch(analyzer, process.stdin, (line) => process.stdout.write(jsonSafe(line) + '\n'));
    return 0;
  }
  if (positionals.length === 0) return usageError(spec, 'missing a command to check').exit;
  // One argument is shell text; several (after --) are an argv vector, as `expacti run -- …` takes.
  const input: CommandInput =
    positionals.length === 1 && !args.includes('--')
      ? { shell: positionals[0] as string }
      : { argv: positionals };
  preferQuickStart();
  const analyzer = await loadAnalyzer();
  const analysis = analyzer.analyze(input);
  const view = analyzer.view(analysis);
  if (values.json) printJson(explainJson(analysis, view));
  else print(explain(analysis, view));
  return 0;
}
