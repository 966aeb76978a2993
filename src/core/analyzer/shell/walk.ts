/**
 * Walks a bash syntax tree and records every simple command that can run: lists, pipelines,
 * subshells, groups, substitutions (also in double quotes, assignments, redirect targets and
 * unquoted heredoc bodies), process substitution, if/while/until/for/case, function bodies.
 */
import { parseableText } from './parseWorkarounds.js';
import type { Tree } from 'web-tree-sitter';
import { copyTree, type SyntaxNode as Node } from './syntaxTree.js';
import { redirectExtras } from './commandParts.js';
import {
  buildBare,
  buildCommand,
  buildDeclaration,
  buildSyntax,
  redirectOf,
  wordOf,
} from './buildCommand.js';
import { within, type Extraction, type Frame } from './extraction.js';
import { LIMIT_DEPTH, LIMIT_SIZE, PARSE_ERROR } from './findingCodes.js';
import { SHELL_LIMITS } from './limits.js';
import { unwrapInto } from './unwrap.js';
import { checkAssignment, checkKeywords, describeError } from './syntaxGuards.js';
import { backquoted } from './backquoted.js';
import { rawWord, testWords } from './syntaxWords.js';
import type { SimpleCommand, Word } from '../types.js';

/** Parses `text` and records its commands in `frame` (also used for sh -c, eval, ssh strings). */
export function walkScript(x: Extraction, text: string, frame: Frame): void {
  withTree(x, text, (tree) => walkTree(x, tree, text, frame));
}

/** Parses `text` (within the size limit) and hands the tree to `use`; the tree is freed after. */
export function withTree<T>(x: Extraction, text: string, use: (tree: Tree) => T): T | null {
  if (text.length > SHELL_LIMITS.maxSourceLength) {
    x.find(
      LIMIT_SIZE,
      `the command is longer than ${SHELL_LIMITS.maxSourceLength} characters: not analysed`,
      'high',
      undefined,
      true,
    );
    return null;
  }
  const tree = x.parser.parse(parseableText(text));
  if (!tree) {
    x.find(PARSE_ERROR, 'the command could not be parsed within the time limit', 'high', undefined, true);
    return null;
  }
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

/**
 * Copies the tree, checks its depth and syntax, then walks it. Returns the copy's root, or null
 * when it was too deep to walk.
 */
export function walkTree(x: Extraction, tree: Tree, text: string, frame: Frame): Node | null {
  const copy = copyTree(tree, text, SHELL_LIMITS.maxTreeDepth);
  if (copy.tooDeep) {
    x.find(
      LIMIT_DEPTH,
      `the command nests deeper than ${SHELL_LIMITS.maxTreeDepth} levels: not analysed`,
      'high',
      undefined,
      true,
    );
    return null;
  }
  if (copy.problemAt >= 0)
    x.find(PARSE_ERROR, describeError(text, copy.problemAt, copy.missing), 'high', undefined, true);
  walk(x, copy.root, frame);
  return copy.root;
}

/** The statement a trailing redirect of a list or pipeline belongs to: its last element. */
function lastElement(node: Node): Node {
  let at = node;
  while (at.type === 'list' || at.type === 'pipeline') {
    const kids = named(at);
    const last = kids[kids.length - 1];
    if (!last) break;
    at = last;
  }
  return at;
}

function walk(x: Extraction, node: Node, frame: Frame): void {
  if (x.atLimit()) return;
  const pending = frame.pending;
  if (pending && pending.id === node.id) {
    frame = { ...frame, pending: null };
    if (node.type === 'command') {
      checkKeywords(x, node);
      const cmd = buildCommand(node, frame, pending.extras, pending.redirects);
      unwrapInto(x, cmd, { ...frame, redirects: cmd.redirects }, walkScript);
      walkNested(x, node, frame);
      return;
    }
    frame = { ...frame, redirects: [...frame.redirects, ...pending.redirects] };
  }
  if (frame.depth > SHELL_LIMITS.maxSyntaxDepth) {
    x.find(
      LIMIT_DEPTH,
      `constructs nest deeper than ${SHELL_LIMITS.maxSyntaxDepth} levels: not analysed`,
      'high',
      undefined,
      true,
    );
    return;
  }
  switch (node.type) {
    case 'comment':
      return;
    case 'command':
      checkKeywords(x, node);
      unwrapInto(x, buildCommand(node, frame), frame, walkScript);
      walkNested(x, node, frame);
      return;
    case 'declaration_command':
    case 'unset_command':
      unwrapInto(x, buildDeclaration(node, frame), frame, walkScript);
      walkNested(x, node, frame);
      return;
    case 'variable_assignments':
    case 'variable_assignment': {
      const parts = node.type === 'variable_assignment' ? [node] : named(node);
      for (const a of parts) checkAssignment(x, a);
      const bare = buildBare(node, frame, parts, []);
      if (x.push(bare) !== null && unconditional(node, frame)) x.unconditional.add(bare);
      walkNested(x, node, frame);
      return;
    }
    case 'redirected_statement':
      return redirected(x, node, frame);
    case 'pipeline':
      return pipeline(
        x,
        named(node).map((n) => ({ node: n, frame })),
        frame,
      );
    case 'subshell':
      return walkChildren(x, node, within(frame, 'subshell'));
    case 'compound_statement':
      if (node.child(0)?.type === '((') return syntax(x, node, frame, '((', [rawWord(node)]);
      return walkChildren(x, node, within(frame, 'group'));
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
    case 'until_statement':
      return conditional(x, node, frame);
    case 'for_statement':
    case 'select_statement':
      return forLoop(x, node, frame);
    case 'c_style_for_statement':
      return syntaxThenBody(x, node, frame, 'for', [rawWord(node, node.childForFieldName('body'))]);
    case 'case_statement':
      return caseStatement(x, node, frame);
    case 'function_definition': {
      const body = node.childForFieldName('body');
      const name = node.childForFieldName('name')?.text;
      if (body && name) x.functions.set(name, body.text);
      if (body) walk(x, body, within(frame, 'function-body'));
      return;
    }
    case 'test_command':
      return syntax(x, node, frame, '[[', testWords(node));
    case 'command_substitution':
    case 'process_substitution':
      return substitution(x, node, frame);
    case 'heredoc_redirect':
      return heredoc(x, node, frame);
    default:
      return walkChildren(x, node, frame);
  }
}

/** A statement of the top level of the analysed text itself, run whatever came before it. */
function unconditional(node: Node, frame: Frame): boolean {
  return (
    node.parent?.type === 'program' &&
    frame.placement.length === 0 &&
    frame.wrappers.length === 0 &&
    frame.unwrapDepth === 0 &&
    !frame.heredoc &&
    !backgrounded(node)
  );
}

/** The statement is followed by `&` (runs in the background, in a subshell). */
function backgrounded(node: Node): boolean {
  const siblings = node.parent?.children ?? [];
  return siblings[siblings.indexOf(node) + 1]?.type === '&';
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
}

function walkChildren(x: Extraction, node: Node, frame: Frame): void {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child || !child.isNamed) continue;
    const background = node.child(i + 1)?.type === '&';
    walk(x, child, background ? { ...frame, placement: [...frame.placement, 'background'] } : frame);
  }
}

