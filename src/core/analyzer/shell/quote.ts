/** Quoting of static words into shell text, canonically: bare when safe, else single quotes. */

/** Characters that never need quoting in any word position. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

/** Words bash reads as syntax in command position: as a program name they must be quoted. */
const RESERVED = new Set([
  '!',
  '[[',
  ']]',
  '{',
  '}',
  'case',
  'coproc',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'fi',
  'for',
  'function',
  'if',
  'in',
  'select',
  'then',
  'time',
  'until',
  'while',
]);

function ansiC(value: string): string {
  let out = "$'";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + "'";
}

function singleQuote(value: string): string {
  return "'" + value.replace(/'/g, "'\\''") + "'";
}

/**
 * A static argument word in canonical quoting: `ls` → ls, `a b` → 'a b', `*` → '*', `it's` →
 * 'it'\''s', a newline → $'\n'. The result, parsed by bash, is exactly one word with this value.
 */
export function quoteWord(value: string): string {
  if (value === '') return "''";
  // tree-sitter drops a bare `-` before a redirect (`python3 - <<EOF`): keep it quoted.
  if (value === '-') return "'-'";
  if (CONTROL.test(value)) return ansiC(value);
  if (SAFE_WORD.test(value)) return value;
  return singleQuote(value);
}

/**
 * A static program word (argv[0]). `forceQuoted`: the source quoted or escaped it (`\rm`, `r''m`),
 * which bypasses aliases and keywords, so the canonical form keeps it quoted ('rm'). A bare word
 * that bash would read as an assignment or a keyword is quoted too.
 */
export function quoteProgram(value: string, forceQuoted: boolean): string {
  if (value === '') return "''";
  if (CONTROL.test(value)) return ansiC(value);
  if (forceQuoted || RESERVED.has(value) || value.includes('=')) return singleQuote(value);
  return quoteWord(value);
}

/** An argv vector as one line of shell text that bash parses back into exactly this argv. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((word, i) => (i === 0 ? quoteProgram(word, false) : quoteWord(word))).join(' ');
}
