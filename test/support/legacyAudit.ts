/**
 * An audit log as an expacti from before audit keys wrote it: records sealed with plain SHA-256
 * and no key column (schema version 3). For the migration tests of both stores.
 */
import { GENESIS_HASH, hashRecord } from '../../src/core/audit/index.js';
import type { AuditContent } from '../../src/core/audit/index.js';

export interface LegacyRow {
  seq: number;
  ts: string;
  org_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export function legacyRows(n: number): LegacyRow[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const content: AuditContent = {
      ts: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      orgId: null,
      actor: { kind: 'system', id: null, name: 'before-keys' },
      action: 'legacy.record',
      subject: null,
      data: { i },
    };
    const hash = hashRecord(prev, i + 1, content, null);
    const row: LegacyRow = {
      seq: i + 1,
      ts: content.ts,
      org_id: null,
      actor: JSON.stringify(content.actor),
      action: content.action,
      subject: null,
      data: JSON.stringify(content.data),
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
}

export const LEGACY_INSERT =
  'INSERT INTO audit (seq, ts, org_id, actor, action, subject, data, prev_hash, hash) VALUES ';
