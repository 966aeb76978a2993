/** One line of shell text for displaying a command (not for deciding anything). */
import type { CommandInput } from './api.js';

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function commandText(command: CommandInput): string {
  return 'argv' in command ? command.argv.map(quoteWord).join(' ') : command.shell;
}

/** Byte length of what the command would carry (argv joined by spaces, or the shell text). */
export function commandBytes(command: CommandInput): number {
  const enc = new TextEncoder();
  return 'argv' in command
    ? command.argv.reduce((n, w) => n + enc.encode(w).length + 1, 0)
    : enc.encode(command.shell).length;
}
