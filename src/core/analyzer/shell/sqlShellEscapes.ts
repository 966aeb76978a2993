/**
 * Shell commands run from inside a database client's script: psql's `\! CMD`, sqlite3's `.shell
 * CMD` and `.system CMD`, mysql's `system CMD` and `\! CMD`. The client hands CMD to a shell, so it
 * is judged as the shell command it is, wherever the script comes from: `-c`/`-e`/`--command`/
 * `--execute`, sqlite3's SQL operand, or a heredoc or here-string on stdin.
 */
import type { SimpleCommand, Word } from '../types.js';

interface Client {
  /** Options whose value is the client's script. */
  options: readonly string[];
  /** The operand that holds the script (sqlite3 DB 'SQL': the second), if any. */
  operand?: number;
  /** Options that take a value (to find operands). */
  values?: readonly string[];
  /** A line that runs a shell command; group 1 is the command. */
  escape: RegExp;
}

const PSQL_ESCAPE = /^\s*\\!\s*(.+)$/;
const MYSQL_ESCAPE = /^\s*(?:\\!|system)\s+(.+)$/i;

const CLIENTS: Readonly<Record<string, Client>> = {
  psql: { options: ['-c', '--command'], escape: PSQL_ESCAPE },
  sqlite3: {
    options: ['-cmd'],
    operand: 1,
    values: ['-cmd', '-separator', '-newline', '-nullvalue'],
    escape: /^\s*\.(?:shell|system)\s+(.+)$/,
  },
  mysql: { options: ['-e', '--execute'], escape: MYSQL_ESCAPE },
  mariadb: { options: ['-e', '--execute'], escape: MYSQL_ESCAPE },
};

/** The option's values as written (`-c V`, `--command=V`, `-cV`). */
function optionTexts(argv: readonly Word[], options: readonly string[]): Word[] {
  const out: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const v = (argv[i] as Word).value;
    for (const o of options) {
      if (v === o && argv[i + 1]) out.push(argv[i + 1] as Word);
      else if (o.startsWith('--') && v.startsWith(`${o}=`))
        out.push({ ...(argv[i] as Word), value: v.slice(o.length + 1) });
      else if (
        !o.startsWith('--') &&
        o.length === 2 &&
        v.startsWith(o) &&
        v.length > 2 &&
        !v.startsWith('--')
      )
        out.push({ ...(argv[i] as Word), value: v.slice(2) });
    }
  }
  return out;
}

function operandAt(argv: readonly Word[], n: number, values: readonly string[]): Word | undefined {
  let seen = 0;
  for (let i = 1; i < argv.length; i++) {
    const v = (argv[i] as Word).value;
    if (values.includes(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    if (seen++ === n) return argv[i];
  }
  return undefined;
}

/** The shell commands a database client's script runs (static text only). */
export function sqlShellEscapes(cmd: SimpleCommand): string[] {
  const client = cmd.program ? CLIENTS[cmd.program] : undefined;
  if (!client) return [];
  const scripts: string[] = [];
  for (const w of optionTexts(cmd.argv, client.options)) if (w.dynamic.length === 0) scripts.push(w.value);
  if (client.operand !== undefined) {
    const w = operandAt(cmd.argv, client.operand, client.values ?? []);
    if (w && w.dynamic.length === 0) scripts.push(w.value);
  }
  for (const r of cmd.redirects) {
    if (r.heredoc && (r.heredoc.quoted || !r.heredoc.body.includes('$'))) scripts.push(r.heredoc.body);
    else if (r.op === '<<<' && r.target.dynamic.length === 0) scripts.push(r.target.value);
  }
  const out: string[] = [];
  for (const script of scripts)
    for (const line of script.split('\n')) {
      const m = client.escape.exec(line);
      if (m?.[1]?.trim()) out.push(m[1].trim());
    }
  return out;
}
