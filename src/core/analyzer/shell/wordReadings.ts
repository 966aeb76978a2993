/**
 * Second readings of a command's words, judged beside the words as bash reads them (the worse
 * reading wins; a reading only adds): the words as cmd.exe and PowerShell read them, and paths
 * whose variable is unset so its default applies.
 */
import type { SimpleCommand, Word } from '../types.js';

/** The word read as `value`: a static path (a leading `~` still expands). */
function readAs(word: Word, value: string): Word {
  const dynamic: Word['dynamic'] = value.startsWith('~') ? ['tilde'] : [];
  return { raw: word.raw, value, dynamic, quoted: word.quoted, canonical: value };
}

/** A word written for cmd.exe or PowerShell: a `%VAR%`, `$env:VAR` or drive at its start, and backslashes. */
const WINDOWS_RAW = /^["']?(%\w+%|\$env:\w+|[A-Za-z]:\\)/i;

/**
 * The word as cmd.exe and PowerShell read it: bash drops the backslashes of an unquoted
 * `%USERPROFILE%\.ssh\id_rsa`; Windows keeps them as separators, and the variables name home and
 * the temp directory.
 */
function windowsWord(word: Word): Word | null {
  if (!word.raw.includes('\\') || !WINDOWS_RAW.test(word.raw)) return null;
  const value = word.raw
    .replace(/^["']|["']$/g, '')
    .replace(/\\+/g, '/')
    .replace(/^(%(USERPROFILE|HOME)%|%HOMEDRIVE%%HOMEPATH%|\$env:(USERPROFILE|HOME))(?=\/|$)/i, '~')
    .replace(/^(%(TEMP|TMP)%|\$env:(TEMP|TMP))(?=\/)/i, '/tmp');
  if (value === word.value || /[$%`]/.test(value)) return null;
  return readAs(word, value);
}

/**
 * `${COMPOSER_HOME:-$HOME/.config/composer}/auth.json`: the path when the variable is unset (the
 * default in place, `$HOME` as `~`).
 */
function unsetDefaultWord(word: Word): Word | null {
  if (!word.value.includes(':-') && !/\$\{\w+-/.test(word.value)) return null;
  const value = word.value
    .replace(/\$\{\w+:?-([^{}$]*(?:\$(?:HOME|\{HOME\})[^{}$]*)?)\}/g, (_, d: string) => d)
    .replace(/^(\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  if (value === word.value || /[$`]/.test(value)) return null;
  return readAs(word, value);
}

/** The command's argv with every word that has such a reading replaced by it; null when none has. */
export function otherWordReading(cmd: SimpleCommand): Word[] | null {
  let changed = false;
  const argv = cmd.argv.map((w, i) => {
    if (i === 0) return w;
    const other = windowsWord(w) ?? unsetDefaultWord(w);
    if (!other) return w;
    changed = true;
    return other;
  });
  return changed ? argv : null;
}
