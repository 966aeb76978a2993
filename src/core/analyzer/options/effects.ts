/**
 * What a command's options do beyond reading, from the option table: the files they write
 * (`sort -o F`, `git diff --output=F`, `curl -o F`, `find -fprint F`) and the programs they run
 * (`rg --pre P`, `git rebase -x C`). Read tolerantly: an option the table does not list does not
 * hide a listed one after it.
 */
import type { Word } from '../types.js';
import { programName } from '../shell/buildCommand.js';
import type { CommandOptions, OptionSpec } from './spec.js';
import { OPTION_TABLE } from './table.js';

export interface OptionEffects {
  writes: Word[];
  runs: Word[];
}

const NONE: OptionEffects = { writes: [], runs: [] };

/** find's own predicates that write a file or run a program (-exec runs are unwrapped elsewhere). */
const FIND_WRITES = new Set(['-fprint', '-fprint0', '-fprintf', '-fls']);

/** The options with an effect in a program's table, its subcommands' included, once per name. */
function effectful(spec: CommandOptions, out: OptionSpec[] = []): OptionSpec[] {
  for (const o of spec.options)
    if (o.effect && !out.some((x) => x.names.some((n) => o.names.includes(n)))) out.push(o);
  for (const sub of Object.values(spec.subcommands ?? {})) effectful(sub, out);
  return out;
}

const cache = new WeakMap<CommandOptions, OptionSpec[]>();

/** In-place editors: their script options, and the option (alone or in a cluster) that edits in place. */
const IN_PLACE: Readonly<Record<string, { script: readonly string[]; value: readonly string[] }>> = {
  sed: { script: ['-e', '--expression', '-f', '--file'], value: ['-l', '--line-length'] },
  perl: { script: ['-e', '-E'], value: ['-M', '-I', '-m', '-x'] },
  ruby: { script: ['-e'], value: ['-I', '-r'] },
};

/**
 * `sed -i`, `perl -pi -e`, `ruby -i`: every file operand is rewritten (the script is the first
 * operand unless an option gave it). Both GNU (`-i`, `-i.bak`) and BSD (`-i ''`) spellings: a
 * separate suffix word is counted as written too, which only ever adds a file.
 */
function inPlaceWrites(name: string, argv: readonly Word[]): Word[] | null {
  const editor = IN_PLACE[name];
  if (!editor) return null;
  let inPlace = false;
  let scriptGiven = false;
  const operands: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const v = (argv[i] as Word).value;
    if (v === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (v.startsWith('--')) {
      if (v === '--in-place' || v.startsWith('--in-place=')) inPlace = true;
      const n = v.split('=', 1)[0] as string;
      if (editor.script.includes(n)) scriptGiven = true;
      if ((editor.script.includes(n) || editor.value.includes(n)) && !v.includes('=')) i++;
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      // A cluster (`-pi`, `-i.bak`, `-ne`): -i takes the rest as its suffix; a script option its value.
      for (let j = 1; j < v.length; j++) {
        const f = `-${v.charAt(j)}`;
        if (f === '-i') {
          inPlace = true;
          break;
        }
        if (editor.script.includes(f) || editor.value.includes(f)) {
          if (editor.script.includes(f)) scriptGiven = true;
          if (j === v.length - 1) i++;
          break;
        }
      }
      continue;
    }
    operands.push(argv[i] as Word);
  }
  if (!inPlace) return null;
  return scriptGiven ? operands : operands.slice(1);
}

const AWK_VALUE = new Set(['-v', '--assign', '-F', '--field-separator', '-i', '--include', '-l', '--load']);
const AWK_SCRIPT = new Set(['-f', '--file', '-e', '--source']);

/**
 * gawk's in-place extension (`awk -i inplace '…' f`, `--include=inplace`): every file operand
 * is rewritten, the program text being the first operand unless `-f`/`-e` gave it.
 */
function awkInPlaceWrites(argv: readonly Word[]): Word[] | null {
  let inPlace = false;
  let scriptGiven = false;
  const operands: Word[] = [];
  const isInplace = (v: string | undefined) => v === 'inplace' || v === 'inplace.awk';
  for (let i = 1; i < argv.length; i++) {
    const v = (argv[i] as Word).value;
    if (v === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!v.startsWith('-') || v === '-') {
      operands.push(argv[i] as Word);
      continue;
    }
    const eq = v.indexOf('=');
    const name = v.startsWith('--') ? (eq < 0 ? v : v.slice(0, eq)) : v.slice(0, 2);
    const attached = v.startsWith('--')
      ? eq < 0
        ? undefined
        : v.slice(eq + 1)
      : v.length > 2
        ? v.slice(2)
        : undefined;
    if (!AWK_VALUE.has(name) && !AWK_SCRIPT.has(name)) continue;
    const value = attached ?? argv[++i]?.value;
    if ((name === '-i' || name === '--include') && isInplace(value)) inPlace = true;
    if (AWK_SCRIPT.has(name)) scriptGiven = true;
  }
  if (!inPlace) return null;
  return scriptGiven ? operands : operands.slice(1);
}

export function optionEffects(argv: readonly Word[]): OptionEffects {
  const program = argv[0];
  if (!program) return NONE;
  const name = programName(program.value.slice(program.value.lastIndexOf('/') + 1));
  if (name === 'find') {
    const writes: Word[] = [];
    argv.forEach((w, i) => {
      const next = argv[i + 1];
      if (FIND_WRITES.has(w.value) && next) writes.push(next);
    });
    return writes.length > 0 ? { writes, runs: [] } : NONE;
  }
  const inPlace = name === 'awk' || name === 'gawk' ? awkInPlaceWrites(argv) : inPlaceWrites(name, argv);
  if (inPlace) return { writes: inPlace, runs: [] };
  const spec = OPTION_TABLE[name];
  if (!spec) return NONE;
  let options = cache.get(spec);
  if (!options) cache.set(spec, (options = effectful(spec)));
  if (options.length === 0) return NONE;
  const out: OptionEffects = { writes: [], runs: [] };
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    if (w.value === '--') break;
    for (const o of options) {
      const list = o.effect === 'writes' ? out.writes : out.runs;
      for (const n of o.names) {
        const takes = (o.arity ?? 'flag') !== 'flag';
        if (w.value === n) {
          const next = argv[i + 1];
          if (takes && next) list.push(next);
          else if (!takes) list.push(w);
        } else if (takes && n.startsWith('--') && w.value.startsWith(`${n}=`))
          list.push({ ...w, value: w.value.slice(n.length + 1) });
        else if (takes && !n.startsWith('--') && w.value.startsWith(n) && !w.value.startsWith('--'))
          list.push({ ...w, value: w.value.slice(n.length) });
      }
    }
  }
  return out;
}
