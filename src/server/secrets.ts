/** High-entropy secrets and their stored form. Only hashes are ever stored. */
import * as crypto from 'node:crypto';
import { createHash, randomBytes } from 'node:crypto';

export type TokenKind = 'agent' | 'user';

const PREFIX: Record<TokenKind, string> = { agent: 'exp_a_', user: 'exp_u_' };

/** 32 random bytes, base64url, with a prefix that says what the token is for (helps secret scanners). */
export function newTokenSecret(kind: TokenKind): string {
  return PREFIX[kind] + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 of the token, hex. Every authenticated call hashes its token: the one-shot crypto.hash
 * (Node ≥ 20.12) makes no Hash object; older Nodes take the streaming form, same digest.
 */
export const tokenHash: (secret: string) => string =
  typeof crypto.hash === 'function'
    ? (secret) => crypto.hash('sha256', secret, 'hex')
    : (secret) => createHash('sha256').update(secret).digest('hex');

/** A password for generated accounts: 18 random bytes, base64url (24 characters). */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}
