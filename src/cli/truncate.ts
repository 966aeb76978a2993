import { displayInline, ESCAPE_CLOSE, ESCAPE_OPEN } from '../protocol/displayText.js';

/**
 * One display line of at most about `max` characters, for overviews of text that is not being
 * decided on (earlier commands of a session): hidden characters escaped, never cut inside an
 * escape, and a cut says how much it hides.
 */
export function truncate(text: string, max: number): string {
  const one = displayInline(text);
  if (one.length <= max) return one;
  let cut = Math.max(1, max - 14);
  const open = one.lastIndexOf(ESCAPE_OPEN, cut - 1);
  if (open >= 0 && one.lastIndexOf(ESCAPE_CLOSE, cut - 1) < open) cut = open;
  return `${one.slice(0, cut)}… (+${one.length - cut} chars)`;
}
