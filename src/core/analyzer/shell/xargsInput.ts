/**
 * xargs fed text the analysis can compute (`echo dist | xargs rm -rf`, `printf 'a\nb\n' | xargs
 * -I{} rm {}`): the items are literal, so the command is judged with them in place — `echo / |
 * xargs rm -rf` is `rm -rf /`, and `echo ok | xargs rm -- -rf` removes the files `-rf` and `ok`.
 * Only input that splits without doubt is used: xargs's own quote and backslash handling, an
 * end-of-file string, an argument file or more than a few dozen items leave the items unknown.
 */
import type { SimpleCommand, Word } from '../types.js';
import { scanOptions } from './options.js';
import { SHELLS, shellArgs } from './shellWrappers.js';
import { XARGS_OPTIONS, xargsReplaceString } from './toolWrappers.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

const MAX_ITEMS = 64;

function literal(value: string): Word {
  const canonical = /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
  return { raw: canonical, value, dynamic: [], quoted: canonical !== value, canonical };
}

function delimiterOf(spec: string): string | null {
  const escapes: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\0': '\0', '\\\\': '\\' };
  if (spec.length === 1) return spec;
  return escapes[spec] ?? null;
}

/** The items xargs reads from `text`, or null when they cannot be told for certain. */
function itemsOf(text: string, seen: ReadonlyMap<string, string | true>, byLine: boolean): string[] | null {
  if (seen.has('-0') || seen.has('--null')) return text.split('\0').filter((s) => s !== '');
  const delimiter = seen.get('-d') ?? seen.get('--delimiter');
  if (typeof delimiter === 'string') {
    const d = delimiterOf(delimiter);
    return d === null ? null : text.split(d).filter((s, i, all) => !(s === '' && i === all.length - 1));
  }
  // Default splitting honours quotes and backslashes in the input: not re-implemented here.
  if (/['"\\]/.test(text)) return null;
  if (byLine)
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  return text.split(/[ \t\n]+/).filter((s) => s !== '');
}

/**
 * A shell given `-c` as its last word takes its script from the first item: the text the writer
 * meant to run is each input line, returned here (null when the command is not that shape).
 */
function shellScriptFromItems(base: readonly Word[], input: string): string | null {
  const first = base[0];
  if (!first || first.dynamic.length > 0) return null;
  const name = first.value.slice(first.value.lastIndexOf('/') + 1);
  if (!SHELLS.has(name)) return null;
  const args = shellArgs({ argv: [...base] });
  if (args.dynamic || !args.command || args.index !== base.length) return null;
  return input
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** xargs with its items known, as the command(s) it runs; null to judge the items as unknown. */
export function xargsWithInput(cmd: SimpleCommand, input: string): Unwrapped | null {
  const scan = scanOptions(cmd.argv, 1, XARGS_OPTIONS);
  if (scan.dynamic) return null;
  const fromFile = ['-a', '--arg-file', '-E', '-e', '--eof'].some((o) => scan.seen.has(o));
  if (fromFile) return null;
  const replace = xargsReplaceString(scan.seen);
  const lines = replace !== undefined || ['-L', '-l', '--max-lines'].some((o) => scan.seen.has(o));
  const items = itemsOf(input, scan.seen, lines);
  if (items === null || items.length > MAX_ITEMS) return null;
  const echo = literal('echo');
  const rest = cmd.argv.slice(scan.index);
  const base = rest.length > 0 ? rest : [echo];
  const wrapper = wrapperOf('xargs', cmd.argv.slice(0, scan.index));
  if (replace === undefined) {
    const argv = [...base, ...items.map(literal)];
    const intended = shellScriptFromItems(base, input);
    if (intended === null) return { kind: 'argv', wrapper, argv, assignments: [] };
    // `echo 'rm -rf /' | xargs bash -c` runs `bash -c rm -rf /` (the script is the first item
    // only), but the line was written to be the script: both readings are judged.
    return { kind: 'script', wrapper, text: `${argv.map((w) => w.canonical).join(' ')}\n${intended}` };
  }
  if (items.length === 0) return { kind: 'script', wrapper, text: '' };
  // One command per item, the replace string filled in: spelled out as shell text.
  const text = items
    .map((item) =>
      base
        .map((w) => (w.dynamic.length > 0 ? null : literal(w.value.split(replace).join(item)).canonical))
        .join(' '),
    )
    .join('\n');
  return base.some((w) => w.dynamic.length > 0) ? null : { kind: 'script', wrapper, text };
}

/** Filters that pass a listing's names through without choosing which (`grep -v` drops a few). */
function passesMost(stage: SimpleCommand): boolean {
  const p = stage.program;
  if (p === 'sort' || p === 'uniq' || p === 'cat' || p === 'tac') return true;
  if (p === 'grep' || p === 'egrep' || p === 'rg')
    return stage.argv.some(
      (w) => w.value === '-v' || w.value === '--invert-match' || /^-[a-zA-Z]*v[a-zA-Z]*$/.test(w.value),
    );
  return false;
}

/**
 * `ls [DIR] | grep -v keep | xargs rm -rf`: the items are the entries of one directory, so the
 * command is judged as if given `DIR/*` — everything there, less what a `grep -v` drops. Null
 * when the pipeline is not that shape (a positive grep or head chooses a few names: unknown).
 */
export function listingGlob(commands: readonly SimpleCommand[], cmd: SimpleCommand): Word | null {
  const pipe = cmd.pipeline;
  if (!pipe || pipe.index === 0 || pipe.id === undefined) return null;
  const stages = commands.filter(
    (c) => c.pipeline?.id === pipe.id && (c.pipeline?.index ?? pipe.index) < pipe.index,
  );
  const first = stages.find((c) => c.pipeline?.index === 0);
  if (!first || first.program !== 'ls' || stages.length !== pipe.index) return null;
  if (!stages.filter((c) => c !== first).every(passesMost)) return null;
  const operands = first.argv.slice(1).filter((w) => !w.value.startsWith('-') || w.value === '-');
  if (first.argv.slice(1).some((w) => w.dynamic.some((d) => d !== 'tilde')) || operands.length > 1)
    return null;
  // `ls -d */` and the like list chosen names, not a directory's entries.
  if (first.argv.some((w) => /^-[a-zA-Z]*d/.test(w.value) || w.value === '--directory')) return null;
  const dir = operands[0]?.value.replace(/\/+$/, '') ?? '.';
  const value = dir === '.' || dir === '' ? '*' : `${dir}/*`;
  return { raw: value, value, dynamic: dir.startsWith('~') ? ['tilde', 'glob'] : ['glob'], quoted: false };
}

/** xargs over a directory listing (listingGlob): its command with the listing's glob as the items. */
export function xargsOverListing(cmd: SimpleCommand, glob: Word): Unwrapped | null {
  const scan = scanOptions(cmd.argv, 1, XARGS_OPTIONS);
  if (scan.dynamic || ['-a', '--arg-file'].some((o) => scan.seen.has(o))) return null;
  const replace = xargsReplaceString(scan.seen);
  const rest = cmd.argv.slice(scan.index);
  if (rest.length === 0) return null;
  const wrapper = wrapperOf('xargs', cmd.argv.slice(0, scan.index));
  const argv =
    replace === undefined
      ? [...rest, glob]
      : rest.map((w) => (w.dynamic.length === 0 && w.value === replace ? glob : w));
  return { kind: 'argv', wrapper, argv, assignments: [] };
}

/** find's actions other than printing names: a find that does more than list is not rewritten. */
const FIND_ACTIONS = /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls|printf|ls|quit)$/;

/**
 * `find ARGS [-print0] | xargs [-0] CMD`: the items are the paths find prints, so xargs runs
 * `find ARGS -exec CMD {} +` — judged as that, with find's start points and tests (`find ~ … |
 * xargs rm` deletes across the home directory; `find . -name '*.tmp' -print0 | xargs -0 rm` named
 * files, as `-delete` would). Without -print0/-0 the split names are a path of their own, unknown.
 * Null when the pipeline is not that shape (a filter between them, a find that acts, a `-I` with
 * the name inside a longer word).
 */
export function xargsOverFind(commands: readonly SimpleCommand[], cmd: SimpleCommand): Unwrapped | null {
  const pipe = cmd.pipeline;
  if (!pipe || pipe.index === 0 || pipe.id === undefined) return null;
  const stages = commands.filter(
    (c) => c.pipeline?.id === pipe.id && (c.pipeline?.index ?? pipe.index) < pipe.index,
  );
  const first = stages.find((c) => c.pipeline?.index === 0);
  if (!first || first.program !== 'find' || stages.length !== pipe.index) return null;
  if (!stages.filter((c) => c !== first).every(passesMost)) return null;
  if (first.argv.some((w) => FIND_ACTIONS.test(w.value))) return null;
  const scan = scanOptions(cmd.argv, 1, XARGS_OPTIONS);
  if (scan.dynamic || ['-a', '--arg-file'].some((o) => scan.seen.has(o))) return null;
  const rest = cmd.argv.slice(scan.index);
  if (rest.length === 0) return null;
  const replace = xargsReplaceString(scan.seen);
  const findArgs = first.argv.filter((w) => w.value !== '-print' && w.value !== '-print0');
  // Names split at NUL are exactly find's paths; split at blanks and newlines, a name such as
  // `a /home/me` becomes other paths: those stay unknown beside find's.
  const exact =
    first.argv.some((w) => w.value === '-print0') && (scan.seen.has('-0') || scan.seen.has('--null'));
  const split: Word[] = exact
    ? []
    : [{ raw: '…', value: '…', dynamic: ['parameter'], quoted: false, canonical: '…' }];
  const brace = literal('{}');
  let command: Word[];
  if (replace === undefined) command = [...rest, brace, ...split, literal('+')];
  else {
    if (rest.some((w) => w.value.includes(replace) && w.value !== replace)) return null;
    command = [...rest.map((w) => (w.value === replace ? brace : w)), ...split, literal(';')];
  }
  const wrapper = wrapperOf('xargs', cmd.argv.slice(0, scan.index));
  return { kind: 'argv', wrapper, argv: [...findArgs, literal('-exec'), ...command], assignments: [] };
}
