/**
 * First start: an empty store gets one org, an admin (password for the dashboard, token for the
 * CLI) and one agent token. The secrets are returned once, to be printed; only hashes are stored.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { DEFAULT_ORG_SETTINGS } from '../store/records.js';
import { newPassword } from './secrets.js';
import { mintToken } from './services/tokens.js';
import { hashPassword } from './passwords.js';

export interface BootstrapSecrets {
  org: string;
  adminUser: string;
  adminPassword: string;
  adminToken: string;
  agentName: string;
  agentToken: string;
}

/**
 * The first org has a fixed id, so that when several replicas start on an empty database at once,
 * exactly one insert succeeds (primary key) and the others see an org and skip bootstrapping.
 */
export const FIRST_ORG_ID = '00000000-0000-4000-8000-000000000001';

export async function bootstrapIfEmpty(store: Store, now: Date): Promise<BootstrapSecrets | null> {
  if ((await store.countOrgs()) > 0) return null;
  const at = now.toISOString();
  const system = { kind: 'system' as const, id: null, name: 'bootstrap' };
  const org = { id: FIRST_ORG_ID, name: 'default', createdAt: at, settings: { ...DEFAULT_ORG_SETTINGS } };
  try {
    await store.createOrg(org, [
      {
        ts: at,
        orgId: org.id,
        actor: system,
        action: 'org.created',
        subject: org.id,
        data: { name: org.name },
      },
    ]);
  } catch (error) {
    if ((await store.countOrgs()) > 0) return null; // another replica bootstrapped first
    throw error;
  }

  const adminPassword = newPassword();
  const admin = {
    id: randomUUID(),
    orgId: org.id,
    username: 'admin',
    role: 'admin' as const,
    passwordHash: await hashPassword(adminPassword),
    totpSecret: null,
    createdAt: at,
  };
  await store.createUser(admin, [
    {
      ts: at,
      orgId: org.id,
      actor: system,
      action: 'user.added',
      subject: admin.id,
      data: { username: 'admin', role: 'admin' },
    },
  ]);

  const mint = (kind: 'user' | 'agent', name: string, userId: string | null) =>
    mintToken(store, { id: randomUUID(), orgId: org.id, kind, name, userId, at }, (t) => [
      { ts: at, orgId: org.id, actor: system, action: 'token.created', subject: t.id, data: { kind, name } },
    ]);
  const adminToken = (await mint('user', 'bootstrap', admin.id)).secret;
  const agentToken = (await mint('agent', 'agent', null)).secret;
  return { org: org.name, adminUser: 'admin', adminPassword, adminToken, agentName: 'agent', agentToken };
}

export function formatBootstrap(s: BootstrapSecrets, url: string): string {
  return [
    '',
    `expacti: first start — created org "${s.org}". These secrets are shown once; only their hashes are stored.`,
    '',
    `  Dashboard sign-in (${url}):`,
    `    EXPACTI_ADMIN_USER=${s.adminUser}`,
    `    EXPACTI_ADMIN_PASSWORD=${s.adminPassword}`,
    '  Reviewer CLI (expacti pending / approve / deny, token and user admin):',
    `    EXPACTI_ADMIN_TOKEN=${s.adminToken}`,
    `    expacti login --url ${url} --token "$EXPACTI_ADMIN_TOKEN"`,
    `  Agent "${s.agentName}" (expacti run, hooks, MCP, SDK):`,
    `    EXPACTI_AGENT_TOKEN=${s.agentToken}`,
    `    export EXPACTI_URL=${url} EXPACTI_TOKEN=${s.agentToken}`,
    '',
  ].join('\n');
}
