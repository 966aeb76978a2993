/**
 * A server with two orgs for hostile-input runs (test/hostile-http.e2e.test.ts, bench/hostileHttp):
 * org A (the bootstrap org) with a pending request, an executed one and a whitelist entry that
 * nothing may change or show to org B; org B (made in the store beside the running server) with an
 * agent token and an admin token. `guardedProblems` says what changed since.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DEFAULT_ORG_SETTINGS } from '../../src/store/records.js';
import type { RequestView } from '../../src/protocol/api.js';
import type { Store } from '../../src/store/store.js';
import type { ServerHandle } from './expacti.js';
import { api } from './api.js';
import type { Guarded, Principals } from './hostileHttp.js';

export interface TwoOrgs {
  who: Principals;
  guarded: Guarded;
  executedBefore: RequestView;
}

function ok(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function twoOrgs(
  server: ServerHandle,
  openStore: () => Promise<Store>,
  label: string,
): Promise<TwoOrgs> {
  const adminA = server.secrets.adminToken;
  const agentA = server.secrets.agentToken;
  const marker = `expacti-fuzz-marker-${randomUUID()}`;
  // The guarded pending request must outlive the run (it would expire by the org's timeout, not by an attack).
  ok(await api(server.url, 'PATCH', '/v1/org', adminA, { approvalTimeoutSeconds: 86_400 }), 200, 'settings');
  const submit = (shell: string) =>
    api(server.url, 'POST', '/v1/requests', agentA, { command: { shell }, cwd: '/tmp' });
  const pending = ((await submit(`rm -rf /tmp/${marker}`)).body['request'] as RequestView).id;
  const toRun = ((await submit(`touch /tmp/${marker}-ran`)).body['request'] as RequestView).id;
  ok(await api(server.url, 'POST', `/v1/requests/${toRun}/approve`, adminA, {}), 200, 'approve');
  ok(await api(server.url, 'POST', `/v1/requests/${toRun}/execute`, agentA, {}), 200, 'execute');
  ok(
    await api(server.url, 'POST', `/v1/requests/${toRun}/result`, agentA, { exitCode: 0, durationMs: 3 }),
    200,
    'result',
  );
  const entry = await api(server.url, 'POST', '/v1/whitelist', adminA, { pattern: `ls ${marker}` });
  ok(entry, 201, 'whitelist');
  const guarded = { pending, executed: toRun, entry: (entry.body['entry'] as { id: string }).id, marker };
  const executedBefore = (await api(server.url, 'GET', `/v1/requests/${toRun}`, adminA)).body[
    'request'
  ] as RequestView;

  const store = await openStore();
  try {
    const at = new Date().toISOString();
    const org = {
      id: randomUUID(),
      name: `other-${label}`,
      createdAt: at,
      settings: { ...DEFAULT_ORG_SETTINGS },
    };
    await store.createOrg(org, []);
    const userId = randomUUID();
    await store.createUser(
      {
        id: userId,
        orgId: org.id,
        username: `b-admin-${label}`,
        role: 'admin',
        passwordHash: 'x',
        totpSecret: null,
        createdAt: at,
      },
      [],
    );
    const token = async (kind: 'agent' | 'user', secret: string) =>
      store.createToken(
        {
          id: randomUUID(),
          orgId: org.id,
          kind,
          name: kind === 'agent' ? 'intruder' : 'b-admin',
          userId: kind === 'user' ? userId : null,
          hash: createHash('sha256').update(secret).digest('hex'),
          createdAt: at,
          revokedAt: null,
          lastUsedAt: null,
        },
        [],
      );
    const agentB = `exp_a_${randomUUID()}`;
    const adminB = `exp_u_${randomUUID()}`;
    await token('agent', agentB);
    await token('user', adminB);
    ok(await api(server.url, 'GET', '/v1/me', adminB), 200, "org B's admin token");
    return { who: { adminA, agentA, adminB, agentB }, guarded, executedBefore };
  } finally {
    await store.close();
  }
}

/** What changed about org A's guarded things, and whether the audit chain still verifies. */
export async function guardedProblems(server: ServerHandle, orgs: TwoOrgs): Promise<string[]> {
  const { who, guarded, executedBefore } = orgs;
  const problems: string[] = [];
  const get = async (id: string) =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, who.adminA)).body['request'] as RequestView;
  const pending = await get(guarded.pending);
  if (pending.status !== 'pending' || (pending.decision ?? null) !== null)
    problems.push(`the pending request is now ${pending.status}`);
  const executed = await get(guarded.executed);
  const same = (r: RequestView) => JSON.stringify([r.status, r.decision, r.execution]);
  if (same(executed) !== same(executedBefore)) problems.push('the executed request changed');
  const entries = (await api(server.url, 'GET', '/v1/whitelist', who.adminA)).body['entries'] as Array<{
    id: string;
    pattern: string;
    disabled: boolean;
  }>;
  const entry = entries.find((e) => e.id === guarded.entry);
  if (entry?.pattern !== `ls ${guarded.marker}` || entry.disabled)
    problems.push('the whitelist entry changed');
  const verify = await api(server.url, 'GET', '/v1/audit/verify', who.adminA);
  if (verify.status !== 200 || verify.body['ok'] !== true)
    problems.push(`audit verify: ${verify.status} ${JSON.stringify(verify.body).slice(0, 300)}`);
  if (server.proc.exitCode !== null) problems.push(`the server exited (${server.proc.exitCode})`);
  return problems;
}
