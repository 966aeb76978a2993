/**
 * Arguments only known when the command runs. `git branch $(cat f)` is `git branch -D main` when
 * the file says so, `git $op` is any git command, `kubectl $verb pod x` any kubectl verb: the text
 * does not show what the command does (RISK-TIERS: a command name or target that cannot be known
 * before it runs is at least high). Two questions, both answered from the rule table itself:
 *
 * - **A subcommand only known at run time.** For a program whose rules tell its subcommands apart
 *   (`sub`), the action is the subcommand; unknown, the action is.
 * - **Options an argument can carry.** A word that expands at run time can expand to options
 *   (`-D`, `--hard`, `--force`): each rule of the program at high or above that a flag turns on is
 *   tried on the command with the word read as that flag. If one then matches, the command is
 *   judged by it ("if `$b` expands to `-D`: deletes a branch …").
 *
 * What is not unknown: a variable the same line set to a static value (read with its value by the
 * second reading, shell/knownVariables.ts), a loop variable over static words or file globs, the
 * variables of the agent's own environment (`$HOME`, `$PWD`, `$TMPDIR`, …) that the path classes
 * already judge, numbers (`$?`, `$$`, `$((…))`), and a substitution whose commands only print a
 * name, number or path that cannot start with `-` (`$(git branch --show-current)`, `$(date +%F)`,
 * `$(pwd)`, `$(lsof -t -i:3000)`). A substitution reading a file or any other output is unknown.
 */
import type { SimpleCommand, Word } from '../types.js';
import type { CommandView, Flag } from './commandView.js';
import type { FlagGroup, Match, RiskRule } from './rule.js';
import { tierRank } from '../../../protocol/tiers.js';

/** Variables of the agent's environment that the path classes judge, and shell numbers. */
const ENVIRONMENT = new Set([
  'HOME',
  'PWD',
  'OLDPWD',
  'TMPDIR',
  'TMP',
  'TEMP',
  'RUNNER_TEMP',
  'USER',
  'LOGNAME',
  'SHELL',
  'HOSTNAME',
  'LANG',
  'TERM',
  'UID',
  'EUID',
  'PPID',
  'RANDOM',
  'SECONDS',
  'LINENO',
  'BASHPID',
]);

/** A value that is a number the shell gives: a process id (`$!`, `$$`), a status, a counter. */
const NUMBER = /^"?\$(\{)?([!$?#]|PPID|BASHPID|RANDOM|SECONDS|LINENO)\}?"?$/;

