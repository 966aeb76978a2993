/**
 * The connection pool, statement helper, transactions and the migration runner for PostgreSQL.
 */
import pg from 'pg';
import { pendingMigrations } from '../migrations.js';
import type { StoreChange } from '../store.js';
import { StoreUnavailableError } from '../errors.js';
import { isConnectionError } from './errors.js';
import { MIGRATIONS } from './migrations/index.js';
import { PendingAudit } from './run.js';
import type { ChainKey } from '../../core/audit/index.js';

export type Queryable = pg.Pool | pg.PoolClient | pg.Client;
export type Row = Record<string, unknown>;

export const CHANNEL = 'expacti_changes';
/** Health probes of the change feed: sent through the pool, heard on the LISTEN connection. */
export const PROBE_CHANNEL = 'expacti_feed_probe';
/** Any constant: the key of the advisory lock that serializes migrations across replicas. */
const MIGRATION_LOCK = 0x65787061; // "expa"

export interface PoolOptions {
  databaseUrl: string;
  poolSize?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'expacti',
  });
  // An idle client whose connection dies emits 'error' on the pool; without a listener that would
  // crash the process. The pool already discards the client; the next query gets a fresh one.
  pool.on('error', () => undefined);
  return pool;
}

const statementNames = new Map<string, string>();

/** Runs one statement as a named prepared statement (parsed once per connection). */
export async function query(
  db: Queryable,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<Row>> {
  let name = statementNames.get(text);
  if (!name) {
    name = `expacti_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return db.query<Row>({ name, text, values });
}

/** A pooled connection; failing to get one means the database is unavailable, whatever the reason. */
export async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(`cannot connect to PostgreSQL: ${message}`, { cause: error });
  }
  // pg-pool listens for errors only on idle clients. A connection lost while checked out (the
  // database stopping between two statements of a transaction) would emit 'error' with nobody
  // listening and take the whole server down; its queries fail instead, and release destroys it.
  const lost = (): void => undefined;
  client.on('error', lost);
  const release = client.release.bind(client);
  client.release = (destroy?: Error | boolean) => {
    client.removeListener('error', lost);
    release(destroy);
  };
  return client;
}

/** Runs `fn` on one pooled connection, outside a transaction. */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(pool);
  let broken = false;
  try {
    return await fn(client);
  } catch (error) {
    broken = isConnectionError(error);
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs `fn` in a transaction on one pooled connection. The audit drafts it hands over are sealed at
 * the end (chain head locked from there to the commit); the changes it pushes are announced with
 * pg_notify inside the transaction, so every replica (this one included) hears them on commit.
 */
export async function transaction<T>(
  pool: pg.Pool,
  key: ChainKey,
  fn: (client: pg.PoolClient, changes: StoreChange[], audit: PendingAudit) => Promise<T>,
): Promise<T> {
  const client = await connect(pool);
  let broken = false;
  try {
    await client.query('BEGIN');
    const changes: StoreChange[] = [];
    const audit = new PendingAudit(key);
    const result = await fn(client, changes, audit);
    await audit.seal(client);
    // The notification rides in the same round trip as the COMMIT (one simple-protocol query), so
    // the audit head lock is not held for an extra round trip.
    const payload = JSON.stringify(changes);
    const notify =
      changes.length > 0 ? `SELECT pg_notify('${CHANNEL}', ${client.escapeLiteral(payload)}); ` : '';
    await client.query(`${notify}COMMIT`);
    return result;
  } catch (error) {
    broken = isConnectionError(error);
    if (!broken) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Applies pending migrations, one transaction each, under an advisory lock (replicas may race). */
export async function migrateDatabase(pool: pg.Pool): Promise<void> {
  const client = await connect(pool);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
    const applied = (
      await client.query<{ version: number }>('SELECT version FROM schema_migrations')
    ).rows.map((row) => row.version);
    for (const migration of pendingMigrations(applied, MIGRATIONS)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())',
          [migration.version, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
