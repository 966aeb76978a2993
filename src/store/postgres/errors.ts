/** Maps node-postgres errors to the store's typed errors. */
import { StoreConflictError, StoreUnavailableError } from '../errors.js';

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
/** SQLSTATEs that mean "the database is not usable now": connection exceptions (08…), shutdown,
 * too many connections, out of resources, missing database, bad credentials. */
const UNAVAILABLE_STATE = /^(08|57P0[1-4]|53|3D000|28)/;
const DROPPED =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (NETWORK.has(code) || UNAVAILABLE_STATE.test(code))) return true;
  return error instanceof Error && DROPPED.test(error.message);
}

export function mapPgError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || error instanceof StoreConflictError) return error;
  if (isConnectionError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`PostgreSQL is unavailable: ${message}`, { cause: error });
  }
  if ((error as { code?: unknown } | null)?.code === '23505') {
    return new StoreConflictError(`already exists: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
