/**
 * Where a SQL client command carries SQL: psql -c, mysql -e, sqlite3 DB "SQL", clickhouse --query,
 * heredocs, here-strings and echoed/printf'd stdin. Reads the parsed command, never the raw text.
 */
import type { SimpleCommand } from '../types.js';
import { viewCommand } from '../risk/commandView.js';

export type Dialect = 'postgres' | 'mysql' | 'sqlite' | 'other';

export interface SqlText {
  command: number;
  text: string;
  dialect: Dialect;
  /** Where it came from, for summaries: "-c", "stdin", "argument". */
  via: string;
}

interface SqlClient {
  dialect: Dialect;
  /** Options whose value is SQL. */
  flags: string[];
  /** Operands after the database file are SQL (`sqlite3 FILE SQL…`). */
  operandsAreSql?: boolean;
  /** Every operand after the subcommand is SQL (`bq query 'SQL'`). */
  queryOperands?: boolean;
  /** The subcommand words that lead to the SQL (`wrangler d1 execute`). */
  sub?: readonly string[];
}

export const SQL_CLIENTS: Readonly<Record<string, SqlClient>> = {
  psql: { dialect: 'postgres', flags: ['-c', '--command'] },
  pgcli: { dialect: 'postgres', flags: ['-c', '--command'] },
  usql: { dialect: 'postgres', flags: ['-c', '--command'] },
  cockroach: { dialect: 'postgres', flags: ['-e', '--execute'] },
  mysql: { dialect: 'mysql', flags: ['-e', '--execute'] },
  mariadb: { dialect: 'mysql', flags: ['-e', '--execute'] },
  mycli: { dialect: 'mysql', flags: ['-e', '--execute'] },
  sqlite3: { dialect: 'sqlite', flags: ['-cmd'], operandsAreSql: true },
  sqlite: { dialect: 'sqlite', flags: ['-cmd'], operandsAreSql: true },
  litecli: { dialect: 'sqlite', flags: ['-e', '--execute'] },
  duckdb: { dialect: 'sqlite', flags: ['-c', '-cmd'], operandsAreSql: true },
  'clickhouse-client': { dialect: 'other', flags: ['-q', '--query'] },
  cqlsh: { dialect: 'other', flags: ['-e', '--execute'] },
  wrangler: { dialect: 'sqlite', flags: ['--command'], sub: ['d1', 'execute'] },
  turso: { dialect: 'sqlite', flags: [], operandsAreSql: true, sub: ['db', 'shell'] },
  ysqlsh: { dialect: 'postgres', flags: ['-c', '--command'] },
  vsql: { dialect: 'other', flags: ['-c', '--command'] },
  // T-SQL, Snowflake, BigQuery, Trino/Presto, Hive/Spark and Impala: the PostgreSQL parser reads
  // the common statements, and its lexer the rest (lexed.ts).
  sqlcmd: { dialect: 'other', flags: ['-Q', '-q'] },
  snowsql: { dialect: 'other', flags: ['-q', '--query'] },
  bq: { dialect: 'other', flags: [], queryOperands: true, sub: ['query'] },
  trino: { dialect: 'other', flags: ['--execute'] },
  presto: { dialect: 'other', flags: ['--execute'] },
  beeline: { dialect: 'other', flags: ['-e'] },
  hive: { dialect: 'other', flags: ['-e'] },
  'spark-sql': { dialect: 'other', flags: ['-e'] },
  'impala-shell': { dialect: 'other', flags: ['-q', '--query'] },
};

export function isSqlClient(program: string | null): boolean {
  return program !== null && program in SQL_CLIENTS;
}

export function extractSql(commands: SimpleCommand[]): SqlText[] {
  const out: SqlText[] = [];
  commands.forEach((cmd, index) => {
    const client = cmd.program ? SQL_CLIENTS[cmd.program] : undefined;
    if (!client) return;
    const view = viewCommand(cmd, commands, index);
    const sub = client.sub ?? [];
    if (sub.some((w, i) => view.operands[i]?.value !== w)) return;
    for (const f of view.flags) {
      if (client.flags.includes(f.name) && f.value)
        out.push({ command: index, text: f.value.value, dialect: client.dialect, via: f.name });
    }
    if (client.queryOperands) {
      for (const w of view.operands.slice(sub.length))
        out.push({ command: index, text: w.value, dialect: client.dialect, via: 'argument' });
    } else if (client.operandsAreSql) {
      // sqlite3 [options] FILENAME [SQL…]
      for (const w of view.operands.slice(sub.length + 1))
        out.push({ command: index, text: w.value, dialect: client.dialect, via: 'argument' });
    }
    if (view.stdin !== null && view.stdin.trim() !== '')
      out.push({ command: index, text: view.stdin, dialect: client.dialect, via: 'stdin' });
  });
  return out;
}
