/**
 * Shells as wrappers: `bash -c STR` runs STR; `bash <<'EOF' … EOF` and `bash <<< STR` run their
 * input. A shell reading a pipe or a script file is judged in codeExec.ts.
 */
import type { Redirect, SimpleCommand, Word } from '../types.js';
import { isStatic } from './options.js';
import { substitutePositional } from './functionCalls.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

export const SHELLS = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'mksh',
  'ash',
  'yash',
  'fish',
  'rbash',
  'pdksh',
  'oksh',
  'posh',
]);

/** Shell options that take a value in the next word. */
const VALUE_OPTIONS = new Set(['--rcfile', '--init-file']);

export interface ShellArgs {
  /** Index of the -c string, or of the script file, or argv.length. */
  index: number;
  command: boolean;
  /** -s: commands from standard input even with arguments. */
  stdin: boolean;
  dynamic: boolean;
}

export function shellArgs(cmd: Pick<SimpleCommand, 'argv'>): ShellArgs {
  const argv = cmd.argv;
  let command = false;
  let stdin = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const w = argv[i] as Word;
    if (w.dynamic.length > 0) {
      // The -c string given by a substitution whose output is known: that text is the command.
      if (command && w.known !== undefined && !w.known.startsWith('-')) break;
      return { index: i, command, stdin, dynamic: true };
    }
    const v = w.value;
    if (v === '--' || v === '-') {
      i++;
      break;
    }
    if (!/^[-+]/.test(v)) break;
    if (v.startsWith('--')) {
      if (VALUE_OPTIONS.has(v)) i++;
      continue;
    }
    let takesValue = false;
    for (const ch of v.slice(1)) {
      if (ch === 'c') command = true;
      else if (ch === 's') stdin = true;
      else if (ch === 'o' || ch === 'O') takesValue = true;
    }
    if (takesValue) i++;
  }
  return { index: i, command, stdin, dynamic: false };
}

function stdinScript(redirects: readonly Redirect[]): Redirect | undefined {
  return [...redirects]
    .reverse()
    .find((r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<' || r.op === '<');
}

/**
 * `sh -c 'rm -rf "$0"' build`: the words after the script are its `$0`, `$1`, …; with static
 * words, the script is read with them in place. Not when the script moves them (`shift`, `set`),
 * or a word is only known when it runs (a path through `~` included: the script is then judged
 * as written, its positional parameters unknown).
 */
function withPositional(script: string, words: readonly Word[]): string {
  if (words.length === 0 || /(^|[\s;&|(])(shift|set)(\s|;|$)/.test(script)) return script;
  // A tilde the outer shell expanded is the home directory: `${HOME}` in the script's text.
  const home = (w: Word) =>
    w.dynamic.length > 0 && w.dynamic.every((d) => d === 'tilde') && /^~(\/|$)/.test(w.value);
  if (words.some((w) => w.dynamic.length > 0 && !home(w))) return script;
  const [zero, ...rest] = words.map((w) => (home(w) ? HOME_MARK + w.value.slice(1) : w.value));
  return substitutePositional(script, rest, zero).split(HOME_MARK).join('${HOME}');
}

/** Stands for the home directory while the words are quoted into the script (letters only). */
const HOME_MARK = 'ExpactiHomeDirectoryMark';

export function shellUnwrap(cmd: SimpleCommand, program: string): Unwrapped {
  const args = shellArgs(cmd);
  if (args.dynamic) return { kind: 'script', wrapper: wrapperOf(program, cmd.argv), text: null };
  if (args.command) {
    const text = cmd.argv[args.index];
    if (!text) return { kind: 'none' };
    // Words after the string become $0, $1, …: they are data for the script (kept in the wrapper).
    const wrapper = wrapperOf(program, [...cmd.argv.slice(0, args.index), ...cmd.argv.slice(args.index + 1)]);
    if (text.dynamic.length > 0 && text.known !== undefined)
      // Substituted text the analysis can compute: judged by it, and never below high (partial).
      return { kind: 'script', wrapper, text: text.known, partial: true };
    if (!isStatic(text)) return { kind: 'script', wrapper, text: null };
    return { kind: 'script', wrapper, text: withPositional(text.value, cmd.argv.slice(args.index + 1)) };
  }
  if (args.index < cmd.argv.length && !args.stdin) return { kind: 'none' };
  const input = stdinScript(cmd.redirects);
  if (!input || input.op === '<') return { kind: 'none' };
  const wrapper = wrapperOf(program, cmd.argv);
  if (input.heredoc) {
    const expands = !input.heredoc.quoted && /[$`]/.test(input.heredoc.body);
    return { kind: 'script', wrapper, text: input.heredoc.body, partial: expands, consumed: input };
  }
  return {
    kind: 'script',
    wrapper,
    text: isStatic(input.target) ? input.target.value : null,
    consumed: input,
  };
}
