/**
 * The one rendering rule for text that came from a command (or from anyone but expacti itself):
 * every character a terminal or a browser would act on, hide, reorder or show as something else is
 * shown as a visible, unambiguous escape instead. Every view imports it: the reviewer CLI, `run`,
 * the hooks and the MCP server, the dashboard. docs/hidden-characters.md describes it for users.
 *
 * An escape is a token `⟨…⟩` holding C-style escapes: `⟨\e⟩`, `⟨\r⟩`, `⟨\t⟩`, `⟨\u202e⟩`,
 * consecutive hidden characters share one token (`⟨\e\r⟩`). The brackets themselves are escaped when
 * a text contains them (`⟨\u27e8⟩`), so every `⟨` in displayed text opens a token: the display can
 * be read back to the exact text. Newlines are line breaks in a block (lines numbered) and `⟨\n⟩`
 * inline. Pure: no I/O, no DOM.
 */

export const ESCAPE_OPEN = '⟨';
export const ESCAPE_CLOSE = '⟩';

/** Why a character is not shown as itself. */
export type HiddenKind =
  | 'control' // C0, DEL, C1: terminals act on them (ESC sequences, CR overprint, backspace)
  | 'bidi' // reorders the text around it
  | 'invisible' // zero-width, format, default-ignorable, line/paragraph separators
  | 'space' // a blank that is not U+0020 (the shell reads it as part of a word)
  | 'mark' // a combining mark drawn over an ASCII character or standing alone
  | 'lookalike' // a letter that passes for an ASCII one (Cyrillic о, fullwidth ｒ, 𝐫)
  | 'unusual' // private use, unassigned, lone surrogate, replacement characters
  | 'bracket'; // the escape brackets themselves

export interface HiddenChar {
  /** UTF-16 index in the text. */
  index: number;
  codePoint: number;
  kind: HiddenKind;
}

/** A run of text: shown as is, or (hidden) as the escape in `text`, with a name for tooltips. */
export interface TextRun {
  text: string;
  hidden: boolean;
  /** For hidden runs: the characters' names, e.g. "U+001B ESCAPE, U+000D CARRIAGE RETURN". */
  title?: string;
}

/** Printable ASCII and newline only: nothing to escape (the common case, checked first). */
const PLAIN = /^[\x20-\x7e\n]*$/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
const UNUSUAL = /[\p{Co}\p{Cn}\p{Cs}\ufff9-\ufffd]/u;
const MARK = /\p{M}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
const LATIN_OR_COMMON = /[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const ASCII_ALNUM = /[A-Za-z0-9]/;

/**
 * Letters (outside ASCII) that pass for ASCII letters or digits in common fonts: Cyrillic, Greek,
 * Armenian and Latin lookalikes. A word made only of these and ASCII is shown with them escaped.
 */
const LOOKALIKES = new Set([
  // Cyrillic
  0x0430, 0x0435, 0x043e, 0x0440, 0x0441, 0x0443, 0x0445, 0x0455, 0x0456, 0x0458, 0x04bb, 0x0501, 0x051b,
  0x051d, 0x04cf, 0x0410, 0x0412, 0x0415, 0x041a, 0x041c, 0x041d, 0x041e, 0x0420, 0x0421, 0x0422, 0x0425,
  0x0406, 0x0408, 0x0405, 0x04ae, 0x0417, 0x0431, 0x044c, 0x0442, 0x043f,
  // Greek
  0x03bf, 0x03b1, 0x03bd, 0x03c1, 0x03b9, 0x03ba, 0x03c5, 0x03f2, 0x0391, 0x0392, 0x0395, 0x0396, 0x0397,
  0x0399, 0x039a, 0x039c, 0x039d, 0x039f, 0x03a1, 0x03a4, 0x03a5, 0x03a7,
  // Armenian
  0x0585, 0x057d, 0x0570, 0x0578, 0x0566, 0x0581,
  // Latin and symbols
  0x0131, 0x0251, 0x0261, 0x01c0, 0x0237, 0x2113, 0x212a, 0x212b, 0x0269, 0x026a, 0x0299, 0x029f, 0x1d00,
  0x1d04, 0x1d05, 0x1d07, 0x1d0a, 0x1d0b, 0x1d0d, 0x1d0f, 0x1d18, 0x1d1b, 0x1d1c, 0x1d20, 0x1d21, 0x1d22,
]);

/** Fullwidth ASCII and mathematical alphanumerics: always lookalikes. */
function isStyledAscii(cp: number): boolean {
  return (cp >= 0xff01 && cp <= 0xff5e) || (cp >= 0x1d400 && cp <= 0x1d7ff);
}

function simpleKind(cp: number, ch: string): HiddenKind | null {
  if (cp === 0x0a) return null;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'control';
  if (cp < 0x7f) return null;
  if (cp === 0x27e8 || cp === 0x27e9) return 'bracket';
  if (BIDI.test(ch)) return 'bidi';
  if (INVISIBLE.test(ch)) return 'invisible';
  if (/\p{Zs}/u.test(ch)) return 'space';
  if (UNUSUAL.test(ch)) return 'unusual';
  if (isStyledAscii(cp)) return 'lookalike';
  return null;
}

/**
 * Every character that is not shown as itself, with why. Newline is not hidden (views show it as a
 * line break). Lookalikes are judged per word: a word that mixes ASCII letters with letters of
 * another script, or is made only of ASCII and known lookalikes, has those letters escaped.
 */
export function hiddenCharacters(text: string): HiddenChar[] {
  if (PLAIN.test(text)) return [];
  const out: HiddenChar[] = [];
  const chars: Array<{ index: number; cp: number; ch: string }> = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    chars.push({ index: i, cp, ch });
    i += ch.length;
  }
  let wordStart = -1;
  const flushWord = (end: number) => {
    if (wordStart >= 0) lookalikesInWord(chars.slice(wordStart, end), out);
    wordStart = -1;
  };
  chars.forEach((c, k) => {
    const kind = simpleKind(c.cp, c.ch);
    if (kind !== null) {
      flushWord(k);
      out.push({ index: c.index, codePoint: c.cp, kind });
      return;
    }
    if (MARK.test(c.ch)) {
      // A mark over ASCII (or over nothing) draws on text that looks plain: r̶m, ˋ.
      const base = k === 0 ? undefined : chars[k - 1];
      const hiddenBase = base === undefined || base.cp < 0x80 || out.at(-1)?.index === base.index;
      if (hiddenBase) {
        flushWord(k);
        out.push({ index: c.index, codePoint: c.cp, kind: 'mark' });
        return;
      }
    }
    if (LETTER_OR_DIGIT.test(c.ch)) {
      if (wordStart < 0) wordStart = k;
    } else flushWord(k);
  });
  flushWord(chars.length);
  return out.sort((a, b) => a.index - b.index);
}

