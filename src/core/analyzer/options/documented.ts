/**
 * Spellings a program's own documentation says are one command, beyond what the option table's
 * names and aliases express: each rewrites a parsed command (options/parse.ts) into its plain
 * reading, and leaves it as it is whenever the documented equivalence does not surely apply.
 * Each cites the sentence it relies on.
 */
import type { Word } from '../types.js';
import { quoteWord } from '../shell/quote.js';
import type { ParsedCommand, ParsedOption } from './parse.js';
import type { OptionSpec } from './spec.js';

function word(value: string): Word {
  return { raw: value, value, dynamic: [], quoted: false, canonical: quoteWord(value) };
}

const literal = (w: Word | undefined): w is Word => w !== undefined && w.dynamic.length === 0;
const has = (parsed: ParsedCommand, name: string) => parsed.options.some((o) => o.spec.names.includes(name));

function optionOf(parsed: ParsedCommand, name: string): OptionSpec | undefined {
  for (const spec of parsed.spec.options) if (spec.names.includes(name)) return spec;
  return undefined;
}

/**
 * `npm run test` is `npm test` (npm's documentation of `npm test`: "This runs a predefined command
 * specified in the test property of a package's scripts object"; pnpm and yarn alike). Only `test`:
 * `npm start` without a start script runs `node server.js`, and `npm restart` runs stop and start.
 */
export function runScriptTest(parsed: ParsedCommand): void {
  if (parsed.sub.length !== 1 || parsed.sub[0] !== 'run' || parsed.dashAt === 0) return;
  const first = parsed.operands[0];
  if (!literal(first) || first.value !== 'test') return;
  parsed.sub = ['test'];
  parsed.operands = parsed.operands.slice(1);
  if (parsed.dashAt > 0) parsed.dashAt -= 1;
}

/** git subcommands whose first operand, before `--`, is read as a revision when it names one. */
const REVISION_FIRST = new Set(['reset', 'show', 'log', 'diff', 'revert', 'cherry-pick']);

/**
 * `HEAD^` is `HEAD~1`, `HEAD~` is `HEAD~1`, `HEAD^^` is `HEAD~2`, `@` is `HEAD` (gitrevisions:
 * "<rev>~ is equivalent to <rev>^ which is equivalent to <rev>^1"; "@ alone is a shortcut for
 * HEAD"). Only HEAD's ancestry, only as the first operand of a subcommand that reads it as a
 * revision; `^N` for another parent and `^0` keep their spelling.
 */
export function revision(text: string): string | null {
  const m = /^(HEAD|@)((?:[~^]\d*)*)$/.exec(text);
  if (!m) return null;
  let out = 'HEAD';
  let firstParents = 0;
  for (const step of (m[2] ?? '').match(/[~^]\d*/g) ?? []) {
    if (step.length > 7) return null;
    const n = step.length === 1 ? 1 : Number(step.slice(1));
    if (step.startsWith('~') || n === 1) {
      firstParents += step.startsWith('~') ? n : 1;
      continue;
    }
    if (n === 0) return null;
    if (firstParents > 0) out += `~${firstParents}`;
    firstParents = 0;
    out += step;
  }
  return firstParents > 0 ? `${out}~${firstParents}` : out;
}

export function gitRevision(parsed: ParsedCommand): void {
  if (parsed.sub.length !== 1 || !REVISION_FIRST.has(parsed.sub[0] as string)) return;
  // git-show: "<object>… The names of objects to show (defaults to HEAD)".
  if (parsed.sub[0] === 'show' && parsed.operands.length === 0 && !parsed.dashDash) {
    parsed.operands = [word('HEAD')];
    return;
  }
  // git diff compares two revisions: its second operand too, when it names HEAD's ancestry.
  const count = parsed.sub[0] === 'diff' ? 2 : 1;
  const before = parsed.dashAt < 0 ? parsed.operands.length : parsed.dashAt;
  for (let i = 0; i < Math.min(count, before); i++) {
    const w = parsed.operands[i];
    if (!literal(w)) return;
    const normal = revision(w.value);
    if (normal !== null && normal !== w.value) parsed.operands[i] = word(normal);
  }
}

/**
 * `git tag v1 -m msg` is `git tag -a v1 -m msg` (git-tag: "-m <msg> … Implies -a if none of -a,
 * -s, or -u <key-id> is given"). Only where the options are -a, -m and -f.
 */
export function tagMessage(parsed: ParsedCommand): void {
  if (parsed.sub.length !== 1 || parsed.sub[0] !== 'tag' || !has(parsed, '-m') || has(parsed, '-a')) return;
  if (!parsed.options.every((o) => ['-m', '-f'].includes(o.spec.names[0] as string))) return;
  const annotate = optionOf(parsed, '-a');
  if (annotate) parsed.options.push({ spec: annotate, value: null, global: false });
}

/**
 * `rg -uu` is `rg --no-ignore --hidden` (ripgrep: "A single -u flag is equivalent to --no-ignore.
 * Two -u flags are equivalent to --no-ignore --hidden"); three add `--binary`, which the table
 * does not list, so three keep their spelling.
 */
