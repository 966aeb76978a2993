/**
 * The parts of a tree-sitter `command` node: prefix assignments, words (adjacent nodes that bash
 * reads as one word grouped together) and redirects.
 */
import type { SyntaxNode as Node } from './syntaxTree.js';

export interface CommandParts {
  assignments: Node[];
  /** Each entry is one shell word: the nodes that make it up, in order. */
  words: Node[][];
  redirects: Node[];
}

const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

/**
 * True when the text between two nodes makes them one word in bash: nothing, or only line
 * continuations (tree-sitter splits `$"x"` and `r\<newline>m` where bash does not).
 */
function joined(gap: string): boolean {
  return gap.replace(/\\\n/g, '') === '';
}

/**
 * A file redirect's target, and the words after it. tree-sitter reads `ls > out a b` as a redirect
 * to three destinations; bash redirects to `out` and passes `a b` to ls as arguments.
 */
export function redirectTarget(node: Node): { target: Node[]; extras: Node[][] } {
  const groups: Node[][] = [];
  const text = node.text;
  const base = node.startIndex;
  let last: Node | null = null;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child || !child.isNamed || node.fieldNameForChild(i) === 'descriptor' || child.type === 'comment')
      continue;
    const prev = groups[groups.length - 1];
    if (last && prev && joined(text.slice(last.endIndex - base, child.startIndex - base))) prev.push(child);
    else groups.push([child]);
    last = child;
  }
  const [target = [], ...extras] = groups;
  return { target, extras };
}

/** The argument words hidden in a list of redirect nodes (see redirectTarget). */
export function redirectExtras(redirects: readonly Node[]): Node[][] {
  if (redirects.length === 0) return [];
  const files = redirects.flatMap((r) =>
    r.type === 'heredoc_redirect'
      ? r.namedChildren.filter((c): c is Node => c?.type === 'file_redirect')
      : [r],
  );
  return files.filter((r) => r.type === 'file_redirect').flatMap((r) => redirectTarget(r).extras);
}

export function commandParts(node: Node): CommandParts {
  const parts: CommandParts = { assignments: [], words: [], redirects: [] };
  const text = node.text;
  const base = node.startIndex;
  let last: Node | null = null;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child) continue;
    const field = node.fieldNameForChild(i);
    if (child.type === 'variable_assignment') {
      parts.assignments.push(child);
      last = null;
      continue;
    }
    if (field === 'redirect' || REDIRECTS.has(child.type)) {
      parts.redirects.push(child);
      last = null;
      continue;
    }
    if (child.type === 'comment') continue;
    const wordNode = child.type === 'command_name' ? (child.firstChild ?? child) : child;
    const prev = parts.words[parts.words.length - 1];
    if (last && prev && joined(text.slice(last.endIndex - base, child.startIndex - base)))
      prev.push(wordNode);
    else parts.words.push([wordNode]);
    last = child;
  }
  parts.words.push(...redirectExtras(parts.redirects));
  return parts;
}

/** Nodes of one word as the raw source text they span. */
export function wordRaw(nodes: readonly Node[]): string {
  const first = nodes[0];
  const lastNode = nodes[nodes.length - 1];
  if (!first || !lastNode) return '';
  if (nodes.length === 1) return first.text;
  const parent = first.parent;
  if (parent)
    return parent.text.slice(first.startIndex - parent.startIndex, lastNode.endIndex - parent.startIndex);
  return nodes.map((n) => n.text).join('');
}
