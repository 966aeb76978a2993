/** Minting a token: a high-entropy secret shown once, stored only as its hash, audited. */
import type { AuditDraft, Token } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { newTokenSecret, tokenHash } from '../secrets.js';

export interface TokenSpec {
  id: string;
  orgId: string;
  kind: Token['kind'];
  name: string;
  userId: string | null;
  at: string;
}

export async function mintToken(
  store: Store,
  spec: TokenSpec,
  audit: (token: Token) => AuditDraft[],
): Promise<{ token: Token; secret: string }> {
  const secret = newTokenSecret(spec.kind);
  const token: Token = {
    id: spec.id,
    orgId: spec.orgId,
    kind: spec.kind,
    name: spec.name,
    userId: spec.userId,
    hash: tokenHash(secret),
    createdAt: spec.at,
    revokedAt: null,
    lastUsedAt: null,
  };
  await store.createToken(token, audit(token));
  return { token, secret };
}
