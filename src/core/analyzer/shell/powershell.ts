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
  /** Parameters (lower case) whose value is neither a path nor a switch (`-Value TEXT`): left out. */
  values?: readonly string[];
}

const PATHS = ['-path', '-literalpath', '-lp', '-pspath'];
/** What a content cmdlet writes, and how: not paths. */
const CONTENT_VALUES = ['-value', '-encoding', '-inputobject', '-stream', '-delimiter'];

// prettier-ignore
const CMDLETS: Record<string, Cmdlet> = {
  'remove-item': { means: 'rm', paths: PATHS, switches: [['-recurse', 2, '-r'], ['-force', 3, '-f']] },
  'get-content': { means: 'cat', paths: PATHS },
  'set-content': { means: 'tee', paths: PATHS, values: CONTENT_VALUES },
  'out-file': { means: 'tee', paths: ['-filepath', ...PATHS], values: CONTENT_VALUES },
  'add-content': { means: 'tee', paths: PATHS, fixed: ['-a'], values: CONTENT_VALUES },
  'clear-content': { means: 'truncate', paths: PATHS, fixed: ['-s', '0'] },
  'copy-item': { means: 'cp', paths: PATHS, destination: ['-destination'], switches: [['-recurse', 2, '-r'], ['-force', 3, '-f']] },
  'move-item': { means: 'mv', paths: PATHS, destination: ['-destination'], switches: [['-force', 3, '-f']] },
  'new-item': { means: 'touch', paths: PATHS },
  // Processes by name (`Stop-Process -Name node`: pkill) or by id (`-Id 42`: kill).
  'stop-process': { means: 'pkill', paths: ['-name', '-processname', '-id'], switches: [['-force', 2, '-9']] },
  // An archive of the given paths (what it reads matters: keys archived are keys read).
  'compress-archive': { means: 'zip', paths: PATHS, destination: ['-destinationpath'], fixed: ['-r'] },
  'expand-archive': { means: 'unzip', paths: PATHS, destination: ['-destinationpath'] },
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
  spps: 'stop-process',
};

function word(value: string, quoted = false): Word {
  return { raw: value, value, dynamic: [], quoted, canonical: value };
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

/**
 * Words as PowerShell splits them: in bash `C:\ -Recurse` is one word (`\ ` escapes the space),
 * in PowerShell the `\` ends a path and the space separates two words.
 */
function powershellWords(words: readonly Word[]): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    if (w.dynamic.length > 0 || w.quoted === false || !/^[^'"`$]*\\ /.test(w.raw)) {
      out.push(w);
      continue;
    }
    for (const part of w.raw.split(/(?<=\\) +/)) if (part !== '') out.push(word(part, true));
  }
  return out;
}

/** Windows' own programs: they run from cmd.exe or PowerShell, which keep `\` in their words. */
const WINDOWS_NATIVE = new Set([
  'reg',
  'schtasks',
  'icacls',
  'takeown',
  'cipher',
  'diskpart',
  'bcdedit',
  'vssadmin',
  'wbadmin',
  'wmic',
  'attrib',
  'robocopy',
  'xcopy',
  'sc',
  'net',
  'net1',
  'netsh',
  'wevtutil',
  'format',
  'cacls',
  'mklink',
  'fsutil',
]);
/** sc.exe's verbs (in Windows PowerShell `sc` is also Set-Content's alias; these say which is meant). */
const SC_VERBS =
  /^(query|queryex|qc|start|stop|pause|continue|create|config|delete|failure|sdset|sdshow|description|privs|triggerinfo|control|interrogate)$/i;

/**
 * A Windows program's words as its shell reads them (`takeown /f C:\Windows\System32`: bash would
 * drop the backslashes). Null when nothing differs, or the program is not one of Windows' own.
 */
function windowsNative(cmd: SimpleCommand): Unwrapped | null {
  const program = cmd.program?.replace(/\.exe$/i, '').toLowerCase();
  if (!program || !WINDOWS_NATIVE.has(program)) return null;
  const words = powershellWords(cmd.argv.slice(1)).map(asPowerShell);
  const same = words.length === cmd.argv.length - 1 && words.every((w, i) => w === cmd.argv[i + 1]);
  if (same) return null;
  return {
    kind: 'argv',
    wrapper: wrapperOf(program, cmd.argv.slice(0, 1)),
    argv: [cmd.argv[0] as Word, ...words],
    assignments: [],
  };
}