/** A word node (or anything holding words): the substitutions and heredocs in it, itself included. */
function walkWord(x: Extraction, node: Node, frame: Frame): void {
  if (node.type === 'command_substitution' || node.type === 'process_substitution')
    substitution(x, node, frame);
  else if (node.type === 'heredoc_redirect') heredoc(x, node, frame);
  else walkNested(x, node, frame);
}

/** Only what runs inside a command's words, assignments and redirects: substitutions, heredocs. */
function walkNested(x: Extraction, node: Node, frame: Frame): void {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child || !child.isNamed) continue;
    if (child.type === 'command_substitution' || child.type === 'process_substitution')
      substitution(x, child, frame);
    else if (child.type === 'heredoc_redirect') heredoc(x, child, frame);
    else walkNested(x, child, frame);
  }
}

function substitution(x: Extraction, node: Node, frame: Frame): void {
  const placement =
    node.type === 'process_substitution'
      ? 'process-substitution'
      : frame.heredoc
        ? 'heredoc-substitution'
        : 'command-substitution';
  const open = node.child(0)?.type;
  if (open !== '$(' && open !== '`' && open !== '<(' && open !== '>(') {
    x.find(PARSE_ERROR, `an unusual substitution (${open ?? '?'}) is not analysed`, 'high', undefined, true);
  }
  if (open === '`' && node.text.slice(1, -1).includes('\\`')) {
    x.find(PARSE_ERROR, 'nested backquotes are not analysed: use $( … ) instead', 'high', undefined, true);
  }
  const inner = within(frame, placement, { pipeline: null, redirects: [], heredoc: false });
  const kids = named(node);
  const redirectsOnly = kids.length > 0 && kids.every((k) => k.type === 'file_redirect');
  if (redirectsOnly) {
    // $(< file): reads a file, runs nothing.
    x.push(buildBare(node, inner, [], kids));
    return;
  }
  walkChildren(x, node, inner);
}

