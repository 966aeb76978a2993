/**
 * Turns the tree-sitter nodes of one shell word into segments (quote removal, backslash escapes,
 * ANSI-C decoding) and then into the contract's Word.
 */
import type { SyntaxNode, SyntaxNode as Node } from './syntaxTree.js';
import type { Word } from '../types.js';
import { decodeAnsiC } from './ansiC.js';
import { quoteProgram, quoteWord } from './quote.js';
import {
  dynamicKinds,
  isQuoted,
  knownValue,
  mergeLiterals,
  segmentsValue,
  type Segment,
} from './segments.js';

export interface WordScope {
  /** Canonical text of the script inside a substitution node. */
  renderInner(node: Node): string;
  /** The statically known output of a command substitution, if any (`$(echo rm)`). */
  known(node: Node): string | undefined;
}

/** Characters a backslash escapes inside double quotes (else the backslash stays). */
const DQ_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

function unquotedText(text: string, out: Segment[]): void {
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\' && i + 1 < text.length) {
      const next = text.charAt(i + 1);
      i++;
      if (next === '\n') continue;
      if (plain) out.push({ kind: 'lit', text: plain, quoted: false });
      plain = '';
      out.push({ kind: 'lit', text: next, quoted: true });
      continue;
    }
    plain += ch;
  }
  if (plain) out.push({ kind: 'lit', text: plain, quoted: false });
}

function doubleQuotedText(text: string, out: Segment[]): void {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const next = text.charAt(i + 1);
    if (ch === '\\' && DQ_ESCAPABLE.has(next)) {
      if (next !== '\n') value += next;
      i++;
      continue;
    }
    value += ch;
  }
  out.push({ kind: 'lit', text: value, quoted: true });
}

/** `$( (a) )` is a subshell in a substitution; `$((a))` would be arithmetic: keep them apart. */
function padded(inner: string): string {
  return inner.startsWith('(') ? ' ' + inner : inner;
}

function expansion(node: Node, scope: WordScope, inDq: boolean, out: Segment[]): void {
  const raw = node.text;
  switch (node.type) {
    case 'command_substitution': {
      const known = scope.known(node);
      const seg: Segment = {
        kind: 'dyn',
        raw,
        canonical: '$(' + padded(scope.renderInner(node)) + ')',
        inDq,
        dynamic: 'command-substitution',
      };
      if (known !== undefined) seg.known = known;
      out.push(seg);
      return;
    }
    case 'process_substitution':
      out.push({
        kind: 'dyn',
        raw,
        canonical: raw.slice(0, 2) + padded(scope.renderInner(node)) + ')',
        inDq,
        dynamic: 'process-substitution',
      });
      return;
    case 'arithmetic_expansion':
      out.push({ kind: 'dyn', raw, canonical: raw, inDq, dynamic: 'arithmetic' });
      return;
    default:
      out.push({ kind: 'dyn', raw, canonical: raw, inDq, dynamic: 'parameter' });
  }
}

function stringNode(node: Node, scope: WordScope, out: Segment[]): void {
  let sawContent = false;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child) continue;
    if (child.type === '"') continue;
    sawContent = true;
    if (child.type === 'string_content') doubleQuotedText(child.text, out);
    else if (!child.isNamed) out.push({ kind: 'lit', text: child.text, quoted: true });
    else expansion(child, scope, true, out);
  }
  if (!sawContent) out.push({ kind: 'lit', text: '', quoted: true });
}

/** Appends the segments of one word-like node. */
export function nodeSegments(node: Node, scope: WordScope, out: Segment[]): void {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'brace_expression':
    case 'extglob_pattern':
    case 'regex':
    case 'test_operator':
    case 'variable_name':
    case 'file_descriptor':
    case 'heredoc_start':
      unquotedText(node.text, out);
      return;
    case 'raw_string':
      out.push({ kind: 'lit', text: node.text.slice(1, -1), quoted: true });
      return;
    case 'ansi_c_string':
      out.push({ kind: 'lit', text: decodeAnsiC(node.text.slice(2, -1)), quoted: true });
      return;
    case 'string':
      stringNode(node, scope, out);
      return;
    case 'translated_string':
      out.push({ kind: 'dyn', raw: node.text, canonical: node.text, inDq: false, dynamic: 'parameter' });
      return;
    case 'concatenation':
      nodesSegments(
        node.children.filter((c): c is Node => c !== null),
        scope,
        out,
      );
      return;
    case 'simple_expansion':
    case 'expansion':
    case 'command_substitution':
    case 'process_substitution':
    case 'arithmetic_expansion':
      expansion(node, scope, false, out);
      return;
    case '$':
      // A `$` before nothing a name can start with is literal (`cost 5$`); tree-sitter also emits
      // `$$` (the PID) this way at the end of input.
      if (node.text === '$') out.push({ kind: 'lit', text: '$', quoted: false });
      else out.push({ kind: 'dyn', raw: node.text, canonical: node.text, inDq: false, dynamic: 'parameter' });
      return;
    default:
      // Punctuation is literal text; any other construct (an array `(a $(b))`, a subscript, …) is
      // not a plain string: keep it as written and mark it dynamic, never read it as a literal.
      if (!node.isNamed) unquotedText(node.text, out);
      else out.push({ kind: 'dyn', raw: node.text, canonical: node.text, inDq: false, dynamic: 'parameter' });
  }
}

/**
 * The segments of a word made of several nodes. `$` followed by a double-quoted string is one
 * locale-translated string ($"…"): its value is unknown.
 */
