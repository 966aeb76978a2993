/**
 * The one generic matcher: does a rule's Match hold for a command? Every given field must hold;
 * lists inside a field are alternatives. No rule-specific code lives here.
 */
import { throughLink } from './symlinks.js';
import type { Finding, SqlEffect, Word } from '../types.js';
import type { ArgTest, Match, SqlTest } from './rule.js';
import type { CommandView } from './commandView.js';
import { classifyPath, tempByVariable, type PathClass } from './paths.js';

export interface MatchContext {
  findings: Finding[];
  sql: SqlEffect[];
  /** Waive the program test (judging a command whose program cannot be known). */
  anyProgram?: boolean;
}

const sets = new WeakMap<readonly string[], Set<string>>();

/** Membership in a rule's word list; long lists are looked up through a Set built once. */
function inList(list: readonly string[], value: string): boolean {
  if (list.length < 12) return list.includes(value);
  let set = sets.get(list);
  if (!set) {
    set = new Set(list);
    sets.set(list, set);
  }
  return set.has(value);
}

const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);
const READ_OPS = new Set(['<', '<>']);

/**
 * Classes a relative path gains when resolved against the directory an earlier `cd` moved to
 * (CommandView.cwd): what the path is (a secret, a start-up file, history, a repository's .git)
 * and reaches (the root, a system directory, the home directory), never a lower-risk class, so
 * resolving never lowers a tier (a `cd` that fails leaves the path where it was written). After a
 * `cd` to an absolute directory, being outside the original tree is not added: that may well be
 * the project, where the agent works.
 */
const RAISING: ReadonlySet<PathClass> = new Set<PathClass>([
  'root',
  'system',
  'home',
  'unbounded-glob',
  'vcs-dir',
  'secret',
  'persistence',
  'disk-device',
  'important-file',
  'history',
  'data-file',
  'log-file',
]);

/**
 * After a `cd` that the text shows leaves the working tree — upwards (`cd ..`), home (`cd`,
 * `cd ~`), to the root, or somewhere only known at run time (`cd "$D"`) —
 * `rm -rf build` is `rm -rf ../build`: the path is judged where it lands. What made the word as
 * written look harmless (regenerable output, a temp path) no longer holds there.
 */
const ESCAPING_BASE: ReadonlySet<PathClass> = new Set<PathClass>(['root', 'home', 'dynamic', 'dynamic-root']);
const HARMLESS_HERE: ReadonlySet<PathClass> = new Set<PathClass>(['regenerable', 'temp']);

function pathWord(value: string): Word {
  const dynamic: Word['dynamic'] = value.startsWith('$')
    ? ['parameter']
    : value.startsWith('~')
      ? ['tilde']
      : [];
  return { raw: value, value, dynamic, quoted: false };
}

const escapes = new Map<string, boolean>();

