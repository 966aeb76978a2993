/**
 * Recovering lost admin credentials with local access to the store only (`expacti admin reset`):
 * a fresh password (and, on request, TOTP turned off) for an admin, and a fresh CLI token — audited
 * as a local reset. An empty store is bootstrapped instead, so a first start whose secrets were
 * never seen is recovered the same way.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { bootstrapIfEmpty, FIRST_ORG_ID, type BootstrapSecrets } from './bootstrap.js';
import { hashPassword } from './passwords.js';
import { newPassword } from './secrets.js';
import { mintToken } from './services/tokens.js';

export interface ResetOptions {
  /** The admin to reset; created (as an admin of the first org) when there is no such user. */
  username: string;
  /** Also turn off the user's TOTP (a lost second factor). */
  clearTotp: boolean;
}

export type ResetResult =
  | { kind: 'bootstrapped'; secrets: BootstrapSecrets }
  | {
      kind: 'reset';
      username: string;
      created: boolean;
      password: string;
      token: string;
      totpCleared: boolean;
    };

const LOCAL = { kind: 'system' as const, id: null, name: 'local admin reset' };

export async function resetAdmin(store: Store, now: Date, options: ResetOptions): Promise<ResetResult> {
  const secrets = await bootstrapIfEmpty(store, now);
  if (secrets) return { kind: 'bootstrapped', secrets };
  const at = now.toISOString();
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  let user = await store.findUserByName(options.username);
  if (user && user.role !== 'admin')
    throw new Error(
      `${options.username} is a ${user.role}, not an admin: name an admin (or a new name, to create one)`,
    );
  const created = user === null;
  if (!user) {
    user = {
      id: randomUUID(),
      orgId: FIRST_ORG_ID,
      username: options.username,
      role: 'admin',
      passwordHash,
      totpSecret: null,
      createdAt: at,
    };
    await store.createUser(user, [
      {
        ts: at,
        orgId: user.orgId,
        actor: LOCAL,
        action: 'user.added',
        subject: user.id,
        data: { username: user.username, role: 'admin', via: 'local reset' },
      },
    ]);
  } else {
    const totpCleared = options.clearTotp && user.totpSecret !== null;
    await store.updateUser(
      user.orgId,
      user.id,
      { passwordHash, ...(totpCleared ? { totpSecret: null } : {}) },
      [
        {
          ts: at,
          orgId: user.orgId,
          actor: LOCAL,
          action: 'user.password_reset',
          subject: user.id,
          data: { username: user.username, totpCleared, via: 'local reset' },
        },
      ],
    );
  }
  const { secret } = await mintToken(
    store,
    { id: randomUUID(), orgId: user.orgId, kind: 'user', name: 'admin-reset', userId: user.id, at },
    (t) => [
      {
        ts: at,
        orgId: t.orgId,
        actor: LOCAL,
        action: 'token.created',
        subject: t.id,
        data: { kind: 'user', name: t.name, for: user.username, via: 'local reset' },
      },
    ],
  );
  return {
    kind: 'reset',
    username: user.username,
    created,
    password,
    token: secret,
    totpCleared: !created && options.clearTotp,
  };
}
