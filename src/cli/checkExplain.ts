/** `expacti check` output: a readable explanation for a person, or one JSON object. */
import type { AnalysisView } from '../protocol/index.js';
import type { Analysis } from '../core/analyzer/types.js';
import { commandText } from '../protocol/commandText.js';
import { displayBlock, displayInline } from '../protocol/displayText.js';

export interface CheckedCommand {
  text: string;
  program: string | null;
  tier: string;
  placement: string[];
  wrappers: string[];
  remote: string | null;
}

function commands(analysis: Analysis, view: AnalysisView): CheckedCommand[] {
  return analysis.commands.map((cmd, i) => ({
    text: view.parts[i] ?? '',
    program: cmd.program,
    tier: analysis.risk.perCommand[i] ?? 'high',
    placement: cmd.placement,
    wrappers: cmd.wrappers.map((w) => w.program),
    remote: cmd.wrappers.find((w) => w.remote !== undefined)?.remote ?? null,
  }));
}

export function explainJson(
  analysis: Analysis,
  view: AnalysisView,
): AnalysisView & { command: string; commands: CheckedCommand[]; sql: Analysis['sql'] } {
  return {
    command: commandText(analysis.input),
    ...view,
    commands: commands(analysis, view),
    sql: analysis.sql,
  };
}

const where: Record<string, string> = {
  pipeline: 'in a pipeline',
  subshell: 'in a subshell',
  group: 'in a { } group',
  'command-substitution': 'inside $(…)',
  'process-substitution': 'inside <(…)',
  condition: 'in a condition',
  'loop-body': 'in a loop',
  'case-body': 'in a case branch',
  'function-body': 'in a function',
  background: 'in the background',
  'heredoc-substitution': 'inside a heredoc',
};

export function explain(analysis: Analysis, view: AnalysisView): string {
  const out: string[] = [];
  const label = (k: string) => k.padEnd(10);
  out.push(`${label('command')} ${displayBlock(commandText(analysis.input), label('') + ' ')} `.trimEnd());
  out.push(`${label('risk')} ${view.tier.toUpperCase()} (score ${view.score}/100)`);
  if (!view.parsed) out.push(`${label('')} could not be fully parsed: never auto-allowed`);
  const parts = commands(analysis, view);
  out.push(
    '',
    parts.length === 0
      ? 'parts      none: nothing runs'
      : `parts      ${parts.length} command${parts.length === 1 ? '' : 's'} can run:`,
  );
  const texts = parts.map((p) => displayInline(p.text));
  const width = Math.min(60, Math.max(0, ...texts.map((t) => t.length)));
  parts.forEach((p, i) => {
    const notes = [...new Set(p.placement.filter((x) => x !== 'top').map((x) => where[x] ?? x))];
    if (p.remote) notes.push(`runs on ${p.remote}`);
    else if (p.wrappers.length > 0) notes.push(`through ${p.wrappers.join(' → ')}`);
    // Never cut: a long part pushes its notes to the right rather than hiding its end.
    const text = (texts[i] ?? '').padEnd(width);
    out.push(
      `  ${String(i + 1).padStart(2)}. ${text}  ${p.tier.padEnd(8)}${notes.length > 0 ? ` ${notes.join(', ')}` : ''}`,
    );
  });
  out.push('', 'reasons');
  for (const r of view.reasons)
    out.push(`  - ${(r.tier ?? '').padEnd(8)} [${r.code}] ${displayInline(r.message)}`);
  const sql = analysis.sql.map((s) => s.summary);
  if (sql.length > 0) {
    out.push('', 'sql');
    for (const s of sql) out.push(`  - ${displayInline(s)}`);
  }
  const others = view.summary.filter((s) => !sql.includes(s) && !view.reasons.some((r) => r.message === s));
  if (others.length > 0) {
    out.push('', 'notes');
    for (const s of others) out.push(`  - ${displayInline(s)}`);
  }
  out.push('', 'whitelist');
  if (!view.parsed || view.canonical === null) {
    out.push('  no entry can allow this command: it could not be fully understood');
  } else {
    out.push(`  an exact entry must be exactly: ${displayInline(view.canonical)}`);
    const risky = parts.filter((p) => p.tier === 'high' || p.tier === 'critical');
    if (parts.length > 1)
      out.push(
        '  or every part must be allowed on its own, with nothing else attached (redirects, env prefixes, substitutions)',
      );
    if (risky.length > 0) {
      const which =
        risky.length === parts.length
          ? parts.length === 1
            ? 'it is'
            : 'every part is'
          : risky.length === 1
            ? '1 part is'
            : `${risky.length} parts are`;
      out.push(
        `  ${which} high/critical risk: only an exact entry can allow ${risky.length === 1 ? 'it' : 'them'}, never a wildcard`,
      );
    }
    const wider = view.suggestions.filter((s) => s !== view.canonical);
    if (wider.length > 0)
      out.push(
        `  wider patterns a reviewer could approve instead: ${wider.map(displayInline).join('  |  ')}`,
      );
  }
  return out.join('\n') + '\n';
}
