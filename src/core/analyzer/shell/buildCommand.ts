/** Builds the contract's SimpleCommand (before unwrapping) from a tree-sitter command node. */
import type { SyntaxNode as Node } from './syntaxTree.js';
import type { Redirect, SimpleCommand, Word } from '../types.js';
import { expandBraces } from './braces.js';
import { wordScope } from './canonical.js';
import { commandParts, redirectTarget, wordRaw } from './commandParts.js';
import type { Frame } from './extraction.js';
import { SHELL_LIMITS } from './limits.js';
import type { Segment } from './segments.js';
import {
  nodeSegments,
  nodesSegments,
  resolveWord,
  wordFromSegments,
  type ResolvedWord,
  type WordFacts,
} from './words.js';

export function segmentsOf(nodes: readonly Node[]): Segment[] {
  const segments: Segment[] = [];
  nodesSegments(nodes, wordScope, segments);
  return segments;
}

export function wordOf(nodes: readonly Node[], position: 'program' | 'argument' | 'assignment'): WordFacts {
  return resolveWord(nodes, position, wordScope, wordRaw(nodes)).facts;
}

/** `NAME=value` / `NAME+=value` as the name and the value Word (`+=` reads as `${NAME}value`). */
export function assignmentOf(node: Node): { name: string; value: Word } {
  const nameNode = node.childForFieldName('name');
  const valueNode = node.childForFieldName('value');
  const name = nameNode?.text ?? '';
  const append = node.children.some((c) => c?.type === '+=');
  const segments: Segment[] = [];
  if (append)
    segments.push({
      kind: 'dyn',
      raw: `\${${name}}`,
      canonical: `\${${name}}`,
      inDq: false,
      dynamic: 'parameter',
    });
  if (valueNode) nodeSegments(valueNode, wordScope, segments);
  const raw = valueNode ? valueNode.text : '';
  return { name, value: wordFromSegments(segments, append ? '+=' + raw : raw, 'assignment').word };
}

/** An assignment used as an argument (`export A=1`): one word `A=1`. */
function assignmentWord(node: Node): Word {
  const { name, value } = assignmentOf(node);
  const segments: Segment[] = [{ kind: 'lit', text: name + '=', quoted: false }];
  const valueNode = node.childForFieldName('value');
  if (valueNode) nodeSegments(valueNode, wordScope, segments);
  const facts = wordFromSegments(segments, node.text, 'assignment').word;
  return { ...facts, dynamic: value.dynamic };
}

export function programOf(word: Word | undefined, known: string | null): string | null {
  if (!word) return null;
  let value: string;
  if (word.dynamic.length === 0 || (word.dynamic.length === 1 && word.dynamic[0] === 'brace'))
    value = word.value;
  else if (known !== null && word.dynamic.every((d) => d === 'command-substitution')) value = known;
  else return null;
  const base = value.slice(value.lastIndexOf('/') + 1);
  return base === '' ? null : programName(base);
}

/**
 * The name rules look a program up by: lower case, without a Windows `.exe` suffix. Where the
 * file system ignores case (macOS, Windows) `RM` and `rm.exe` run rm; elsewhere reading them as rm
 * can only make the judgement stricter.
 */
export function programName(base: string): string {
  const lower = base.toLowerCase();
  return lower.endsWith('.exe') && lower.length > 4 ? lower.slice(0, -4) : lower;
}

/**
 * A program named with capitals (`GIT CHECKOUT -- f`) only runs where names ignore case, and there
 * its subcommands are read as the lower-case words the rules know: word-only arguments of such a
 * command are folded (options and paths keep their case — `-F` is not `-f`).
 */
export function foldCommandCase(argv: Word[]): Word[] {
  const first = argv[0];
  if (
    !first ||
    first.dynamic.length > 0 ||
    !/[A-Z]/.test(first.value.slice(first.value.lastIndexOf('/') + 1))
  )
    return argv;
  return argv.map((w, i) =>
    i > 0 && w.dynamic.length === 0 && /^[A-Za-z][A-Za-z_-]*$/.test(w.value) && /[A-Z]/.test(w.value)
      ? { ...w, value: w.value.toLowerCase(), canonical: w.value.toLowerCase() }
      : w,
  );
}

export function redirectOf(node: Node): Redirect[] {
  if (node.type === 'heredoc_redirect') {
    let op = '<<';
    let body = '';
    let quoted = false;
    let target: Word = { raw: '', value: '', dynamic: [], quoted: false, canonical: "''" };
    const nested: Redirect[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      if (child.type === '<<' || child.type === '<<-') op = child.type;
      else if (child.type === 'heredoc_start') {
        target = wordOf([child], 'argument').word;
        quoted = /['"\\]/.test(child.text);
      } else if (child.type === 'heredoc_body') body = child.text;
      else if (node.fieldNameForChild(i) === 'redirect') nested.push(...redirectOf(child));
    }
    if (op === '<<-') body = body.replace(/^\t+/gm, '');
    return [{ op, fd: null, target, heredoc: { body, quoted } }, ...nested];
  }
  let op = '';
  let fd: number | null = null;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child) continue;
    const field = node.fieldNameForChild(i);
    if (field === 'descriptor') fd = Number.parseInt(child.text, 10);
    else if (!child.isNamed) op += child.type;
  }
  const targets =
    node.type === 'file_redirect'
      ? redirectTarget(node).target
      : node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'file_descriptor');
  const target = targets.length > 0 ? wordOf(targets, 'argument').word : wordOf([], 'argument').word;
  return [{ op, fd: Number.isNaN(fd) ? null : fd, target }];
}

