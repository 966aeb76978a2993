/**
 * The demo's database: a `users` table large enough that the row estimate matters. Embedded SQLite
 * by default (a file in the project; 200,000 users), PostgreSQL when asked (2,000,000 users in a
 * database made for the demo and dropped after it). Most users have no role yet — which is what
 * the backfill UPDATE is about, and why its WHERE is not narrow.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { quoteWord } from '../protocol/commandText.js';

export interface DemoDatabase {
  kind: 'sqlite' | 'postgres';
  /** The shell command an agent writes to run one SQL statement against it. */
  sql(statement: string): string;
  /** What the agent's environment needs (PG* variables; PATH with the sqlite3 stand-in). */
  env: Record<string, string>;
  users: number;
  /** The TCP port a client reaches it on (PostgreSQL); the whitelist entry's scope must allow it. */
  port?: number;
  /** One line for the narration: "SQLite shop/app.db, 200,000 users". */
  describe: string;
  /** A note when something stands in for a missing tool. */
  note?: string;
  close(): Promise<void>;
}

export const SQLITE_USERS = 200_000;
export const POSTGRES_USERS = 2_000_000;

/** Roles: every 25th user an admin, the next a member, the rest (92 %) none yet. Org = id % 250 + 1. */
const seedSelect = (i: string) =>
  `${i}, 'user' || ${i} || '@example.com', (${i} % 250) + 1, ` +
  `CASE WHEN ${i} % 25 = 0 THEN 'admin' WHEN ${i} % 25 = 1 THEN 'member' ELSE NULL END`;

const CREATE_USERS =
  'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, org_id INTEGER NOT NULL, role TEXT)';

/** SQL as one shell word, the way a person types it: '…', or "…" around SQL that has quotes. */
export function sqlWord(statement: string): string {
  if (!statement.includes("'")) return `'${statement}'`;
  if (!/["$`\\!]/.test(statement)) return `"${statement}"`;
  return quoteWord(statement);
}

export async function openSqliteDemo(project: string, binDir: string): Promise<DemoDatabase> {
  const { default: Database } = await import('better-sqlite3');
  const file = join(project, 'app.db');
  const db = new Database(file);
  try {
    db.exec(CREATE_USERS);
    db.exec(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${SQLITE_USERS}) ` +
        `INSERT INTO users SELECT ${seedSelect('i')} FROM n`,
    );
  } finally {
    db.close();
  }
  const env: Record<string, string> = {};
  let note: string | undefined;
  if (!hasProgram('sqlite3')) {
    writeSqliteStandIn(binDir);
    env['PATH'] = `${binDir}:${process.env['PATH'] ?? ''}`;
    note = 'no sqlite3 on this machine: a minimal stand-in (better-sqlite3) answers for it';
  }
  return {
    kind: 'sqlite',
    sql: (statement) => `sqlite3 app.db ${sqlWord(statement)}`,
    env,
    users: SQLITE_USERS,
    describe: `SQLite shop/app.db, ${SQLITE_USERS.toLocaleString('en-US')} users`,
    ...(note ? { note } : {}),
    close: async () => undefined,
  };
}

function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/**
 * `sqlite3 FILE 'SQL'` for machines without the sqlite3 CLI: runs the statement with better-sqlite3
 * and prints rows the way sqlite3 does (columns joined by |). Only what the demo's agent types.
 */
function writeSqliteStandIn(binDir: string): void {
  mkdirSync(binDir, { recursive: true });
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const script = [
    `#!${process.execPath}`,
    "'use strict';",
    `const Database = require(${JSON.stringify(driver)});`,
    'const [file, sql] = process.argv.slice(2);',
    "if (!file || !sql) { process.stderr.write('usage: sqlite3 FILE SQL (demo stand-in)\\n'); process.exit(1); }",
    'const db = new Database(file, { fileMustExist: true });',
    'const stmt = db.prepare(sql);',
    "if (stmt.reader) for (const row of stmt.raw().all()) process.stdout.write(row.join('|') + '\\n');",
    'else stmt.run();',
    'db.close();',
    '',
  ].join('\n');
  writeFileSync(join(binDir, 'sqlite3'), script);
  chmodSync(join(binDir, 'sqlite3'), 0o755);
}

/** A database made for the demo on the PostgreSQL server at `serverUrl`, dropped by close(). */
export async function openPostgresDemo(serverUrl: string): Promise<DemoDatabase> {
  const { default: pg } = await import('pg');
  const name = `expacti_demo_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
  try {
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      await db.query(CREATE_USERS);
      await db.query(
        `INSERT INTO users SELECT ${seedSelect('i')} FROM generate_series(1, ${POSTGRES_USERS}) AS i`,
      );
      await db.query('ANALYZE users');
    } finally {
      await db.end();
    }
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(url.hostname),
    PGPORT: url.port || '5432',
    PGDATABASE: name,
  };
  if (url.username) env['PGUSER'] = decodeURIComponent(url.username);
  if (url.password) env['PGPASSWORD'] = decodeURIComponent(url.password);
  return {
    kind: 'postgres',
    sql: (statement) => `psql -c ${sqlWord(statement)}`,
    env,
    port: Number(env['PGPORT']),
    users: POSTGRES_USERS,
    describe: `PostgreSQL database ${name} on ${url.hostname}:${url.port || 5432}, ${POSTGRES_USERS.toLocaleString('en-US')} users`,
    close: drop,
  };
}
