/**
 * Reading an argv the way its program does, with the option table: subcommands (aliases
 * resolved), options (clusters split, values attached or separate, names resolved to one spec)
 * and operands in order. Returns null whenever the table cannot prove the reading: an option it
 * does not list, a word only known at run time where an option could be, an option after an
 * operand for a program that does not permute on every platform.
 */
import type { Word } from '../types.js';
import type { CommandOptions, OptionSpec } from './spec.js';
import { programName } from '../shell/buildCommand.js';
import { OPTION_TABLE } from './table.js';

export interface ParsedOption {
  spec: OptionSpec;
  value: Word | null;
  /** Written before the subcommand (a global option of a program that does not inherit them). */
  global: boolean;
}

export interface ParsedCommand {
  /** The program word as written. */
  program: Word;
  /** The subcommand path, aliases resolved (`npm i` → ['install']). */
  sub: string[];
  /** The words the subcommand path was written with. */
  subWords: Word[];
  options: ParsedOption[];
  operands: Word[];
  /** An end-of-options `--` was written. */
  dashDash: boolean;
  /** How many operands came before it (-1 when there was none). */
  dashAt: number;
  /** The (sub)command's table entry. */
  spec: CommandOptions;
}

function byName(spec: CommandOptions, inherited: readonly OptionSpec[]): Map<string, OptionSpec> {
  const map = new Map<string, OptionSpec>();
  for (const o of [...inherited, ...spec.options]) for (const n of o.names) map.set(n, o);
  return map;
}

const cache = new WeakMap<CommandOptions, Map<string, OptionSpec>>();

function namesOf(spec: CommandOptions, inherited: readonly OptionSpec[]): Map<string, OptionSpec> {
  if (inherited.length > 0) return byName(spec, inherited);
  let m = cache.get(spec);
  if (!m) cache.set(spec, (m = byName(spec, [])));
  return m;
}

function synthetic(value: string): Word {
  return { raw: value, value, dynamic: [], quoted: false };
}

/**
 * `tar czf out.tgz dir` as `tar -c -z -f out.tgz dir`: only when every letter is a known short
 * option, and none takes an optional value (whose reading would be ambiguous).
 */
function expandOldStyle(argv: readonly Word[], names: ReadonlyMap<string, OptionSpec>): readonly Word[] {
  const first = argv[1];
  if (!first || first.dynamic.length > 0 || !/^[A-Za-z]+$/.test(first.value)) return argv;
  const out: Word[] = [argv[0] as Word];
  let next = 2;
  for (const letter of first.value) {
    const spec = names.get(`-${letter}`);
    if (!spec || spec.arity === 'optional') return argv;
    out.push(synthetic(`-${letter}`));
    if (spec.arity === 'value') {
      const value = argv[next++];
      if (!value) return argv;
      out.push(value);
    }
  }
  return [...out, ...argv.slice(next)];
}

/** The table's reading of `argv`, or null when it proves nothing. */
/** The subcommand a word selects under `spec` (aliases resolved, possibly a path), or null. */
function subcommandOf(
  spec: CommandOptions,
  word: string,
): { path: string[]; spec: CommandOptions; parents: CommandOptions[] } | null {
  const alias = spec.aliases?.[word];
  const path = alias === undefined ? [word] : typeof alias === 'string' ? [alias] : [...alias];
  const parents: CommandOptions[] = [];
  let at: CommandOptions | undefined = spec;
  for (const name of path) {
    if (!at) return null;
    parents.push(at);
    at = at.subcommands?.[name];
  }
  return at ? { path, spec: at, parents } : null;
}

/**
 * A flag, or the options it is shorthand for (`-D` → `--delete --force`, `--oneline` →
 * `--pretty=oneline --abbrev-commit`); false if one is not listed or does not take what it is given.
 */
function pushFlag(out: ParsedCommand, o: OptionSpec, names: ReadonlyMap<string, OptionSpec>): boolean {
  if (!o.expands) {
    out.options.push({ spec: o, value: null, global: false });
    return true;
  }
  for (const written of o.expands) {
    const eq = written.indexOf('=');
    const target = names.get(eq < 0 ? written : written.slice(0, eq));
    const arity = target?.arity ?? 'flag';
    if (!target || eq < 0 !== (arity === 'flag')) return false;
    out.options.push({
      spec: target,
      value: eq < 0 ? null : synthetic(written.slice(eq + 1)),
      global: false,
    });
  }
  return true;
}

