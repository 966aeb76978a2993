/**
 * Local errors of the store layer, with a typed code. The server maps them to wire errors in its one
 * error handler: unavailable → 503 (agents fail closed), conflict → 409, invalid_text → 400,
 * schema → refuse to start.
 */
export type StoreErrorCode = 'unavailable' | 'conflict' | 'schema' | 'invalid_text';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** The database cannot be reached or used right now (down, refused, timed out, disk full, closed). */
export class StoreUnavailableError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A uniqueness rule was broken, e.g. a username or token hash that already exists. */
export class StoreConflictError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options);
    this.name = 'StoreConflictError';
  }
}

/**
 * Text the text policy refuses (protocol/text.ts: NUL, lone surrogates), refused by both stores
 * alike before it reaches the database — PostgreSQL would fail on NUL, SQLite would store it, and
 * both would silently replace a lone surrogate.
 */
export class StoreInvalidTextError extends StoreError {
  constructor(message: string) {
    super('invalid_text', message);
    this.name = 'StoreInvalidTextError';
  }
}

/** The database was migrated by a newer expacti than this one, or its migrations are unknown. */
export class StoreSchemaError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('schema', message, options);
    this.name = 'StoreSchemaError';
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
