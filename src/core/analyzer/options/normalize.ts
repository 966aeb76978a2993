/**
 * The normal spelling of a command the option table can read (options/parse.ts): the program as
 * written, the subcommand path with aliases resolved, then each option once in its preferred name
 * with its value as the next word (sorted, except options that override one another, which keep
 * their order), then `--` only if an operand needs it, then the operands in their order.
 * `ls -al`, `ls -l -a`, `ls --all -l` and `ls -la --` all become `ls -a -l`.
 */
import type { Word } from '../types.js';
import { quoteWord } from '../shell/quote.js';
import { parseCommand, type ParsedCommand, type ParsedOption } from './parse.js';
import type { OptionSpec } from './spec.js';
import { KUBE_RESOURCES } from './tools.js';
import { programName } from '../shell/buildCommand.js';
import {
  diffFormat,
  diffRange,
  gitFormat,
  gitRevision,
  oneline,
  psqlOperands,
  runScriptTest,
  tagMessage,
  unrestricted,
} from './documented.js';
import { normalizeFind } from './find.js';

function word(value: string): Word {
  return { raw: value, value, dynamic: [], quoted: false, canonical: quoteWord(value) };
}

function key(o: ParsedOption): string {
  return o.spec.group ?? (o.spec.names[0] as string);
}

/** Each option in its preferred spelling: `-n 5`, `--color=auto` (an optional value stays attached). */
function spell(o: ParsedOption): Word[] {
  const name = o.spec.names[0] as string;
  if (!o.value) return [word(name)];
  if ((o.spec.arity ?? 'flag') === 'optional') {
    if (o.value.dynamic.length > 0) return [word(name), o.value];
    return [word(name.startsWith('--') ? `${name}=${o.value.value}` : `${name}${o.value.value}`)];
  }
  return [word(name), o.value];
}

/**
 * A flag repeated means the flag once; within a group of flags that override one another only a
 * direct repeat is dropped (`-1 -l -1` keeps all three: the last one wins).
 */
