/**
 * Text handed to tree-sitter-bash where its grammar rejects what bash accepts. Each change keeps
 * every character's position (one character for one), and the tree is copied with the original
 * text (syntaxTree.ts copyTree reads node text from the source it is given), so the analysis reads
 * what was written.
 *
 * - A line that starts with a backslash before a letter, digit or plain punctuation (`\rm -rf x` after a newline, a
 *   heredoc body such as psql's `\dt`): the grammar's scanner fails on it. For the parse the
 *   backslash becomes the letter `x`, which starts a word or a body line just as `\r` does (bash
 *   reads `\r` as `r` in a word, and keeps `\d` in a heredoc body as written); the node then spans
 *   the same characters, read from the original text.
 */
const LINE_START_ESCAPE = /\n\\(?=[A-Za-z0-9!._/@%+=:,-])/g;

export function parseableText(text: string): string {
  if (!text.includes('\n\\')) return text;
  return text.replace(LINE_START_ESCAPE, '\nx');
}
