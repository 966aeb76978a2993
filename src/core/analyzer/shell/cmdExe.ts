/**
 * `cmd /c …` (and `cmd.exe /k …`): the command line Windows' cmd.exe runs, read as the POSIX
 * commands with the same effect so the rule table judges them — `rd /s /q C:\Users\me` is
 * `rm -r -f C:/Users/me`, `del /f /s /q X\*` is `rm -r -f X/*`, `format D:` erases a disk,
 * `robocopy A B /MIR` deletes what A lacks. Commands cmd.exe only starts (`git`, `curl`,
 * `powershell -c …`) keep their own words. The text is re-parsed as bash: decisions are made on
 * that parse, never on this text.
 */
import type { SimpleCommand } from '../types.js';
import { isStatic } from './options.js';
import { quoteArgv } from './quote.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

/** cmd's `%VAR%`: the profile directory is home, anything else is known only when it runs. */
function expandVariables(word: string): string {
  return word.replace(/%([A-Za-z_][A-Za-z0-9_]*)%/g, (_, name: string) =>
    /^(USERPROFILE|HOME|HOMEPATH)$/i.test(name) ? '~' : `\${${name}}`,
  );
}

/** A cmd word as a POSIX path: backslashes separate path parts. */
const posixPath = (w: string) => expandVariables(w).replace(/\\/g, '/');

/** Splits a cmd command line into commands and the operators between them (outside double quotes). */
function split(text: string): Array<{ words: string[]; op: string }> {
  const out: Array<{ words: string[]; op: string }> = [];
  let words: string[] = [];
  let word = '';
  let quoted = false;
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      quoted = !quoted;
      inWord = true;
      continue;
    }
    if (!quoted && (c === '&' || c === '|')) {
      endWord();
      const op = text[i + 1] === c ? c + c : c;
      i += op.length - 1;
      out.push({ words, op: op === '&' ? ';' : op });
      words = [];
      continue;
    }
    if (!quoted && /\s/.test(c)) {
      endWord();
      continue;
    }
    word += c;
    inWord = true;
  }
  endWord();
  out.push({ words, op: '' });
  return out.filter((c) => c.words.length > 0);
}

const switchesOf = (words: string[]) =>
  new Set(words.filter((w) => /^\/\w+$/.test(w)).map((w) => w.toLowerCase()));
const operandsOf = (words: string[]) => words.filter((w) => !/^\/\w+(:.*)?$/.test(w)).map(posixPath);

/** One cmd command as the POSIX argv with the same effect. */
function translate(words: string[]): string[] {
  const [name = '', ...args] = words;
  const program = name.toLowerCase().replace(/\.exe$/, '');
  const sw = switchesOf(args);
  const paths = operandsOf(args);
  switch (program) {
    case 'rd':
    case 'rmdir':
      return sw.has('/s') ? ['rm', '-r', '-f', '--', ...paths] : ['rmdir', '--', ...paths];
    case 'del':
    case 'erase':
      // `del /s X\*.log` deletes matching files in every directory below: a recursive delete.
      return ['rm', ...(sw.has('/s') ? ['-r'] : []), '-f', '--', ...paths];
    case 'format':
      return ['mkfs', '--', ...paths];
    case 'robocopy':
      return sw.has('/mir') || sw.has('/purge')
        ? ['rsync', '-a', '--delete', '--', ...paths]
        : ['cp', '-r', '--', ...paths];
    case 'copy':
    case 'xcopy':
      return ['cp', ...(sw.has('/s') || sw.has('/e') ? ['-r'] : []), '--', ...paths];
    case 'move':
      return ['mv', '--', ...paths];
    case 'type':
      return ['cat', '--', ...paths];
    case 'dir':
      return ['ls', '--', ...paths];
    default:
      return [name, ...args.map(expandVariables)];
  }
}

/** The command `cmd /c TEXT` runs, as shell text for the walker; none when it is no such call. */
export function cmdUnwrap(cmd: SimpleCommand): Unwrapped | null {
  if (cmd.program !== 'cmd' && cmd.program !== 'cmd.exe') return null;
  const at = cmd.argv.findIndex((w, i) => i > 0 && /^\/[ck]$/i.test(w.value));
  if (at < 0) return null;
  const wrapper = wrapperOf('cmd', cmd.argv.slice(0, at + 1));
  const rest = cmd.argv.slice(at + 1);
  if (rest.length === 0) return { kind: 'none' };
  if (rest.some((w) => !isStatic(w))) return { kind: 'script', wrapper, text: null };
  // cmd.exe keeps backslashes: a word bash read without quotes (`C:\x\*`, whose backslashes bash
  // took as escapes) is taken as written; a quoted one (`"rd /s C:\x"`) kept them in its value.
  const text = rest.map((w) => (/['"]/.test(w.raw) ? w.value : w.raw)).join(' ');
  const script = split(text)
    .map((c) => `${quoteArgv(translate(c.words))} ${c.op}`)
    .join(' ')
    .trim();
  return { kind: 'script', wrapper, text: script };
}

/**
 * cmd.exe's own delete commands typed without `cmd /c` (`rd /s /q %USERPROFILE%`, `del /f /s /q
 * C:\Windows\*`): an agent's shell on Windows may be cmd.exe. With a `/x` switch they cannot be
 * POSIX `rmdir` or PowerShell's aliases, so they are read as cmd.exe reads them.
 */
export function cmdBuiltinUnwrap(cmd: SimpleCommand): Unwrapped | null {
  const program = cmd.program?.toLowerCase().replace(/\.exe$/, '');
  if (!program || !['rd', 'rmdir', 'del', 'erase'].includes(program)) return null;
  if (!cmd.argv.slice(1).some((w) => /^\/[a-z]$/i.test(w.value))) return null;
  if (cmd.argv.some((w) => !isStatic(w))) return null;
  const text = cmd.argv.map((w) => (/['"]/.test(w.raw) ? w.value : w.raw)).join(' ');
  const script = split(text)
    .map((c) => `${quoteArgv(translate(c.words))} ${c.op}`)
    .join(' ')
    .trim();
  return { kind: 'script', wrapper: wrapperOf('cmd', cmd.argv.slice(0, 1)), text: script };
}
