/**
 * Pattern metatokens that are not shell syntax (`<glob:…>`, `<re:…>`, and the typed slots `<path>`,
 * `<range>`, `<int>`, `<branch>`, `<test>`): before the pattern is parsed as shell, each is
 * replaced by a placeholder; the parsed words are then mapped back. `<glob:…>` and `<re:…>` are
 * whole unquoted words; a typed slot may be part of a word, quoted or not (`'<range>p'`).
 * `*` and `**` need no replacement: they parse as unquoted glob words.
 */
import { SLOT_TYPES, type SlotType } from './slots.js';

export interface Metatoken {
  kind: 'glob' | 're';
  source: string;
}

const PLACEHOLDER = /^__expacti_meta_(\d+)__$/;

/** A typed slot inside a word's value: `__expacti_slot_path__`. */
export const SLOT_PLACEHOLDER = /__expacti_slot_([a-z]+)__/g;

const SLOT_AT = new RegExp(`^<(${SLOT_TYPES.join('|')})>`);

/** The typed slot written at `text[i]` (`<path>` …), if any. */
function slotAt(text: string, i: number): SlotType | null {
  if (text.charAt(i) !== '<') return null;
  const m = SLOT_AT.exec(text.slice(i, i + 10));
  return m ? (m[1] as SlotType) : null;
}

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
    const slot = slotAt(text, i);
    if (slot) {
      out += `__expacti_slot_${slot}__`;
      i += slot.length + 2;
      continue;
    }
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