/** The table's reading of `argv`, or null when it proves nothing. */
export function parseCommand(written: readonly Word[]): ParsedCommand | null {
  const program = written[0];
  if (!program || program.dynamic.length > 0) return null;
  const root = OPTION_TABLE[programName(program.value.slice(program.value.lastIndexOf('/') + 1))];
  if (!root) return null;
  const argv = root.oldStyle ? expandOldStyle(written, namesOf(root, [])) : written;
  let spec: CommandOptions = root;
  const out: ParsedCommand = {
    program,
    sub: [],
    subWords: [],
    options: [],
    operands: [],
    dashDash: false,
    dashAt: -1,
    spec: root,
  };
  let inherited: OptionSpec[] = [];
  let names = namesOf(spec, inherited);
  let ended = false;
  let seenOperand = false;
  // A word known only at run time may expand to options (a file named `-rf`): no option may move
  // across it, so none may follow it.
  let seenDynamic = false;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    if (ended) {
      out.operands.push(w);
      continue;
    }
    if (w.dynamic.length > 0) {
      if (!seenOperand && spec.subcommands) return null;
      seenDynamic = true;
      seenOperand = true;
      out.operands.push(w);
      continue;
    }
    const v = w.value;
    if (v === '--') {
      ended = true;
      out.dashDash = true;
      out.dashAt = out.operands.length;
      continue;
    }
    if (v === '-' || !v.startsWith('-')) {
      if (!seenOperand && spec.subcommands) {
        const next = subcommandOf(spec, v);
        if (!next) return null;
        for (const parent of next.parents) {
          inherited = next.spec.inherit ? [...inherited, ...parent.options] : [];
        }
        // Options written so far belong to the parent: global unless the subcommand reads them too.
        if (!next.spec.inherit) for (const o of out.options) o.global = true;
        spec = next.spec;
        names = namesOf(spec, inherited);
        out.sub.push(...next.path);
        out.subWords.push(w);
        continue;
      }
      seenOperand = true;
      out.operands.push(w);
      if (spec.operandEnds) ended = true;
      continue;
    }
    if (seenDynamic || (seenOperand && !spec.permute)) return null;
    if (spec.singleDash) {
      // `-run X`, `-run=X`, `--run X`: one option per word, named with one dash.
      const bare = v.replace(/^--?/, '');
      const eq = bare.indexOf('=');
      const o = names.get(`-${eq < 0 ? bare : bare.slice(0, eq)}`);
      if (!o) return null;
      if ((o.arity ?? 'flag') === 'flag') {
        if (eq >= 0 || !pushFlag(out, o, names)) return null;
      } else if (eq >= 0) out.options.push({ spec: o, value: synthetic(bare.slice(eq + 1)), global: false });
      else {
        const next = argv[++i];
        if (!next) return null;
        out.options.push({ spec: o, value: next, global: false });
      }
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      const o = names.get(name);
      if (!o) return null;
      const arity = o.arity ?? 'flag';
      if (arity === 'flag') {
        if (eq >= 0) return null;
        if (!pushFlag(out, o, names)) return null;
      } else if (eq >= 0) out.options.push({ spec: o, value: synthetic(v.slice(eq + 1)), global: false });
      else if (arity === 'optional') out.options.push({ spec: o, value: null, global: false });
      else {
        const next = argv[++i];
        if (!next) return null;
        out.options.push({ spec: o, value: next, global: false });
      }
      continue;
    }
    if (/^-\d+$/.test(v) && spec.numberOption) {
      const o = names.get(spec.numberOption);
      if (!o) return null;
      out.options.push({ spec: o, value: synthetic(v.slice(1)), global: false });
      continue;
    }
    for (let k = 1; k < v.length; k++) {
      const o = names.get(`-${v.charAt(k)}`);
      if (!o) return null;
      const arity = o.arity ?? 'flag';
      if (arity === 'flag') {
        if (!pushFlag(out, o, names)) return null;
        continue;
      }
      const rest = v.slice(k + 1);
      if (rest !== '') out.options.push({ spec: o, value: synthetic(rest), global: false });
      else if (arity === 'optional') out.options.push({ spec: o, value: null, global: false });
      else {
        const next = argv[++i];
        if (!next) return null;
        out.options.push({ spec: o, value: next, global: false });
      }
      break;
    }
  }
  if (argv.length === 1 + out.subWords.length && spec.bare !== undefined) {
    const next = subcommandOf(spec, spec.bare);
    if (!next) return null;
    out.sub.push(...next.path);
    spec = next.spec;
  }
  out.spec = spec;
  return out;
}