function redirected(x: Extraction, node: Node, frame: Frame): void {
  const body = node.childForFieldName('body');
  const redirectNodes: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (
      child &&
      child.isNamed &&
      child !== body &&
      node.fieldNameForChild(i) !== 'body' &&
      child.type !== 'comment'
    ) {
      redirectNodes.push(child);
    }
  }
  const redirects = redirectNodes.flatMap(redirectOf);
  const withRedirects: Frame = { ...frame, redirects: [...frame.redirects, ...redirects] };
  // tree-sitter puts what follows `cat <<EOF` on its line (`| sh`, `&& x`) inside the heredoc node.
  const continuation = redirectNodes.flatMap((r) =>
    r.type === 'heredoc_redirect' ? named(r).filter((c, i) => isContinuation(r, c, i)) : [],
  );
  const pipe = continuation.find((c) => c.type === 'pipeline');
  const extras = redirectExtras(redirectNodes);
  const last = body && (body.type === 'list' || body.type === 'pipeline') && !pipe ? lastElement(body) : null;
  if (last) {
    // tree-sitter hangs `a && b > f` and `a | b > f` on the whole list; bash redirects only b.
    if (extras.length > 0 && last.type !== 'command') {
      x.find(
        PARSE_ERROR,
        `bash syntax error: words after a redirect of a compound command (${node.text.slice(0, 40)})`,
        'high',
        undefined,
        true,
      );
    }
    walk(x, body as Node, { ...frame, pending: { id: last.id, redirects, extras } });
  } else if (extras.length > 0 && (body?.type !== 'command' || pipe)) {
    x.find(
      PARSE_ERROR,
      `bash syntax error: words after a redirect of a compound command (${node.text.slice(0, 40)})`,
      'high',
      undefined,
      true,
    );
  }
  if (last) {
    // walked above
  } else if (body && body.type === 'command' && !pipe) {
    unwrapInto(x, buildCommand(body, frame, extras, redirects), withRedirects, walkScript);
    walkNested(x, body, frame);
  } else if (body && pipe) {
    const stages = [{ node: body, frame: withRedirects }, ...named(pipe).map((n) => ({ node: n, frame }))];
    pipeline(x, stages, frame);
  } else if (body) walk(x, body, withRedirects);
  else x.push(buildBare(node, frame, [], redirectNodes));
  for (const r of redirectNodes) {
    if (r.type === 'heredoc_redirect') heredoc(x, r, frame);
    else walkWord(x, r, frame);
  }
  for (const c of continuation) if (c !== pipe) walk(x, c, frame);
}

function isContinuation(redirect: Node, child: Node, _i: number): boolean {
  if (
    ['heredoc_start', 'heredoc_body', 'heredoc_end', 'file_redirect', 'herestring_redirect'].includes(
      child.type,
    )
  )
    return false;
  for (let i = 0; i < redirect.childCount; i++) {
    if (redirect.child(i)?.id === child.id) return redirect.fieldNameForChild(i) !== 'redirect';
  }
  return true;
}

function pipeline(x: Extraction, stages: Array<{ node: Node; frame: Frame }>, frame: Frame): void {
  const upstream: Array<string | null> = [];
  const id = x.pipelines++;
  let previous: NonNullable<SimpleCommand['pipeline']> | null = null;
  stages.forEach((stage, index) => {
    const info: NonNullable<SimpleCommand['pipeline']> = {
      index,
      length: stages.length,
      upstream: [...upstream],
      id,
    };
    const before = x.commands.length;
    walk(x, stage.node, within(stage.frame, 'pipeline', { pipeline: info, depth: frame.depth + 1 }));
    const first = x.commands.slice(before).find((c) => c.pipeline === info);
    upstream.push(first ? first.program : null);
    // The stage before learns where its output goes (shared by its commands, set once walked).
    if (previous) previous.downstream = first ? first.program : null;
    previous = info;
  });
}