function lookalikesInWord(word: Array<{ index: number; cp: number; ch: string }>, out: HiddenChar[]): void {
  const nonAscii = word.filter((c) => c.cp >= 0x80 && !MARK.test(c.ch));
  if (nonAscii.length === 0) return;
  const hasAscii = word.some((c) => ASCII_ALNUM.test(c.ch));
  const otherScript = nonAscii.filter((c) => !LATIN_OR_COMMON.test(c.ch));
  const allLookalike = nonAscii.every((c) => LOOKALIKES.has(c.cp));
  let flagged: typeof nonAscii = [];
  if (allLookalike) flagged = nonAscii;
  else if (hasAscii) flagged = [...otherScript, ...nonAscii.filter((c) => LOOKALIKES.has(c.cp))];
  for (const c of new Set(flagged)) out.push({ index: c.index, codePoint: c.cp, kind: 'lookalike' });
}

const SHORT: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\e',
};

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BELL',
  0x08: 'BACKSPACE',
  0x09: 'TAB',
  0x0a: 'LINE FEED',
  0x0b: 'VERTICAL TAB',
  0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x9b: 'CONTROL SEQUENCE INTRODUCER',
  0x9d: 'OPERATING SYSTEM COMMAND',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xfffd: 'REPLACEMENT CHARACTER',
};

const KIND_WORDS: Record<HiddenKind, string> = {
  control: 'control character',
  bidi: 'bidirectional control',
  invisible: 'invisible character',
  space: 'unusual space',
  mark: 'combining mark',
  lookalike: 'letter that looks like an ASCII one',
  unusual: 'unusual character',
  bracket: 'escape bracket',
};

const hex = (cp: number, width: number) => cp.toString(16).padStart(width, '0');

