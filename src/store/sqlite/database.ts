/**
 * Opening the SQLite database: WAL, foreign keys, a busy timeout, the durability level, a cache of
 * prepared statements, and the migration runner.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pendingMigrations } from '../migrations.js';
import { MIGRATIONS } from './migrations/index.js';

export type SqliteDatabase = Database.Database;
export type Statement = Database.Statement<unknown[]>;

/**
 * Durability. In WAL mode, synchronous=NORMAL writes every commit to the WAL file before the
 * commit returns but fsyncs only at checkpoints: a committed transaction survives a crash of the
 * process (kill -9: the data is in the OS page cache, which the kernel still writes out), and the
 * database is never corrupted, but a power loss or kernel crash can lose the last transactions.
 * synchronous=FULL fsyncs the WAL on every commit and also survives power loss.
 *
 * Measured with bench/store.bench.ts on the 2-core dev VM (insertRequest + its audit record, promise
 * resolved = committed; WAL checkpoints in a worker, checkpointer.ts): one write at a time, NORMAL
 * ≈ 3,100–4,500/s and FULL ≈ 1,000–1,500/s (the fsync adds ≈ 0.5 ms or more to every commit); with
 * 64 writes in flight, group commit (writer.ts) shares each commit among the batch: NORMAL ≈ 8,300/s,
 * FULL ≈ 6,500–6,900/s. So FULL costs little throughput under load, but at a steady 1,000 requests/s
 * each write commits alone and pays a whole fsync, which alone would put the p99 of a whitelisted
 * decision over its 1 ms goal (NORMAL: p50 0.24 ms, p99 0.95 ms for the store's part).
 *
 * We choose NORMAL by default: issue 2 asks that acknowledged decisions and audit records survive
 * kill -9 of the server, which NORMAL guarantees (test/store.sqlite.test.ts kills a writer with
 * SIGKILL and finds every acknowledged record). Deployments that must also survive power loss set
 * `synchronous: 'full'`.
 */
export type Synchronous = 'normal' | 'full';

export interface OpenOptions {
  synchronous?: Synchronous;
  /** How long a write waits for another process's lock before failing, in ms. */
  busyTimeoutMs?: number;
}

export const DB_FILE = 'expacti.db';

export function openDatabase(dataDir: string, options: OpenOptions = {}): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, DB_FILE), { timeout: options.busyTimeoutMs ?? 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  return db;
}

/** Prepared statements, compiled once per SQL text. */
export class Statements {
  private readonly cache = new Map<string, Statement>();
  constructor(readonly db: SqliteDatabase) {}

  get(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

/** Applies pending migrations, each in its own IMMEDIATE transaction. Safe to call again. */
export function migrateDatabase(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const apply = db.transaction((version: number, name: string, sql: string) => {
    const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(version);
    if (done) return;
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      version,
      name,
      new Date().toISOString(),
    );
  });
  const applied = db
    .prepare('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => (row as { version: number }).version);
  for (const migration of pendingMigrations(applied, MIGRATIONS)) {
    apply.immediate(migration.version, migration.name, migration.sql);
  }
}