function spanOf(node: Node, frame: Frame): { start: number; end: number } {
  return frame.span ?? { start: frame.offset + node.startIndex, end: frame.offset + node.endIndex };
}

function base(
  node: Node,
  frame: Frame,
): Omit<SimpleCommand, 'argv' | 'program' | 'assignments' | 'redirects'> {
  return {
    wrappers: frame.wrappers,
    placement: frame.placement.length > 0 ? frame.placement : ['top'],
    pipeline: frame.pipeline,
    span: spanOf(node, frame),
  };
}

/** argv with brace expressions expanded (`r{m,}` → rm r); continuation words get an empty canonical. */
function expandArgv(resolved: ResolvedWord[]): { argv: Word[]; known: string | null } {
  const argv: Word[] = [];
  let program: string | undefined;
  for (const { facts: f, segments } of resolved) {
    const w = f.word;
    // Braces expand first; a tilde or glob in the word (`~/{,.}*`) applies to each result after.
    if (
      w.dynamic.includes('brace') &&
      w.dynamic.every((d) => d === 'brace' || d === 'tilde' || d === 'glob')
    ) {
      const words = expandBraces(segments, SHELL_LIMITS.maxBraceWords);
      if (words && words.length > 0) {
        words.forEach((value, i) => {
          const dynamic = w.dynamic.filter(
            (d) =>
              d === 'brace' ||
              (d === 'tilde' && value.startsWith('~')) ||
              (d === 'glob' && /[*?[]/.test(value)),
          );
          argv.push({ ...w, value, dynamic, canonical: i === 0 ? w.canonical : '' });
        });
        continue;
      }
    }
    // `$(echo rm -rf /)` as the program: its known output splits into the program and its words.
    const fields = argv.length === 0 ? splitKnownProgram(w) : null;
    if (fields) {
      argv.push({ ...w, value: fields[0] as string }, ...fields.slice(1).map(literalField));
      program = fields[0] as string;
      continue;
    }
    argv.push(w);
  }
  return { argv, known: program ?? resolved[0]?.facts.known ?? null };
}

/** The fields an unquoted program substitution with known output splits into (two or more, no globs). */
function splitKnownProgram(w: Word): readonly string[] | null {
  if (w.knownFields === undefined || !w.dynamic.every((d) => d === 'command-substitution')) return null;
  const fields = w.knownFields;
  return fields.length > 1 && fields.every((f) => f !== '' && !/[*?[]/.test(f)) ? fields : null;
}

function literalField(value: string): Word {
  return {
    raw: value,
    value,
    dynamic: value.startsWith('~') ? ['tilde'] : [],
    quoted: false,
    canonical: value,
  };
}

/** `extra`: words tree-sitter put after a redirect of the enclosing statement (`ls > out -a`). */
/**
 * `after`: redirects of the statement around this command (`cmd >a` parses as a redirected
 * statement). Order as bash applies them: enclosing constructs first, then the command's own.
 */
export function buildCommand(
  node: Node,
  frame: Frame,
  extra: Node[][] = [],
  after: Redirect[] = [],
): SimpleCommand {
  const parts = commandParts(node);
  parts.words.push(...extra);
  const resolved = parts.words.map((w, i) =>
    resolveWord(w, i === 0 ? 'program' : 'argument', wordScope, wordRaw(w)),
  );
  const expanded = expandArgv(resolved);
  const known = expanded.known;
  const argv = foldCommandCase(expanded.argv);
  return {
    argv,
    program: programOf(argv[0], known),
    assignments: [...frame.assignments, ...parts.assignments.map(assignmentOf)],
    redirects: [...frame.redirects, ...parts.redirects.flatMap(redirectOf), ...after],
    ...base(node, frame),
  };
}

/** export/local/declare/readonly/typeset/unset: the keyword and its words. */
export function buildDeclaration(node: Node, frame: Frame): SimpleCommand {
  const argv: Word[] = [];
  const redirects: Redirect[] = [...frame.redirects];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child || child.type === 'comment') continue;
    if (!child.isNamed) argv.push(wordOf([child], argv.length === 0 ? 'program' : 'argument').word);
    else if (child.type === 'variable_assignment') argv.push(assignmentWord(child));
    else if (child.type.endsWith('redirect')) redirects.push(...redirectOf(child));
    else argv.push(wordOf([child], 'argument').word);
  }
  return {
    argv,
    program: argv[0]?.value ?? null,
    assignments: [...frame.assignments],
    redirects,
    ...base(node, frame),
  };
}

/** `X=1 Y=2` alone, `> f` alone, `$(< f)`: no program, only assignments and redirects. */
export function buildBare(node: Node, frame: Frame, assignments: Node[], redirects: Node[]): SimpleCommand {
  return {
    argv: [],
    program: null,
    assignments: [...frame.assignments, ...assignments.map(assignmentOf)],
    redirects: [...frame.redirects, ...redirects.flatMap(redirectOf)],
    ...base(node, frame),
  };
}

/** A pseudo-command for syntax that evaluates words: `for x in …`, `[[ … ]]`, `(( … ))`. */
export function buildSyntax(node: Node, frame: Frame, keyword: string, words: Word[]): SimpleCommand {
  const program: Word = { raw: keyword, value: keyword, dynamic: [], quoted: false, canonical: keyword };
  return {
    argv: [program, ...words],
    program: keyword,
    assignments: [...frame.assignments],
    redirects: [...frame.redirects],
    ...base(node, frame),
  };
}
