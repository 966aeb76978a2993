/**
 * Record hashing for the append-only audit log:
 *   hash = sha256hex(prevHash + '\n' + canonicalJson({ seq, ts, orgId, actor, action, subject, data }))
 * The first record links to GENESIS_HASH (64 zeros). Hashing is the only thing here that touches
 * node: (node:crypto), and it does no I/O.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';

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
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export function hashRecord(prevHash: string, seq: number, content: AuditContent): string {
  return createHash('sha256')
    .update(`${prevHash}\n${recordBody(seq, content)}`)
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

/**
 * Gives drafts their sequence numbers and chains their hashes after `head` (null: an empty log).
 * Stores call this inside the transaction that holds the head, so the chain stays linear.
 */
export function sealRecords<T extends AuditContent>(
  head: ChainHead | null,
  drafts: readonly T[],
): Array<T & { seq: number; prevHash: string; hash: string }> {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return drafts.map((draft) => {
    seq += 1;
    const hash = hashRecord(prevHash, seq, draft);
    const record = { ...draft, seq, prevHash, hash };
    prevHash = hash;
    return record;
  });
}
