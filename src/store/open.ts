/**
 * openStore: the one way the server gets a store. A databaseUrl selects PostgreSQL, otherwise the
 * embedded SQLite store in dataDir. Each driver is imported only when used, so that neither costs
 * start-up time when it is not. Migrations run before the store is returned.
 */
import type { Store } from './store.js';
import type { ChainKeyring } from '../core/audit/index.js';

/** `auditKeys`: the keys the audit chain is sealed with; they never go into the database. */
export type OpenStoreOptions = { auditKeys: ChainKeyring } & (
  { dataDir: string; synchronous?: 'normal' | 'full' } | { databaseUrl: string; poolSize?: number }
);

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store: Store =
    'databaseUrl' in options
      ? new (await import('./postgres/store.js')).PostgresStore(options)
      : new (await import('./sqlite/store.js')).SqliteStore(options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
