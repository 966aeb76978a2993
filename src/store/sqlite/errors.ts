/** Maps better-sqlite3 errors to the store's typed errors. */
import { StoreConflictError, StoreUnavailableError } from '../errors.js';

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL)/;

export function mapSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new StoreConflictError(`already exists: ${(error as Error).message}`, { cause: error });
  }
  if (UNAVAILABLE.test(code)) {
    return new StoreUnavailableError(`the SQLite database cannot be used: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return error;
}
