/** What every part of the store contract suite shares: the store handle, set-up and helpers. */
import { after, before } from 'node:test';
import type { Store } from '../../src/store/store.js';
import type { AuditRecord } from '../../src/store/records.js';
import { ChainVerifier } from '../../src/core/audit/index.js';
import * as f from '../support/storeFixtures.js';

export interface ContractStore {
  /** The current store (a new one after reopen). */
  readonly store: Store;
  cleanup(): Promise<void>;
  /** Test hook: raw SQL on the store's database over a connection of its own, bypassing every rule. */
  exec(sql: string): Promise<void>;
  /** Closes the store and opens a new one on the same database (durability across restarts). */
  reopen(): Promise<Store>;
}

export type MakeStore = () => Promise<ContractStore>;

/** A store made fresh for one describe block and cleaned up after it. */
export function fresh(makeStore: MakeStore): { get: () => ContractStore; store: () => Store } {
  let current: ContractStore | undefined;
  before(async () => {
    current = await makeStore();
  });
  after(async () => {
    await current?.cleanup();
  });
  const get = (): ContractStore => {
    if (!current) throw new Error('store not ready');
    return current;
  };
  return { get, store: () => get().store };
}

/** An org with an agent token, ready for requests. */
export async function seedOrg(store: Store): Promise<{ orgId: string; agent: ReturnType<typeof f.token> }> {
  const org = f.org();
  await store.createOrg(org, [f.draft('org.created', org.id, org.id)]);
  const agent = f.token(org.id);
  await store.createToken(agent, [f.draft('token.created', org.id, agent.id)]);
  return { orgId: org.id, agent };
}

export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function readAll(store: Store, pageSize = 7): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for (let after = 0; ;) {
    const page = await store.readAudit(after, pageSize);
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.seq;
  }
}

export async function verify(store: Store): Promise<ReturnType<ChainVerifier['finish']>> {
  const verifier = new ChainVerifier(f.AUDIT_KEYS);
  for (let after = 0; ;) {
    const page = await store.readAudit(after, 5);
    if (page.length === 0 || !verifier.push(page)) break;
    after = page[page.length - 1]!.seq;
  }
  return verifier.finish(await store.auditHead());
}
