/**
 * Loops that never end: `while True:` (Python), `while (true)` / `for (;;)` (JavaScript) whose
 * body holds nothing that leaves it (break, return, raise/throw, exit). What such a loop does
 * once, it does until someone stops it: opening files exhausts descriptors, appending fills the
 * disk, spawning fills the process table. The shell's own endless loops are found in shell/walk.ts.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeAction } from './types.js';
import { shorten } from './types.js';
import { walkNodes } from './scope.js';

interface Grammar {
  /** Loop node types, and how to tell that a loop's condition always holds. */
  always(n: Node): boolean;
  /** Node types that leave the loop or the program. */
  leaves: ReadonlySet<string>;
  /** Calls that end the program (`sys.exit()`, `process.exit()`). */
  exits: RegExp;
  call: string;
}

const PYTHON: Grammar = {
  always(n) {
    if (n.type !== 'while_statement') return false;
    const c = n.childForFieldName('condition');
    return c !== null && (c.type === 'true' || (c.type === 'integer' && !/^0+$/.test(c.text)));
  },
  leaves: new Set(['break_statement', 'return_statement', 'raise_statement']),
  exits: /^(sys\.exit|exit|quit|os\._exit|os\.abort)$/,
  call: 'call',
};

const JAVASCRIPT: Grammar = {
  always(n) {
    if (n.type === 'while_statement' || n.type === 'do_statement') {
      const c = n.childForFieldName('condition');
      const inner = c?.type === 'parenthesized_expression' ? c.namedChild(0) : c;
      return (
        inner !== null &&
        inner !== undefined &&
        (inner.type === 'true' || (inner.type === 'number' && !/^0+$/.test(inner.text)))
      );
    }
    if (n.type === 'for_statement') {
      const c = n.childForFieldName('condition');
      return c === null || c.type === 'empty_statement' || c.text.trim() === ';';
    }
    return false;
  },
  leaves: new Set(['break_statement', 'return_statement', 'throw_statement']),
  exits: /^(process\.exit|process\.abort|process\.kill)$/,
  call: 'call_expression',
};

function leaves(body: Node, g: Grammar): boolean {
  let found = false;
  walkNodes(body, (n) => {
    if (found) return false;
    if (g.leaves.has(n.type)) found = true;
    else if (n.type === g.call) {
      const f = n.childForFieldName('function');
      if (f && g.exits.test(f.text)) found = true;
    }
    return !found;
  });
  return found;
}

function endless(root: Node, g: Grammar): CodeAction[] {
  const out: CodeAction[] = [];
  walkNodes(root, (n) => {
    if (!g.always(n)) return true;
    const body = n.childForFieldName('body');
    if (body && !leaves(body, g)) out.push({ kind: 'endless', call: shorten(n.text) });
    return true;
  });
  return out;
}

export const pythonEndlessLoops = (root: Node): CodeAction[] => endless(root, PYTHON);
export const javascriptEndlessLoops = (root: Node): CodeAction[] => endless(root, JAVASCRIPT);
