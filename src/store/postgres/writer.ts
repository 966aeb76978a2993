/**
 * Group commit for PostgreSQL. Every replica appends to the one audit chain under the chain head's
 * row lock, so audited writes are serialized across replicas, and each pays its own commit while
 * holding the lock. Batching writes that arrive together into one transaction (one head lock, one
 * multi-row audit insert, one commit) multiplies throughput. One batch is in flight per store;
 * writes arriving meanwhile form the next batch.
 *
 * Only writes that insert new rows are batched (new requests, audit appends): a batch that updated
 * existing rows could lock them in another order than a batch on another replica and deadlock.
 * If a write in a batch breaks a rule (a duplicate id), each write of the batch runs again on its
 * own, so that only the writes that fail by themselves are rejected.
 */
import type pg from 'pg';
import type { StoreChange } from '../store.js';
import type { WriteOp } from '../ops/statement.js';
import { StoreUnavailableError } from '../errors.js';
import { transaction } from './database.js';
import { isConnectionError } from './errors.js';
import { runAsync } from './run.js';
import type { ChainKey } from '../../core/audit/index.js';

interface Queued {
  op: WriteOp<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;

export class BatchWriter {
  private queue: Queued[] = [];
  private running = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly key: ChainKey,
    private readonly before: () => Promise<void>,
  ) {}

  write<T>(op: WriteOp<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      await this.before().catch(() => undefined);
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length === 1) await this.runOne(batch[0] as Queued);
        else await this.runBatch(batch);
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  /**
   * Runs the whole batch in one transaction. When a write broke a rule, each write runs again on
   * its own; when the connection failed, all are rejected (the outcome of a COMMIT whose answer was
   * lost is unknown, and running the writes again could append their audit records twice).
   */
  private async runBatch(batch: Queued[]): Promise<void> {
    let values: unknown[];
    try {
      values = await transaction(this.pool, this.key, async (client, changes, audit) => {
        const out: unknown[] = [];
        for (const item of batch) out.push(await runAsync(client, item.op(changes), audit));
        return out;
      });
    } catch (error) {
      if (error instanceof StoreUnavailableError || isConnectionError(error)) {
        for (const item of batch) item.reject(error);
      } else {
        await Promise.all(batch.map((item) => this.runOne(item)));
      }
      return;
    }
    batch.forEach((item, i) => item.resolve(values[i]));
  }

  private async runOne(item: Queued): Promise<void> {
    try {
      item.resolve(
        await transaction(this.pool, this.key, (client, changes: StoreChange[], audit) =>
          runAsync(client, item.op(changes), audit),
        ),
      );
    } catch (error) {
      item.reject(error);
    }
  }
}
