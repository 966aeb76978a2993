/**
 * The output of a command substitution when it is fixed text: `$(echo rm)`, `` `printf rm` ``,
 * and literal text through the decoders pipeText.ts computes (`$(echo cm0g… | base64 -d)`).
 * Lets the analysis see the program of `` `echo rm` -rf ~ `` and the text `eval "$(…)"` runs
 * (the word stays marked dynamic).
 */
import type { SyntaxNode as Node } from './syntaxTree.js';
import type { Word } from '../types.js';
import { commandParts } from './commandParts.js';
import { knownValue, type Segment } from './segments.js';
import { nodeSegments, type WordScope } from './words.js';
import { sourceText, transformText } from './pipeText.js';

const NONE: WordScope = { renderInner: () => '', known: () => undefined };

function staticWord(nodes: readonly Node[]): string | null {
  const segments: Segment[] = [];
  for (const n of nodes) nodeSegments(n, NONE, segments);
  if (segments.some((s) => s.kind === 'lit' && !s.quoted && /[*?[{~]/.test(s.text))) return null;
  return knownValue(segments);
}

/** A command node's words when all are literal, as program and arguments; null otherwise. */
function literalCommand(command: Node | null | undefined): { program: string; args: Word[] } | null {
  if (!command || command.type !== 'command') return null;
  const parts = commandParts(command);
  if (parts.assignments.length > 0 || parts.redirects.length > 0) return null;
  const words: Word[] = [];
  for (const w of parts.words) {
    const value = staticWord(w);
    if (value === null) return null;
    words.push({ raw: value, value, dynamic: [], quoted: false });
  }
  const [program, ...args] = words;
  return program ? { program: program.value, args } : null;
}

export function knownOutput(substitution: Node): string | undefined {
  const named = substitution.namedChildren.filter((n) => n?.type !== 'comment');
  const node = named[0];
  if (named.length !== 1 || !node) return undefined;
  const stages = node.type === 'pipeline' ? node.namedChildren.filter((n) => n?.type !== 'comment') : [node];
  const first = literalCommand(stages[0]);
  let out = first && sourceText(first.program, first.args);
  for (const stage of stages.slice(1)) {
    const cmd = literalCommand(stage);
    out = out && cmd && transformText(cmd.program, cmd.args, out.text);
  }
  // A substitution drops the trailing newlines of what it captures.
  return out ? out.text.replace(/\n+$/, '') : undefined;
}
