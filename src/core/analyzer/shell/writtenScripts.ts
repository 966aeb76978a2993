/**
 * Code that runs later in the same command: a file written with text known here (`cat > x.sh
 * <<'EOF'`, `printf '…' > run.sh`, `tee job.py <<EOF`) and then run (`bash x.sh`, `./run.sh`,
 * `python3 job.py`, `source x.sh`) is judged by what it contains.
 */
import type { CodeLanguage } from '../code/types.js';
import type { SimpleCommand } from '../types.js';
import type { Extraction } from './extraction.js';
import { commandOutput, pipeInput } from './pipeText.js';
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
