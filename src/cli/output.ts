/**
 * Every byte the CLI prints goes through here. Fields are formatted with the display rule
 * (protocol/displayText.ts) where they are composed; this is the last guard over the whole text:
 * no control, bidi or invisible character reaches the terminal, whatever a field forgot. On a
 * terminal (and without NO_COLOR) escapes are shown in reverse video, so `⟨\e⟩` cannot be
 * mistaken for text; in a pipe the brackets alone mark them.
 */
import { ESCAPE_CLOSE, ESCAPE_OPEN, jsonSafe, terminalSafe } from '../protocol/displayText.js';

const TOKEN = new RegExp(`${ESCAPE_OPEN}[^${ESCAPE_CLOSE}\\n]*${ESCAPE_CLOSE}`, 'gu');

function styled(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb';
}

/** The text as it may be written to `stream`: hidden characters escaped, escapes styled on a TTY. */
export function forStream(text: string, stream: NodeJS.WriteStream): string {
  const safe = terminalSafe(text);
  return styled(stream) ? safe.replace(TOKEN, (t) => `\x1b[7m${t}\x1b[27m`) : safe;
}

/** Writes text (a newline is added when missing) to stdout. */
export function print(text: string): void {
  process.stdout.write(forStream(text.endsWith('\n') ? text : text + '\n', process.stdout));
}

/** Writes text (a newline is added when missing) to stderr. */
export function printError(text: string): void {
  process.stderr.write(forStream(text.endsWith('\n') ? text : text + '\n', process.stderr));
}

/** One JSON value on a line; hidden characters inside strings written as \u escapes (same value). */
export function printJson(value: unknown): void {
  process.stdout.write(jsonSafe(JSON.stringify(value)) + '\n');
}
