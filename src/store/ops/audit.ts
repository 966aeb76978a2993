/**
 * Audit operations. A write hands its drafts to the adapter (appendAudit); the adapter seals them
 * inside the write's transaction with sealAndInsert: read the chain head — on PostgreSQL with
 * SELECT … FOR UPDATE, which serializes appends from every replica into one linear chain (taken
 * at the end of the transaction and held only until its commit); on SQLite the write transaction
 * already holds the database's single write lock — seal the drafts after it and insert them. A
 * trigger (audit_head_follows, in both schemas) moves the head with each inserted record.
 */
import { AUDIT_COLUMNS, auditFromRow, auditValues, headFromRow, sealAudit } from '../audit.js';
import type { AuditDraft, AuditRecord } from '../records.js';
import type { ChainKey } from '../../core/audit/index.js';
import { insertSql } from '../sql.js';
import { all, one, stmt, type Op } from './statement.js';

/** Rows per INSERT: keeps parameters well under both databases' limits, and few distinct statements. */
const MAX_ROWS = 100;
const INSERTS: string[] = [];
/** The INSERT for n records (memoized: the same text is the same prepared statement). */
const insertAudit = (n: number): string => (INSERTS[n] ??= insertSql('audit', AUDIT_COLUMNS, n));
const HEAD = 'SELECT seq, hash FROM audit_head WHERE id = 1';
const LOCK_HEAD = { sqlite: HEAD, postgres: `${HEAD} FOR UPDATE` };

export function* appendAudit(drafts: readonly AuditDraft[]): Op<AuditRecord[]> {
  if (drafts.length === 0) return [];
  return (yield { audit: drafts }).records;
}

/** Run by the adapters: seals drafts after the (locked) head with the store's current key, and inserts them. */
export function* sealAndInsert(drafts: readonly AuditDraft[], key: ChainKey): Op<AuditRecord[]> {
  if (drafts.length === 0) return [];
  const records = sealAudit(headFromRow(yield* one(LOCK_HEAD)), drafts, key);
  for (let i = 0; i < records.length; i += MAX_ROWS) {
    const chunk = records.slice(i, i + MAX_ROWS);
    // A loop, not flatMap: Array.prototype.flatMap took a slow runtime path (≈ 1 % of the main
    // thread at saturation, for the one record a decision writes).
    const values: unknown[] = [];
    for (const record of chunk) values.push(...auditValues(record));
    yield stmt(insertAudit(chunk.length), ...values);
  }
  return records;
}

export function* readAudit(afterSeq: number, limit: number): Op<AuditRecord[]> {
  const sql = `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`;
  return (yield* all(sql, afterSeq, limit)).map(auditFromRow);
}

export function* auditHead(): Op<{ seq: number; hash: string } | null> {
  return headFromRow(yield* one(HEAD));
}
