/**
 * Reading a command's argv the way its program does: options (with or without values) versus
 * operands. Works on Words from the analyzer, never on command text.
 */
import type { Word } from '../analyzer/types.js';

export interface ParsedArgs {
  /** Flags seen, normalised: `-rf` gives `-r` and `-f`; `--force=x` gives `--force`. */
  flags: Set<string>;
  /** Option values by flag (last one wins). */
  values: Map<string, Word>;
  operands: Word[];
}

/**
 * `withValue`: flags that take a value (`-d`, `--dbname`); their value is the rest of a short
 * cluster (`-dfoo`), the text after `=` (`--dbname=foo`) or the next word.
 */
export function parseArgs(argv: readonly Word[], withValue: readonly string[] = [], from = 1): ParsedArgs {
  const flags = new Set<string>();
  const values = new Map<string, Word>();
  const operands: Word[] = [];
  const takes = new Set(withValue);
  let onlyOperands = false;
  for (let i = from; i < argv.length; i++) {
    const w = argv[i];
    if (!w) continue;
    const v = w.value;
    if (onlyOperands || v === '-' || !v.startsWith('-')) {
      operands.push(w);
      continue;
    }
    if (v === '--') {
      onlyOperands = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      flags.add(name);
      if (takes.has(name)) {
        if (eq >= 0) values.set(name, sub(w, v.slice(eq + 1)));
        else if (argv[i + 1]) values.set(name, argv[++i] as Word);
      }
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const name = `-${v[j]}`;
      flags.add(name);
      if (takes.has(name)) {
        const rest = v.slice(j + 1);
        if (rest) values.set(name, sub(w, rest));
        else if (argv[i + 1]) values.set(name, argv[++i] as Word);
        break;
      }
    }
  }
  return { flags, values, operands };
}

export function hasAny(parsed: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => parsed.flags.has(n));
}

export function valueOf(parsed: ParsedArgs, ...names: string[]): Word | undefined {
  for (const n of names) {
    const w = parsed.values.get(n);
    if (w) return w;
  }
  return undefined;
}

/** A word made of part of another (an option's value): keeps the dynamic marks. */
function sub(w: Word, value: string): Word {
  return { raw: value, value, dynamic: w.dynamic, quoted: w.quoted };
}

/** The word cannot be known before it runs: its value is not worth probing. */
export function unknowable(w: Word): boolean {
  return w.dynamic.some(
    (d) => d === 'command-substitution' || d === 'process-substitution' || d === 'arithmetic',
  );
}
