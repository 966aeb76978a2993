/**
 * The output of a command substitution when it is fixed text: `$(echo rm)`, `` `printf rm` ``.
 * Lets the analysis see the program of `` `echo rm` -rf ~ `` (the word stays marked dynamic).
 */
import type { SyntaxNode as Node } from './syntaxTree.js';
import { commandParts } from './commandParts.js';
import { knownValue, type Segment } from './segments.js';
import { nodeSegments, type WordScope } from './words.js';

const NONE: WordScope = { renderInner: () => '', known: () => undefined };

function staticWord(nodes: readonly Node[]): string | null {
  const segments: Segment[] = [];
  for (const n of nodes) nodeSegments(n, NONE, segments);
  if (segments.some((s) => s.kind === 'lit' && !s.quoted && /[*?[{~]/.test(s.text))) return null;
  return knownValue(segments);
}

export function knownOutput(substitution: Node): string | undefined {
  const named = substitution.namedChildren.filter((n) => n?.type !== 'comment');
  const command = named[0];
  if (named.length !== 1 || !command || command.type !== 'command') return undefined;
  const parts = commandParts(command);
  if (parts.assignments.length > 0 || parts.redirects.length > 0) return undefined;
  const words: string[] = [];
  for (const w of parts.words) {
    const value = staticWord(w);
    if (value === null) return undefined;
    words.push(value);
  }
  const [program, ...args] = words;
  if (program === 'echo') {
    if (args.some((a) => a.startsWith('-'))) return undefined;
    return args.join(' ');
  }
  if (program === 'printf' && args.length === 1 && args[0] !== undefined && !/[%\\]/.test(args[0])) {
    return args[0].replace(/\n+$/, '');
  }
  return undefined;
}
