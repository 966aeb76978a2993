/**
 * Where an interpreter command carries its program: `python3 -c CODE`, `node -e CODE`, `deno eval
 * CODE`, `ruby -e CODE`, `rails runner CODE`, `php -r CODE`, `python manage.py shell -c CODE`, or standard input from a heredoc / here-string (`python3 - <<'PY'`, `node <<EOF`). Read
 * from the parsed argv and redirects; the code itself is read by code/ with its own grammar.
 */
import type { CodeLanguage } from '../code/types.js';
import type { Redirect, SimpleCommand, Word } from '../types.js';

export interface InlineCode {
  language: CodeLanguage;
  /** The program text; null when it is not known before it runs (a variable, a substitution). */
  text: string | null;
  /** Static text with expansions the outer shell fills in first (an unquoted heredoc with `$`). */
  partial: boolean;
  /** How it was given, for reasons: `-c`, `-e`, `stdin`. */
  via: string;
  /** The heredoc or here-string it came from (consumed: the code's commands do not read it). */
  consumed?: Redirect;
  /** It came through a pipe that decodes or transforms text (`echo … | base64 -d | python3`). */
  decoded?: boolean;
}

/** The text piped into the command, when the analysis can compute it (shell/pipeText.ts). */
export type PipedText = () => { text: string; decoded: boolean } | null;

const PYTHON = /^(python[0-9.]*|pypy[0-9.]*)$/;
const NODE = /^(node|nodejs|bun)$/;

/** Python options that take the next word as their value (`-c` and `-m` end the options). */
const PY_VALUE = new Set(['W', 'X', 'Q']);

function fromWord(language: CodeLanguage, w: Word | undefined, via: string): InlineCode | null {
  if (!w) return null;
  return { language, text: w.dynamic.length === 0 ? w.value : null, partial: false, via };
}

