/**
 * SqliteStore: the embedded store (better-sqlite3, one file `expacti.db` in the data directory).
 * Reads run synchronously on the one connection; writes go through GroupCommit (writer.ts), which
 * runs each write with its audit records inside one transaction and settles the promise only after
 * the commit. The change feed is an in-process emitter fired after commit.
 */
import type { StoreChange, StoreHealth } from '../store.js';
import { timedCheck } from '../health.js';
import { ChangeFeed } from '../changeFeed.js';
import { StoreUnavailableError } from '../errors.js';
import { OpStore } from '../opStore.js';
import type { Op, WriteOp } from '../ops/statement.js';
import {
  migrateDatabase,
  openDatabase,
  Statements,
  type OpenOptions,
  type SqliteDatabase,
} from './database.js';
import { mapSqliteError } from './errors.js';
import { runSync } from './run.js';
import { GroupCommit } from './writer.js';
import { Checkpointer, SAFETY_NET_PAGES } from './checkpointer.js';
import type { ChainKeyring } from '../../core/audit/index.js';

export interface SqliteStoreOptions extends OpenOptions {
  dataDir: string;
  /** The audit chain's keys (from outside the database). */
  auditKeys: ChainKeyring;
  /** 'background' (default): WAL checkpoints in a worker thread (checkpointer.ts); 'inline': SQLite's own. */
  checkpoint?: 'background' | 'inline';
  /** The background checkpointer's timing (tests): every `intervalMs`, a restart past `restartFrames`. */
  checkpointer?: { intervalMs?: number; restartFrames?: number };
}

export class SqliteStore extends OpStore {
  readonly kind = 'sqlite' as const;
  private readonly db: SqliteDatabase;
  private readonly s: Statements;
  private readonly feed = new ChangeFeed();
  private readonly writer: GroupCommit;
  private readonly checkpointer: Checkpointer | null;
  private closed = false;
  private readonly auditKeys: ChainKeyring;

  constructor(options: SqliteStoreOptions) {
    super();
    this.auditKeys = options.auditKeys;
    try {
      this.db = openDatabase(options.dataDir, options);
    } catch (error) {
      throw mapSqliteError(error);
    }
    this.s = new Statements(this.db);
    if (options.checkpoint === 'inline') {
      this.checkpointer = null;
    } else {
      this.db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
      this.checkpointer = new Checkpointer(
        this.db.name,
        options.checkpointer?.intervalMs,
        options.checkpointer?.restartFrames,
      );
    }
    this.writer = new GroupCommit(
      this.db,
      (changes) => this.feed.emit(changes),
      mapSqliteError,
      options.busyTimeoutMs ?? 5000,
    );
  }

  async migrate(): Promise<void> {
    this.ensureOpen();
    try {
      migrateDatabase(this.db);
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.flush(true);
    this.closed = true;
    await this.checkpointer?.stop();
    this.db.close();
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    return this.feed.subscribe(listener);
  }

  async health(timeoutMs: number): Promise<StoreHealth> {
    const database = await timedCheck(
      async () => {
        this.ensureOpen();
        this.db.prepare('SELECT 1').get();
      },
      timeoutMs,
      'SQLite',
    );
    // The feed is this process's own emitter: live exactly while the store is open.
    const changeFeed = this.closed
      ? { ok: false as const, error: 'the store is closed' }
      : { ok: true as const, ms: 0 };
    return { database, changeFeed };
  }

  protected async read<T>(op: Op<T>): Promise<T> {
    this.ensureOpen();
    try {
      return runSync(this.s, op, null);
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  protected write<T>(op: WriteOp<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    return this.writer.write((changes) => runSync(this.s, op(changes), this.auditKeys.current));
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }
}
