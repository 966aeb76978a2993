/**
 * One simple command seen the way rules need it: flags (clusters split, `--x=v` split, values
 * attached per the program's syntax), operands, the text it reads on stdin, and whether it is a
 * dry run or a help request. Built from the parsed SimpleCommand, never from command text.
 */
import { linksOf } from './symlinks.js';
import type { SimpleCommand, Word } from '../types.js';
import { commandText } from '../shell/commandText.js';
import { HELP_FLAGS, PROGRAMS } from './programs.js';
import { pipeInput } from '../shell/pipeText.js';
import { optionEffects } from '../options/effects.js';
import { tableSplit } from './tableView.js';

export interface Flag {
  /** `-r`, `--recursive`, `-name` (single-dash long programs). */
  name: string;
  value: Word | null;
}

export interface CommandView {
  index: number;
  cmd: SimpleCommand;
  program: string | null;
  flags: Flag[];
  operands: Word[];
  /** The operands after an end-of-options `--` (a suffix of `operands`). */
  afterDashDash: Word[];
  /**
   * The leading operands that look like command words (at most 4, stopping at the first that does
   * not: a path, a URL, a value): where a CLI takes its subcommands (`r2 bucket delete`).
   */
  subcommands: Word[];
  /** Files the command's options write (`sort -o F`, `find -fprint F`: options/effects.ts). */
  writes: Word[];
  /** Values of options that run a program (`rg --pre P`). */
  runs: Word[];
  /** Text fed to stdin: heredoc body, here-string, or literal words of an upstream echo/printf. */
  stdin: string | null;
  /**
   * The directory an earlier literal `cd`/`pushd` of the same input moved to (`cd ~/.ssh && cat
   * id_rsa`), joined when relative; null when there is none. Relative paths are classified as
   * written and, for the classes that raise a tier, as resolved against it (match.ts).
   */
  cwd: string | null;
  /**
   * An earlier command of the same input sets or unsets a temp-directory variable (`TMPDIR=/srv;
   * rm -rf $TMPDIR/x`): `$TMPDIR/x` no longer names the temp directory the agent's environment has.
   */
  tempRedefined: boolean;
  /** Symbolic links earlier commands of the input made (`ln -s ~ build`): name → target (symlinks.ts). */
  links: ReadonlyMap<string, string> | null;
  /** Help/version request or dry run of a known program: program rules are waived. */
  inert: 'help' | 'dry-run' | null;
  /** The command as display text, wrappers and redirects included (computed on demand). */
  display: () => string;
}

function word(value: string, raw = value): Word {
  return { raw, value, dynamic: [], quoted: false };
}

const NO_VALUE_FLAGS: ReadonlySet<string> = new Set();
/** find's actions that run a program: their words run up to `;` or `+`. */
const FIND_EXEC: ReadonlySet<string> = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const valueFlagSets = new Map<string, ReadonlySet<string>>();

/** The program's options that take a value, as a Set built once per program. */
function valueFlagsOf(program: string | null): ReadonlySet<string> {
  const list = program ? PROGRAMS[program]?.valueFlags : undefined;
  if (!program || !list) return NO_VALUE_FLAGS;
  let set = valueFlagSets.get(program);
  if (!set) valueFlagSets.set(program, (set = new Set(list)));
  return set;
}

