/**
 * Pattern metatokens that are not shell syntax (`<glob:…>`, `<re:…>`): before the pattern is parsed
 * as shell, each is replaced by a placeholder word; the parsed words are then mapped back.
 * `*` and `**` need no replacement: they parse as unquoted glob words.
 */

export interface Metatoken {
  kind: 'glob' | 're';
  source: string;
}

const PLACEHOLDER = /^__expacti_meta_(\d+)__$/;

export function placeholderIndex(value: string): number | null {
  const m = PLACEHOLDER.exec(value);
  return m && m[1] !== undefined ? Number(m[1]) : null;
}

/**
 * Replaces unquoted `<glob:P>` and `<re:R>` (each one whole word: it ends at the first `>` that is
 * followed by whitespace or the end of the text) by placeholders.
 */
export function extractMetatokens(text: string): { text: string; tokens: Metatoken[] } {
  const tokens: Metatoken[] = [];
  let out = '';
  let quote: "'" | '"' | null = null;
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (quote) {
      out += ch;
      if (ch === '\\' && quote === '"' && i + 1 < text.length) {
        out += text.charAt(i + 1);
        i += 2;
        continue;
      }
      if (ch === quote) quote = null;
      i++;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      out += ch + text.charAt(i + 1);
      i += 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      i++;
      continue;
    }
    const atWordStart = i === 0 || /\s/.test(text.charAt(i - 1));
    const kind = text.startsWith('<glob:', i) ? 'glob' : text.startsWith('<re:', i) ? 're' : null;
    if (kind && atWordStart) {
      const from = i + (kind === 'glob' ? 6 : 4);
      let end = -1;
      for (let j = from; j < text.length; j++) {
        if (text.charAt(j) === '>' && (j + 1 === text.length || /\s/.test(text.charAt(j + 1)))) {
          end = j;
          break;
        }
      }
      if (end >= 0) {
        out += `__expacti_meta_${tokens.length}__`;
        tokens.push({ kind, source: text.slice(from, end) });
        i = end + 1;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return { text: out, tokens };
}

/** An anchored glob (`*` any text, `?` one character, `[…]` a class) as a regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob.charAt(i);
    if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp('^(?:' + re + ')$');
}
