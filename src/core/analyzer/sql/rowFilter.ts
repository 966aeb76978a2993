/**
 * Which rows a single-table UPDATE or DELETE selects, as written: the table (with its alias) and
 * the WHERE condition, cut from the statement at its top-level keywords (libpg-query's scanner, so
 * strings, quoted names and parentheses are respected). A probe can then count those rows read-only
 * (`SELECT count(*) FROM <from> WHERE <where>`) where the database has no planner estimate
 * (SQLite). Anything less plain — a WITH prefix, UPDATE … FROM, DELETE … USING, WHERE CURRENT OF,
 * more than one statement — gives null: no count rather than a wrong one.
 */
import type { SqlParser } from '../contracts.js';
import type { RowFilter } from '../types.js';

interface Token {
  start: number;
  end: number;
  text: string;
}

export function rowFilterOf(
  parser: SqlParser,
  statement: 'UPDATE' | 'DELETE',
  text: string,
): RowFilter | null {
  let tokens: Token[];
  try {
    tokens = parser.scan(text).tokens.filter((t) => !/COMMENT/.test(t.tokenName));
  } catch {
    return null;
  }
  // Top-level keywords (outside parentheses), upper-cased, with their positions.
  const top: Array<{ word: string; at: number; token: Token }> = [];
  let depth = 0;
  tokens.forEach((t, at) => {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0) top.push({ word: t.text.toUpperCase(), at, token: t });
  });
  const words = top.map((w) => w.word);
  if (words[0] !== statement || words.includes(';')) return null;
  const find = (word: string, from = 0) => top.findIndex((w, i) => i >= from && w.word === word);
  const slice = (from: Token | undefined, to: Token | undefined) =>
    from ? text.slice(from.start, to ? to.start : text.length).trim() : '';

  let fromStart: number;
  let fromEnd: number;
  if (statement === 'UPDATE') {
    const set = find('SET');
    if (set < 2 || find('FROM', set) !== -1) return null;
    fromStart = 1;
    fromEnd = set;
  } else {
    if (words[1] !== 'FROM' || find('USING') !== -1) return null;
    fromStart = 2;
    fromEnd = [find('WHERE'), find('RETURNING')].find((i) => i !== -1) ?? top.length;
  }
  const from = slice(top[fromStart]?.token, top[fromEnd]?.token);
  if (from === '' || /^(ONLY|OR)\b/i.test(from)) return null;

  const where = find('WHERE');
  if (where === -1) return { from, where: null };
  if (top[where + 1]?.word === 'CURRENT' && top[where + 2]?.word === 'OF') return null;
  const returning = find('RETURNING', where);
  const condition = slice(tokens[(top[where]?.at ?? 0) + 1], top[returning]?.token);
  return condition === '' ? null : { from, where: condition };
}
