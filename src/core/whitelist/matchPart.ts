/** Whether one compiled pattern part matches one command of an analysis. */
import type { SimpleCommand, Word } from '../analyzer/types.js';
import { wordText } from '../analyzer/shell/commandText.js';
import type { ArgMatcher, CompiledPart } from './compile.js';
import { slotAccepts, slotShapeAccepts, type SlotContext } from './slots.js';

/** The words a command was written with (brace-expansion continuations are part of the first). */
export function sourceArgs(cmd: SimpleCommand): Word[] {
  return cmd.argv.slice(1).filter((w) => w.canonical !== '');
}

function isStatic(w: Word): boolean {
  return w.dynamic.length === 0;
}

/** Each typed slot's text is of its type (allow: in this context; deny: by its shape alone). */
function slotsMatch(
  m: Extract<ArgMatcher, { kind: 'slots' }>,
  w: Word,
  deny: boolean,
  ctx: SlotContext,
): boolean {
  const found = m.re.exec(w.value);
  if (!found) return false;
  return m.slots.every((type, i) => {
    const text = found[i + 1] ?? '';
    return deny ? slotShapeAccepts(type, text) : slotAccepts(type, text, ctx);
  });
}

/**
 * Allow: a wildcard matches only static words (`*` also no option-like word starting with `-`);
 * a literal matches the same canonical word; a typed slot only a value of its type. Deny:
 * wildcards also match dynamic words, and a literal matches the same value however it is quoted.
 */
function argMatches(m: ArgMatcher, w: Word, deny: boolean, ctx: SlotContext): boolean {
  switch (m.kind) {
    case 'word':
      return wordText(w) === m.text || (deny && isStatic(w) && w.value === m.value);
    case 'any':
      return deny || (isStatic(w) && !w.value.startsWith('-'));
    case 'slots':
      return deny && !isStatic(w) ? true : isStatic(w) && slotsMatch(m, w, deny, ctx);
    default:
      return deny && !isStatic(w) ? true : isStatic(w) && m.re.test(w.value);
  }
}

export function argsMatch(
  part: CompiledPart,
  args: readonly Word[],
  deny: boolean,
  ctx: SlotContext = {},
): boolean {
  if (args.length < part.args.length) return false;
  if (!part.rest && args.length !== part.args.length) return false;
  for (let i = 0; i < part.args.length; i++) {
    const m = part.args[i];
    const w = args[i];
    if (!m || !w || !argMatches(m, w, deny, ctx)) return false;
  }
  if (part.rest && !deny) return args.slice(part.args.length).every(isStatic);
  return true;
}
