/**
 * The change feed's PostgreSQL side: one dedicated connection LISTENing on the changes channel.
 * Every write's pg_notify is delivered on commit to all replicas, this one included. When the
 * connection drops (server restart, network, idle kill) it reconnects on its own with backoff.
 * Every time it starts listening — the first time too — it reports a resync: notifications sent
 * while it was not listening are lost, so the server reloads what it caches (at start-up this closes
 * the gap between loading state and the LISTEN taking effect). A heartbeat notices connections that
 * died silently.
 */
import pg from 'pg';
import type { StoreChange } from '../store.js';
import { CHANNEL, PROBE_CHANNEL } from './database.js';

export interface ListenerOptions {
  databaseUrl: string;
  onChanges: (changes: StoreChange[]) => void;
  onResync: () => void;
  /** A probe notification arrived (its payload): the feed delivers (store health, feed lag). */
  onProbe?: (payload: string) => void;
  heartbeatMs?: number;
  maxBackoffMs?: number;
}

export const LISTENER_APPLICATION_NAME = 'expacti-listener';

export class ChangeListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly options: ListenerOptions) {}

  /** Connects and listens; resolves once listening, or after the first failed attempt (it keeps retrying). */
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Whether the LISTEN connection is up right now. */
  get connected(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    client.on('notification', (message) => {
      if (message.channel === PROBE_CHANNEL) {
        this.options.onProbe?.(message.payload ?? '');
        return;
      }
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.options.onChanges(JSON.parse(message.payload) as StoreChange[]);
      } catch {
        this.options.onResync(); // an unreadable payload: reload rather than miss a change
      }
    });
    try {
      await client.connect();
      // Probes have their own channel: replicas that predate them never see one.
      await client.query(`LISTEN ${CHANNEL}; LISTEN ${PROBE_CHANNEL}`);
    } catch {
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.startHeartbeat(client);
    this.options.onResync();
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.failures += 1;
    const base = Math.min(this.options.maxBackoffMs ?? 5000, 50 * 2 ** (this.failures - 1));
    const delay = base / 2 + Math.random() * (base / 2);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, delay);
    this.retry.unref();
  }

  private startHeartbeat(client: pg.Client): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(() => this.dropped(client));
    }, this.options.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
  }
}