export function nodesSegments(nodes: readonly Node[], scope: WordScope, out: Segment[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Node;
    const next = nodes[i + 1];
    if (node.type === '$' && next?.type === 'string' && next.startIndex === node.endIndex) {
      const raw = '$' + next.text;
      out.push({ kind: 'dyn', raw, canonical: raw, inDq: false, dynamic: 'parameter' });
      i++;
      continue;
    }
    nodeSegments(node, scope, out);
  }
}

function quoteAlways(text: string): string {
  const q = quoteWord(text);
  return q.startsWith("'") || q.startsWith("$'") ? q : "'" + q + "'";
}

/** An unquoted `$` in literal text is literal: it is rendered quoted, so it cannot start an expansion. */
function quoteDollars(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.kind !== 'lit' || s.quoted || !s.text.includes('$')) {
      out.push(s);
      continue;
    }
    let plain = '';
    for (const ch of s.text) {
      if (ch !== '$') plain += ch;
      else {
        if (plain) out.push({ kind: 'lit', text: plain, quoted: false });
        plain = '';
        out.push({ kind: 'lit', text: '$', quoted: true });
      }
    }
    if (plain) out.push({ kind: 'lit', text: plain, quoted: false });
  }
  return out;
}

/** Text whose quoting changes nothing in any word: no glob, brace, tilde, extglob or expansion character. */
const QUOTING_CHANGES_NOTHING = /^[\w./:%=-]+$/;

/**
 * Quoted literal parts that quoting does not change (`"src"/*.py` is `src/*.py`) lose their quotes;
 * not right after an unquoted expansion, which the text would extend (`$a"b"` is not `$ab`).
 */
function unquoteInert(segments: readonly Segment[]): Segment[] {
  return segments.map((s, i) => {
    const before = segments[i - 1];
    if (s.kind !== 'lit' || !s.quoted || !QUOTING_CHANGES_NOTHING.test(s.text)) return s;
    if (before && before.kind !== 'lit' && !before.inDq) return s;
    return { ...s, quoted: false };
  });
}

function renderDynamic(segments: readonly Segment[]): string {
  let out = '';
  // Other quoted parts stay quoted: the form keeps those boundaries, so it reads back the same.
  for (const s of mergeLiterals(unquoteInert(quoteDollars(segments)))) {
    if (s.kind === 'lit') out += s.quoted ? quoteAlways(s.text) : s.text;
    else out += s.inDq ? '"' + s.canonical + '"' : s.canonical;
  }
  return out;
}

/** Characters whose backslash escape changes nothing in bash (`\U` is `U`), and the backslash. */
const ORDINARY_ESCAPED = /[\w./:,@%+=\\-]/;

/**
 * An unquoted printable word whose backslashes only escape ordinary characters or a backslash
 * (`C:\Users\me`, `.\dist`). Bash drops those backslashes, a PowerShell cmdlet keeps them: the
 * canonical form keeps the word as written, so it neither merges `C:\Users` with `C:Users` nor
 * changes how a cmdlet's path reads.
 */
function keptEscapes(raw: string): boolean {
  if (!raw.includes('\\') || !/^[\x21-\x7e]+$/.test(raw) || /['"`$]/.test(raw)) return false;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charAt(i) !== '\\') continue;
    if (!ORDINARY_ESCAPED.test(raw.charAt(i + 1))) return false;
    i++;
  }
  return true;
}

export interface WordFacts {
  word: Word;
  /** The value with statically known substitutions filled in; null when unknown. */
  known: string | null;
}

/**
 * The Word for a sequence of segments. `raw` is the source text. `position` 'program' keeps a
 * quoted or escaped program name quoted in the canonical form (`\rm` bypasses aliases).
 */
export function wordFromSegments(
  segments: readonly Segment[],
  raw: string,
  position: 'program' | 'argument' | 'assignment',
): WordFacts {
  const dynamic = dynamicKinds(segments, position === 'assignment');
  const value = segmentsValue(segments);
  const quoted = isQuoted(segments);
  let canonical: string;
  if (dynamic.length === 0) {
    if (position === 'program') canonical = quoteProgram(value, quoted);
    else canonical = keptEscapes(raw) ? raw : quoteWord(value);
  } else canonical = renderDynamic(segments);
  const known = knownValue(segments);
  const word: Word = { raw, value, dynamic, quoted, canonical };
  const substituted = segments.some((s) => s.kind === 'dyn' && s.known !== undefined);
  if (substituted && known !== null) {
    if (segments.every((s) => s.kind === 'lit' || s.inDq)) word.known = known;
    else word.knownFields = known.split(/[ \t\n]+/).filter((f) => f !== '');
  }
  return { word, known };
}

export interface ResolvedWord {
  facts: WordFacts;
  segments: Segment[];
}

/** The word made of `nodes` (cached per node: each word is resolved once per analysis). */
export function resolveWord(
  nodes: readonly SyntaxNode[],
  position: 'program' | 'argument' | 'assignment',
  scope: WordScope,
  raw: string,
): ResolvedWord {
  // Cached on the word's first node: the walk and the canonical form read the same words.
  const first = nodes[0];
  const key = `${position}|${nodes.length}`;
  const cached = first?.wordCache?.get(key) as ResolvedWord | undefined;
  if (cached) return cached;
  const segments: Segment[] = [];
  nodesSegments(nodes, scope, segments);
  const result = { facts: wordFromSegments(segments, raw, position), segments };
  if (first) (first.wordCache ??= new Map()).set(key, result);
  return result;
}
