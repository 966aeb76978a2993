/**
 * Code in files a command runs (`sh deploy.sh`, `python job.py`, `psql -f migrate.sql`, `source
 * env.sh`, `./run.sh`): which files to read (a `script` probe), and how their content is judged —
 * as the same analyzer judges inline code: the content is handed to it as the program of the
 * interpreter that runs it.
 */
import type { SimpleCommand, Word } from '../analyzer/types.js';
import type { ScriptProbe } from '../../protocol/context.js';
import { SHELLS, shellArgs } from '../analyzer/shell/shellWrappers.js';
import { inlineCode } from '../analyzer/shell/inlineCode.js';
import { parseArgs } from './argv.js';

export type ScriptLanguage = ScriptProbe['language'];

const PYTHON = /^(python[0-9.]*|pypy[0-9.]*)$/;
const NODE = /^(node|nodejs)$/;
const SQL = new Set(['psql', 'mysql', 'mariadb']);
/** Programs installed on the system: not a project script to read. */
const SYSTEM_PROGRAM =
  /^\/(usr\/)?s?bin\/|^\/usr\/local\/bin\/|^\/opt\/homebrew\/bin\/|(^|\/)node_modules\/\.bin\//;

/** A path the agent can resolve: static, or with a leading `~` / `$VAR` it expands like an fs probe. */
function readable(w: Word | undefined): w is Word {
  return (
    w !== undefined &&
    w.value !== '' &&
    w.value !== '-' &&
    w.dynamic.every((d) => d === 'tilde' || d === 'parameter') &&
    !/[`]|\$\(/.test(w.raw)
  );
}

function probe(w: Word, language: ScriptLanguage): Omit<ScriptProbe, 'id' | 'kind'> {
  const expand = (['tilde', 'parameter'] as const).filter((d) => w.dynamic.includes(d));
  return { path: w.value, language, ...(expand.length ? { expand: [...expand] } : {}) };
}

/** The script file `cmd` runs, if any. */
export function scriptTarget(cmd: SimpleCommand): Omit<ScriptProbe, 'id' | 'kind'> | null {
  const program = cmd.program;
  const first = cmd.argv[0];
  if (program === null || !first) return null;
  if (program === 'source' || program === '.')
    return readable(cmd.argv[1]) ? probe(cmd.argv[1], 'shell') : null;
  if (SHELLS.has(program)) {
    const args = shellArgs(cmd);
    const file = cmd.argv[args.index];
    return !args.command && !args.stdin && !args.dynamic && readable(file) ? probe(file, 'shell') : null;
  }
  if (PYTHON.test(program) || NODE.test(program)) {
    if (inlineCode(cmd) !== null || cmd.argv.some((w) => w.value === '-m')) return null;
    const file = cmd.argv.slice(1).find((w) => !w.value.startsWith('-'));
    return readable(file) ? probe(file, PYTHON.test(program) ? 'python' : 'javascript') : null;
  }
  if (SQL.has(program)) {
    const args = parseArgs(cmd.argv, ['-f', '--file', '-c', '--command', '-h', '-U', '-d', '-p', '-e']);
    const file = args.values.get('-f') ?? args.values.get('--file');
    if (readable(file)) return probe(file, 'sql');
    const input = [...cmd.redirects].reverse().find((r) => r.op === '<' && (r.fd === null || r.fd === 0));
    return input && readable(input.target) ? probe(input.target, 'sql') : null;
  }
  if (first.dynamic.length === 0 && first.value.includes('/') && !SYSTEM_PROGRAM.test(first.value))
    return probe(first, 'shell');
  return null;
}

/** A shebang decides the language of an executable script (`#!/usr/bin/env python3`). */
function byShebang(content: string, fallback: ScriptLanguage): ScriptLanguage {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
  const interpreter = m ? (m[1]?.endsWith('/env') ? m[2] : m[1]) : undefined;
  const name = interpreter?.slice(interpreter.lastIndexOf('/') + 1) ?? '';
  if (PYTHON.test(name)) return 'python';
  if (NODE.test(name)) return 'javascript';
  return fallback;
}

/**
 * The content as shell text for the analyzer: a shell script as itself, anything else as the
 * heredoc program of its interpreter (`python3 - <<'…'`), so it is read exactly as inline code.
 */
export function scriptAsShell(language: ScriptLanguage, content: string): string {
  const lang = language === 'shell' ? byShebang(content, 'shell') : language;
  if (lang === 'shell') return content;
  let delimiter = 'EXPACTI_SCRIPT';
  for (let n = 1; content.split('\n').includes(delimiter); n++) delimiter = `EXPACTI_SCRIPT_${n}`;
  const interpreter = lang === 'python' ? 'python3 -' : lang === 'javascript' ? 'node -' : 'psql';
  return `${interpreter} <<'${delimiter}'\n${content.endsWith('\n') ? content : `${content}\n`}${delimiter}\n`;
}
