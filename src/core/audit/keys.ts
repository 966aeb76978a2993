/**
 * The secret keys the audit chain is sealed with. They live outside the database (a key file,
 * server/auditKeys.ts), the same on every replica: someone who can write the database but does
 * not hold them cannot re-seal a record they changed. Each record names the key it was sealed
 * with, so keys can be rotated: new records use the current key, older ones keep theirs.
 */
export interface ChainKey {
  /** Short, public; stored on each record. */
  id: string;
  /** At least 32 random bytes. */
  secret: Uint8Array;
}

export interface ChainKeyring {
  /** New records are sealed with this one. */
  current: ChainKey;
  find(id: string): ChainKey | undefined;
  /** Every key, oldest first (to hand the keyring to a worker thread). */
  readonly keys: readonly ChainKey[];
}

/** A keyring over `keys`, the last of which is current. */
export function chainKeyring(keys: readonly ChainKey[]): ChainKeyring {
  const current = keys.at(-1);
  if (!current) throw new Error('an audit keyring needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k]));
  if (byId.size !== keys.length) throw new Error('audit key ids must be unique');
  for (const k of keys) {
    if (k.secret.length < 32) throw new Error(`audit key ${k.id} is shorter than 32 bytes`);
  }
  return { current, find: (id) => byId.get(id), keys: [...keys] };
}
