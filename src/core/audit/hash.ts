/**
 * Record sealing for the append-only audit log. A record is sealed with a keyed MAC over its
 * predecessor's seal and its own content:
 *
 *   hash = HMAC-SHA256(key, prevHash + '\n' + keyId + '\n' + canonicalJson({ seq, ts, orgId, actor, action, subject, data }))
 *
 * with the key named by keyId (keys.ts), which is not stored in the database. The first record
 * links to GENESIS_HASH (64 zeros). Records written before keys existed (keyId null, "unkeyed")
 * were sealed with plain SHA-256 of prevHash + '\n' + body; they can only come before every keyed
 * record, and the first keyed record's seal covers them.
 *
 * Hashing is the only thing here that touches node: (node:crypto), and it does no I/O.
 */
import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';
import type { ChainKey } from './keys.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What an audit record says, without its place in the chain. */
export interface AuditContent {
  ts: string;
  orgId: string | null;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
}

export interface ChainedRecord extends AuditContent {
  seq: number;
  prevHash: string;
  hash: string;
  /** The key the record was sealed with; null: unkeyed (written before audit keys existed). */
  keyId: string | null;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The seal of a record made with `key`; `key` null: the unkeyed SHA-256 of older records. */
export function hashRecord(
  prevHash: string,
  seq: number,
  content: AuditContent,
  key: ChainKey | null,
): string {
  if (key === null) {
    return createHash('sha256')
      .update(`${prevHash}\n${recordBody(seq, content)}`)
      .digest('hex');
  }
  return createHmac('sha256', key.secret)
    .update(`${prevHash}\n${key.id}\n${recordBody(seq, content)}`)
    .digest('hex');
}

/**
 * canonicalJson({ seq, ts, orgId, actor, action, subject, data }), with the top level written out
 * in its sorted key order (action, actor, data, orgId, seq, subject, ts) to save a sort per record.
 */
export function recordBody(seq: number, content: AuditContent): string {
  return (
    `{"action":${JSON.stringify(content.action)},"actor":${canonicalJson(content.actor)},` +
    `"data":${canonicalJson(content.data)},"orgId":${JSON.stringify(content.orgId ?? null)},"seq":${canonicalJson(seq)},` +
    `"subject":${JSON.stringify(content.subject ?? null)},"ts":${JSON.stringify(content.ts)}}`
  );
}

/** Where a sealed record sits in the chain. */
export interface Seal {
  seq: number;
  prevHash: string;
  hash: string;
  keyId: string;
}

/**
 * Gives drafts their sequence numbers and seals them after `head` (null: an empty log) with `key`.
 * Stores call this inside the transaction that holds the head, so the chain stays linear. Each
 * record is `build(draft, seal)`: by default the draft's fields and the seal's in one new object;
 * a store passes its own record shape (store/audit.ts), which saves copying the draft twice.
 */
export function sealRecords<T extends AuditContent, R = T & Seal>(
  head: ChainHead | null,
  drafts: readonly T[],
  key: ChainKey,
  build: (draft: T, seal: Seal) => R = (draft, seal) => ({ ...draft, ...seal }) as R,
): R[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const records: R[] = [];
  for (const draft of drafts) {
    seq += 1;
    const hash = hashRecord(prevHash, seq, draft, key);
    records.push(build(draft, { seq, prevHash, hash, keyId: key.id }));
    prevHash = hash;
  }
  return records;
}
