/**
 * Flags and operands read with the option table (options/), for the programs it covers: which
 * options take a value is known per subcommand (`git log -S text` takes one, `git restore -S`
 * does not), and every name of an option is listed (`-W` is also `--worktree`), so a rule naming
 * either spelling sees it. Null when the table proves no reading; the view then falls back on
 * the per-program syntax (programs.ts).
 */
import type { SimpleCommand, Word } from '../types.js';
import { parseCommand } from '../options/parse.js';
import type { Flag } from './commandView.js';

export interface SplitArgs {
  flags: Flag[];
  operands: Word[];
  dashAt: number;
}

export function tableSplit(cmd: SimpleCommand): SplitArgs | null {
  const parsed = parseCommand(cmd.argv);
  if (!parsed) return null;
  const flags: Flag[] = [];
  for (const o of parsed.options) for (const name of o.spec.names) flags.push({ name, value: o.value });
  if (parsed.dashDash) flags.push({ name: '--', value: null });
  return {
    flags,
    operands: [...parsed.subWords, ...parsed.operands],
    dashAt: parsed.dashAt < 0 ? -1 : parsed.subWords.length + parsed.dashAt,
  };
}