function ordered(options: readonly ParsedOption[]): ParsedOption[] {
  const seen = new Set<string>();
  const lastOfGroup = new Map<string, OptionSpec>();
  const unique = options.filter((o) => {
    if (o.value !== null || o.spec.counts) {
      if (o.spec.group) lastOfGroup.set(o.spec.group, o.spec);
      return true;
    }
    if (o.spec.group) {
      const repeat = lastOfGroup.get(o.spec.group) === o.spec;
      lastOfGroup.set(o.spec.group, o.spec);
      return !repeat;
    }
    const id = o.spec.names[0] as string;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  // Stable: options of one group (or one name) keep the order they were written in.
  return unique
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (key(a.o) < key(b.o) ? -1 : key(a.o) > key(b.o) ? 1 : a.i - b.i))
    .map((x) => x.o);
}

/** `kubectl get po/web` is `kubectl get pods/web`: resource types by their full plural name. */
function resourceType(parsed: ParsedCommand): void {
  const first = parsed.operands[0];
  const sub = parsed.sub[0] ?? '';
  if (!first || first.dynamic.length > 0 || !['get', 'describe', 'delete', 'logs'].includes(sub)) return;
  const slash = first.value.indexOf('/');
  // `kubectl logs NAME` names a pod; only `TYPE/NAME` names a type there.
  if (sub === 'logs' && slash < 0) return;
  const type = slash < 0 ? first.value : first.value.slice(0, slash);
  const full = KUBE_RESOURCES[type];
  if (full !== undefined) parsed.operands[0] = word(full + (slash < 0 ? '' : first.value.slice(slash)));
}

/**
 * `grep -e foo f` is `grep foo f`, `sed -e 's/a/b/' f` is `sed 's/a/b/' f`: one pattern or script
 * given by its option is the first operand, when nothing else gives one (no second -e, no -f) and
 * it cannot be read as an option (it does not start with `-`, or the normal form ends the options
 * before it) or not be there (it is not empty).
 */
function singleScript(parsed: ParsedCommand, name: string, other: string): void {
  const given = parsed.options.filter((o) => o.spec.names.includes(name) || o.spec.names.includes(other));
  const only = given[0];
  if (given.length !== 1 || !only || !only.spec.names.includes(name) || !only.value) return;
  const v = only.value;
  // A pattern starting with `-` becomes an operand only where the normal form then writes the `--`
  // that keeps it one (plainEnd: `grep -e -v f` is `grep -- -v f`).
  const dashed = v.value.startsWith('-') && parsed.spec.plainEnd !== true;
  if (v.dynamic.length > 0 || v.value === '' || dashed || parsed.dashAt >= 0) return;
  parsed.options = parsed.options.filter((o) => o !== only);
  parsed.operands.unshift(v);
}

/** `chmod 0644 f` is `chmod 644 f`: a four-digit octal mode whose first digit is 0. */
function octalMode(parsed: ParsedCommand): void {
  const mode = parsed.operands[0];
  if (mode && mode.dynamic.length === 0 && /^0[0-7]{3}$/.test(mode.value))
    parsed.operands[0] = word(mode.value.slice(1));
}

/** `ls -la .` is `ls -la`: with no operand ls lists the working directory. */
function listHere(parsed: ParsedCommand): void {
  const only = parsed.operands[0];
  if (parsed.operands.length === 1 && only && only.dynamic.length === 0 && /^\.\/?$/.test(only.value))
    parsed.operands = [];
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The normal argv, or null when the table does not prove the command's reading. */
export function normalizeArgv(argv: readonly Word[]): Word[] | null {
  const first = argv[0];
  if (first && first.dynamic.length === 0 && programName(basename(first.value)) === 'find')
    return normalizeFind(argv);
  const parsed = parseCommand(argv);
  if (!parsed) return null;
  const program = programName(basename(parsed.program.value));
  if (program === 'kubectl') resourceType(parsed);
  if (program === 'grep' || program === 'egrep' || program === 'fgrep') singleScript(parsed, '-e', '-f');
  if (program === 'sed') singleScript(parsed, '-e', '-f');
  if (program === 'chmod') octalMode(parsed);
  if (program === 'ls') listHere(parsed);
  if (program === 'npm' || program === 'pnpm' || program === 'yarn') runScriptTest(parsed);
  if (program === 'git') {
    diffRange(parsed);
    gitRevision(parsed);
    gitFormat(parsed);
    tagMessage(parsed);
    oneline(parsed);
  }
  if (program === 'rg') unrestricted(parsed);
  if (program === 'psql') psqlOperands(parsed);
  if (program === 'diff') diffFormat(parsed);
  const global = ordered(parsed.options.filter((o) => o.global));
  const local = ordered(parsed.options.filter((o) => !o.global));
  const before = parsed.dashAt < 0 ? parsed.operands : parsed.operands.slice(0, parsed.dashAt);
  const after = parsed.dashAt < 0 ? [] : parsed.operands.slice(parsed.dashAt);
  const head = [parsed.program, ...global.flatMap(spell), ...parsed.sub.map(word), ...local.flatMap(spell)];
  if (parsed.spec.plainEnd !== true) {
    // `--` means more than "options end" here: it stays where it was, between the same operands.
    return [...head, ...before, ...(parsed.dashDash ? [word('--'), ...after] : [])];
  }
  // `--` that only ends options is written where an operand needs it, and dropped elsewhere;
  // with a word known only at run time it stays as written (it decides whether that word's
  // expansion can be an option).
  const dynamic = parsed.operands.some((w) => w.dynamic.length > 0);
  const needsEnd = dynamic
    ? parsed.dashDash
    : parsed.operands.some((w) => w.value.startsWith('-') && w.value !== '-');
  return [...head, ...(needsEnd ? [word('--')] : []), ...parsed.operands];
}
