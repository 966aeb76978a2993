/**
 * Group commit. Writes that arrive in the same turn of the event loop are run one after another
 * inside ONE transaction (each in its own savepoint, so one failing write does not undo the
 * others); the transaction commits once, then every write's promise settles and the change feed
 * fires. A write's promise therefore never resolves before its data is committed. With one write
 * per turn this is exactly one transaction per write; under load it turns many small commits (each
 * writing the same index and audit pages to the WAL again) into one.
 */
import type { StoreChange } from '../store.js';
import type { SqliteDatabase, Statement } from './database.js';

/** A write: runs synchronously inside the transaction, pushing the changes it made. */
export type SyncWrite<T> = (changes: StoreChange[]) => T;

interface Queued {
  op: SyncWrite<unknown>;
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

  constructor(
    private readonly db: SqliteDatabase,
    private readonly committed: (changes: StoreChange[]) => void,
    private readonly mapError: (error: unknown) => unknown,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT write');
    this.release = db.prepare('RELEASE write');
    this.rollbackTo = db.prepare('ROLLBACK TO write');
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

  /** Commits whatever is queued now (also used by close() to finish in-flight writes). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<
      { ok: true; value: unknown; changes: StoreChange[] } | { ok: false; error: unknown }
    > = [];
    try {
      this.begin.run();
      const isolate = batch.length > 1;
      for (const item of batch) {
        const changes: StoreChange[] = [];
        if (isolate) this.savepoint.run();
        try {
          const value = item.op(changes);
          if (isolate) this.release.run();
          outcomes.push({ ok: true, value, changes });
        } catch (error) {
          if (!isolate) throw error;
          this.rollbackTo.run();
          this.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      const mapped = this.mapError(error);
      for (const item of batch) item.reject(mapped);
      return;
    }
    const changes = outcomes.flatMap((o) => (o.ok ? o.changes : []));
    if (changes.length > 0) this.committed(changes);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(this.mapError(outcome?.error));
    });
  }
}
