/** Decoding of bash ANSI-C quoting: the inside of $'…'. */

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

function takeWhile(text: string, from: number, max: number, ok: RegExp): string {
  let end = from;
  while (end < text.length && end - from < max && ok.test(text.charAt(end))) end++;
  return text.slice(from, end);
}

/**
 * Decodes the body of $'…' as bash does: \a \b \e \f \n \r \t \v \\ \' \" \?, \NNN (octal, 1–3
 * digits), \xHH (1–2 hex digits), \uHHHH, \UHHHHHHHH, \cX (control). A \0 ends the string, as in bash.
 */
export function decodeAnsiC(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body.charAt(i);
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      i++;
      continue;
    }
    const next = body.charAt(i + 1);
    const simple = SIMPLE[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (/[0-7]/.test(next)) {
      const digits = takeWhile(body, i + 1, 3, /[0-7]/);
      const code = parseInt(digits, 8) & 0xff;
      if (code === 0) return out;
      out += String.fromCharCode(code);
      i += 1 + digits.length;
      continue;
    }
    if (next === 'x' || next === 'u' || next === 'U') {
      const max = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const digits = takeWhile(body, i + 2, max, /[0-9a-fA-F]/);
      if (digits.length === 0) {
        out += '\\' + next;
        i += 2;
        continue;
      }
      const code = parseInt(digits, 16);
      if (code === 0) return out;
      out += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      i += 2 + digits.length;
      continue;
    }
    if (next === 'c' && i + 2 < body.length) {
      const code = body.charCodeAt(i + 2) & 0x1f;
      if (code === 0) return out;
      out += String.fromCharCode(code);
      i += 3;
      continue;
    }
    out += '\\' + next;
    i += 2;
  }
  return out;
}
