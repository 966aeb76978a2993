/**
 * The store's operations are written once, for both databases, as generators that yield SQL
 * statements and receive their results (drizzle's "one dialect core, thin adapter per driver").
 * The SQLite adapter drives a generator synchronously inside its write transaction (no other code
 * can interleave); the PostgreSQL adapter awaits each statement on one pooled connection.
 *
 * SQL is written with `?` placeholders (the PostgreSQL adapter numbers them $1, $2, …) and in the
 * common subset of both dialects; booleans are passed as JS booleans (SQLite gets 1/0). Where the
 * dialects differ, a statement carries one text per dialect.
 */
import type { StoreChange } from '../store.js';
import type { AuditDraft, AuditRecord } from '../records.js';

export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface Statement {
  sql: string | Readonly<Record<Dialect, string>>;
  params: readonly unknown[];
}

/**
 * A write's audit drafts, handed to the adapter, which seals them onto the chain inside the write's
 * transaction (ops/audit.ts: sealAndInsert). SQLite seals at once; PostgreSQL seals all drafts of a
 * transaction at its end, so that the chain head is locked only for the last two round trips.
 */
export interface AuditStep {
  audit: readonly AuditDraft[];
}

export type Step = Statement | AuditStep;

export interface StepResult {
  rows: Row[];
  /** Rows returned (SELECT, … RETURNING) or changed (INSERT, UPDATE, DELETE). */
  count: number;
  /**
   * For an AuditStep: the sealed records. An adapter that seals at the end of the transaction fills
   * this array in then (before the write's promise settles): ops only pass it on, never read it.
   */
  records: AuditRecord[];
}

/** An operation: yields statements, gets their results, returns T. */
export type Op<T> = Generator<Step, T, StepResult>;

/** A write also reports the changes it committed, for the change feed. */
export type WriteOp<T> = (changes: StoreChange[]) => Op<T>;

export function stmt(sql: Statement['sql'], ...params: unknown[]): Statement {
  return { sql, params };
}

/** Yields one statement and returns its first row, if any. */
export function* one(sql: Statement['sql'], ...params: unknown[]): Op<Row | undefined> {
  return (yield stmt(sql, ...params)).rows[0];
}

/** Yields one statement and returns all its rows. */
export function* all(sql: Statement['sql'], ...params: unknown[]): Op<Row[]> {
  return (yield stmt(sql, ...params)).rows;
}

/** Yields one statement and returns how many rows it changed or returned. */
export function* count(sql: Statement['sql'], ...params: unknown[]): Op<number> {
  return (yield stmt(sql, ...params)).count;
}

/** The text of `sql` for a dialect. */
export function sqlFor(sql: Statement['sql'], dialect: Dialect): string {
  return typeof sql === 'string' ? sql : sql[dialect];
}