/** An array of plain words: `files=(README.md docs/setup.md)`. */
const STATIC_ARRAY = /^\([^$`"'\\]*\)$/s;

/** `$X` / `${X…}` references in a word as written (outside single quotes). */
const REFERENCE = /\$(?:\{(!)?)?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/g;

/**
 * Programs whose output, as used in a substitution, is a name, number or path that cannot begin
 * with `-`: (program, first argument or null for any).
 */
const QUIET_OUTPUT: ReadonlyArray<[string, RegExp | null]> = [
  ['git', /^(rev-parse|symbolic-ref|describe|merge-base|hash-object|write-tree|rev-list)$/],
  ['date', null],
  ['pwd', null],
  ['whoami', null],
  ['id', null],
  ['hostname', null],
  ['uname', null],
  ['nproc', null],
  ['mktemp', null],
  ['lsof', null],
  ['pgrep', null],
  ['pidof', null],
  ['getconf', null],
  ['realpath', null],
  ['tty', null],
];

function quietOutput(cmd: SimpleCommand): boolean {
  const program = cmd.program;
  if (program === null || cmd.redirects.some((r) => r.op === '<' || r.op.startsWith('<<'))) return false;
  if (program === 'git' && cmd.argv[1]?.value === 'branch')
    return cmd.argv.slice(2).every((w) => w.value === '--show-current');
  const entry = QUIET_OUTPUT.find(([p]) => p === program);
  if (!entry) return false;
  const [, first] = entry;
  return first === null || first.test(cmd.argv[1]?.value ?? '');
}

type Binding = 'known' | 'substitution' | 'unknown';

/**
 * Loop variables bound by `for NAME in WORDS` earlier in the input: known over static words, file
 * globs or variables the line set (`"${files[@]}"`); a substitution's kind over its output
 * (`$(git diff --name-only)`); unknown otherwise.
 */
function loopVariables(all: readonly SimpleCommand[], upTo: number): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (let i = 0; i < upTo && i < all.length; i++) {
    const c = all[i] as SimpleCommand;
    if ((c.program !== 'for' && c.program !== 'select') || c.argv.length < 2) continue;
    const name = (c.argv[1] as Word).value;
    const words = c.argv[2]?.value === 'in' ? c.argv.slice(3) : [];
    let binding: Binding = 'known';
    for (const w of words) {
      if (w.dynamic.every((d) => d === 'glob' || d === 'brace' || d === 'tilde')) continue;
      const parts = unknownParts(w, c, all, i);
      if (!parts) continue;
      if (parts.variable) binding = 'unknown';
      else if (binding === 'known') binding = 'substitution';
    }
    out.set(name, binding);
  }
  return out;
}

/** Variables the line assigns before `upTo`, with a static value or not. */
function assignedStatically(all: readonly SimpleCommand[], upTo: number): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (let i = 0; i < upTo && i < all.length; i++) {
    const c = all[i] as SimpleCommand;
    if (c.argv.length === 0)
      for (const a of c.assignments)
        out.set(
          a.name,
          a.value.dynamic.length === 0 || NUMBER.test(a.value.raw) || STATIC_ARRAY.test(a.value.raw),
        );
    else if (
      c.program === 'export' ||
      c.program === 'declare' ||
      c.program === 'local' ||
      c.program === 'readonly'
    )
      for (const w of c.argv.slice(1)) {
        const m = /^([A-Za-z_]\w*)=/.exec(w.value);
        if (m) out.set(m[1] as string, w.dynamic.length === 0);
      }
  }
  return out;
}

export interface Unknowns {
  /** Some variable in it is not known here. */
  variable: boolean;
  /** Some substitution in it prints what the text does not show. */
  substitution: boolean;
}

/** Programs whose operands are not files they open: a path in them is text, not a read. */
const NOT_FILE_OPERANDS = new Set([
  ':',
  'echo',
  'printf',
  'true',
  'false',
  'test',
  '[',
  '[[',
  'export',
  'declare',
  'typeset',
  'local',
  'readonly',
  'set',
  'unset',
  'shift',
  'exit',
  'return',
  'sleep',
  'seq',
  'expr',
  'let',
  'cd',
  'pushd',
  'basename',
  'dirname',
  'mkdir',
  'which',
  'type',
  'command',
  'date',
]);

/** Whether a path a variable holds could matter to this program's rules (not just be printed). */
export function takesPathOperands(program: string): boolean {
  return !NOT_FILE_OPERANDS.has(program);
}

/** Whether a word holds a part that cannot be known before it runs, and which. */
export function unknownParts(
  w: Word,
  cmd: SimpleCommand,
  all: readonly SimpleCommand[],
  index: number,
): Unknowns | null {
  if (w.known !== undefined || w.knownFields !== undefined) return null;
  const kinds = w.dynamic;
  let variable = false;
  let substitution = false;
  if (kinds.includes('parameter')) {
    const assigned = assignedStatically(all, index);
    const loops = loopVariables(all, index);
    const raw = w.raw.replace(/'[^']*'/g, '');
    let references = 0;
    for (const m of raw.matchAll(REFERENCE)) {
      references++;
      const name = m[2] as string;
      // `${!x}` names another variable: whatever x holds, its value is not known here.
      if (m[1] === '!') {
        variable = true;
        continue;
      }
      if (/^[?$!#]$/.test(name) || ENVIRONMENT.has(name)) continue;
      const loop = loops.get(name);
      if (loop === 'known') continue;
      if (loop === 'substitution') {
        substitution = true;
        continue;
      }
      if (loop === undefined && assigned.get(name) === true) continue;
      variable = true;
    }
    // A `$` reference the pattern does not read is unknown, never known. (Words the analysis
    // builds for input it cannot see, such as xargs's, hold no `$`: their rules judge them.)
    if (references === 0 && raw.includes('$')) variable = true;
  }
  if (kinds.includes('command-substitution')) {
    // The substitution's commands sit inside this command's span, marked as substitutions.
    const inner = all.filter(
      (c) =>
        c !== cmd &&
        c.placement.includes('command-substitution') &&
        c.span.start >= cmd.span.start &&
        c.span.end <= cmd.span.end,
    );
    if (inner.length === 0 || !inner.every(quietOutput)) substitution = true;
  }
  return variable || substitution ? { variable, substitution } : null;
}

/**
 * Whether the value can hold options: a word its expansion starts (`$b`, `"$b"`), or one that is
 * split at blanks (`HEAD:$b` unquoted is `HEAD:x --force` when b holds `x --force`). A word in
 * double quotes with text before the expansion (`"HEAD:$b"`) is one word that is not an option.
 */
function canStartOptions(w: Word): boolean {
  const quotedWhole = /^"[\s\S]*"$/.test(w.raw);
  return !quotedWhole || /^"(\$|`)/.test(w.raw);
}

