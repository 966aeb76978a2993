/**
 * The one generic matcher: does a rule's Match hold for a command? Every given field must hold;
 * lists inside a field are alternatives. No rule-specific code lives here.
 */
import type { Finding, SqlEffect, Word } from '../types.js';
import type { ArgTest, FlagGroup, Match, SqlTest } from './rule.js';
import type { CommandView } from './commandView.js';
import { classifyPath } from './paths.js';

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

export function testWord(test: ArgTest, word: Word): boolean {
  switch (test.kind) {
    case 'path': {
      const w = test.strip ? { ...word, value: word.value.replace(test.strip, '') } : word;
      for (const c of classifyPath(w)) if (test.classes.includes(c)) return true;
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
      return !testWord(test.test, word);
    case 'any':
      return test.tests.some((t) => testWord(t, word));
    case 'all':
      return test.tests.every((t) => testWord(t, word));
  }
}

function textWord(text: string): Word {
  return { raw: text, value: text, dynamic: [], quoted: true };
}

function hasFlag(view: CommandView, group: FlagGroup): boolean {
  return view.flags.some((f) => inList(group, f.name));
}

function testSql(test: SqlTest, effect: SqlEffect): boolean {
  if (test.statements && !test.statements.includes(effect.statement)) return false;
  if (test.hasWhere !== undefined && effect.hasWhere !== test.hasWhere) return false;
  if (test.readOnly !== undefined && effect.readOnly !== test.readOnly) return false;
  if (test.note !== undefined && !effect.notes.includes(test.note)) return false;
  return true;
}

export function matches(m: Match, view: CommandView, ctx: MatchContext): boolean {
  const cmd = view.cmd;
  if (m.program && !ctx.anyProgram && (view.program === null || !inList(m.program, view.program)))
    return false;
  if (m.dynamicProgram !== undefined && (view.program === null && cmd.argv.length > 0) !== m.dynamicProgram)
    return false;
  if (m.programWord && (!cmd.argv[0] || !testWord(m.programWord, cmd.argv[0]))) return false;
  const subLen = m.sub?.length ?? 0;
  if (m.sub) {
    for (let i = 0; i < m.sub.length; i++) {
      const op = view.operands[i];
      const alt = m.sub[i] as readonly string[] | ArgTest;
      if (
        !op ||
        !(Array.isArray(alt) ? inList(alt as readonly string[], op.value) : testWord(alt as ArgTest, op))
      )
        return false;
    }
  }
  if (m.flags && !m.flags.every((g) => hasFlag(view, g))) return false;
  if (m.anyFlag && !hasFlag(view, m.anyFlag)) return false;
  if (m.noFlag && hasFlag(view, m.noFlag)) return false;
  if (m.flagValue) {
    const fv = m.flagValue;
    if (!view.flags.some((f) => fv.flags.includes(f.name) && f.value !== null && testWord(fv.test, f.value)))
      return false;
  }
  const rest = subLen > 0 ? view.operands.slice(subLen) : view.operands;
  if (m.operand && !rest.some((w) => testWord(m.operand as ArgTest, w))) return false;
  if (m.everyOperand && (rest.length === 0 || !rest.every((w) => testWord(m.everyOperand as ArgTest, w))))
    return false;
  if (m.sourceOperand && !rest.slice(0, -1).some((w) => testWord(m.sourceOperand as ArgTest, w)))
    return false;
  if (m.lastOperand) {
    const last = rest[rest.length - 1];
    if (!last || !testWord(m.lastOperand, last)) return false;
  }
  if (m.maxOperands !== undefined && rest.length > m.maxOperands) return false;
  if (m.anyWord) {
    const t = m.anyWord;
    const words = [...view.operands, ...view.flags.flatMap((f) => (f.value ? [f.value] : []))];
    if (!words.some((w) => testWord(t, w))) return false;
  }
  if (m.wrapper && !cmd.wrappers.some((w) => (m.wrapper as readonly string[]).includes(w.program)))
    return false;
  if (m.remote !== undefined && cmd.wrappers.some((w) => w.remote !== undefined) !== m.remote) return false;
  if (m.redirect) {
    const r = m.redirect;
    const ok = cmd.redirects.some(
      (x) =>
        !x.heredoc &&
        x.op !== '<<<' &&
        (!r.write || (WRITE_OPS.has(x.op) && !/^\d+$|^-$/.test(x.target.value))) &&
        (!r.read || READ_OPS.has(x.op)) &&
        (!r.ops || r.ops.includes(x.op)) &&
        (!r.target || testWord(r.target, x.target)),
    );
    if (!ok) return false;
  }
  if (m.upstream) {
    const up = cmd.pipeline?.upstream ?? [];
    if (!up.some((p) => p !== null && (m.upstream as readonly string[]).includes(p))) return false;
  }
  if (m.assignment) {
    const a = m.assignment;
    if (!cmd.assignments.some((x) => a.names.includes(x.name) && (!a.value || testWord(a.value, x.value))))
      return false;
  }
  if (m.finding) {
    const codes = m.finding;
    if (!ctx.findings.some((f) => f.command === view.index && codes.includes(f.code))) return false;
  }
  if (m.sql) {
    const t = m.sql;
    if (!ctx.sql.some((e) => e.command === view.index && testSql(t, e))) return false;
  }
  if (m.stdin && (view.stdin === null || !testWord(m.stdin, textWord(view.stdin)))) return false;
  if (m.placement && !cmd.placement.some((p) => (m.placement as readonly string[]).includes(p))) return false;
  if (m.anyOf && !m.anyOf.some((s) => matches(s, view, ctx))) return false;
  if (m.noneOf && m.noneOf.some((s) => matches(s, view, ctx))) return false;
  return true;
}
