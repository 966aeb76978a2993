/**
 * The tree-sitter tree copied once into plain objects. Every call on a web-tree-sitter Node crosses
 * into wasm (marshalling the node each time); the analysis reads each node many times, so one
 * iterative copy with a cursor is several times faster. The copy also checks what tree-sitter
 * accepts but bash does not (see problems()).
 */
import type { Node as TsNode, Tree } from 'web-tree-sitter';

export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  /** Field name of each child (same order), e.g. 'name', 'argument', 'redirect'. */
  readonly fields: Array<string | null> = [];
  /** Words resolved from this node onwards (words.ts), kept here instead of in a WeakMap. */
  wordCache: Map<string, unknown> | null = null;
  private named: SyntaxNode[] | null = null;

  constructor(
    readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    /** Widened only when a dropped `-` word is given back to its command (see restoreDash). */
    public endIndex: number,
    readonly parent: SyntaxNode | null,
    readonly id: number,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get childCount(): number {
    return this.children.length;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  /** Built on first use (the copy is complete by then) and shared: callers must not modify it. */
  get namedChildren(): SyntaxNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  fieldNameForChild(i: number): string | null {
    return this.fields[i] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const i = this.fields.indexOf(name);
    return i < 0 ? null : (this.children[i] ?? null);
  }
}

export interface SyntaxCopy {
  root: SyntaxNode;
  /** Deeper than the limit: `root` is incomplete and must not be analysed. */
  tooDeep: boolean;
  /** Where the first problem is: an ERROR/MISSING node or text bash reads differently; -1 if none. */
  problemAt: number;
  /** The missing token, when the problem is one. */
  missing?: string;
}

/** Nodes whose whole range is one piece of text (their children do not tile it). */
const OPAQUE = new Set(['heredoc_body', 'comment']);
/**
 * Text between tokens that bash ignores: blanks and line continuations. Not a carriage return:
 * tree-sitter skips it as blank, bash reads it as part of a word (`ls\r` runs a program named
 * "ls\r"), so a CR between tokens is a command that is not what it looks like.
 */
const IGNORABLE = /^(?:[ \t\n]|\\\n)*$/;
const GLUE_CHECKED = new Set([
  'word',
  'extglob_pattern',
  'simple_expansion',
  'variable_name',
  'special_variable_name',
  'number',
]);

/** An unquoted word cannot hold an unescaped blank: tree-sitter sometimes glues `a\n\\rm` together. */
function glued(type: string, text: string): boolean {
  if (!GLUE_CHECKED.has(type)) return false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\') i++;
    else if (ch === ' ' || ch === '\t' || ch === '\n') return true;
  }
  return false;
}

/**
 * Tokens tree-sitter builds where bash reads something else: a `$` token spanning other text
 * (`-r$`), a heredoc delimiter line with more on it (`EOF&` does not end a heredoc in bash).
 */
