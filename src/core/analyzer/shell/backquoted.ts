/** Command substitutions in backquotes inside heredoc text, which tree-sitter leaves as text. */

/** The scripts inside `…` in heredoc text (tree-sitter leaves them as plain text). */
export function backquoted(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch !== '`') {
      i++;
      continue;
    }
    let j = i + 1;
    let inner = '';
    while (j < text.length && text.charAt(j) !== '`') {
      if (text.charAt(j) === '\\' && /[\\`$]/.test(text.charAt(j + 1))) {
        inner += text.charAt(j + 1);
        j += 2;
        continue;
      }
      inner += text.charAt(j);
      j++;
    }
    out.push(inner);
    i = j + 1;
  }
  return out;
}
