/**
 * Text tree-sitter cannot parse though bash runs it, written out as a second reading that is judged
 * as well. The input stays "not understood" (high), so a reading can only add risk, never allow.
 *
 * - `{rm,-rf,~}`: a brace expansion in command position. bash reads `{` as a reserved word only
 *   when a blank follows it, so this is one word that expands to `rm -rf ~` — a known way past
 *   filters; tree-sitter reads it as an unfinished group.
 * - `exec 3<>/dev/tcp/h/p`: the read-write redirection, which the grammar does not know. Read as
 *   `3>/dev/tcp/h/p` (the same socket or file, opened for writing too).
 */

/** A brace word at the start of a command: `{a,b,c}` without blanks, quotes or nested braces. */
const BRACE_COMMAND = /(^|[;&|\n(!]|&&|\|\|)(\s*)\{([^{}\s'"`$\\,]*(?:,[^{}\s'"`$\\,]*)+)\}(?=\s|$|[;&|)])/g;
/** `N<>target` outside quotes (a digit or nothing before it, not part of `<<>`). */
const READ_WRITE = /(^|[\s;&|(])(\d*)<>(?=\S)/g;

/** The text with each construct above written out, or null when there is none. */
export function unparsedReading(source: string): string | null {
  let found = false;
  const out = source
    .replace(BRACE_COMMAND, (_m, before: string, space: string, items: string) => {
      found = true;
      return `${before}${space}${items.split(',').join(' ')}`;
    })
    .replace(READ_WRITE, (_m, before: string, fd: string) => {
      found = true;
      return `${before}${fd}>`;
    });
  return found ? out : null;
}