function splitArgs(
  program: string | null,
  args: Word[],
): { flags: Flag[]; operands: Word[]; dashAt: number } {
  const syntax = program ? PROGRAMS[program] : undefined;
  const valueFlags = valueFlagsOf(program);
  const flags: Flag[] = [];
  const operands: Word[] = [];
  let i = 0;
  let optionsEnded = false;
  let dashAt = -1;
  while (i < args.length) {
    const w = args[i] as Word;
    const v = w.value;
    i++;
    if (optionsEnded || v === '-' || !v.startsWith('-') || (w.dynamic.length > 0 && !/^-[\w-]/.test(v))) {
      operands.push(w);
      continue;
    }
    if (v === '--') {
      flags.push({ name: '--', value: null });
      optionsEnded = true;
      dashAt = operands.length;
      continue;
    }
    const takeNext = (): Word | null => {
      const next = args[i];
      if (next === undefined) return null;
      i++;
      return next;
    };
    const eq = v.indexOf('=');
    if (v.startsWith('--') || syntax?.singleDashLong) {
      const name = syntax?.caselessFlags ? v.toLowerCase() : v;
      if (program === 'find' && FIND_EXEC.has(name)) {
        // Words up to `;` or `+` belong to the program -exec runs, not to find (`-exec echo -delete ;`).
        // Each word is kept as a value of the action (rules may look for the program it runs).
        const start = i;
        while (i < args.length && !/^[;+]$/.test((args[i] as Word).value)) i++;
        for (const w of args.slice(start, i)) flags.push({ name, value: w });
        if (i === start) flags.push({ name, value: null });
        i++;
        continue;
      }
      if (eq > 0) {
        flags.push({ name: name.slice(0, eq), value: word(v.slice(eq + 1)) });
      } else {
        flags.push({ name, value: valueFlags.has(name) ? takeNext() : null });
      }
      continue;
    }
    // A short cluster: -rf, -n5, -ofile, -9
    if (/^-\d+$/.test(v)) {
      flags.push({ name: v, value: null });
      continue;
    }
    for (let k = 1; k < v.length; k++) {
      const name = `-${v[k]}`;
      if (valueFlags.has(name)) {
        const rest = v.slice(k + 1);
        flags.push({ name, value: rest !== '' ? word(rest.replace(/^=/, '')) : takeNext() });
        break;
      }
      flags.push({ name, value: null });
    }
  }
  return { flags, operands, dashAt };
}

/**
 * Text fed to stdin: a heredoc or here-string, or what the pipeline computes upstream (literal
 * `echo`/`printf`/`cat <<EOF`, through decoders such as `base64 -d`: shell/pipeText.ts).
 */
function stdinText(cmd: SimpleCommand, all: SimpleCommand[], index: number): string | null {
  const parts: string[] = [];
  for (const r of cmd.redirects) {
    if (r.heredoc) parts.push(r.heredoc.body);
    else if (r.op === '<<<') parts.push(r.target.value);
  }
  if (parts.length === 0 && cmd.pipeline && cmd.pipeline.index > 0) {
    const piped = pipeInput(all, cmd, index);
    if (piped) parts.push(piped.text.replace(/\n$/, ''));
  }
  return parts.length > 0 ? parts.join('\n') : null;
}

function inertness(
  program: string | null,
  flags: Flag[],
  operands: Word[],
  sub: string | undefined,
): CommandView['inert'] {
  if (!program) return null;
  const syntax = PROGRAMS[program];
  const dry = syntax?.dryRun ?? [];
  for (const d of dry) {
    if (d.sub && (sub === undefined || !d.sub.includes(sub))) continue;
    for (const f of flags) {
      if (!d.flags.includes(f.name)) continue;
      const val = f.value?.value.toLowerCase();
      if (val === 'none' || val === 'false') continue;
      return 'dry-run';
    }
  }
  return null;
}

/**
 * A help request: `--help` (or the program's own help flags) before `--`, after nothing but
 * subcommand words for programs with subcommands, before any operand otherwise. `--version` only
 * asks for the version before the first operand: after a subcommand it is usually an option with
 * a value (`helm upgrade api chart --version 2`), which the program reads as such.
 */
function isHelp(program: string | null, args: Word[]): boolean {
  if (!program) return false;
  const subcommands = PROGRAMS[program]?.subcommands === true;
  const extra = PROGRAMS[program]?.helpFlags ?? [];
  let operands = 0;
  for (const w of args) {
    const version = w.value === '--version' || /^-+version$/.test(w.value);
    if (version && operands === 0) return true;
    if (!version && ((HELP_FLAGS as readonly string[]).includes(w.value) || extra.includes(w.value)))
      return true;
    if (w.value === '--') return false;
    if (w.value.startsWith('-')) continue;
    operands++;
    if (!subcommands || w.dynamic.length > 0 || !/^[a-z][a-z0-9-]*$/.test(w.value)) return false;
  }
  return false;
}

