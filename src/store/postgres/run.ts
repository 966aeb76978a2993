/**
 * The PostgreSQL adapter for ops/: drives an operation, one awaited statement at a time. Inside a
 * transaction, audit drafts are collected and sealed at its end (see Transaction.seal).
 */
import type pg from 'pg';
import { sealAndInsert } from '../ops/audit.js';
import { sqlFor, type Op, type Statement, type StepResult } from '../ops/statement.js';
import type { AuditDraft, AuditRecord } from '../records.js';
import { numberPlaceholders } from '../sql.js';
import { query, type Queryable } from './database.js';
import { assertStorable } from '../storableText.js';
import type { ChainKey } from '../../core/audit/index.js';

const texts = new Map<Statement['sql'], string>();

function textOf(sql: Statement['sql']): string {
  let text = texts.get(sql);
  if (text === undefined) {
    text = numberPlaceholders(sqlFor(sql, 'postgres'));
    texts.set(sql, text);
  }
  return text;
}

/** The audit drafts of one transaction, in order, with the arrays their sealed records go to. */
export class PendingAudit {
  private readonly parts: Array<{ drafts: readonly AuditDraft[]; records: AuditRecord[] }> = [];

  /** `key`: what the records are sealed with (the store's current audit key). */
  constructor(private readonly key: ChainKey) {}

  add(drafts: readonly AuditDraft[]): AuditRecord[] {
    const records: AuditRecord[] = [];
    this.parts.push({ drafts, records });
    return records;
  }

  /** Locks the chain head, seals every collected draft after it and inserts them (end of transaction). */
  async seal(client: pg.PoolClient): Promise<void> {
    if (this.parts.length === 0) return;
    const sealed = await runAsync(
      client,
      sealAndInsert(
        this.parts.flatMap((p) => p.drafts),
        this.key,
      ),
      null,
    );
    let next = 0;
    for (const part of this.parts) {
      for (let i = 0; i < part.drafts.length; i++) part.records.push(sealed[next++] as AuditRecord);
    }
  }
}

/** `audit`: where audit drafts go (a transaction's); null outside a write. */
export async function runAsync<T>(db: Queryable, op: Op<T>, audit: PendingAudit | null): Promise<T> {
  let step = op.next();
  while (!step.done) {
    const current = step.value;
    let result: StepResult;
    if ('audit' in current) {
      if (!audit) throw new Error('audit drafts outside a write transaction');
      result = { rows: [], count: current.audit.length, records: audit.add(current.audit) };
    } else {
      assertStorable(current.params);
      const res = await query(db, textOf(current.sql), current.params as unknown[]);
      result = { rows: res.rows, count: res.rowCount ?? res.rows.length, records: [] };
    }
    step = op.next(result);
  }
  return step.value;
}
