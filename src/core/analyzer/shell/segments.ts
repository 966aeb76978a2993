/**
 * A word as a sequence of segments: literal text (after quote and escape removal, marked quoted or
 * not) and expansions (kept as written). Everything about a word — value, dynamic marks, canonical
 * quoting — is computed from its segments, never from its source text.
 */
import type { DynamicKind } from '../types.js';

export type Segment =
  | { kind: 'lit'; text: string; quoted: boolean }
  | {
      kind: 'dyn';
      /** As written. */
      raw: string;
      /** Canonical text of the expansion (inner commands rendered canonically). */
      canonical: string;
      /** Inside double quotes (no word splitting or globbing of the result). */
      inDq: boolean;
      dynamic: DynamicKind;
      /** The value when it can be known statically (`$(echo rm)` → rm). */
      known?: string;
    };

/** Marks a position that is not an unquoted literal character. */
const HIDDEN = '\u0001';

/** The word's characters with quoted text and expansions hidden: what globbing and braces see. */
export function unquotedView(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'lit' && !s.quoted) out += s.text;
    else out += HIDDEN.repeat(Math.max(1, s.kind === 'lit' ? s.text.length : 1));
  }
  return out;
}

/** Characters that can make unquoted text expand (glob, extglob, brace, tilde). */
const SPECIAL = /[*?[{~@!+]/;

/** Dynamic marks of an argument word: expansions, plus unquoted glob, extglob, brace and tilde. */
export function dynamicKinds(segments: readonly Segment[], assignment: boolean): DynamicKind[] {
  let plain = true;
  let dyn = false;
  for (const s of segments) {
    if (s.kind === 'dyn') dyn = true;
    else if (!s.quoted && SPECIAL.test(s.text)) plain = false;
  }
  if (plain && !dyn) return [];
  const kinds = new Set<DynamicKind>();
  for (const s of segments) if (s.kind === 'dyn') kinds.add(s.dynamic);
  if (plain) return [...kinds];
  const view = unquotedView(segments);
  if (view.startsWith('~') || (assignment && /[:=]~/.test(view))) kinds.add('tilde');
  if (!assignment) {
    if (/[*?]/.test(view) || /\[[^\]]*\]/.test(view)) kinds.add('glob');
    if (/[?*+@!]\(/.test(view)) kinds.add('extglob');
    if (/\{[^{}]*(,|\.\.)[^{}]*\}/.test(view)) kinds.add('brace');
  }
  return [...kinds];
}

export function segmentsValue(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += s.kind === 'lit' ? s.text : s.raw;
  return out;
}

/** The value with statically known expansions substituted; null when some part is unknown. */
export function knownValue(segments: readonly Segment[]): string | null {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'lit') out += s.text;
    else if (s.known !== undefined) out += s.known;
    else return null;
  }
  return out;
}

export function isQuoted(segments: readonly Segment[]): boolean {
  return segments.some((s) => (s.kind === 'lit' ? s.quoted : s.inDq));
}

/**
 * Consecutive literal segments with the same quoting merged. An empty quoted part (`''`) is dropped
 * when another part of the word is quoted (it changes nothing then); otherwise it is kept, since it
 * makes the word exist even when the rest expands to nothing (`""$x`).
 */
export function mergeLiterals(segments: readonly Segment[]): Segment[] {
  const otherQuoted = segments.some((s) => (s.kind === 'lit' ? s.quoted && s.text !== '' : s.inDq));
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.kind === 'lit' && s.quoted && s.text === '' && otherQuoted) continue;
    const last = out[out.length - 1];
    if (
      s.kind === 'lit' &&
      last?.kind === 'lit' &&
      last.quoted === s.quoted &&
      s.text !== '' &&
      last.text !== ''
    ) {
      out[out.length - 1] = { kind: 'lit', text: last.text + s.text, quoted: s.quoted };
    } else out.push(s);
  }
  return out;
}