function stdin(cmd: SimpleCommand, language: CodeLanguage, piped?: PipedText): InlineCode | null {
  const input = [...cmd.redirects]
    .reverse()
    .find(
      (r) =>
        r.op === '<<' || r.op === '<<-' || r.op === '<<<' || (r.op === '<' && (r.fd === null || r.fd === 0)),
    );
  if (!input && cmd.pipeline && cmd.pipeline.index > 0 && piped) {
    const text = piped();
    return text && { language, text: text.text, partial: false, via: 'stdin', decoded: text.decoded };
  }
  if (!input || input.op === '<') return null;
  if (input.heredoc) {
    const partial = !input.heredoc.quoted && /[$`]/.test(input.heredoc.body);
    return { language, text: input.heredoc.body, partial, via: 'stdin', consumed: input };
  }
  const code = fromWord(language, input.target, 'stdin');
  return code && { ...code, consumed: input };
}

/**
 * Django's shell (`python manage.py shell -c CODE`, `django-admin shell --command=CODE`, or the
 * code on standard input): Python run inside the application, models loaded. `at` is where the
 * words after `shell` start.
 */
function djangoShell(cmd: SimpleCommand, at: number, piped?: PipedText): InlineCode | null {
  const argv = cmd.argv;
  if (argv[at - 1]?.value !== 'shell') return null;
  for (let i = at; i < argv.length; i++) {
    const v = (argv[i] as Word).value;
    if (v === '-c' || v === '--command') return fromWord('python', argv[i + 1], 'shell -c');
    if (v.startsWith('--command='))
      return fromWord('python', { ...(argv[i] as Word), value: v.slice(10) }, 'shell -c');
    if (v === '-i' || v === '--interface' || v === '--settings' || v === '--pythonpath') i++;
  }
  return stdin(cmd, 'python', piped);
}

function python(cmd: SimpleCommand, piped?: PipedText): InlineCode | null {
  const argv = cmd.argv;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    if (w.dynamic.length > 0) return null;
    const v = w.value;
    if (v === '-') return stdin(cmd, 'python', piped);
    if (/(^|\/)manage\.py$/.test(v)) return djangoShell(cmd, i + 2, piped);
    if (!v.startsWith('-') || v === '--') return null;
    if (v.startsWith('--')) continue;
    for (let k = 1; k < v.length; k++) {
      const ch = v.charAt(k);
      if (ch === 'c')
        return fromWord('python', k + 1 < v.length ? { ...w, value: v.slice(k + 1) } : argv[i + 1], '-c');
      if (ch === 'm') return null;
      if (PY_VALUE.has(ch)) {
        if (k + 1 === v.length) i++;
        break;
      }
    }
  }
  return stdin(cmd, 'python', piped);
}

// prettier-ignore
const NODE_VALUE = new Set([
  '-r', '--require', '--import', '--loader', '--experimental-loader', '--input-type', '--env-file', '--conditions',
  '-C', '--stack-size', '--title', '--inspect-port', '--max-old-space-size',
]);

function node(cmd: SimpleCommand, piped?: PipedText): InlineCode | null {
  const argv = cmd.argv;
  if (cmd.program === 'bun' && argv[1] && !argv[1].value.startsWith('-') && argv[1].value !== '-')
    return null;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    if (w.dynamic.length > 0) return null;
    const v = w.value;
    if (v === '-') return stdin(cmd, 'javascript', piped);
    if (v === '-e' || v === '--eval' || v === '-p' || v === '--print')
      return fromWord('javascript', argv[i + 1], v);
    const eq = /^(--eval|--print)=(.*)$/s.exec(v);
    if (eq) return fromWord('javascript', { ...w, value: eq[2] as string }, eq[1] as string);
    if (/^-[pe]./.test(v)) return fromWord('javascript', { ...w, value: v.slice(2) }, v.slice(0, 2));
    if (!v.startsWith('-') || v === '--') return null;
    if (NODE_VALUE.has(v)) i++;
  }
  return stdin(cmd, 'javascript', piped);
}

/** ruby options whose value may be the next word (`-r json`, `-I lib`, `-C dir`, `-E enc`). */
const RUBY_VALUE = 'rICE';
/** ruby options whose value, if any, is only the rest of the word (`-F:`, `-x`, `-W2`, `-T1`, `-Ku`). */
const RUBY_ATTACHED = 'FxWTK0';

/**
 * `ruby -e CODE` (each -e a line, also inside clusters: `-ne`, `-rjson -e`), or the program on
 * standard input. `-i` edits files in place and is left to the rules (the code is not read).
 */
function ruby(cmd: SimpleCommand, piped?: PipedText): InlineCode | null {
  const argv = cmd.argv;
  const lines: string[] = [];
  let known = true;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    const v = w.value;
    if (w.dynamic.length > 0 && lines.length === 0) return null;
    if (v === '-') return lines.length > 0 ? null : stdin(cmd, 'ruby', piped);
    if (v === '--' || !v.startsWith('-')) break;
    if (v.startsWith('--')) continue;
    for (let k = 1; k < v.length; k++) {
      const ch = v.charAt(k);
      if (ch === 'i') return null;
      if (ch === 'e') {
        const code = k + 1 < v.length ? { ...w, value: v.slice(k + 1) } : argv[++i];
        if (!code) return null;
        if (code.dynamic.length > 0) known = false;
        lines.push(code.value);
        break;
      }
      if (RUBY_VALUE.includes(ch)) {
        if (k + 1 === v.length) i++;
        break;
      }
      if (RUBY_ATTACHED.includes(ch)) break;
    }
  }
  if (lines.length === 0) {
    // A script file runs (its content is a runtime fact); no file: the program is on stdin.
    const script = argv.slice(1).find((w) => !w.value.startsWith('-'));
    return script ? null : stdin(cmd, 'ruby', piped);
  }
  return { language: 'ruby', text: known ? lines.join('\n') : null, partial: false, via: '-e' };
}

/** `rails runner CODE` (`rails r`): Ruby run inside the application, models loaded. A file name runs that file. */
function railsRunner(cmd: SimpleCommand): InlineCode | null {
  const argv = cmd.argv;
  if (argv[1]?.value !== 'runner' && argv[1]?.value !== 'r') return null;
  for (let i = 2; i < argv.length; i++) {
    const w = argv[i] as Word;
    const v = w.value;
    if (v === '-e' || v === '--environment') {
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    if (w.dynamic.length === 0 && /^[\w./-]+\.rb$/.test(v)) return null;
    return fromWord('ruby', w, 'runner');
  }
  return null;
}

/** php options whose value is the next word (`-d memory_limit=1G`, `-c php.ini`). */
const PHP_VALUE = new Set(['-d', '-c', '-z', '-t', '-S']);

/**
 * `php -r CODE`, `php artisan tinker --execute=CODE` (Laravel, models loaded), or the program on
 * standard input (`php <<'EOF'`). A script file, `-f FILE`, the per-line `-R/-B/-E` forms and the
 * built-in server are left to the rules.
 */
function php(cmd: SimpleCommand, piped?: PipedText): InlineCode | null {
  const argv = cmd.argv;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    const v = w.value;
    if (w.dynamic.length > 0) return null;
    if (v === '-r') return fromWord('php', argv[i + 1], '-r');
    if (v === 'artisan' && argv[i + 1]?.value === 'tinker') {
      for (let k = i + 2; k < argv.length; k++) {
        const t = (argv[k] as Word).value;
        if (t === '--execute') return fromWord('php', argv[k + 1], 'tinker --execute');
        if (t.startsWith('--execute='))
          return fromWord('php', { ...(argv[k] as Word), value: t.slice(10) }, 'tinker --execute');
      }
      return stdin(cmd, 'php', piped);
    }
    if (PHP_VALUE.has(v)) {
      i++;
      continue;
    }
    if (v === '--' || !v.startsWith('-') || /^-[fFRBES]$/.test(v)) return null;
  }
  return stdin(cmd, 'php', piped);
}

/** The program an interpreter command is given inline, if any. */
export function inlineCode(cmd: SimpleCommand, piped?: PipedText): InlineCode | null {
  const program = cmd.program;
  if (program === null) return null;
  if (PYTHON.test(program)) return python(cmd, piped);
  if (NODE.test(program)) return node(cmd, piped);
  if (program === 'deno' && cmd.argv[1]?.value === 'eval') return fromWord('javascript', cmd.argv[2], 'eval');
  if (program === 'ruby') return ruby(cmd, piped);
  if (program === 'rails') return railsRunner(cmd);
  if (program === 'php') return php(cmd, piped);
  if (program === 'django-admin' || /(^|\/)manage\.py$/.test(program)) return djangoShell(cmd, 2, piped);
  // Blender runs Python given on its command line (`blender -b scene.blend --python-expr CODE`).
  if (program === 'blender') {
    const at = cmd.argv.findIndex((w) => w.value === '--python-expr');
    return at > 0 ? fromWord('python', cmd.argv[at + 1], '--python-expr') : null;
  }
  return null;
}
