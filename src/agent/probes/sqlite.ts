/**
 * The SQLite probe: open the database file read-only (and `query_only`), count each table's rows,
 * and count the rows each UPDATE/DELETE would touch with the statement's own table and WHERE
 * condition (`rows`, cut by the server's parser) — SQLite has no planner estimate to ask. Every
 * query is a single statement that SQLite itself reports as read-only, or it is not run. The count
 * is bounded: past SAMPLE_ROWS rows it is extrapolated from the first SAMPLE_ROWS.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Fact, SqlFact, SqlProbe, SqlStatementFact, SqliteTarget } from '../../protocol/context.js';
import type { ProbeEnv } from './types.js';

/** Rows read to count a WHERE; a larger table's count is extrapolated from these. */
export const SAMPLE_ROWS = 250_000;

interface ReadOnlyDb {
  prepare(sql: string): { readonly: boolean; get(): unknown };
  pragma(text: string): unknown;
  close(): void;
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs one read-only query returning one row; refuses anything SQLite says would write. */
function readOne<T>(db: ReadOnlyDb, sql: string): T {
  const stmt = db.prepare(sql);
  if (!stmt.readonly) throw new Error('not a read-only query');
  return stmt.get() as T;
}

function tableRows(db: ReadOnlyDb, name: string): Fact<number> {
  try {
    const row = readOne<{ n: number }>(db, `SELECT count(*) AS n FROM ${quoteName(name)}`);
    return { known: true, value: row.n };
  } catch (e) {
    return {
      known: false,
      why: /no such table/.test((e as Error).message) ? `no table ${name} here` : (e as Error).message,
    };
  }
}

function statementRows(
  db: ReadOnlyDb,
  s: SqlProbe['statements'][number],
  tables: SqlStatementFact['tables'],
): Fact<number> {
  if (!s.rows) {
    if (s.statement === 'UPDATE' || s.statement === 'DELETE')
      return { known: false, why: 'the statement is too involved to count its rows; see the table sizes' };
    return { known: false, why: `${s.statement} is not counted; see the table sizes` };
  }
  const size = tables[0]?.estimatedRows;
  try {
    const picked = s.rows.where === null ? '1' : `CASE WHEN ${s.rows.where} THEN 1 ELSE 0 END`;
    const r = readOne<{ seen: number; hit: number | null }>(
      db,
      `SELECT count(*) AS seen, sum(m) AS hit FROM (SELECT ${picked} AS m FROM ${s.rows.from} LIMIT ${SAMPLE_ROWS})`,
    );
    const hit = r.hit ?? 0;
    if (r.seen < SAMPLE_ROWS || !size?.known) return { known: true, value: hit };
    return { known: true, value: Math.round((hit / r.seen) * size.value) };
  } catch (e) {
    return { known: false, why: `could not count the rows: ${(e as Error).message}` };
  }
}

export async function probeSqlite(p: SqlProbe, target: SqliteTarget, env: ProbeEnv): Promise<SqlFact> {
  const file = target.file.startsWith('~/')
    ? resolve(env.home, target.file.slice(2))
    : isAbsolute(target.file)
      ? target.file
      : resolve(env.cwd, target.file);
  const { default: Database } = await import('better-sqlite3');
  let db: ReadOnlyDb;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true }) as unknown as ReadOnlyDb;
  } catch (e) {
    throw new Error(`cannot open ${file} read-only: ${(e as Error).message}`);
  }
  try {
    db.pragma('query_only = ON');
    const statements: SqlStatementFact[] = p.statements.map((s) => {
      const tables = s.tables.slice(0, 10).map((name) => ({ name, estimatedRows: tableRows(db, name) }));
      return {
        statement: s.statement,
        text: s.text.trim().replace(/;+\s*$/, ''),
        estimatedRows: statementRows(db, s, tables),
        tables,
      };
    });
    return { engine: 'sqlite', server: { host: 'localhost', port: 0, database: file, user: '' }, statements };
  } finally {
    db.close();
  }
}
