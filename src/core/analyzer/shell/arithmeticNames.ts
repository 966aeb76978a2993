/**
 * Arithmetic evaluates variables as expressions, and an array subscript in that expression is
 * expanded like a word: with `n='a[$(rm -rf ~)]'`, `echo $((n))` (or `((n))`, `let n`, `[[ n -eq
 * 1 ]]`) runs `rm -rf ~`. The value was quoted where it was set, so nothing ran there. For each
 * variable the input sets to a literal holding a substitution and then names in an arithmetic
 * context, the value is returned so that it is judged as the word it becomes.
 */
import type { SimpleCommand } from '../types.js';

const NAME = /[A-Za-z_][A-Za-z0-9_]*/g;
const SUBSTITUTION = /\$\(|`/;
const TEST_OPERATORS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/** The names an arithmetic context of this command reads. */
function arithmeticNames(c: SimpleCommand): string[] {
  const out: string[] = [];
  for (const w of c.argv) if (w.dynamic.includes('arithmetic')) out.push(...(w.raw.match(NAME) ?? []));
  if (c.program === 'let' || c.program === '((')
    for (const w of c.argv.slice(1)) out.push(...(w.value.match(NAME) ?? []));
  if (c.program === '[[')
    c.argv.forEach((w, i) => {
      if (TEST_OPERATORS.has(w.value))
        for (const side of [c.argv[i - 1], c.argv[i + 1]])
          if (side) out.push(...(side.value.match(NAME) ?? []));
    });
  return out;
}

/** Values set in the input that an arithmetic context will expand as words, in order. */
export function arithmeticInjections(commands: readonly SimpleCommand[]): string[] {
  const values = new Map<string, string>();
  for (const c of commands)
    for (const a of c.assignments) if (SUBSTITUTION.test(a.value.value)) values.set(a.name, a.value.value);
  if (values.size === 0) return [];
  const out: string[] = [];
  for (const c of commands)
    for (const name of arithmeticNames(c)) {
      const value = values.get(name);
      if (value !== undefined && !out.includes(value)) out.push(value);
    }
  return out;
}
