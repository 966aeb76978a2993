/** The store layer's public surface: open a store, its interface and records, its errors. */
export { openStore, type OpenStoreOptions } from './open.js';
export type {
  ClaimResult,
  DecideOptions,
  DecideResult,
  ExpiredRequest,
  RequestQuery,
  SignInFailure,
  Store,
  StoreChange,
} from './store.js';
export * from './records.js';
export {
  StoreConflictError,
  StoreError,
  StoreInvalidTextError,
  StoreSchemaError,
  StoreUnavailableError,
  isStoreError,
} from './errors.js';
export type { StoreErrorCode } from './errors.js';