/** A relative directory above where it starts (`..`, `src/../..`, `./../x`). */
function climbsOut(dir: string): boolean {
  let depth = 0;
  for (const part of dir.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

/** Does a `cd` to `base` leave the working tree, as far as the text shows? */
function leavesTree(base: string): boolean {
  let out = escapes.get(base);
  if (out === undefined) {
    const classes = classifyPath(pathWord(base));
    out = [...classes].some((c) => ESCAPING_BASE.has(c)) || (!base.startsWith('/') && climbsOut(base));
    if (escapes.size > 1000) escapes.clear();
    escapes.set(base, out);
  }
  return out;
}

/** Where a command's relative paths resolve and whether `$TMPDIR` still names the temp directory. */
export interface PathPlace {
  cwd: string | null;
  tempRedefined: boolean;
  links?: ReadonlyMap<string, string> | null;
}

/**
 * The classes of a word, resolved against the directory an earlier `cd` left the command in; a
 * `$TMPDIR/x` whose variable the input itself set is only known at run time.
 */
function wordClasses(w: Word, place: PathPlace | null): ReadonlySet<PathClass> {
  let own = classifyPath(w);
  if (place?.tempRedefined && own.has('temp') && tempByVariable(w.value)) {
    const swapped = new Set(own);
    swapped.delete('temp');
    swapped.add('dynamic');
    own = swapped;
  }
  const linked = throughLink(w.value, place?.links);
  if (linked !== null) {
    // Through a link the input made, the path is where the link points: what made the name look
    // harmless (regenerable output, a temp path) no longer holds.
    const landed = classifyPath({
      ...w,
      value: linked,
      dynamic: [...pathWord(linked).dynamic, ...w.dynamic],
    });
    own = new Set([...[...own].filter((c) => !HARMLESS_HERE.has(c)), ...landed]);
  }
  const base = place?.cwd ?? null;
  if (base === null || /^[/~$]/.test(w.value) || w.value === '') return own;
  const dir = base.replace(/\/+$/, '');
  const joined = classifyPath({
    ...w,
    value: `${dir}/${w.value}`,
    dynamic: [...pathWord(dir).dynamic, ...w.dynamic],
  });
  const out = new Set<PathClass>();
  if (leavesTree(base)) {
    for (const c of own) if (!HARMLESS_HERE.has(c)) out.add(c);
    for (const c of joined) out.add(c);
  } else {
    for (const c of own) out.add(c);
    for (const c of joined) if (RAISING.has(c)) out.add(c);
  }
  return out;
}

/** `place`: where relative paths resolve (the CommandView), if known. */
export function testWord(test: ArgTest, word: Word, place: PathPlace | null = null): boolean {
  switch (test.kind) {
    case 'path': {
      const w = test.strip ? { ...word, value: word.value.replace(test.strip, '') } : word;
      for (const c of wordClasses(w, place)) if (test.classes.includes(c)) return true;
      return false;
    }
    case 'equals':
      return test.ignoreCase
        ? test.values.some((v) => v.toLowerCase() === word.value.toLowerCase())
        : inList(test.values, word.value);
    case 'pattern':
      return test.regex.test(word.value);
    case 'dynamic':
      return test.kinds
        ? word.dynamic.some((k) => (test.kinds as readonly string[]).includes(k))
        : word.dynamic.length > 0;
    case 'not':
      return !testWord(test.test, word, place);
    case 'any':
      return test.tests.some((t) => testWord(t, word, place));
    case 'all':
      return test.tests.every((t) => testWord(t, word, place));
  }
}

function textWord(text: string): Word {
  return { raw: text, value: text, dynamic: [], quoted: true };
}

/** A rule's word list as a Set, built once when the match is compiled. */
function setOf(list: readonly string[]): ReadonlySet<string> {
  let set = sets.get(list);
  if (!set) {
    set = new Set(list);
    sets.set(list, set);
  }
  return set;
}

/**
 * Programs that accept any unambiguous prefix of a long option (git's parse-options, GNU
 * getopt_long): `git branch --del x` is `--delete`, `git push --forc` would be `--force`.
 */
// prettier-ignore
const ABBREVIATING: ReadonlySet<string> = new Set([
  'git', 'rm', 'cp', 'mv', 'ln', 'chmod', 'chown', 'chgrp', 'shred', 'truncate', 'mkdir', 'rmdir', 'touch',
  'install', 'tee', 'sed', 'sort', 'tar',
]);

/** `written` abbreviates the long option `name` (at least one letter after the dashes). */
function abbreviates(written: string, name: string): boolean {
  return written.length >= 3 && written.startsWith('--') && name.startsWith(written) && name !== written;
}

function hasFlag(view: CommandView, group: ReadonlySet<string>): boolean {
  for (const f of view.flags) if (group.has(f.name)) return true;
  if (view.program === null || !ABBREVIATING.has(view.program)) return false;
  for (const f of view.flags) for (const name of group) if (abbreviates(f.name, name)) return true;
  return false;
}

function testSql(test: SqlTest, effect: SqlEffect): boolean {
  if (test.statements && !test.statements.includes(effect.statement)) return false;
  if (test.hasWhere !== undefined && effect.hasWhere !== test.hasWhere) return false;
  if (test.readOnly !== undefined && effect.readOnly !== test.readOnly) return false;
  if (test.note !== undefined && !effect.notes.includes(test.note)) return false;
  if (test.tables) {
    const names = test.tables;
    const hit = effect.tables.some((t) => {
      const name = t.toLowerCase().replace(/"/g, '');
      return names.includes(name) || names.includes(name.slice(name.lastIndexOf('.') + 1));
    });
    if (!hit) return false;
  }
  return true;
}

type Check = (view: CommandView, ctx: MatchContext) => boolean;

/** The option words as written, before any `--` (`-purge` whole, not as a cluster). */
function optionWords(view: CommandView): Word[] {
  const out: Word[] = [];
  for (const w of view.cmd.argv.slice(1)) {
    if (w.value === '--') break;
    if (w.value.length > 2 && w.value.startsWith('-')) out.push(w);
  }
  return out;
}

/** The operands after the matched subcommand words. */
function rest(view: CommandView, subLen: number): Word[] {
  return subLen > 0 ? view.operands.slice(subLen) : view.operands;
}

/**
 * Compiles a Match into one closure per given field (the table is data; this turns it into code
 * once, so matching a command does not walk every field of every rule).
 */
function compile(m: Match, skipProgram: boolean): Check {
  const checks: Check[] = [];
  const subLen = m.sub?.length ?? 0;
  if (m.program && !skipProgram) {
    const programs = setOf(m.program);
    checks.push((v, ctx) => ctx.anyProgram === true || (v.program !== null && programs.has(v.program)));
  }
  if (m.dynamicProgram !== undefined) {
    const want = m.dynamicProgram;
    checks.push((v) => (v.program === null && v.cmd.argv.length > 0) === want);
  }
  if (m.bare !== undefined) {
    const want = m.bare;
    checks.push((v) => (v.cmd.argv.length === 0) === want);
  }
  if (m.programWord) {
    const t = m.programWord;
    checks.push((v) => v.cmd.argv[0] !== undefined && testWord(t, v.cmd.argv[0]));
  }
  if (m.sub) {
    const sub = m.sub.map((alt) => (Array.isArray(alt) ? setOf(alt as readonly string[]) : (alt as ArgTest)));
    checks.push((v) => {
      for (let i = 0; i < sub.length; i++) {
        const op = v.operands[i];
        const alt = sub[i] as ReadonlySet<string> | ArgTest;
        if (!op) return false;
        if (alt instanceof Set ? !alt.has(op.value) : !testWord(alt as ArgTest, op)) return false;
      }
      return true;
    });
  }
  if (m.subcommand) {
    const t = m.subcommand;
    checks.push((v) => v.subcommands.some((w) => testWord(t, w)));
  }
  if (m.flagName) {
    const t = m.flagName;
    // The option as written too: a program without syntax data reads `-purge` as -p -u -r -g -e,
    // while Go-style CLIs (nomad, consul, vault) mean one option named purge.
    checks.push(
      (v) => v.flags.some((f) => testWord(t, textWord(f.name))) || optionWords(v).some((w) => testWord(t, w)),
    );
  }
  if (m.writesTo) {
    const t = m.writesTo;
    checks.push((v) => v.writes.some((w) => testWord(t, w, v)));
  }
  if (m.optionRuns !== undefined) {
    const want = m.optionRuns;
    checks.push((v) => v.runs.length > 0 === want);
  }
  if (m.flags) {
    const groups = m.flags.map(setOf);
    checks.push((v) => groups.every((g) => hasFlag(v, g)));
  }
  if (m.anyFlag) {
    const g = setOf(m.anyFlag);
    checks.push((v) => hasFlag(v, g));
  }
  if (m.noFlag) {
    const g = setOf(m.noFlag);
    checks.push((v) => !hasFlag(v, g));
  }
  if (m.flagBefore) {
    const first = setOf(m.flagBefore.flag);
    const later = setOf(m.flagBefore.before);
    checks.push((v) => {
      for (const f of v.flags) {
        if (first.has(f.name)) return true;
        if (later.has(f.name)) return false;
      }
      return false;
    });
  }
  if (m.flagValue) {
    const fv = m.flagValue;
    const names = setOf(fv.flags);
    checks.push((v) =>
      v.flags.some((f) => f.value !== null && names.has(f.name) && testWord(fv.test, f.value, v)),
    );
  }
  if (m.operand) {
    const t = m.operand;
    checks.push((v) => rest(v, subLen).some((w) => testWord(t, w, v)));
  }
  if (m.pathspec) {
    const t = m.pathspec;
    checks.push((v) => v.afterDashDash.some((w) => testWord(t, w, v)));
  }
  if (m.everyOperand) {
    const t = m.everyOperand;
    checks.push((v) => {
      const r = rest(v, subLen);
      return r.length > 0 && r.every((w) => testWord(t, w, v));
    });
  }
  if (m.sourceOperand) {
    const t = m.sourceOperand;
    checks.push((v) =>
      rest(v, subLen)
        .slice(0, -1)
        .some((w) => testWord(t, w, v)),
    );
  }
  if (m.lastOperand) {
    const t = m.lastOperand;
    checks.push((v) => {
      const r = rest(v, subLen);
      const last = r[r.length - 1];
      return last !== undefined && testWord(t, last, v);
    });
  }
  if (m.maxOperands !== undefined) {
    const max = m.maxOperands;
    checks.push((v) => rest(v, subLen).length <= max);
  }
  if (m.minOperands !== undefined) {
    const min = m.minOperands;
    checks.push((v) => rest(v, subLen).length >= min);
  }
  if (m.anyWord) {
    const t = m.anyWord;
    checks.push(
      (v) =>
        v.operands.some((w) => testWord(t, w, v)) ||
        v.flags.some((f) => f.value !== null && testWord(t, f.value, v)),
    );
  }
  if (m.wrapper) {
    const list = setOf(m.wrapper);
    const word = m.wrapperWord;
    if (word)
      checks.push((v) =>
        v.cmd.wrappers.some(
          (w) =>
            list.has(w.program) &&
            (w.argv ?? w.words.map((value) => ({ raw: value, value, dynamic: [], quoted: false }))).some(
              (x, i) => i > 0 && testWord(word, x),
            ),
        ),
      );
    else checks.push((v) => v.cmd.wrappers.some((w) => list.has(w.program)));
  }
  if (m.remote !== undefined) {
    const want = m.remote;
    checks.push((v) => v.cmd.wrappers.some((w) => w.remote !== undefined) === want);
  }
  if (m.redirect) {
    const r = m.redirect;
    checks.push((v) =>
      v.cmd.redirects.some(
        (x) =>
          !x.heredoc &&
          x.op !== '<<<' &&
          (!r.write || (WRITE_OPS.has(x.op) && !/^\d+$|^-$/.test(x.target.value))) &&
          (!r.read || READ_OPS.has(x.op)) &&
          (!r.ops || r.ops.includes(x.op)) &&
          (!r.target || testWord(r.target, x.target, v)),
      ),
    );
  }
  if (m.downstream) {
    const list = setOf(m.downstream);
    checks.push((v) => {
      const next = v.cmd.pipeline?.downstream;
      return next !== undefined && next !== null && list.has(next);
    });
  }
  if (m.upstream) {
    const list = setOf(m.upstream);
    checks.push((v) => (v.cmd.pipeline?.upstream ?? []).some((p) => p !== null && list.has(p)));
  }
  if (m.piped !== undefined) {
    const want = m.piped;
    checks.push((v) => (v.cmd.pipeline !== null && v.cmd.pipeline.index > 0) === want);
  }
  if (m.assignment) {
    const a = m.assignment;
    const names = setOf(a.names);
    checks.push((v) =>
      v.cmd.assignments.some((x) => names.has(x.name) && (!a.value || testWord(a.value, x.value))),
    );
  }
  if (m.finding) {
    const codes = m.finding;
    checks.push((v, ctx) => ctx.findings.some((f) => f.command === v.index && codes.includes(f.code)));
  }
  if (m.sql) {
    const t = m.sql;
    checks.push((v, ctx) => ctx.sql.some((e) => e.command === v.index && testSql(t, e)));
  }
  if (m.stdin) {
    const t = m.stdin;
    checks.push((v) => v.stdin !== null && testWord(t, textWord(v.stdin)));
  }
  if (m.placement) {
    const list = m.placement;
    checks.push((v) => v.cmd.placement.some((p) => (list as readonly string[]).includes(p)));
  }
  if (m.anyOf) {
    const subs = m.anyOf.map(compiled);
    checks.push((v, ctx) => subs.some((c) => c(v, ctx)));
  }
  if (m.noneOf) {
    const subs = m.noneOf.map(compiled);
    checks.push((v, ctx) => !subs.some((c) => c(v, ctx)));
  }
  const n = checks.length;
  if (n === 0) return () => true;
  if (n === 1) return checks[0] as Check;
  return (v, ctx) => {
    for (let i = 0; i < n; i++) if (!(checks[i] as Check)(v, ctx)) return false;
    return true;
  };
}

const compiledMatches = new WeakMap<Match, Check>();
const compiledSkipping = new WeakMap<Match, Check>();

function compiled(m: Match): Check {
  let c = compiledMatches.get(m);
  if (!c) {
    c = compile(m, false);
    compiledMatches.set(m, c);
  }
  return c;
}

export type { Check as MatchCheck };

/**
 * The compiled test of a match. `programKnown`: the caller already knows the command's program is
 * one of `m.program` (it found the rule by that program), so that test is left out.
 */
export function compiledMatch(m: Match, programKnown = false): Check {
  if (!programKnown || !m.program) return compiled(m);
  let c = compiledSkipping.get(m);
  if (!c) {
    c = compile(m, true);
    compiledSkipping.set(m, c);
  }
  return c;
}

/** Does the match hold for this command? Every given field must hold; lists inside a field are alternatives. */
export function matches(m: Match, view: CommandView, ctx: MatchContext): boolean {
  return compiled(m)(view, ctx);
}
