/**
 * Input that tree-sitter accepts but bash reads differently (or refuses): such input is reported as
 * a parse error, so it is never auto-allowed.
 */
import type { Extraction } from './extraction.js';
import { PARSE_ERROR } from './findingCodes.js';
import type { SyntaxNode as Node } from './syntaxTree.js';

/** A short description of where a syntax error is, for a person. */
export function describeError(source: string, at: number, missing?: string): string {
  const near = source.slice(Math.max(0, at - 10), at + 20).replace(/\s+/g, ' ');
  const what = missing !== undefined ? `missing \`${missing}\`` : 'unexpected text';
  return `bash syntax error (${what}) at offset ${at}, near "${near}": the command cannot be fully understood`;
}

/** Unquoted words bash would read as syntax here; tree-sitter sometimes makes commands of them. */
const KEYWORDS = new Set(['{', '}', 'then', 'fi', 'do', 'done', 'esac', 'elif', 'else', 'in']);

/** `time { …; }`, `coproc { …; }`: tree-sitter reads `{` as an argument and `}` as a command. */
export function checkKeywords(x: Extraction, node: Node): void {
  const words = node.children.filter((c) => c.type === 'command_name' || (c.isNamed && c.type === 'word'));
  const name = words[0]?.type === 'command_name' ? words[0].firstChild : words[0];
  const first = words[1];
  const keyword =
    (name?.type === 'word' && KEYWORDS.has(name.text)) ||
    (['time', 'coproc', '!'].includes(name?.text ?? '') &&
      first?.type === 'word' &&
      ['{', '(', '[[', '(('].includes(first.text));
  if (keyword) {
    x.find(
      PARSE_ERROR,
      `bash syntax that the analysis cannot follow near "${node.text.slice(0, 40)}"`,
      'high',
      undefined,
      true,
    );
  }
}

/** `--format=x` alone on a line is a command to bash, an assignment to tree-sitter. */
export function checkAssignment(x: Extraction, node: Node): void {
  const name = node.childForFieldName('name');
  const valid = name?.type === 'subscript' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(name?.text ?? '');
  if (!valid)
    x.find(
      PARSE_ERROR,
      `bash syntax that the analysis cannot follow near "${node.text.slice(0, 40)}"`,
      'high',
      undefined,
      true,
    );
}
