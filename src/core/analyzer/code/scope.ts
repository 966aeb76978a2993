/** Names in a piece of code (imports and simple assignments) and a bounded walk of its tree. */
import type { Node } from 'web-tree-sitter';

/** Nodes visited in one piece of code at most (a 64 KiB script has far fewer). */
const MAX_NODES = 200_000;

/**
 * Visits every node depth-first; `visit` returns false to skip a node's children. Returns false when
 * the code is larger than the bound (the caller then treats it as not understood).
 */
export function walkNodes(root: Node, visit: (n: Node) => boolean): boolean {
  const stack: Node[] = [root];
  let seen = 0;
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (++seen > MAX_NODES) return false;
    if (!visit(n)) continue;
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Node);
  }
  return true;
}

/**
 * Imports bind a local name to a qualified one (`import numpy as np` → np = numpy); a name assigned
 * exactly once keeps its expression (so `p = 'build'; shutil.rmtree(p)` is known); a name assigned
 * more than once, in a loop, or by unpacking is unknown.
 */
export class ScopeNames {
  private readonly bound = new Map<string, string>();
  private readonly assigned = new Map<string, Node | null>();

  bind(local: string, qualified: string): void {
    this.bound.set(local, qualified);
  }

  binding(local: string): string | undefined {
    return this.bound.get(local);
  }

  /** Whether a qualified name starts with something the code imported (not a local function). */
  rooted(qualified: string): boolean {
    const root = qualified.split('.')[0] ?? '';
    for (const q of this.bound.values()) if ((q.split('.')[0] ?? '') === root) return true;
    return false;
  }

  assign(name: string, value: Node | null, always = false): void {
    if (always || this.assigned.has(name)) this.assigned.set(name, null);
    else this.assigned.set(name, value);
  }

  value(name: string): Node | null {
    return this.assigned.get(name) ?? null;
  }
}
