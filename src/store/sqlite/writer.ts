/**
 * Group commit. Writes that arrive in the same turn of the event loop are run one after another
 * inside ONE transaction (should one fail, the batch runs again with each write in its own
 * savepoint, so one failing write does not undo the others); the transaction commits once, then every write's promise settles and the change feed
 * fires. A write's promise therefore never resolves before its data is committed. With one write
 * per turn this is exactly one transaction per write; under load it turns many small commits (each
 * writing the same index and audit pages to the WAL again) into one.
 *
 * The write lock is taken without waiting: while another connection holds it (the checkpointer
 * restarting the WAL, checkpointer.ts, or another process), the batch is retried a millisecond
 * later — the event loop keeps serving — until the busy timeout has passed, then it fails as
 * SQLITE_BUSY did before. Blocking there (SQLite's busy handler sleeps in the calling thread)
 * would stall every request, not only the writes that wait.
 *
 * The connection's busy timeout is set to 0 once, at the first flush, and left there (it was set to
 * 0 and back around every BEGIN: two PRAGMA statements, re-prepared by SQLite on each run, about 4 %
 * of the main thread's time at a steady 1,000 writes/s, when each write commits alone). Reads on
 * this connection then do not wait either, which changes nothing in WAL mode: a reader never waits
 * for the write lock or a checkpoint, only for a WAL recovery (when a connection opens after a
 * crash, before this one could read) or for a connection that holds the database exclusively,
 * which expacti never does. Only a blocking flush (close) sets the wait again.
 */
import type { StoreChange } from '../store.js';
import type { SqliteDatabase, Statement } from './database.js';

/** A write: runs synchronously inside the transaction, pushing the changes it made. */
export type SyncWrite<T> = (changes: StoreChange[]) => T;

type Outcome = { ok: true; value: unknown; changes: StoreChange[] } | { ok: false; error: unknown };

interface Queued {
  op: SyncWrite<unknown>;
  /** Run under a savepoint of its own: its batch failed once without. */
  isolate?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly release: Statement;
  private readonly rollbackTo: Statement;
  private readonly noWait: Statement;
  private readonly wait: Statement;
  /** When the current batch first found the write lock taken (ms, performance.now()); 0: it did not. */
  private busySince = 0;
  /** The connection's busy timeout is 0 now (see above); false: it is busyTimeoutMs. */
  private noWaitSet = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly committed: (changes: StoreChange[]) => void,
    private readonly mapError: (error: unknown) => unknown,
    private readonly busyTimeoutMs = 5000,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT write');
    this.release = db.prepare('RELEASE write');
    this.rollbackTo = db.prepare('ROLLBACK TO write');
    this.noWait = db.prepare('PRAGMA busy_timeout = 0');
    this.wait = db.prepare(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  }

  write<T>(op: SyncWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Commits whatever is queued now. close() passes `block`: it waits for the lock in this thread,
   * as SQLite's busy handler does, to finish in-flight writes.
   */
  flush(block = false): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    if (block) this.waitForLock();
    else if (!this.lock()) return;
    const batch = this.queue;
    this.queue = [];
    // Several writes run first without a savepoint each (SAVEPOINT + RELEASE around every write
    // cost 6-15 µs a write, ≈ 10 % of an insert with its audit record at 32 in flight, more than
    // the writes' own statements gain from sharing a commit). Should one fail, the transaction is
    // rolled back and the batch runs again, each write under its own savepoint, so that the others
    // still commit: nothing of the first run is kept (its changes are undone, its results dropped).
    const isolate = batch.length > 1 && batch.some((item) => item.isolate);
    let outcomes: Outcome[];
    try {
      if (block) this.begin.run();
      outcomes = isolate ? this.runIsolated(batch) : batch.map((item) => this.runAlone(item));
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      if (batch.length > 1 && !isolate) {
        for (const item of batch) item.isolate = true;
        this.queue = [...batch, ...this.queue];
        this.flush(block);
        return;
      }
      const mapped = this.mapError(error);
      for (const item of batch) item.reject(mapped);
      return;
    }
    const changes: StoreChange[] = [];
    for (const o of outcomes) if (o.ok) changes.push(...o.changes);
    if (changes.length > 0) this.committed(changes);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(this.mapError(outcome?.error));
    });
  }

  /** One write in the transaction: its error fails the transaction. */
  private runAlone(item: Queued): Outcome {
    const changes: StoreChange[] = [];
    return { ok: true, value: item.op(changes), changes };
  }

  /** Several writes in one transaction, each under a savepoint of its own: one that fails is undone alone. */
  private runIsolated(batch: readonly Queued[]): Outcome[] {
    return batch.map((item) => {
      this.savepoint.run();
      try {
        const outcome = this.runAlone(item);
        this.release.run();
        return outcome;
      } catch (error) {
        this.rollbackTo.run();
        this.release.run();
        return { ok: false, error };
      }
    });
  }

  /**
   * Takes the write lock (BEGIN IMMEDIATE) without waiting. False when it is taken elsewhere: the
   * flush is scheduled again, or, past the busy timeout, the queued writes fail.
   */
  private lock(): boolean {
    if (!this.noWaitSet) {
      this.noWait.get();
      this.noWaitSet = true;
    }
    try {
      this.begin.run();
      this.busySince = 0;
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') {
        this.fail(error);
        return false;
      }
      const now = performance.now();
      if (this.busySince === 0) this.busySince = now;
      if (now - this.busySince >= this.busyTimeoutMs) {
        this.busySince = 0;
        this.fail(error);
        return false;
      }
      this.scheduled = true;
      setTimeout(() => this.flush(), 1);
      return false;
    }
  }

  /** A blocking flush waits for the lock in this thread, up to the busy timeout. */
  private waitForLock(): void {
    if (!this.noWaitSet) return;
    this.wait.get();
    this.noWaitSet = false;
  }

  private fail(error: unknown): void {
    const batch = this.queue;
    this.queue = [];
    const mapped = this.mapError(error);
    for (const item of batch) item.reject(mapped);
  }
}
