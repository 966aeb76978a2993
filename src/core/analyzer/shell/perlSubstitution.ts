/**
 * The one shape of Perl code agents hand `perl -e` most: substitutions and transliterations
 * (`perl -pi -e 's/old/new/g' f`, `perl -pe 'tr/a-z/A-Z/'`), the sed of people who know Perl.
 * Read with a small lexer for exactly that shape — statements `s/PAT/REPL/flags`, `tr/…/…/`,
 * `y/…/…/` separated by `;` — and refused for anything else, so other code stays "arbitrary code"
 * (high). Perl runs code inside such statements in a few ways, each refused here: the `e` flag
 * (`s/x/system("…")/e`), code in a pattern (`(?{ … })`, `(??{ … })`), and interpolation that
 * evaluates (`@{[ … ]}`, `${\ … }`, subscripts `$h{…}`, `$a[…]`). Only capture variables (`$1`,
 * `$&`) and escapes may appear in a replacement; a pattern may end a branch with `$`.
 */
import type { Word } from '../types.js';

/** Delimiters accepted: non-bracketing punctuation only (bracketed forms nest and are refused). */
const DELIMITERS = new Set(['/', '|', '#', ',', '!', ':', '%', '~', '@', '+', '=', '"', "'"]);

interface Cursor {
  text: string;
  at: number;
}

/** The text up to the next unescaped `d`, and the cursor after `d`; null when there is none. */
function part(c: Cursor, d: string): string | null {
  let out = '';
  while (c.at < c.text.length) {
    const ch = c.text.charAt(c.at);
    if (ch === '\\') {
      out += c.text.slice(c.at, c.at + 2);
      c.at += 2;
      continue;
    }
    c.at++;
    if (ch === d) return out;
    out += ch;
  }
  return null;
}

/** A pattern that neither runs code nor interpolates more than a bare `$` anchor. */
function safePattern(pattern: string, delimiter: string): boolean {
  if (delimiter === "'") return !/\(\?\??\{|\(\*\{/.test(pattern);
  if (/\(\?\??\{|\(\*\{|\(\?\?/.test(pattern)) return false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') {
      i++;
      continue;
    }
    const next = pattern.charAt(i + 1);
    if (ch === '@' && /[\w{$:]/.test(next)) return false;
    if (ch === '$' && next !== '' && !/[)|]/.test(next)) return false;
  }
  return true;
}

/** A replacement that interpolates nothing but capture groups (`$1`, `${1}`, `$&`). */
function safeReplacement(replacement: string, delimiter: string): boolean {
  if (delimiter === "'") return true;
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement.charAt(i);
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '@') return false;
    if (ch === '$') {
      const rest = replacement.slice(i + 1);
      const m = /^(\d+|&|\{\d+\})/.exec(rest);
      if (!m) return false;
      // A capture followed by a subscript is an expression (`$1[0]`, `$1{x}`).
      if (/^[[{]/.test(rest.slice(m[0].length))) return false;
      i += m[0].length;
    }
  }
  return true;
}

/** True when the code is only substitutions and transliterations that run no other code. */
export function perlSubstitutionOnly(code: string): boolean {
  const c: Cursor = { text: code, at: 0 };
  let statements = 0;
  for (;;) {
    while (c.at < c.text.length && /[\s;]/.test(c.text.charAt(c.at))) c.at++;
    if (c.at >= c.text.length) return statements > 0;
    const op = /^(s|tr|y)(?=[^\w\s])/.exec(c.text.slice(c.at));
    if (!op) return false;
    c.at += op[0].length;
    const d = c.text.charAt(c.at);
    if (!DELIMITERS.has(d)) return false;
    c.at++;
    const left = part(c, d);
    const right = left === null ? null : part(c, d);
    if (left === null || right === null) return false;
    const flags = /^[a-z]*/.exec(c.text.slice(c.at))?.[0] ?? '';
    c.at += flags.length;
    if (op[0] === 's') {
      if (!/^[gimsxnr]*$/.test(flags)) return false; // no e / ee: the replacement would be code
      if (!safePattern(left, d) || !safeReplacement(right, d)) return false;
    } else if (!/^[cdsr]*$/.test(flags)) return false;
    const after = c.text.charAt(c.at);
    if (after !== '' && !/[\s;]/.test(after)) return false;
    statements++;
  }
}

/** Switches that load or run code besides -e (modules, the debugger, -F's pattern, -x's script). */
const UNSAFE_SWITCHES = 'MmdDFxC';

/**
 * `perl … -e CODE …` whose every -e/-E is only substitutions (perlSubstitutionOnly) and that
 * loads nothing else: judged by the files it reads and writes, like sed, not as arbitrary code.
 */
export function perlRunsOnlySubstitutions(argv: readonly Word[]): boolean {
  const codes: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    const v = w.value;
    // A glob or brace word that does not start with `-` is a file list; other expansions could
    // become switches (`$OPTS` → `-MEvil`).
    if (w.dynamic.length > 0) {
      if (!v.startsWith('-') && w.dynamic.every((d) => d === 'glob' || d === 'brace' || d === 'tilde')) break;
      return false;
    }
    if (v === '--' || !v.startsWith('-') || v === '-') break;
    if (v.startsWith('--')) return false;
    for (let j = 1; j < v.length; j++) {
      const ch = v.charAt(j);
      if (UNSAFE_SWITCHES.includes(ch)) return false;
      if (ch === 'e' || ch === 'E') {
        const rest = v.slice(j + 1);
        const given = rest !== '' ? { ...w, value: rest } : argv[++i];
        if (!given) return false;
        codes.push(given);
        break;
      }
      if (ch === 'i') break; // the rest is the backup suffix
      if (ch === 'I') {
        if (j === v.length - 1) i++; // the directory is the next word
        break;
      }
      if (ch === '0' || ch === 'l') while (/[0-9a-fA-Fx]/.test(v.charAt(j + 1))) j++;
    }
  }
  return codes.length > 0 && codes.every((c) => c.dynamic.length === 0 && perlSubstitutionOnly(c.value));
}
