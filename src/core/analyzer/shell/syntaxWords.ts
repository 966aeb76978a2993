/** Words of the pseudo-commands for syntax that evaluates words: `[[ … ]]`, `(( … ))`, `for (( … ))`. */
import type { Word } from '../types.js';
import { wordOf } from './buildCommand.js';
import type { SyntaxNode as Node } from './syntaxTree.js';

/** The words of `[[ … ]]` in order (operators included), for rules and display. */
export function testWords(node: Node): Word[] {
  const out: Word[] = [];
  const visit = (n: Node): void => {
    if (n.type === '[[' || n.type === ']]') return;
    if (!n.isNamed) out.push({ raw: n.type, value: n.type, dynamic: [], quoted: false, canonical: n.type });
    else if (/expression$/.test(n.type)) {
      for (const c of n.children) if (c) visit(c);
    } else out.push(wordOf([n], 'argument').word);
  };
  for (const c of node.children) if (c) visit(c);
  out.push({ raw: ']]', value: ']]', dynamic: [], quoted: false, canonical: ']]' });
  return out;
}

/** The node's text (up to `until`) as one word marked arithmetic: `(( … ))`, `for (( … ))`. */
export function rawWord(node: Node, until?: Node | null): Word {
  const text = until ? node.text.slice(0, until.startIndex - node.startIndex).trim() : node.text;
  return { raw: text, value: text, dynamic: ['arithmetic'], quoted: false, canonical: text };
}
