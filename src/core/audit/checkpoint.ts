/**
 * Signed checkpoints of the audit chain's head. A checkpoint says "at this time the log had N
 * records and record N was sealed so", signed with the server's Ed25519 key. Kept where the
 * database's writers cannot reach (a file on another disk, a webhook), it lets anyone with the
 * server's keys prove later that the log still extends it: records cut from the end (and the head
 * row moved back), or the whole log emptied, no longer match.
 *
 * The signed text is canonicalJson of every field but `signature`. Signing and checking take the
 * keys as arguments (no I/O here).
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import type { AuditCheckpoint } from '../../protocol/index.js';
import { canonicalJson } from './canonicalJson.js';
import type { ChainHead } from './hash.js';

export const CHECKPOINT_FORMAT = 'expacti-audit-checkpoint/1';

export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface SigningKeyring {
  current: SigningKey;
  find(id: string): SigningKey | undefined;
}

export function signingKeyring(keys: readonly SigningKey[]): SigningKeyring {
  const current = keys.at(-1);
  if (!current) throw new Error('an audit signing keyring needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k]));
  return { current, find: (id) => byId.get(id) };
}

/** A signed checkpoint of `head` (null: the empty log) taken at `at`. */
export function signCheckpoint(head: ChainHead | null, at: string, key: SigningKey): AuditCheckpoint {
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    seq: head?.seq ?? 0,
    hash: head?.hash ?? '0'.repeat(64),
    at,
    signer: key.id,
    publicKey: key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  } as const;
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), key.privateKey).toString('base64');
  return { ...unsigned, signature };
}

/**
 * Why `checkpoint` cannot be trusted, or null when it was signed by one of `keys`. The public key
 * it carries is only checked against ours, never trusted by itself.
 */
export function checkpointProblem(checkpoint: AuditCheckpoint, keys: SigningKeyring): string | null {
  if (checkpoint.format !== CHECKPOINT_FORMAT)
    return `not an expacti audit checkpoint (format "${checkpoint.format}")`;
  const key = keys.find(checkpoint.signer);
  if (!key) return `signed with key "${checkpoint.signer}", which this server does not hold`;
  const ours = key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  if (checkpoint.publicKey !== ours) return `its public key is not this server's key "${checkpoint.signer}"`;
  const { signature, ...unsigned } = checkpoint;
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(canonicalJson(unsigned)),
      key.publicKey,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  return valid ? null : 'its signature does not match its content';
}
