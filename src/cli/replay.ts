/**
 * `expacti replay FILE [--mode default|project] [--json]`: what this policy would have asked a
 * reviewer over sessions of agent commands (src/replay/replay.ts; docs/policies.md).
 */
import { readFileSync } from 'node:fs';
import { EXIT } from '../protocol/exitCodes.js';
import { displayInline } from '../protocol/displayText.js';
import { parseSessions, ReplayFileError } from '../replay/sessions.js';
import type { ReplayMode, ReplayReport } from '../replay/replay.js';
import { defineCommand, parseCommand, usageError } from './args.js';
import { print, printError, printJson } from './output.js';

export const spec = defineCommand({
  name: 'replay',
  summary: 'replay agent sessions through the gate: how often would it have asked?',
  usage: ['replay FILE [--mode default|project] [--json]'],
  details:
    'Replays JSON lines of sessions — {"session": "…", "cwd"?: "/…", "cmds": ["…", …]} — through a fresh ' +
    'server on a temporary embedded store, with a reviewer who approves every prompt and accepts the top ' +
    'whitelist suggestion (below high; high and critical are approved once). Nothing runs. Prints prompts ' +
    'per 100 commands (overall, and at positions 1–50, 51–200 and 201+ of the replay), what passed without ' +
    'asking and why, and every command passed without asking that the analysis judges high or critical ' +
    '(there should be none). FILE - reads standard input. Exit 1 when anything high or critical passed.',
  options: {
    mode: {
      type: 'string',
      value: 'MODE',
      description: 'default (the default policy) or project (project mode on)',
    },
    json: { type: 'boolean', description: 'one JSON object instead of text' },
  },
  arguments: { name: 'FILE (JSON lines of sessions; - for standard input)', min: 1, max: 1 },
  examples: ['expacti replay sessions.jsonl', 'expacti replay --mode project --json sessions.jsonl'],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const mode = parsed.values.mode ?? 'default';
  if (mode !== 'default' && mode !== 'project')
    return usageError(spec, `--mode must be default or project (got "${displayInline(mode)}")`).exit;
  const file = parsed.positionals[0] as string;
  let sessions;
  try {
    sessions = parseSessions(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (error) {
    const why =
      error instanceof ReplayFileError
        ? error.message
        : (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : (error as Error).message;
    printError(`expacti replay: ${displayInline(file)}: ${why}`);
    return EXIT.rejected;
  }
  const { replaySessions } = await import('../replay/replay.js');
  const report = await replaySessions(sessions, { mode: mode as ReplayMode });
  if (parsed.values.json) printJson(withoutTrail(report));
  else print(formatReport(report));
  return report.autoAllowedHighOrCritical.length > 0 ? 1 : 0;
}

/** The JSON answer: everything but the per-command trail's passes (kept: prompts and high passes). */
function withoutTrail(report: ReplayReport): object {
  const { replayed, ...rest } = report;
  return { ...rest, prompted: replayed.filter((r) => r.passed === null) };
}

function formatReport(r: ReplayReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `replayed ${n(r.commands)} commands in ${n(r.sessions)} session${r.sessions === 1 ? '' : 's'} (mode: ${r.mode})`,
    `prompts: ${n(r.prompts)} — ${r.promptsPer100} per 100 commands`,
    '  ' +
      r.byPosition
        .map((b) => `commands ${b.from}–${b.to ?? ''}: ${b.commands ? `${b.promptsPer100} per 100` : 'none'}`)
        .join(' · '),
    'passed without asking:',
    ...Object.entries(r.passed).map(([kind, count]) => `  ${kind.padEnd(24)} ${n(count)}`),
  ];
  if (r.autoAllowedHighOrCritical.length === 0)
    lines.push('passed without asking, judged high or critical: none');
  else {
    lines.push(`passed without asking, judged high or critical: ${r.autoAllowedHighOrCritical.length}`);
    for (const c of r.autoAllowedHighOrCritical)
      lines.push(
        `  ${c.tier.toUpperCase()}  ${displayInline(c.command)}  (${c.passed}; session ${displayInline(c.session)})`,
      );
  }
  const used = r.entries.filter((e) => e.hits > 0).slice(0, 10);
  if (used.length) {
    lines.push('entries the reviewer accepted that saved the most prompts:');
    for (const e of used) lines.push(`  ${String(e.hits).padStart(5)}  ${displayInline(e.pattern)}`);
  }
  return lines.join('\n') + '\n';
}