/** The POSIX command a PowerShell cmdlet stands for, as an argv unwrap; null when `cmd` is none. */
export function powershellUnwrap(cmd: SimpleCommand): Unwrapped | null {
  if (cmd.wrappers.at(-1)?.argv?.[0] !== cmd.argv[0]) {
    const native = windowsNative(cmd);
    if (native) return native;
  }
  if (cmd.program === 'sc' && SC_VERBS.test(cmd.argv[1]?.value ?? '')) return null;
  const name = cmd.program === null ? null : (ALIASES[cmd.program] ?? cmd.program);
  const cmdlet = name === null ? undefined : CMDLETS[name];
  if (!cmdlet) return null;
  const flags = new Set<string>();
  const operands: Word[] = [];
  const last: Word[] = [];
  const args = powershellWords(cmd.argv.slice(1));
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
    if (cmdlet.values?.includes(param)) {
      if (attached === null) i++;
      continue;
    }
    const sw = cmdlet.switches?.find(([full, min]) => param.length >= min && full.startsWith(param));
    if (sw) flags.add(sw[2]);
  }
  if (name === 'stop-process' && operands.length === 0 && (cmd.pipeline?.index ?? 0) > 0)
    // `… | Stop-Process`: the processes come down the pipeline (pipedStopProcess reads Get-Process).
    operands.push({ raw: '…', value: '…', dynamic: ['parameter'], quoted: false, canonical: '…' });
  if (cmdlet.means === 'rm' && operands.length === 0 && (cmd.pipeline?.index ?? 0) > 0) {
    // `… | Remove-Item`: the items come down the pipeline, unknown here (pipedRemoveItem reads the
    // one shape where they are known: a listing piped straight in).
    operands.push({ raw: '…', value: '…', dynamic: ['parameter'], quoted: false, canonical: '…' });
  }
  const argv = [
    word(cmdlet.means),
    ...(cmdlet.fixed ?? []).map((v) => word(v)),
    ...[...flags].map((v) => word(v)),
    word('--'),
    ...operands,
    ...last,
  ];
  return { kind: 'argv', wrapper: wrapperOf(name as string, cmd.argv.slice(0, 1)), argv, assignments: [] };
}

const LISTING = new Set(['get-childitem', 'gci', 'dir', 'ls', 'get-item', 'gi']);

/**
 * `Get-ChildItem [PATH] [-Recurse] [-Filter P] | Remove-Item [-Recurse] [-Force]`: the items are
 * the listing's, so it is read as `find PATH [-maxdepth 1] [-name P] -exec rm [-r] [-f] {} +` and
 * judged by find's start point (`Get-ChildItem C:\ -Recurse | Remove-Item` empties the drive).
 * Null for any other shape (a filter stage between them chooses items the reading cannot know).
 */
export function pipedRemoveItem(commands: readonly SimpleCommand[], cmd: SimpleCommand): Unwrapped | null {
  const pipe = cmd.pipeline;
  const name = cmd.program === null ? null : (ALIASES[cmd.program] ?? cmd.program);
  if (name !== 'remove-item' || !pipe || pipe.index !== 1 || pipe.id === undefined) return null;
  const first = commands.find((c) => c.pipeline?.id === pipe.id && c.pipeline?.index === 0);
  if (!first?.program || !LISTING.has(first.program)) return null;
  let path: Word | null = null;
  let filter: string | null = null;
  let recurse = false;
  const args = powershellWords(first.argv.slice(1));
  for (let i = 0; i < args.length; i++) {
    const w = asPowerShell(args[i] as Word);
    const v = w.value.toLowerCase();
    if (w.dynamic.length > 0 && !w.dynamic.every((d) => d === 'glob')) return null;
    if (!v.startsWith('-')) {
      if (path === null) path = w;
      else if (filter === null) filter = w.value;
      else return null;
    } else if (PATHS.includes(v)) path = args[++i] ? asPowerShell(args[i] as Word) : null;
    else if (v === '-filter' || v === '-include') filter = args[++i]?.value ?? null;
    else if ('-recurse'.startsWith(v) && v.length >= 2) recurse = true;
    else if (v !== '-force' && v !== '-file' && v !== '-directory' && v !== '-hidden') return null;
  }
  // `Get-ChildItem *.log`: a pattern where the path stands lists matching names in the current dir.
  if (path !== null && /[*?]/.test(path.value) && !/[\\/]/.test(path.value)) {
    filter ??= path.value;
    path = null;
  }
  const removal = powershellUnwrap({ ...cmd, pipeline: null });
  if (removal?.kind !== 'argv') return null;
  const rmFlags = removal.argv.slice(1).filter((w) => w.value === '-r' || w.value === '-f');
  const argv = [
    word('find'),
    path ?? word('.'),
    ...(recurse ? [] : [word('-maxdepth'), word('1')]),
    ...(filter !== null ? [word('-name'), word(filter)] : []),
    word('-exec'),
    word('rm'),
    ...rmFlags,
    word('{}'),
    word('+'),
  ];
  return { kind: 'argv', wrapper: wrapperOf(name, cmd.argv.slice(0, 1)), argv, assignments: [] };
}

/**
 * `Get-Process | Stop-Process [-Force]`: with no name or filter, every process the user may stop
 * (`kill -9 -1`); `Get-Process NAME | Stop-Process` is `pkill NAME`. Null for any other shape.
 */
export function pipedStopProcess(commands: readonly SimpleCommand[], cmd: SimpleCommand): Unwrapped | null {
  const pipe = cmd.pipeline;
  const name = cmd.program === null ? null : (ALIASES[cmd.program] ?? cmd.program);
  if (name !== 'stop-process' || !pipe || pipe.index !== 1 || pipe.id === undefined) return null;
  if (cmd.argv.slice(1).some((w) => !/^-f(o(r(ce?)?)?)?$/i.test(w.value))) return null;
  const first = commands.find((c) => c.pipeline?.id === pipe.id && c.pipeline?.index === 0);
  if (!first || !/^(get-process|gps)$/.test(first.program ?? '')) return null;
  const names = first.argv.slice(1);
  if (names.some((w) => w.dynamic.length > 0 || w.value.startsWith('-'))) return null;
  const argv =
    names.length === 0 ? [word('kill'), word('-9'), word('-1')] : [word('pkill'), word('--'), ...names];
  return { kind: 'argv', wrapper: wrapperOf('stop-process', cmd.argv.slice(0, 1)), argv, assignments: [] };
}