/** Flag groups a match (and its alternatives) requires: the options that turn the rule on. */
function flagGroups(m: Match, out: FlagGroup[][] = []): FlagGroup[][] {
  const groups: FlagGroup[] = [];
  if (m.anyFlag) groups.push(m.anyFlag);
  if (m.flags) groups.push(...m.flags);
  if (groups.length > 0) out.push(groups);
  for (const alt of m.anyOf ?? []) flagGroups(alt, out);
  return out;
}

/** Per operand position, the subcommand words a match (and its alternatives) names there. */
function subWords(m: Match, out: Map<number, Set<string>> = new Map()): Map<number, Set<string>> {
  m.sub?.forEach((alt, k) => {
    if (!Array.isArray(alt)) return;
    let set = out.get(k);
    if (!set) out.set(k, (set = new Set()));
    for (const v of alt as readonly string[]) set.add(v);
  });
  for (const a of m.anyOf ?? []) subWords(a, out);
  return out;
}

interface Triggers {
  flags: FlagGroup[][];
  subs: Map<number, Set<string>>;
}

/**
 * Paths a variable could hold, each standing for a class the rules raise on: a private key, the
 * home directory, the root, a start-up file, a system file.
 */
const PATH_PROBES = ['~/.ssh/id_rsa', '~', '/', '~/.bashrc', '/etc/passwd'];

const triggers = new WeakMap<RiskRule, Triggers>();

function triggersOf(rule: RiskRule): Triggers {
  let t = triggers.get(rule);
  if (!t) triggers.set(rule, (t = { flags: flagGroups(rule.match), subs: subWords(rule.match) }));
  return t;
}

/**
 * The command with `word` read as the given options: the flags added, the word no longer an
 * operand. Options after `--` are operands, so a word there carries none.
 */
export function withOptions(view: CommandView, word: Word, options: readonly string[]): CommandView | null {
  if (view.afterDashDash.includes(word)) return null;
  const added: Flag[] = options.map((name) => ({ name, value: null }));
  return {
    ...view,
    flags: [...view.flags, ...added],
    operands: view.operands.filter((o) => o !== word),
    subcommands: view.subcommands,
  };
}

/** The command with `word` read as the subcommand word `value` (`git stash $op` as `git stash drop`). */
function withOperand(view: CommandView, word: Word, value: string): CommandView {
  const stand: Word = { raw: value, value, dynamic: [], quoted: false };
  return { ...view, operands: view.operands.map((o) => (o === word ? stand : o)) };
}

/**
 * Rules at high or above that the value of `word` could turn on for this command: as options it
 * carries (`-D`, `--hard`), or as the subcommand word in its position (`drop`, `delete`). Each
 * with the words that would do it, for the reason shown.
 */
export function rulesValueTurnsOn(
  view: CommandView,
  word: Word,
  rules: readonly RiskRule[],
  holds: (rule: RiskRule, variant: CommandView) => boolean,
  pathProbes = false,
): Array<{ rule: RiskRule; words: readonly string[] }> {
  const out: Array<{ rule: RiskRule; words: readonly string[] }> = [];
  const position = view.operands.indexOf(word);
  if (!canStartOptions(word)) return out;
  const asWord = /^(\$|`)/.test(word.value) || /^"(\$|`)/.test(word.raw);
  const asPath = asWord && pathProbes;
  for (const rule of rules) {
    if (tierRank(rule.tier) < tierRank('high')) continue;
    const t = triggersOf(rule);
    let found: readonly string[] | null = null;
    for (const groups of t.flags) {
      const options = groups.map((g) => g[0] as string);
      const variant = withOptions(view, word, options);
      if (variant && holds(rule, variant)) {
        found = options;
        break;
      }
    }
    if (!found && asWord && !view.afterDashDash.includes(word))
      for (const value of t.subs.get(position) ?? []) {
        if (holds(rule, withOperand(view, word, value))) {
          found = [value];
          break;
        }
      }
    if (!found && asPath)
      for (const value of PATH_PROBES) {
        if (holds(rule, withOperand(view, word, value))) {
          found = [value];
          break;
        }
      }
    if (found) out.push({ rule, words: found });
  }
  return out;
}
