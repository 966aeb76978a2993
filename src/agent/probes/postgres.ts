/**
 * The PostgreSQL probe: connect where psql would (flags, $DATABASE_URL, PG* variables) in a
 * read-only session, EXPLAIN (FORMAT JSON) — never ANALYZE, so nothing executes — each write
 * statement, and read the planner's size estimate of each table (pg_class.reltuples). Reports the
 * server host and database name; never a password.
 */
import type { Fact, PgTarget, SqlFact, SqlProbe, SqlStatementFact } from '../../protocol/context.js';
import type { ProbeEnv } from './types.js';
import { expandParameters } from './expand.js';
import { redact } from './redact.js';

interface Conn {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  connectionString?: string;
}

/** `host=a dbname=b` (libpq keyword/value form) → pairs. */
function conninfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    out[m[1] as string] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  return out;
}

export function connectionFor(target: PgTarget, env: NodeJS.ProcessEnv): Conn {
  const merged: NodeJS.ProcessEnv = { ...env, ...target.env };
  const x = (v: string | undefined) => (v === undefined ? undefined : expandParameters(v, merged));
  const conn: Conn = {};
  const db = x(target.dbname);
  if (db && /^postgres(ql)?:\/\//.test(db)) conn.connectionString = db;
  else if (db && db.includes('=')) {
    const kv = conninfo(db);
    if (kv['host']) conn.host = kv['host'];
    if (kv['port']) conn.port = Number(kv['port']);
    if (kv['dbname']) conn.database = kv['dbname'];
    if (kv['user']) conn.user = kv['user'];
    if (kv['password']) conn.password = kv['password'];
  } else if (db) conn.database = db;
  const host = x(target.host) ?? merged['PGHOST'];
  const port = x(target.port) ?? merged['PGPORT'];
  const user = x(target.user) ?? merged['PGUSER'];
  if (host) conn.host = host;
  if (port) conn.port = Number(port);
  if (user) conn.user = user;
  if (!conn.connectionString) {
    conn.database ??= merged['PGDATABASE'] ?? conn.user ?? merged['USER'];
    conn.password ??= merged['PGPASSWORD'];
  }
  return conn;
}

interface PlanNode {
  'Node Type'?: string;
  'Plan Rows'?: number;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

/** Rows a write touches: the input of the ModifyTable node (its own "Plan Rows" is 0 without RETURNING). */
export function estimatedRows(plan: PlanNode): number {
  if (plan['Node Type'] === 'ModifyTable') {
    const inputs = (plan.Plans ?? []).filter(
      (c) => c['Parent Relationship'] !== 'InitPlan' && c['Parent Relationship'] !== 'SubPlan',
    );
    return inputs.reduce((n, c) => n + (c['Plan Rows'] ?? 0), 0);
  }
  return plan['Plan Rows'] ?? 0;
}

const EXPLAINABLE = new Set(['UPDATE', 'DELETE', 'INSERT', 'MERGE']);

export async function probeSql(
  p: SqlProbe,
  env: ProbeEnv,
  deadline: number,
  signal: AbortSignal,
): Promise<SqlFact> {
  if ('engine' in p.target) throw new Error('not a PostgreSQL target');
  const conn = connectionFor(p.target, env.env);
  const urlPassword = conn.connectionString
    ? decodeURIComponent(new URL(conn.connectionString).password)
    : undefined;
  const secrets = [conn.password, urlPassword];
  const { default: pg } = await import('pg');
  const left = () => Math.max(1, deadline - Date.now());
  const client = new pg.Client({
    ...conn,
    connectionTimeoutMillis: left(),
    query_timeout: left(),
    application_name: 'expacti-probe',
    // Belt and braces: every transaction read-only, and a statement limit on the server side.
    options: `-c default_transaction_read_only=on -c statement_timeout=${Math.min(left(), 5000)}`,
  });
  const kill = () =>
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  signal.addEventListener('abort', kill, { once: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN READ ONLY');
    const info = await client.query<{ db: string; usr: string; port: number | null }>(
      'SELECT current_database() AS db, current_user AS usr, inet_server_port() AS port',
    );
    const row = info.rows[0];
    const params = (client as unknown as { host?: string; port?: number }) ?? {};
    const server = {
      host: params.host ?? 'localhost',
      port: row?.port ?? params.port ?? 5432,
      database: row?.db ?? '',
      user: row?.usr ?? '',
    };
    const statements: SqlStatementFact[] = [];
    for (const s of p.statements) {
      const text = s.text.trim().replace(/;+\s*$/, '');
      let estimated: Fact<number>;
      if (!EXPLAINABLE.has(s.statement))
        estimated = { known: false, why: `${s.statement} cannot be explained; see the table sizes` };
      else {
        try {
          await client.query('SAVEPOINT probe');
          // Extended protocol: exactly one statement, so `…; DROP …` cannot ride along.
          const r = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({
            text: `EXPLAIN (FORMAT JSON) ${text}`,
            queryMode: 'extended',
          } as never);
          const plan = r.rows[0]?.['QUERY PLAN'][0]?.Plan;
          estimated = plan
            ? { known: true, value: Math.round(estimatedRows(plan)) }
            : { known: false, why: 'no plan returned' };
          await client.query('RELEASE SAVEPOINT probe');
        } catch (e) {
          await client.query('ROLLBACK TO SAVEPOINT probe').catch(() => undefined);
          estimated = { known: false, why: `EXPLAIN failed: ${redact((e as Error).message, secrets)}` };
        }
      }
      const tables: SqlStatementFact['tables'] = [];
      for (const name of s.tables.slice(0, 10)) {
        const r = await client
          .query<{ n: number | null }>(
            'SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)',
            [name],
          )
          .catch(() => null);
        const n = r?.rows[0]?.n;
        tables.push({
          name,
          estimatedRows:
            n === undefined || n === null
              ? { known: false, why: r ? `no table ${name} here` : 'lookup failed' }
              : n < 0
                ? { known: false, why: 'never analyzed or vacuumed: the planner has no size yet' }
                : { known: true, value: Math.round(n) },
        });
      }
      statements.push({
        statement: s.statement,
        text: redact(text, secrets),
        estimatedRows: estimated,
        tables,
      });
    }
    await client.query('ROLLBACK');
    return { server: { ...server, host: redact(server.host, secrets) }, statements };
  } catch (e) {
    throw new Error(redact(e instanceof Error ? e.message : String(e), secrets));
  } finally {
    signal.removeEventListener('abort', kill);
    void client.end().catch(() => undefined);
    setTimeout(kill, 50).unref();
  }
}
