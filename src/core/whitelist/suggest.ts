/**
 * Whitelist patterns a reviewer could approve instead of the exact command: first its typed
 * generalisation when it has one (typedSuggest.ts: paths in the project, ranges, numbers, tests,
 * branches as typed slots — what agents vary between otherwise equal commands), then the exact
 * canonical form, then (for one low-risk command) its last argument as `*`, then its subcommand
 * with `**`. Never a wildcard for a high or critical command, or for one whose text is handed to a
 * shell (`bash -c`, `ssh`, `eval`: the inner words cannot be wildcarded as words).
 */
import type { Analysis, SimpleCommand, Word } from '../analyzer/types.js';
import { commandText, runsText } from '../analyzer/shell/commandText.js';
import { typedSuggestion } from './typedSuggest.js';

function wildcardable(cmd: SimpleCommand): boolean {
  if (cmd.wrappers.some(runsText)) return false;
  if (cmd.redirects.some((r) => r.heredoc !== undefined)) return false;
  if (cmd.pipeline !== null || cmd.argv.length < 2) return false;
  return !cmd.argv.some((w) => w.dynamic.length > 0 || w.canonical === '');
}

/** The command's text with its arguments replaced by `args` and a final wildcard `tail`. */
function withArgs(cmd: SimpleCommand, args: Word[], tail: '*' | '**'): string {
  const program = cmd.argv[0];
  if (!program) return '';
  const wildcard: Word = { raw: tail, value: tail, dynamic: ['glob'], quoted: false, canonical: tail };
  return commandText({ ...cmd, argv: [program, ...args, wildcard] });
}

export function suggestPatterns(
  analysis: Pick<Analysis, 'parsed' | 'canonical' | 'commands' | 'risk' | 'source'>,
): string[] {
  if (!analysis.parsed || analysis.canonical === null) return [];
  const typed = typedSuggestion(analysis);
  const out = typed ? [typed, analysis.canonical] : [analysis.canonical];
  const [cmd] = analysis.commands;
  if (analysis.commands.length !== 1 || !cmd) return out;
  const tier = analysis.risk.perCommand[0];
  if (tier === undefined || tier === 'high' || tier === 'critical' || !wildcardable(cmd)) return out;
  const args = cmd.argv.slice(1);
  const last = args[args.length - 1];
  // The subcommand (first argument) is never wildcarded alone: `npm *` would allow `npm publish`.
  if (last && args.length >= 2 && !last.value.startsWith('-'))
    out.push(withArgs(cmd, args.slice(0, -1), '*'));
  const sub = args[0];
  if (sub && !sub.value.startsWith('-') && args.length >= 3) out.push(withArgs(cmd, [sub], '**'));
  return [...new Set(out.filter((s) => s !== ''))];
}
