/** Audit records ↔ rows, and sealing drafts onto the chain head (shared by both stores). */
import { sealRecords, type ChainHead, type ChainKey } from '../core/audit/index.js';
import type { AuditDraft, AuditRecord } from './records.js';
import { read, type Row } from './rows.js';

export const AUDIT_COLUMNS = [
  'seq',
  'ts',
  'org_id',
  'actor',
  'action',
  'subject',
  'data',
  'prev_hash',
  'hash',
  'key_id',
] as const;

/** Numbers and seals drafts after `head` with `key`; stores call it inside the transaction that holds the head. */
export function sealAudit(
  head: ChainHead | null,
  drafts: readonly AuditDraft[],
  key: ChainKey,
): AuditRecord[] {
  // The record written out field by field: a spread of the draft took a slow path of V8's (about
  // 4 µs a record, a fifth of sealing it).
  return sealRecords(head, drafts, key, (d, seal) => ({
    seq: seal.seq,
    ts: d.ts,
    orgId: d.orgId,
    actor: d.actor,
    action: d.action,
    subject: d.subject,
    data: d.data,
    prevHash: seal.prevHash,
    hash: seal.hash,
    keyId: seal.keyId,
  }));
}

export function auditValues(record: AuditRecord): unknown[] {
  return [
    record.seq,
    record.ts,
    record.orgId,
    JSON.stringify(record.actor),
    record.action,
    record.subject,
    JSON.stringify(record.data),
    record.prevHash,
    record.hash,
    record.keyId,
  ];
}

export function auditFromRow(row: Row): AuditRecord {
  return {
    seq: read.num(row.seq),
    ts: read.str(row.ts),
    orgId: read.strOrNull(row.org_id),
    actor: read.json(row.actor),
    action: read.str(row.action),
    subject: read.strOrNull(row.subject),
    data: read.json(row.data),
    prevHash: read.str(row.prev_hash),
    hash: read.str(row.hash),
    keyId: read.strOrNull(row.key_id),
  };
}

/** The audit_head row, or null while the log is empty. */
export function headFromRow(row: Row | undefined): ChainHead | null {
  if (!row || read.num(row.seq) === 0) return null;
  return { seq: read.num(row.seq), hash: read.str(row.hash) };
}