export function unrestricted(parsed: ParsedCommand): void {
  const count = parsed.options.filter((o) => o.spec.names.includes('-u')).length;
  if (count === 0 || count > 2) return;
  const implied = ['--no-ignore', '--hidden'].slice(0, count).map((n) => optionOf(parsed, n));
  if (implied.some((spec) => spec === undefined)) return;
  parsed.options = [
    ...parsed.options.filter((o) => !o.spec.names.includes('-u')),
    ...implied.map((spec): ParsedOption => ({ spec: spec as OptionSpec, value: null, global: false })),
  ];
}

/**
 * `psql shop app` is `psql -d shop -U app`: psql reads operands after its options as the database
 * name, then the user name, each only when its option was not given (startup.c). More operands,
 * or one known only at run time, keep their spelling.
 */
export function psqlOperands(parsed: ParsedCommand): void {
  if (parsed.dashDash || parsed.operands.length === 0) return;
  const dbname = optionOf(parsed, '-d');
  const username = optionOf(parsed, '-U');
  if (!dbname || !username) return;
  const added: ParsedOption[] = [];
  let haveDb = has(parsed, '-d');
  let haveUser = has(parsed, '-U');
  for (const operand of parsed.operands) {
    if (!literal(operand)) return;
    if (!haveDb) haveDb = added.push({ spec: dbname, value: operand, global: false }) > 0;
    else if (!haveUser) haveUser = added.push({ spec: username, value: operand, global: false }) > 0;
    else return;
  }
  parsed.options = [...parsed.options, ...added];
  parsed.operands = [];
}

/**
 * `git log --pretty=oneline --abbrev-commit` is written `--oneline`, the shorthand git documents for
 * the two (the table reads `--oneline` as them): only when no other format option is given.
 */
export function oneline(parsed: ParsedCommand): void {
  const formats = parsed.options.filter((o) => o.spec.group === 'format');
  const pretty = formats[0];
  const abbrev = parsed.options.find((o) => o.spec.names[0] === '--abbrev-commit');
  const shorthand = optionOf(parsed, '--oneline');
  if (
    formats.length !== 1 ||
    !pretty ||
    pretty.spec.names[0] !== '--pretty' ||
    pretty.value?.value !== 'oneline'
  )
    return;
  if (!abbrev || !shorthand) return;
  parsed.options = [
    ...parsed.options.filter((o) => o !== pretty && o.spec.names[0] !== '--abbrev-commit'),
    { spec: shorthand, value: null, global: false },
  ];
}

/** git's built-in formats, which `--pretty=NAME` selects by name. */
const NAMED_FORMATS = new Set([
  'oneline',
  'short',
  'medium',
  'full',
  'fuller',
  'reference',
  'email',
  'mboxrd',
  'raw',
]);

/**
 * `git log --format=%H` is `git log --pretty=tformat:%H` (git-log: "--pretty[=<format>],
 * --format=<format> … When <format> is none of the above, and has %placeholder in it, it acts as
 * if --pretty=tformat:<format> were given"; git parses `--format=` and `--pretty=` alike).
 */
export function gitFormat(parsed: ParsedCommand): void {
  const pretty = optionOf(parsed, '--pretty');
  if (!pretty) return;
  parsed.options = parsed.options.map((o) => {
    const name = o.spec.names[0];
    if ((name !== '--format' && name !== '--pretty') || !literal(o.value ?? undefined)) return o;
    const v = (o.value as Word).value;
    const normal = !NAMED_FORMATS.has(v) && !/^t?format:/.test(v) && v.includes('%') ? `tformat:${v}` : v;
    return { spec: pretty, value: word(normal), global: o.global };
  });
}

/**
 * `git diff A..B` is `git diff A B` (git-diff: "This is synonymous to the earlier form (without
 * the ..)"; a side left out is HEAD). Only a single range as the only operand before `--`.
 */
export function diffRange(parsed: ParsedCommand): void {
  if (parsed.sub.length !== 1 || parsed.sub[0] !== 'diff') return;
  const before = parsed.dashAt < 0 ? parsed.operands.length : parsed.dashAt;
  const only = parsed.operands[0];
  if (before !== 1 || !literal(only)) return;
  const m = /^([^.\s]*)\.\.(?!\.)([^.\s]*)$/.exec(only.value);
  if (!m || (m[1] === '' && m[2] === '')) return;
  parsed.operands = [word(m[1] || 'HEAD'), word(m[2] || 'HEAD'), ...parsed.operands.slice(1)];
  if (parsed.dashAt > 0) parsed.dashAt += 1;
}

/**
 * diff's long forms: `--unified` is `-u`, `--unified=N` is `-U N` (and `--context` alike): GNU
 * diff documents `-u` as `--unified` with its default of three lines.
 */
export function diffFormat(parsed: ParsedCommand): void {
  parsed.options = parsed.options.map((o) => {
    const name = o.spec.names[0];
    if (name !== '--unified' && name !== '--context') return o;
    const short = optionOf(
      parsed,
      o.value ? (name === '--unified' ? '-U' : '-C') : name === '--unified' ? '-u' : '-c',
    );
    return short ? { spec: short, value: o.value, global: o.global } : o;
  });
}