const COMMAND_WORD = /^[A-Za-z][\w.:-]*$/;

/**
 * The leading command-like operands. A word that is not command-like right after an option is
 * taken for that option's value and skipped (`jenkins-cli -s http://ci/ delete-job x`): the
 * program's syntax is not known, and stopping there would hide the subcommand.
 */
function subcommandWords(operands: readonly Word[], args: readonly Word[]): Word[] {
  const out: Word[] = [];
  for (const w of operands) {
    if (out.length >= 4 || w.dynamic.length > 0) break;
    if (!COMMAND_WORD.test(w.value)) {
      const before = args[args.indexOf(w) - 1];
      if (out.length === 0 && before !== undefined && /^-[\w-]+$/.test(before.value)) continue;
      break;
    }
    out.push(w);
  }
  return out;
}

/** Per input: the directory earlier literal `cd DIR` / `pushd DIR` commands leave each command in. */
const directories = new WeakMap<readonly SimpleCommand[], Array<string | null>>();

function directoriesOf(all: readonly SimpleCommand[]): Array<string | null> {
  let out = directories.get(all);
  if (out) return out;
  out = [];
  let dir: string | null = null;
  for (const c of all) {
    out.push(dir);
    if (c.program !== 'cd' && c.program !== 'pushd') continue;
    const target = c.argv.slice(1).find((w) => !w.value.startsWith('-') || w.value === '-');
    // `cd` alone goes home; `cd -` goes back to $OLDPWD, a directory only known at run time.
    const v = target === undefined ? '~' : target.value === '-' ? '$OLDPWD' : target.value;
    dir = dir === null || /^[/~$]/.test(v) ? v : `${dir.replace(/\/+$/, '')}/${v}`;
  }
  directories.set(all, out);
  return out;
}

const TEMP_NAME = /^(TMPDIR|TMP|TEMP|RUNNER_TEMP)(=|$)/;
const DECLARERS = new Set([
  'export',
  'declare',
  'typeset',
  'local',
  'readonly',
  'unset',
  'read',
  'readarray',
  'mapfile',
  'printf',
]);
const tempRedefinitions = new WeakMap<readonly SimpleCommand[], boolean[]>();

/** Per input: whether a temp-directory variable was (re)defined before each command. */
function tempRedefinedOf(all: readonly SimpleCommand[]): boolean[] {
  let out = tempRedefinitions.get(all);
  if (out) return out;
  out = [];
  let seen = false;
  for (const c of all) {
    out.push(seen);
    if (c.assignments.some((a) => TEMP_NAME.test(a.name))) seen = true;
    if (
      c.program !== null &&
      DECLARERS.has(c.program) &&
      c.argv.slice(1).some((w) => TEMP_NAME.test(w.value))
    )
      seen = true;
  }
  tempRedefinitions.set(all, out);
  return out;
}

export function viewCommand(cmd: SimpleCommand, all: SimpleCommand[], index: number): CommandView {
  let text: string | undefined;
  const args = cmd.argv.slice(1);
  const { flags, operands, dashAt } = tableSplit(cmd) ?? splitArgs(cmd.program, args);
  const help = isHelp(cmd.program, args);
  const effects = optionEffects(cmd.argv);
  return {
    index,
    cmd,
    program: cmd.program,
    flags,
    operands,
    afterDashDash: dashAt < 0 ? [] : operands.slice(dashAt),
    subcommands: subcommandWords(operands, args),
    writes: effects.writes,
    runs: effects.runs,
    stdin: stdinText(cmd, all, index),
    cwd: directoriesOf(all)[index] ?? null,
    links: linksOf(all)[index] ?? null,
    tempRedefined:
      (tempRedefinedOf(all)[index] ?? false) ||
      (cmd.wrappers.some((w) => w.text === true) && cmd.assignments.some((a) => TEMP_NAME.test(a.name))),
    inert: help ? 'help' : inertness(cmd.program, flags, operands, operands[0]?.value),
    display: () => (text ??= commandText(cmd)),
  };
}
