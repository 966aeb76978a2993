/**
 * `{rm,-rf,~}`: a brace expansion in command position. bash reads `{` as a reserved word only
 * when a blank follows it, so this is one word that expands to `rm -rf ~` — a known way past
 * filters. tree-sitter reads it as an unfinished group: a parse error (high). The text with each
 * such word written out as its items is a second reading, judged as well; the input stays "not
 * understood", so the reading can only add risk, never allow anything.
 */

/** A brace word at the start of a command: `{a,b,c}` without blanks, quotes or nested braces. */
const BRACE_COMMAND = /(^|[;&|\n(!]|&&|\|\|)(\s*)\{([^{}\s'"`$\\,]*(?:,[^{}\s'"`$\\,]*)+)\}(?=\s|$|[;&|)])/g;

/** The text with every brace word in command position written out, or null when there is none. */
export function braceCommandReading(source: string): string | null {
  let found = false;
  const out = source.replace(BRACE_COMMAND, (_m, before: string, space: string, items: string) => {
    found = true;
    return `${before}${space}${items.split(',').join(' ')}`;
  });
  return found ? out : null;
}
