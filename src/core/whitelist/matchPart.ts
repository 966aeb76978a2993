/** Whether one compiled pattern part matches one command of an analysis. */
import type { SimpleCommand, Word } from '../analyzer/types.js';
import { wordText } from '../analyzer/shell/commandText.js';
import type { ArgMatcher, CompiledPart } from './compile.js';

/** The words a command was written with (brace-expansion continuations are part of the first). */
export function sourceArgs(cmd: SimpleCommand): Word[] {
  return cmd.argv.slice(1).filter((w) => w.canonical !== '');
}

function isStatic(w: Word): boolean {
  return w.dynamic.length === 0;
}

/**
 * Allow: a wildcard matches only static words (`*` also no option-like word starting with `-`);
 * a literal matches the same canonical word. Deny: wildcards also match dynamic words, and a
 * literal matches the same value however it is quoted.
 */
function argMatches(m: ArgMatcher, w: Word, deny: boolean): boolean {
  switch (m.kind) {
    case 'word':
      return wordText(w) === m.text || (deny && isStatic(w) && w.value === m.value);
    case 'any':
      return deny || (isStatic(w) && !w.value.startsWith('-'));
    default:
      return deny && !isStatic(w) ? true : isStatic(w) && m.re.test(w.value);
  }
}

export function argsMatch(part: CompiledPart, args: readonly Word[], deny: boolean): boolean {
  if (args.length < part.args.length) return false;
  if (!part.rest && args.length !== part.args.length) return false;
  for (let i = 0; i < part.args.length; i++) {
    const m = part.args[i];
    const w = args[i];
    if (!m || !w || !argMatches(m, w, deny)) return false;
  }
  if (part.rest && !deny) return args.slice(part.args.length).every(isStatic);
  return true;
}
