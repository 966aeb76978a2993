/**
 * PostgresStore: the store for many server replicas on one PostgreSQL (node-postgres Pool).
 * Each write runs in one transaction with its audit records (the chain head locked FOR UPDATE, so
 * replicas append to one linear chain) and a pg_notify of its changes, delivered on commit to every
 * replica's LISTEN connection — this replica's change feed included, so there is one path for all.
 * Connection failures surface as StoreUnavailableError (the server answers 503; agents fail closed).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { StoreChange, StoreHealth } from '../store.js';
import { timedCheck } from '../health.js';
import { ChangeFeed } from '../changeFeed.js';
import { StoreUnavailableError } from '../errors.js';
import { OpStore } from '../opStore.js';
import type { Op, WriteOp } from '../ops/statement.js';
import {
  createPool,
  migrateDatabase,
  PROBE_CHANNEL,
  transaction,
  withClient,
  type PoolOptions,
} from './database.js';
import { mapPgError } from './errors.js';
import { ChangeListener } from './listener.js';
import { runAsync } from './run.js';
import { BatchWriter } from './writer.js';
import type { ChainKeyring } from '../../core/audit/index.js';

export interface PostgresStoreOptions extends PoolOptions {
  /** The audit chain's keys (from outside the database; the same on every replica). */
  auditKeys: ChainKeyring;
  /** How often the LISTEN connection checks it is alive (ms). */
  heartbeatMs?: number;
}

export class PostgresStore extends OpStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly feed = new ChangeFeed();
  private listener: ChangeListener | null = null;
  private listening: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Feed probes in flight: their payload → what to call when it arrives on the LISTEN connection. */
  private readonly probes = new Map<string, () => void>();
  private readonly batches: BatchWriter;
  private closed = false;

  constructor(private readonly options: PostgresStoreOptions) {
    super();
    this.pool = createPool(options);
    this.batches = new BatchWriter(this.pool, options.auditKeys.current, () => this.listenerReady());
  }

  async migrate(): Promise<void> {
    await this.track(() => migrateDatabase(this.pool));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.listener?.stop();
    await this.pool.end();
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    const unsubscribe = this.feed.subscribe(listener);
    if (!this.listener && !this.closed) {
      this.listener = new ChangeListener({
        databaseUrl: this.options.databaseUrl,
        onChanges: (changes) => this.feed.emit(changes),
        onResync: () => this.feed.emit([{ type: 'resync' }]),
        onProbe: (payload) => this.probes.get(payload)?.(),
        ...(this.options.heartbeatMs === undefined ? {} : { heartbeatMs: this.options.heartbeatMs }),
      });
      this.listening = this.listener.start();
    }
    return unsubscribe;
  }

  async health(timeoutMs: number): Promise<StoreHealth> {
    const [database, changeFeed] = await Promise.all([
      timedCheck(
        () => this.track(() => withClient(this.pool, (client) => client.query('SELECT 1'))),
        timeoutMs,
        'PostgreSQL',
      ),
      this.listener?.connected
        ? timedCheck(() => this.probeFeed(timeoutMs), timeoutMs, 'the change feed (LISTEN/NOTIFY)')
        : Promise.resolve({
            ok: false as const,
            error: this.listener
              ? 'the LISTEN connection is down (reconnecting)'
              : 'the change feed has not been started',
          }),
    ]);
    return { database, changeFeed };
  }

  /**
   * Sends a notification through the pool; resolves when the LISTEN connection hears it, rejects
   * when it has not within `timeoutMs`.
   */
  private async probeFeed(timeoutMs: number): Promise<void> {
    const payload = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<void>((resolve, reject) => {
      this.probes.set(payload, resolve);
      timer = setTimeout(() => reject(new Error('the probe notification did not come back')), timeoutMs);
      timer.unref();
    });
    heard.catch(() => undefined);
    try {
      await this.track(() =>
        withClient(this.pool, (client) => client.query('SELECT pg_notify($1, $2)', [PROBE_CHANNEL, payload])),
      );
      await heard;
    } finally {
      clearTimeout(timer);
      this.probes.delete(payload);
    }
  }

  protected read<T>(op: Op<T>): Promise<T> {
    return this.track(() => withClient(this.pool, (client) => runAsync(client, op, null)));
  }

  protected write<T>(op: WriteOp<T>, options?: { batch?: boolean }): Promise<T> {
    if (options?.batch) return this.track(() => this.batches.write(op));
    return this.track(async () => {
      await this.listenerReady();
      return transaction(this.pool, this.options.auditKeys.current, (client, changes, audit) =>
        runAsync(client, op(changes), audit),
      );
    });
  }

  /** A write issued after subscribe() must be heard: wait (once) until the listener is listening. */
  private async listenerReady(): Promise<void> {
    if (this.listening) await this.listening;
  }

  /** Runs work unless closed, maps its errors, and lets close() wait for it. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    const mapped = work().catch((error: unknown) => {
      throw mapPgError(error);
    });
    this.inFlight.add(mapped);
    void mapped.then(
      () => this.inFlight.delete(mapped),
      () => this.inFlight.delete(mapped),
    );
    return mapped;
  }
}