function oddToken(node: SyntaxNode): boolean {
  // A lone `$` before a name, digit, brace, paren or special parameter is an expansion to bash.
  if (node.type === '$' && node.parent?.type !== 'simple_expansion')
    return (
      node.endIndex - node.startIndex !== 1 ||
      /^[A-Za-z0-9_{(@*#?$!-]/.test(node.source.charAt(node.endIndex))
    );
  if (node.type === 'heredoc_end') {
    const next = node.source.charAt(node.endIndex);
    return next !== '' && next !== '\n';
  }
  return false;
}

/** `;;` outside a case item: bash refuses it, tree-sitter does not (`ls;;`). */
function misplaced(type: string, parent: SyntaxNode | null): boolean {
  return (type === ';;' || type === ';&' || type === ';;&') && parent?.type !== 'case_item';
}

/** Parents whose children's field names the analysis reads (others are not asked: it costs a call). */
const FIELD_PARENTS = new Set([
  'command',
  'redirected_statement',
  'file_redirect',
  'heredoc_redirect',
  'herestring_redirect',
  'case_item',
  'case_statement',
  'for_statement',
  'select_statement',
  'c_style_for_statement',
  'variable_assignment',
  'if_statement',
  'elif_clause',
  'while_statement',
  'until_statement',
  'function_definition',
]);

/**
 * Named node types that are tokens of tree-sitter-bash (regexes, `token(…)` or external scanner
 * symbols): always leaves, so their children are not asked for (each ask crosses into wasm).
 * Anonymous nodes are tokens too. `word` is not here: one alias makes a word of several tokens.
 */
const TOKENS = new Set([
  'raw_string',
  'ansi_c_string',
  'comment',
  'string_content',
  'heredoc_start',
  'heredoc_end',
  'heredoc_content',
  'file_descriptor',
  'extglob_pattern',
  'test_operator',
]);

/** Whether a node type is named: no type name is both named and anonymous in tree-sitter-bash. */
const NAMED = new Map<string, boolean>();

const NO_CHILDREN: readonly TsNode[] = [];

interface Pending {
  /** null for a word tree-sitter dropped and the copy gives back (a leaf). */
  ts: TsNode | null;
  copy: SyntaxNode;
  depth: number;
}

/** A bare `-` word between a command and its heredoc (blanks around it, nothing else). */
const DROPPED_DASH = /^[ \t]+-[ \t]+$/;

/** One copy in progress (a class, not closures: no per-call function allocation). */
class Copier {
  ids = 0;
  covered = 0;
  problemAt = -1;
  missing: string | undefined;

  /** Where a dropped `-` sits, by the node it belongs to (handed down to the command, see dash()). */
  readonly dashes = new Map<SyntaxNode, number>();

  constructor(
    readonly source: string,
    readonly checkMissing: boolean,
  ) {}

  /**
   * tree-sitter-bash drops a bare `-` written just before a heredoc (`cat - <<EOF`, `python3 - <<'PY'`):
   * the word is in no node. Bash reads it as the last argument of the command the heredoc follows,
   * so the copy gives it back as a `word` of that command (which then ends after it). The body's
   * children are not copied yet: the position is handed down until it reaches the command.
   */
  noteDash(statement: SyntaxNode): void {
    const body = statement.children[0];
    const next = statement.children[1];
    if (!body || !body.isNamed || next?.type !== 'heredoc_redirect') return;
    const gap = this.source.slice(body.endIndex, next.startIndex);
    if (DROPPED_DASH.test(gap)) this.dashes.set(body, body.endIndex + gap.indexOf('-'));
  }

  /** After `node`'s children are copied: the dropped word, if it is this command's (else handed on). */
  dash(node: SyntaxNode): SyntaxNode | null {
    const at = this.dashes.get(node);
    if (at === undefined) return null;
    this.dashes.delete(node);
    if (node.type === 'pipeline' || node.type === 'list') {
      const last = node.children.filter((c) => c.isNamed && c.type !== 'comment').pop();
      if (last) this.dashes.set(last, at);
      return null;
    }
    if (node.type !== 'command') return null;
    const word = new SyntaxNode(this.source, 'word', true, false, at, at + 1, node, this.ids++);
    for (let n: SyntaxNode | null = node; n && n.type !== 'redirected_statement'; n = n.parent)
      n.endIndex = at + 1;
    return word;
  }

  problem(at: number): void {
    if (this.problemAt < 0 || at < this.problemAt) this.problemAt = at;
  }

  cover(start: number, end: number): void {
    if (start > this.covered && !IGNORABLE.test(this.source.slice(this.covered, start)))
      this.problem(this.covered);
    if (end > this.covered) this.covered = end;
  }

  make(node: TsNode, parent: SyntaxNode | null): SyntaxNode {
    const type = node.type;
    let named = NAMED.get(type);
    if (named === undefined) NAMED.set(type, (named = node.isNamed));
    const isMissing = this.checkMissing && node.isMissing;
    const copy = new SyntaxNode(
      this.source,
      type,
      named,
      isMissing,
      node.startIndex,
      node.endIndex,
      parent,
      this.ids++,
    );
    if (type === 'ERROR' || isMissing || misplaced(type, parent) || oddToken(copy)) {
      this.problem(copy.startIndex);
      if (isMissing && this.missing === undefined) this.missing = type;
    }
    return copy;
  }
}

/**
 * Copies the tree (iteratively: input can be 64 KiB of nesting) up to `limit` levels, and finds the
 * first problem: a syntax error, a token bash reads differently, or text no token accounts for
 * (tree-sitter silently drops some, e.g. the `-` of `python3 - <<EOF`).
 */
export function copyTree(tree: Tree, source: string, limit: number): SyntaxCopy {
  const rootTs = tree.rootNode;
  const c = new Copier(source, rootTs.hasError);
  const root = c.make(rootTs, null);
  // Depth-first, children in order (so leaves are seen in document order for the coverage check).
  const stack: Pending[] = [{ ts: rootTs, copy: root, depth: 0 }];
  let tooDeep = false;
  while (stack.length > 0) {
    const { ts, copy, depth } = stack.pop() as Pending;
    if (OPAQUE.has(copy.type)) c.cover(copy.startIndex, copy.endIndex);
    const children = !ts || !copy.isNamed || TOKENS.has(copy.type) ? NO_CHILDREN : ts.children;
    if (children.length === 0) {
      c.cover(copy.startIndex, copy.endIndex);
      if (glued(copy.type, copy.text)) c.problem(copy.startIndex);
      continue;
    }
    if (depth + 1 > limit) {
      tooDeep = true;
      break;
    }
    const fields = FIELD_PARENTS.has(copy.type);
    const from = stack.length;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      const made = c.make(child, copy);
      copy.children.push(made);
      copy.fields.push(fields && ts ? ts.fieldNameForChild(i) : null);
      stack.push({ ts: child, copy: made, depth: depth + 1 });
    }
    if (copy.type === 'redirected_statement') c.noteDash(copy);
    const dash = c.dashes.size > 0 ? c.dash(copy) : null;
    if (dash) {
      copy.children.push(dash);
      copy.fields.push('argument');
      stack.push({ ts: null, copy: dash, depth: depth + 1 });
    }
    // Reverse the pushed children so the first is popped first.
    for (let a = from, b = stack.length - 1; a < b; a++, b--) {
      const t = stack[a] as Pending;
      stack[a] = stack[b] as Pending;
      stack[b] = t;
    }
  }
  if (!tooDeep) c.cover(source.length, source.length);
  const copy: SyntaxCopy = { root, tooDeep, problemAt: c.problemAt };
  if (c.missing !== undefined) copy.missing = c.missing;
  return copy;
}
