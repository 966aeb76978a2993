/**
 * Bash brace expansion of a word with no other expansions (`r{m,}` → rm r, `{1..3}` → 1 2 3),
 * bounded: so the program and targets of an obfuscated command can be seen.
 */
import type { Segment } from './segments.js';

interface Text {
  chars: string;
  /** true where the character is an unquoted literal (brace syntax counts only there). */
  open: boolean[];
}

function toText(segments: readonly Segment[]): Text | null {
  let chars = '';
  const open: boolean[] = [];
  for (const s of segments) {
    if (s.kind !== 'lit') return null;
    chars += s.text;
    for (let i = 0; i < s.text.length; i++) open.push(!s.quoted);
  }
  return { chars, open };
}

function slice(t: Text, from: number, to: number): Text {
  return { chars: t.chars.slice(from, to), open: t.open.slice(from, to) };
}

function join(...parts: Text[]): Text {
  return { chars: parts.map((p) => p.chars).join(''), open: parts.flatMap((p) => p.open) };
}

function sequence(body: string): string[] | null {
  const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const numeric = /\d/.test(m[1]) && /\d/.test(m[2]);
  if (!numeric && (/\d/.test(m[1]) || /\d/.test(m[2]))) return null;
  const a = numeric ? parseInt(m[1], 10) : m[1].charCodeAt(0);
  const b = numeric ? parseInt(m[2], 10) : m[2].charCodeAt(0);
  const step = Math.max(1, Math.abs(parseInt(m[3] ?? '1', 10)));
  const out: string[] = [];
  const dir = a <= b ? 1 : -1;
  for (let v = a; dir > 0 ? v <= b : v >= b; v += dir * step) {
    out.push(numeric ? String(v) : String.fromCharCode(v));
    if (out.length > 1024) return null;
  }
  return out;
}

/** Finds the first expandable brace: [open, close, alternatives]. */
function firstBrace(t: Text): { at: number; end: number; alts: Text[] } | null {
  for (let i = 0; i < t.chars.length; i++) {
    if (t.chars[i] !== '{' || !t.open[i]) continue;
    let depth = 0;
    const commas: number[] = [];
    for (let j = i + 1; j < t.chars.length; j++) {
      if (!t.open[j]) continue;
      const c = t.chars[j];
      if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (c === ',' && depth === 0) commas.push(j);
      else if (c === '}') {
        if (commas.length > 0) {
          const bounds = [i, ...commas, j];
          const alts: Text[] = [];
          for (let k = 0; k + 1 < bounds.length; k++)
            alts.push(slice(t, (bounds[k] ?? 0) + 1, bounds[k + 1] ?? 0));
          return { at: i, end: j, alts };
        }
        const seq = sequence(t.chars.slice(i + 1, j));
        if (seq)
          return { at: i, end: j, alts: seq.map((s) => ({ chars: s, open: [...s].map(() => false) })) };
        break;
      }
    }
  }
  return null;
}

function expand(t: Text, budget: { left: number }): string[] | null {
  const brace = firstBrace(t);
  if (!brace) return [t.chars];
  const prefix = slice(t, 0, brace.at);
  const suffix = slice(t, brace.end + 1, t.chars.length);
  const out: string[] = [];
  for (const alt of brace.alts) {
    const more = expand(join(prefix, alt, suffix), budget);
    if (!more) return null;
    for (const w of more) {
      if (--budget.left < 0) return null;
      out.push(w);
    }
  }
  return out;
}

/**
 * The words a brace expression expands to (bash drops empty results of unquoted expansions), or
 * null when the word has other expansions or expands to more than `max` words.
 */
export function expandBraces(segments: readonly Segment[], max: number): string[] | null {
  const text = toText(segments);
  if (!text) return null;
  const words = expand(text, { left: max });
  return words === null ? null : words.filter((w) => w !== '');
}
