import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { storeContract, type ContractStore } from './store.contract.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { openStore } from '../src/store/open.js';
import { StoreUnavailableError } from '../src/store/errors.js';
import { LISTENER_APPLICATION_NAME } from '../src/store/postgres/listener.js';
import type { Store, StoreChange } from '../src/store/store.js';
import * as f from './support/storeFixtures.js';
import { LEGACY_INSERT, legacyRows } from './support/legacyAudit.js';
import { verify as verifyStore } from './store-contract/shared.js';
import { MIGRATIONS } from '../src/store/postgres/migrations/index.js';

let server: TestPostgres | undefined;
before(async () => {
  server = await startTestPostgres();
});
after(async () => {
  await server?.stop();
});

async function exec(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function makePostgresStore(): Promise<ContractStore> {
  if (!server) throw new Error('PostgreSQL did not start');
  const url = await server.createDatabase();
  let store: Store = await openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS });
  return {
    get store() {
      return store;
    },
    exec: (sql) => exec(url, sql),
    async reopen() {
      await store.close();
      store = await openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS });
      return store;
    },
    async cleanup() {
      await store.close();
    },
  };
}

storeContract('postgres', makePostgresStore);

describe('PostgresStore across replicas', () => {
  let url = '';
  let a: Store;
  let b: Store;
  before(async () => {
    url = (await server?.createDatabase()) ?? '';
    [a, b] = await Promise.all([
      openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS }),
      openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS }),
    ]);
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('tells every replica about a write made on one of them', async () => {
    const seen: StoreChange[] = [];
    const stop = b.subscribe((c) => seen.push(c));
    await waitFor(() => seen.some((c) => c.type === 'resync')); // b's feed is live
    const org = f.org();
    await a.createOrg(org, []);
    await waitFor(() => seen.some((c) => c.type === 'org' && c.orgId === org.id));
    stop();
  });

  it('lets exactly one of racing decisions on two replicas win, and keeps one chain', async () => {
    const org = f.org();
    await a.createOrg(org, [f.draft('org.created', org.id)]);
    const agent = f.token(org.id);
    await a.createToken(agent, []);
    for (let round = 0; round < 5; round++) {
      const r = f.request(org.id, agent);
      await a.insertRequest(r, [f.draft('request.created', org.id, r.id)]);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a : b).decideRequest(
            org.id,
            r.id,
            'approved',
            f.decision('approved', `r${i}`),
            [f.draft('request.approved', org.id, r.id)],
            f.OPEN_WINDOW,
          ),
        ),
      );
      assert.equal(results.filter((x) => x.ok).length, 1);
    }
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).appendAudit([f.draft('user.login', org.id)])),
    );
    const { ChainVerifier } = await import('../src/core/audit/index.js');
    const verifier = new ChainVerifier(f.AUDIT_KEYS);
    verifier.push(await b.readAudit(0, 10_000));
    const result = verifier.finish(await a.auditHead());
    assert.equal(result.ok, true, result.problem?.message);
  });

  it('reconnects the change feed after its connection is killed, and asks for a resync', async () => {
    const seen: StoreChange[] = [];
    const stop = a.subscribe((c) => seen.push(c));
    await waitFor(() => seen.some((c) => c.type === 'resync')); // a's feed is live
    seen.length = 0;
    await exec(
      url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${LISTENER_APPLICATION_NAME}' AND datname = current_database()`,
    );
    await waitFor(() => seen.some((c) => c.type === 'resync'), 10_000);
    const later = f.org();
    await b.createOrg(later, []);
    await waitFor(() => seen.some((c) => c.type === 'org' && c.orgId === later.id));
    stop();
  });
});

describe('PostgresStore migrating an audit log from before audit keys', () => {
  it('still verifies it, and seals keyed records over it', async () => {
    const url = (await server?.createDatabase()) ?? '';
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
    }
    for (const r of legacyRows(4)) {
      await client.query(`${LEGACY_INSERT}($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        r.seq,
        r.ts,
        r.org_id,
        r.actor,
        r.action,
        r.subject,
        r.data,
        r.prev_hash,
        r.hash,
      ]);
    }
    await client.end();
    const store = await openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS });
    await store.appendAudit([f.draft('after.upgrade', null)]);
    assert.deepEqual(
      (await store.readAudit(0, 100)).map((r) => r.keyId),
      [null, null, null, null, 'k-test'],
    );
    const result = await verifyStore(store);
    assert.equal(result.ok, true, result.problem?.message);
    assert.equal(result.unkeyed, 4);
    await exec(url, `UPDATE audit SET data = '{"i":99}' WHERE seq = 2`);
    assert.equal((await verifyStore(store)).problem?.kind, 'edited');
    await store.close();
  });
});

describe('PostgresStore when the database is unreachable', () => {
  it('fails to open with a StoreUnavailableError', async () => {
    await assert.rejects(
      openStore({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', auditKeys: f.AUDIT_KEYS }),
      StoreUnavailableError,
    );
  });
  it('answers StoreUnavailableError when connections are cut, and works again once they are back', async () => {
    const url = (await server?.createDatabase()) ?? '';
    const store = await openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS });
    const org = f.org();
    await store.createOrg(org, []);
    const admin = url.replace(/\/[^/]+$/, '/postgres');
    await exec(admin, `ALTER DATABASE ${new URL(url).pathname.slice(1)} ALLOW_CONNECTIONS false`);
    await exec(
      admin,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${new URL(url).pathname.slice(1)}' AND pid <> pg_backend_pid()`,
    );
    await assert.rejects(store.getOrg(org.id), StoreUnavailableError);
    await assert.rejects(store.createOrg(f.org(), []), StoreUnavailableError);
    await exec(admin, `ALTER DATABASE ${new URL(url).pathname.slice(1)} ALLOW_CONNECTIONS true`);
    assert.deepEqual(await store.getOrg(org.id), org);
    await store.close();
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