/** The C-style escape for one character: \e, \r, \t, \x01, \u202e, \U0001d42b. */
export function escapeOf(cp: number): string {
  const short = SHORT[cp];
  if (short !== undefined) return short;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  return cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`;
}

/** "U+202E RIGHT-TO-LEFT OVERRIDE" (or the kind when the name is not in the short table). */
export function describeChar(cp: number, kind?: HiddenKind): string {
  const name = NAMES[cp] ?? (kind ? KIND_WORDS[kind] : undefined);
  const code = `U+${hex(cp, 4).toUpperCase()}`;
  return name ? `${code} ${name}` : code;
}

/** A kind in words, plural-ready: "bidirectional control". */
export function kindWords(kind: HiddenKind): string {
  return KIND_WORDS[kind];
}

/**
 * The text as runs: plain text, and hidden characters grouped into escape runs. With
 * `newlines: 'escape'` a newline is an escape too (one-line views); with 'keep' it stays in a
 * plain run (callers split lines themselves).
 */
export function textRuns(text: string, newlines: 'escape' | 'keep' = 'escape'): TextRun[] {
  const hidden = hiddenCharacters(text);
  if (newlines === 'escape') {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
      hidden.push({ index: i, codePoint: 0x0a, kind: 'control' });
    hidden.sort((a, b) => a.index - b.index);
  }
  if (hidden.length === 0) return text === '' ? [] : [{ text, hidden: false }];
  const runs: TextRun[] = [];
  let at = 0;
  let k = 0;
  while (k < hidden.length) {
    const first = hidden[k] as HiddenChar;
    if (first.index > at) runs.push({ text: text.slice(at, first.index), hidden: false });
    const escapes: string[] = [];
    const names: string[] = [];
    let end = first.index;
    while (k < hidden.length && (hidden[k] as HiddenChar).index === end) {
      const h = hidden[k] as HiddenChar;
      escapes.push(escapeOf(h.codePoint));
      names.push(describeChar(h.codePoint, h.kind));
      end += h.codePoint > 0xffff ? 2 : 1;
      k++;
    }
    runs.push({ text: escapes.join(''), hidden: true, title: names.join(', ') });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), hidden: false });
  return runs;
}

/** Runs joined back into one string, escapes in their brackets. */
export function runsText(runs: readonly TextRun[]): string {
  return runs.map((r) => (r.hidden ? `${ESCAPE_OPEN}${r.text}${ESCAPE_CLOSE}` : r.text)).join('');
}

/** One line of display: every hidden character and every newline escaped. */
export function displayInline(text: string): string {
  return runsText(textRuns(text, 'escape'));
}

/** The text's lines, each with its hidden characters escaped (a trailing newline makes an empty last line). */
export function displayLines(text: string): string[] {
  return text.split('\n').map((line) => runsText(textRuns(line, 'keep')));
}

/**
 * A block for a terminal or a message: one line as is; several lines numbered (`1│ …`), so a
 * reader sees that there is more than one and where each starts. `indent` prefixes lines after
 * the first (to sit under a label).
 */
export function displayBlock(text: string, indent = ''): string {
  const lines = displayLines(text);
  if (lines.length === 1) return lines[0] ?? '';
  const width = String(lines.length).length;
  return lines.map((l, i) => `${i === 0 ? '' : indent}${String(i + 1).padStart(width)}│ ${l}`).join('\n');
}

/**
 * Only the characters a terminal would act on or hide, escaped; brackets and newlines untouched.
 * A last guard over whole outputs (idempotent on text that went through the functions above).
 */
export function terminalSafe(text: string): string {
  if (PLAIN.test(text)) return text;
  const hidden = hiddenCharacters(text).filter((h) => h.kind !== 'bracket');
  if (hidden.length === 0) return text;
  let out = '';
  let at = 0;
  let k = 0;
  while (k < hidden.length) {
    const first = hidden[k] as HiddenChar;
    out += text.slice(at, first.index);
    let end = first.index;
    let esc = '';
    while (k < hidden.length && (hidden[k] as HiddenChar).index === end) {
      const h = hidden[k] as HiddenChar;
      esc += escapeOf(h.codePoint);
      end += h.codePoint > 0xffff ? 2 : 1;
      k++;
    }
    out += `${ESCAPE_OPEN}${esc}${ESCAPE_CLOSE}`;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * JSON text with every hidden character (control, bidi, invisible, …) written as a \u escape:
 * the same JSON value, but safe to print. JSON.stringify leaves C1 controls, bidi and zero-width
 * characters raw. Structural characters of JSON are ASCII, so only string contents change.
 */
export function jsonSafe(json: string): string {
  if (PLAIN.test(json)) return json;
  return json.replace(/[\ud800-\udbff][\udc00-\udfff]|[\u007f-\uffff]/g, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    const kind = simpleKind(cp, ch);
    if (kind === null || kind === 'bracket') return ch;
    if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
    const v = cp - 0x10000;
    return `\\u${hex(0xd800 + (v >> 10), 4)}\\u${hex(0xdc00 + (v & 0x3ff), 4)}`;
  });
}
