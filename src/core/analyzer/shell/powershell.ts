/**
 * PowerShell cmdlets an agent on Windows runs, read as the POSIX commands with the same effect so
 * the rule table judges them (`Remove-Item -Recurse -Force ~` is `rm -r -f ~`). Only names that
 * exist in PowerShell alone are translated: `rm`, `cat` or `ls` keep their POSIX meaning. The text
 * is parsed as bash (the only shell grammar loaded): what bash reads differently (a trailing `\`,
 * `(…)` subexpressions) is not understood and stays high; an unquoted backslash, which bash drops
 * and PowerShell keeps, is given back to the cmdlet's paths.
 */
import type { SimpleCommand, Word } from '../types.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

interface Cmdlet {
  /** The POSIX program with the same effect. */
  means: string;
  /** Parameters (lower case) whose value is a path operand. */
  paths?: readonly string[];
  /** Parameters (lower case) whose value is the destination, put last. */
  destination?: readonly string[];
  /** Switch prefixes → POSIX flag (`-r`, `-rec`, `-recurse` → -r); the shortest prefix accepted first. */
  switches?: ReadonlyArray<[name: string, min: number, flag: string]>;
  /** Fixed words after the program (`truncate -s 0`). */
  fixed?: readonly string[];
}

const PATHS = ['-path', '-literalpath', '-lp', '-pspath'];

// prettier-ignore
const CMDLETS: Record<string, Cmdlet> = {
  'remove-item': { means: 'rm', paths: PATHS, switches: [['-recurse', 2, '-r'], ['-force', 3, '-f']] },
  'get-content': { means: 'cat', paths: PATHS },
  'set-content': { means: 'tee', paths: PATHS },
  'out-file': { means: 'tee', paths: ['-filepath', ...PATHS] },
  'add-content': { means: 'tee', paths: PATHS, fixed: ['-a'] },
  'clear-content': { means: 'truncate', paths: PATHS, fixed: ['-s', '0'] },
  'copy-item': { means: 'cp', paths: PATHS, destination: ['-destination'], switches: [['-recurse', 2, '-r'], ['-force', 3, '-f']] },
  'move-item': { means: 'mv', paths: PATHS, destination: ['-destination'], switches: [['-force', 3, '-f']] },
  'new-item': { means: 'touch', paths: PATHS },
};

/** PowerShell aliases that are no POSIX program (so translating them cannot change a POSIX meaning). */
const ALIASES: Record<string, string> = {
  ri: 'remove-item',
  del: 'remove-item',
  erase: 'remove-item',
  rd: 'remove-item',
  gc: 'get-content',
  sc: 'set-content',
  ac: 'add-content',
  clc: 'clear-content',
  cpi: 'copy-item',
  copy: 'copy-item',
  mi: 'move-item',
  move: 'move-item',
  ni: 'new-item',
};

function word(value: string): Word {
  return { raw: value, value, dynamic: [], quoted: false, canonical: value };
}

/** An unquoted literal word with backslashes, as a cmdlet's bash reading lost them. */
const BACKSLASH_WORD = /^[^'"`$\s]*\\[^'"`$\s]*$/;

/**
 * A path as PowerShell reads it: a cmdlet runs only in PowerShell, where `\` escapes nothing and
 * separates path parts like `/`, so `C:\Users\me` (bash: `C:Usersme`) is `C:/Users/me`.
 */
function asPowerShell(w: Word): Word {
  if (w.dynamic.length > 0 || !BACKSLASH_WORD.test(w.raw)) return w;
  const value = w.raw.replace(/\\/g, '/');
  return { ...w, value, canonical: value };
}

/** The POSIX command a PowerShell cmdlet stands for, as an argv unwrap; null when `cmd` is none. */
export function powershellUnwrap(cmd: SimpleCommand): Unwrapped | null {
  const name = cmd.program === null ? null : (ALIASES[cmd.program] ?? cmd.program);
  const cmdlet = name === null ? undefined : CMDLETS[name];
  if (!cmdlet) return null;
  const flags = new Set<string>();
  const operands: Word[] = [];
  const last: Word[] = [];
  const args = cmd.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const w = asPowerShell(args[i] as Word);
    const v = w.value.toLowerCase();
    if (w.dynamic.length > 0 || !v.startsWith('-') || v === '-') {
      operands.push(w);
      continue;
    }
    const [param, attached] = v.includes(':')
      ? [v.slice(0, v.indexOf(':')), w.value.slice(v.indexOf(':') + 1)]
      : [v, null];
    const next = args[i + 1];
    const valueWord =
      attached !== null ? { ...w, value: attached, raw: attached } : next && asPowerShell(next);
    if (cmdlet.paths?.includes(param) || cmdlet.destination?.includes(param)) {
      if (attached === null) i++;
      if (valueWord) (cmdlet.destination?.includes(param) ? last : operands).push(valueWord);
      continue;
    }
    const sw = cmdlet.switches?.find(([full, min]) => param.length >= min && full.startsWith(param));
    if (sw) flags.add(sw[2]);
  }
  const argv = [
    word(cmdlet.means),
    ...(cmdlet.fixed ?? []).map(word),
    ...[...flags].map(word),
    word('--'),
    ...operands,
    ...last,
  ];
  return { kind: 'argv', wrapper: wrapperOf(name as string, cmd.argv.slice(0, 1)), argv, assignments: [] };
}