function heredoc(x: Extraction, node: Node, frame: Frame): void {
  const start = node.children.find((c) => c?.type === 'heredoc_start');
  const body = node.children.find((c) => c?.type === 'heredoc_body');
  const end = node.children.find((c) => c.type === 'heredoc_end');
  if (!start || !end || end.text !== start.text.replace(/['"\\]/g, '')) {
    x.find(PARSE_ERROR, 'a heredoc is not terminated by its delimiter line', 'high', undefined, true);
  }
  if (!body || !start || /['"\\]/.test(start.text)) return;
  const inHeredoc: Frame = { ...frame, heredoc: true };
  walkNested(x, body, inHeredoc);
  // tree-sitter leaves `…` in heredoc bodies as text: read the text outside parsed expansions.
  let text = body.text;
  for (const part of body.namedChildren) {
    if (!part || part.type === 'heredoc_content') continue;
    const from = part.startIndex - body.startIndex;
    const to = part.endIndex - body.startIndex;
    text = text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
  }
  for (const inner of backquoted(text)) {
    walkScript(
      x,
      inner,
      within(frame, 'heredoc-substitution', { pipeline: null, redirects: [], span: spanOf(node, frame) }),
    );
  }
}

function spanOf(node: Node, frame: Frame): { start: number; end: number } {
  return frame.span ?? { start: frame.offset + node.startIndex, end: frame.offset + node.endIndex };
}

function conditional(x: Extraction, node: Node, frame: Frame): void {
  let inCondition = node.type !== 'else_clause';
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child) continue;
    if (!child.isNamed) {
      if (child.type === 'then' || child.type === 'do') inCondition = false;
      continue;
    }
    if (child.type === 'do_group') {
      const body = within(frame, 'loop-body');
      walkChildren(x, child, endlessLoop(node, child) ? within(body, 'endless-loop-body') : body);
    } else if (child.type === 'elif_clause' || child.type === 'else_clause') walk(x, child, frame);
    else if (inCondition || node.fieldNameForChild(i) === 'condition')
      walk(x, child, within(frame, 'condition'));
    else walk(x, child, frame);
  }
}

/** Conditions that always hold (`while true`, `while :`, `while [ 1 ]`) or never (`until false`). */
const ALWAYS = /^(true|:|\[ 1 \]|\(\( ?1 ?\)\))$/;
const NEVER = /^(false|\[ \]|\(\( ?0 ?\)\))$/;
/** Commands that leave a loop or the shell. */
const LEAVE = new Set(['break', 'exit', 'return', 'exec', 'kill']);

/** A while/until loop that runs until something outside stops it: its condition is fixed and its body never leaves. */
function endlessLoop(node: Node, body: Node): boolean {
  if (node.type !== 'while_statement' && node.type !== 'until_statement') return false;
  // tree-sitter-bash parses `until` as a while_statement whose first token is `until`.
  const until = node.type === 'until_statement' || node.child(0)?.type === 'until';
  const condition = node.childForFieldName('condition') ?? named(node).find((n) => n !== body) ?? null;
  const test = condition?.text.trim().replace(/;$/, '').trim() ?? '';
  if (!(until ? NEVER : ALWAYS).test(test)) return false;
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === 'command' && LEAVE.has(n.childForFieldName('name')?.text ?? '')) return false;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return true;
}

function forLoop(x: Extraction, node: Node, frame: Frame): void {
  const words: Word[] = [];
  const variable = node.childForFieldName('variable');
  if (variable) words.push(wordOf([variable], 'argument').word);
  let hasIn = false;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child?.type === 'in') hasIn = true;
    if (child && node.fieldNameForChild(i) === 'value') words.push(wordOf([child], 'argument').word);
  }
  if (hasIn) words.splice(1, 0, { raw: 'in', value: 'in', dynamic: [], quoted: false, canonical: 'in' });
  const keyword = node.child(0)?.type === 'select' ? 'select' : 'for';
  const body = node.childForFieldName('body');
  syntaxThenBody(x, node, frame, keyword, words);
  if (body) walkChildren(x, body, within(frame, 'loop-body'));
}

function syntaxThenBody(x: Extraction, node: Node, frame: Frame, keyword: string, words: Word[]): void {
  x.push(buildSyntax(node, frame, keyword, words));
  const body = node.childForFieldName('body');
  for (const child of named(node)) {
    if (child === body || child.id === body?.id) continue;
    walkWord(x, child, frame);
  }
  if (body && keyword === 'for' && node.type === 'c_style_for_statement')
    walkChildren(x, body, within(frame, 'loop-body'));
}

function syntax(x: Extraction, node: Node, frame: Frame, keyword: string, words: Word[]): void {
  x.push(buildSyntax(node, frame, keyword, words));
  walkNested(x, node, frame);
}

function caseStatement(x: Extraction, node: Node, frame: Frame): void {
  for (const child of named(node)) {
    if (child.type === 'case_item') {
      const body = within(frame, 'case-body');
      for (let i = 0; i < child.childCount; i++) {
        const part = child.child(i);
        if (!part || !part.isNamed) continue;
        if (child.fieldNameForChild(i) === 'value') walkWord(x, part, frame);
        else walk(x, part, body);
      }
    } else walkWord(x, child, frame);
  }
}
