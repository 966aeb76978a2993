/**
 * One simple command as canonical text: env prefixes, wrapper words, argv, redirects. Used to show
 * the parts of a command and, with heredoc bodies included, as the whitelist's per-command key.
 */
import type { Redirect, SimpleCommand, Word } from '../types.js';
import { runsGitShellAlias } from './gitAlias.js';
import { quoteProgram, quoteWord } from './quote.js';
import { SHELLS } from './shellWrappers.js';
import { normalizeArgv } from '../options/normalize.js';

/** Wrappers that run shell text (the command was parsed out of a string): `bash -c`, `eval`, `ssh`, … */
export const TEXT_WRAPPERS: ReadonlySet<string> = new Set([
  ...SHELLS,
  'eval',
  'ssh',
  'adb',
  'su',
  'watch',
  'flock',
  'trap',
  'script',
]);

/** The wrapper ran shell text (env -S too): its words are not the command's words. */
export function runsText(w: { program: string; words: string[]; code?: string; text?: boolean }): boolean {
  return (
    w.code !== undefined ||
    w.text === true ||
    TEXT_WRAPPERS.has(w.program) ||
    (w.program === 'git' && runsGitShellAlias(w.words)) ||
    (w.program === 'env' &&
      w.words.some((v) => v === '-S' || v.startsWith('--split-string') || /^-[^-]*S/.test(v)))
  );
}

export function wordText(word: Word, program = false): string {
  if (word.canonical !== undefined) return word.canonical;
  if (word.dynamic.length > 0) return word.raw;
  return program ? quoteProgram(word.value, word.quoted) : quoteWord(word.value);
}

function redirectText(r: Redirect, key: boolean): string {
  const fd = r.fd === null ? '' : String(r.fd);
  if (r.heredoc) {
    const delim = r.heredoc.quoted ? "'EOF'" : 'EOF';
    return `${fd}<<${delim}` + (key ? ` ${JSON.stringify(r.heredoc.body)}` : ' …');
  }
  const target = r.target.raw === '' ? '' : wordText(r.target);
  return `${fd}${r.op}${/^[<>&|(-]/.test(target) ? ' ' : ''}${target}`;
}

/** Everything but argv: env prefixes, wrapper layers, redirects (empty when the command has none). */
export function attachmentsText(cmd: SimpleCommand, key = true): string {
  const out: string[] = [];
  for (const a of cmd.assignments) out.push(`${a.name}=${wordText(a.value)}`);
  for (const w of cmd.wrappers) {
    const words = w.argv ?? w.words.map((v) => ({ raw: v, value: v, dynamic: [], quoted: false }));
    // A wrapper that is a whole command (the git whose pager this is) in its normal spelling.
    out.push((normalizeArgv(words) ?? words).map((word, i) => wordText(word, i === 0)).join(' '));
  }
  out.push('|');
  for (const r of cmd.redirects) out.push(redirectText(r, key));
  return out.join(' ');
}

/**
 * The command as it would be written: `sudo -u x env A=1 rm -rf ./dist > log`. A command parsed
 * out of shell text shows its wrapper then `›`: `bash -c › rm -rf ~`.
 */
export function commandText(cmd: SimpleCommand): string {
  const out: string[] = [];
  const innerAssignments = new Set<string>();
  for (const w of cmd.wrappers)
    if (w.program === 'env' || w.program === 'sudo') for (const v of w.words) innerAssignments.add(v);
  for (const a of cmd.assignments) {
    const text = `${a.name}=${wordText(a.value)}`;
    if (!innerAssignments.has(`${a.name}=${a.value.value}`)) out.push(text);
  }
  let skipProgram = false;
  for (const w of cmd.wrappers) {
    const words = w.argv ?? w.words.map((v) => ({ raw: v, value: v, dynamic: [], quoted: false }));
    out.push(words.map((word, i) => wordText(word, i === 0)).join(' ') + (runsText(w) ? ' ›' : ''));
    if (w.program === 'git' && cmd.program === 'git') skipProgram = true;
  }
  cmd.argv.forEach((w, i) => {
    if (i === 0 && skipProgram) return;
    const text = wordText(w, i === 0);
    if (text !== '') out.push(text);
  });
  for (const r of cmd.redirects) out.push(redirectText(r, false));
  return out.join(' ');
}

/** The whitelist's key for one command: attachments and argv, with heredoc bodies. */
export function commandKey(cmd: SimpleCommand): string {
  // Spellings the option table proves equal (`ls -al`, `ls -l -a`) have one key.
  const argv = (normalizeArgv(cmd.argv) ?? cmd.argv)
    .map((w, i) => wordText(w, i === 0))
    .filter((t) => t !== '');
  return attachmentsText(cmd, true) + '\u0000' + argv.join(' ');
}
