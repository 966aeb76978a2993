/**
 * Code that runs later in the same command: a file written with text known here (`cat > x.sh
 * <<'EOF'`, `printf '…' > run.sh`, `tee job.py <<EOF`) and then run (`bash x.sh`, `./run.sh`,
 * `python3 job.py`, `source x.sh`) is judged by what it contains.
 */
import type { CodeLanguage } from '../code/types.js';
import type { SimpleCommand, Word } from '../types.js';
import type { Extraction } from './extraction.js';
import { commandOutput, pipeInput } from './pipeText.js';
import { quoteArgv } from './quote.js';
import { SHELLS, shellArgs } from './shellWrappers.js';

/** `./a//b.sh` and `a/b.sh` name the same file. */
export function samePath(path: string): string {
  let p = path.replace(/\/{2,}/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

/** Records the files `cmd` (recorded at `at`) writes with known text; returns what it wrote where. */
export function recordWrites(
  x: Extraction,
  cmd: SimpleCommand,
  at: number,
): Array<{ path: string; text: string }> {
  const targets = cmd.redirects.filter(
    (r) =>
      (r.op === '>' || r.op === '>>' || r.op === '>|') &&
      (r.fd === null || r.fd === 1) &&
      r.target.dynamic.every((d) => d === 'tilde'),
  );
  const teeTargets =
    cmd.program === 'tee'
      ? cmd.argv.slice(1).filter((w) => !w.value.startsWith('-') && w.dynamic.every((d) => d === 'tilde'))
      : [];
  if (targets.length === 0 && teeTargets.length === 0) return [];
  const out = cmd.program === 'tee' ? pipeInput(x.commands, cmd, at) : commandOutput(x.commands, cmd, at);
  const wrote: Array<{ path: string; text: string }> = [];
  const write = (path: string, append: boolean) => {
    const key = samePath(path);
    if (out === null) x.written.delete(key);
    else {
      x.written.set(key, (append ? (x.written.get(key) ?? '') : '') + out.text);
      wrote.push({ path, text: out.text });
    }
  };
  for (const r of targets) write(r.target.value, r.op === '>>');
  const append = cmd.argv.some((w) => w.value === '-a' || w.value === '--append');
  for (const w of teeTargets) write(w.value, append);
  return wrote;
}

export interface ScriptRun {
  path: string;
  text: string;
  language: CodeLanguage | 'shell';
}

const PYTHON = /^(python[0-9.]*|pypy[0-9.]*)$/;
const NODE = /^(node|nodejs|bun)$/;

function languageOf(text: string, fallback: CodeLanguage | 'shell'): CodeLanguage | 'shell' {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const interpreter = shebang ? (shebang[1]?.endsWith('/env') ? shebang[2] : shebang[1]) : undefined;
  const name = interpreter?.slice(interpreter.lastIndexOf('/') + 1) ?? '';
  if (PYTHON.test(name)) return 'python';
  if (NODE.test(name)) return 'javascript';
  return fallback;
}

/** The script file `cmd` runs, when an earlier command of the analysis wrote it with known text. */
export function writtenScriptRun(x: Extraction, cmd: SimpleCommand): ScriptRun | null {
  if (x.written.size === 0) return null;
  const program = cmd.program;
  const first = cmd.argv[0];
  let path: string | undefined;
  let language: CodeLanguage | 'shell' = 'shell';
  if (program === 'source' || program === '.') path = cmd.argv[1]?.value;
  else if (program !== null && SHELLS.has(program)) {
    const args = shellArgs(cmd);
    if (!args.command && !args.stdin && !args.dynamic) path = cmd.argv[args.index]?.value;
  } else if (program !== null && (PYTHON.test(program) || NODE.test(program))) {
    path = cmd.argv.slice(1).find((w) => !w.value.startsWith('-'))?.value;
    language = PYTHON.test(program) ? 'python' : 'javascript';
  } else if (first && first.dynamic.length === 0 && first.value.includes('/')) path = first.value;
  if (path === undefined) return null;
  const text = x.written.get(samePath(path));
  if (text === undefined) return null;
  return { path, text, language: language === 'shell' ? languageOf(text, 'shell') : language };
}

/** Database clients that run a file's statements: `psql -f F`, `mysql db < F`, `sqlite3 db .read F`. */
const SQL_FILE_CLIENTS =
  /^(psql|pgcli|usql|mysql|mariadb|mycli|sqlite3?|duckdb|litecli|cockroach|clickhouse-client)$/;

/**
 * The SQL file `cmd` runs, when an earlier command of the analysis wrote it with known text, as
 * the same client reading those statements on stdin (so the SQL rules judge them): `printf 'DROP
 * TABLE t;' > q.sql && psql -f q.sql` is judged as `psql` running `DROP TABLE t;`.
 */
export function writtenSqlRun(x: Extraction, cmd: SimpleCommand): { path: string; shell: string } | null {
  if (x.written.size === 0 || cmd.program === null || !SQL_FILE_CLIENTS.test(cmd.program)) return null;
  const args = cmd.argv;
  let path: string | undefined;
  const keep: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const w = args[i] as Word;
    const v = w.value;
    if ((v === '-f' || v === '--file') && cmd.program !== 'mysql' && cmd.program !== 'mariadb') {
      path = args[++i]?.value;
      continue;
    }
    const attached = /^(?:-f|--file=)(.+)$/.exec(v);
    if (attached && !v.startsWith('--file') === v.startsWith('-f')) {
      path = attached[1];
      continue;
    }
    const read = /^\.read\s+(\S+)\s*$/.exec(v);
    if (read) {
      path = read[1];
      continue;
    }
    keep.push(v);
  }
  for (const r of cmd.redirects)
    if (r.op === '<' && (r.fd === null || r.fd === 0) && r.target.dynamic.every((d) => d === 'tilde'))
      path = r.target.value;
  if (path === undefined) return null;
  const text = x.written.get(samePath(path));
  if (text === undefined) return null;
  let end = 'EXPACTI_SQL';
  while (text.split('\n').includes(end)) end += '_';
  const body = text.endsWith('\n') ? text : text + '\n';
  return { path, shell: `${quoteArgv([cmd.program, ...keep])} <<'${end}'\n${body}${end}\n` };
}
