import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { storeContract, type ContractStore } from './store.contract.js';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { openStore } from '../src/store/open.js';
import { DB_FILE } from '../src/store/sqlite/database.js';
import { MIGRATIONS } from '../src/store/sqlite/migrations/index.js';
import type { Store } from '../src/store/store.js';
import * as f from './support/storeFixtures.js';
import { LEGACY_INSERT, legacyRows } from './support/legacyAudit.js';
import { verify as verifyStore } from './store-contract/shared.js';

async function makeSqliteStore(): Promise<ContractStore> {
  const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
  let store: Store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
  return {
    get store() {
      return store;
    },
    async exec(sql) {
      const db = new Database(join(dir, DB_FILE));
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async reopen() {
      await store.close();
      store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
      return store;
    },
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

storeContract('sqlite', makeSqliteStore);

describe('SqliteStore', () => {
  it('opens in WAL mode with foreign keys on, in expacti.db under the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
    const store = new SqliteStore({ dataDir: join(dir, 'nested'), auditKeys: f.AUDIT_KEYS });
    await store.migrate();
    await store.close();
    const db = new Database(join(dir, 'nested', DB_FILE), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(
      (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
        (r) => r.version,
      ),
      MIGRATIONS.map((m) => m.version),
    );
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates an unkeyed audit log from before audit keys: it still verifies, and keyed records seal over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
    const db = new Database(join(dir, DB_FILE));
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }
    const insert = db.prepare(
      `${LEGACY_INSERT}(@seq, @ts, @org_id, @actor, @action, @subject, @data, @prev_hash, @hash)`,
    );
    for (const row of legacyRows(4)) insert.run(row);
    db.close();
    const store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
    await store.appendAudit([f.draft('after.upgrade', null)]);
    const all = await store.readAudit(0, 100);
    assert.deepEqual(
      all.map((r) => r.keyId),
      [null, null, null, null, 'k-test'],
    );
    const result = await verifyStore(store);
    assert.equal(result.ok, true, result.problem?.message);
    assert.equal(result.unkeyed, 4);
    await store.close();
    const raw = new Database(join(dir, DB_FILE));
    raw.prepare(`UPDATE audit SET data = '{"i":99}' WHERE seq = 2`).run();
    raw.close();
    const again = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
    assert.deepEqual(
      { ok: (await verifyStore(again)).ok, kind: (await verifyStore(again)).problem?.kind },
      { ok: false, kind: 'edited' },
    );
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged audit record when the process is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'support', 'sqliteWriter.ts'), dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let acked = 0;
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('acked ')) acked = Number(line.slice(6));
        if (acked >= 300 && child.exitCode === null) {
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    assert.ok(acked >= 300, `the writer acknowledged ${acked} records`);
    const store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
    const head = await store.auditHead();
    assert.ok((head?.seq ?? 0) >= acked, `head ${head?.seq} holds every acknowledged record (${acked})`);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SqliteStore writes and checkpoints', () => {
  async function seeded(store: Store) {
    const org = f.org();
    await store.createOrg(org, []);
    const agent = f.token(org.id);
    await store.createToken(agent, []);
    return () => {
      const r = f.request(org.id, agent, { status: 'approved', decision: f.decision('approved') });
      return store.insertRequest(r, [f.draft('request.allowed', org.id, r.id)]);
    };
  }

  it('keeps the WAL bounded under steady writes: the checkpointer rewinds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
    const store = new SqliteStore({
      dataDir: dir,
      auditKeys: f.AUDIT_KEYS,
      checkpointer: { intervalMs: 20, restartFrames: 100 },
    });
    await store.migrate();
    const one = await seeded(store);
    const size = () => {
      const db = new Database(join(dir, DB_FILE), { readonly: true });
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.close();
      return { db: pages * 4096, wal: statSync(join(dir, `${DB_FILE}-wal`)).size };
    };
    const before = size();
    // A write about every millisecond, never waiting for the last: a PASSIVE checkpoint alone
    // never finds the WAL fully copied when the next write begins, so the WAL would only grow.
    const pending: Promise<void>[] = [];
    const until = performance.now() + 3000;
    while (performance.now() < until) {
      pending.push(one());
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(pending);
    const after = size();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    // Each commit appends at least three pages (the request's, the audit record's, the chain
    // head's) of 4 KiB: without rewinds the WAL would hold them all.
    const appended = pending.length * 3 * 4096;
    assert.ok(pending.length > 500, `only ${pending.length} writes`);
    assert.ok(after.db > before.db, 'the writes added nothing');
    assert.ok(
      after.wal < appended / 4,
      `WAL ${before.wal} → ${after.wal} bytes after ${pending.length} writes (≥ ${appended} bytes appended)`,
    );
  });

  it('waits for another connection holding the write lock without blocking the event loop, then commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
    const store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
    const one = await seeded(store);
    const other = new Database(join(dir, DB_FILE));
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const write = one().then(() => (settled = true));
    // The loop keeps turning while the write waits: timers fire about on time.
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(performance.now() - t0 < 500, 'the event loop was blocked');
    assert.equal(settled, false, 'committed while another connection held the lock');
    other.exec('COMMIT');
    other.close();
    await write;
    assert.equal(settled, true);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a batch again, each write alone, when one fails: the others commit once, with one change and one audit record each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
    const store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
    const org = f.org();
    await store.createOrg(org, []);
    const agent = f.token(org.id);
    await store.createToken(agent, []);
    const taken = f.request(org.id, agent);
    await store.insertRequest(taken, [f.draft('request.created', org.id, taken.id)]);
    const before = (await store.auditHead())?.seq ?? 0;
    const changes: string[] = [];
    const unsubscribe = store.subscribe((change) => {
      if (change.type === 'request') changes.push(change.id);
    });
    // Written in one turn of the event loop: one batch, whose third write fails (its id is taken).
    const fine = Array.from({ length: 4 }, () => f.request(org.id, agent));
    const batch = [fine[0], fine[1], { ...f.request(org.id, agent), id: taken.id }, fine[2], fine[3]];
    const results = await Promise.allSettled(
      batch.map((r) => store.insertRequest(r!, [f.draft('request.created', org.id, r!.id)])),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.deepEqual(
      changes,
      fine.map((r) => r.id),
    );
    const records = await store.readAudit(before, 100);
    assert.deepEqual(
      records.map((r) => r.subject),
      fine.map((r) => r.id),
    );
    const result = await verifyStore(store);
    assert.equal(result.ok, true, result.problem?.message);
    unsubscribe();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails a write with StoreUnavailableError once the lock was held past the busy timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-store-'));
    const store = new SqliteStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS, busyTimeoutMs: 100 });
    await store.migrate();
    const one = await seeded(store);
    const other = new Database(join(dir, DB_FILE));
    other.exec('BEGIN IMMEDIATE');
    await assert.rejects(one(), (error: Error) => error.name === 'StoreUnavailableError');
    other.exec('ROLLBACK');
    other.close();
    await one(); // and the next write goes through
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
