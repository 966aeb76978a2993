/**
 * Versioned migrations, shared rules: each dialect keeps an ordered list numbered 1, 2, 3 … (the two
 * lists stay parallel: version N means the same change in both). A database records what it has
 * applied in schema_migrations; the store applies what is missing, in order, each in a transaction,
 * and refuses to start on a database that has a version this code does not know (a newer expacti
 * migrated it: running older code on it could corrupt data).
 */
import { StoreSchemaError } from './errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations still to apply, or a StoreSchemaError when the database is ahead of the code. */
export function pendingMigrations(applied: readonly number[], known: readonly Migration[]): Migration[] {
  const latest = known.reduce((max, m) => Math.max(max, m.version), 0);
  const unknown = applied.filter((v) => v > latest || !known.some((m) => m.version === v));
  if (unknown.length > 0) {
    throw new StoreSchemaError(
      `the database has schema version ${Math.max(...unknown)}, newer than this expacti knows (${latest}): ` +
        'upgrade expacti, or restore a backup taken before the upgrade',
    );
  }
  const done = new Set(applied);
  return known.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
}
