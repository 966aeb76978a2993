/**
 * Store throughput: insertRequest with its one audit record, committed (the promise resolved), per
 * second — the store's share of a whitelisted decision. On SQLite with each durability level, one
 * write at a time and with many in flight (as under HTTP load, where group commit batches them);
 * on PostgreSQL (a private throwaway cluster, fsync off: this measures round trips and the audit
 * head lock, not the disk), one store and two (two replicas sharing one chain). Figures depend on
 * what else the machine runs: the load average is printed beside them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, type BenchRow } from './stats.js';
import type { Store } from '../src/store/store.js';
import { openStore } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite/store.js';
import * as f from '../test/support/storeFixtures.js';
import { startTestPostgres } from '../test/support/postgres.js';

const GOAL = 5000;

async function seed(store: Store): Promise<{ orgId: string; agent: ReturnType<typeof f.token> }> {
  const org = f.org();
  await store.createOrg(org, []);
  const agent = f.token(org.id);
  await store.createToken(agent, []);
  return { orgId: org.id, agent };
}

/** Seeds an org and warms the store up; returns one whitelisted insertRequest with its audit record. */
async function prepare(store: Store): Promise<() => Promise<void>> {
  const { orgId, agent } = await seed(store);
  const one = async (): Promise<void> => {
    const r = f.request(orgId, agent, { status: 'approved', decision: f.decision('approved') });
    await store.insertRequest(r, [f.draft('request.allowed', orgId, r.id, { entry: 'wl-1' })]);
  };
  for (let i = 0; i < 200; i++) await one(); // warm-up: statements prepared, pages cached
  return one;
}

/** Runs `total` writes with `inFlight` of them outstanding at any time. */
async function drive(one: () => Promise<void>, total: number, inFlight: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) await one();
    }),
  );
}

/** Writes per second over the given stores, all driven at once. */
async function run(stores: Store[], totalEach: number, inFlight: number): Promise<number> {
  const writers = await Promise.all(stores.map(prepare));
  const started = process.hrtime.bigint();
  await Promise.all(writers.map((one) => drive(one, totalEach, inFlight)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (totalEach * stores.length) / seconds;
}

function fmt(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s (load ${loadavg()[0]?.toFixed(1)})`;
}

async function sqliteRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const synchronous of ['normal', 'full'] as const) {
    for (const inFlight of [1, 64]) {
      const dir = mkdtempSync(join(tmpdir(), 'expacti-bench-'));
      const store = new SqliteStore({ dataDir: dir, synchronous, auditKeys: f.AUDIT_KEYS });
      await store.migrate();
      const total = synchronous === 'full' && inFlight === 1 ? 500 : 20_000;
      const perSecond = await run([store], total, inFlight);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      const counts = synchronous === 'normal' && inFlight === 64;
      rows.push({
        name: `store: SQLite insertRequest + audit committed, synchronous=${synchronous.toUpperCase()}, ${inFlight} in flight`,
        result: fmt(perSecond),
        ...(counts
          ? { goal: `≥ ${GOAL.toLocaleString('en-US')}/s (server total)`, met: perSecond >= GOAL }
          : {}),
        note:
          inFlight > 1
            ? 'group commit: writes in the same tick share one transaction'
            : 'one transaction per write',
      });
    }
  }
  return rows;
}

/** Latency of each write (call → committed) when writes come one at a time, about one per ms. */
async function steadyLatency(store: Store, count: number): Promise<number[]> {
  const one = await prepare(store);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await one();
    samples.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return samples;
}

async function latencyRow(): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'expacti-bench-'));
  const store = new SqliteStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
  await store.migrate();
  const samples = await steadyLatency(store, 5000);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  return {
    name: 'store: SQLite insertRequest + audit latency, one write about every ms (synchronous=NORMAL)',
    result: `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms (load ${loadavg()[0]?.toFixed(1)})`,
    note: "the store's share of the server's ≤ 1 ms p99 goal; WAL checkpoints run in a worker thread",
  };
}

async function postgresRows(): Promise<BenchRow[]> {
  const pg = await startTestPostgres();
  try {
    const rows: BenchRow[] = [];
    for (const inFlight of [1, 32]) {
      const store = await openStore({
        databaseUrl: await pg.createDatabase(),
        poolSize: 16,
        auditKeys: f.AUDIT_KEYS,
      });
      const perSecond = await run([store], inFlight === 1 ? 2000 : 10_000, inFlight);
      await store.close();
      rows.push({
        name: `store: PostgreSQL insertRequest + audit committed, ${inFlight} in flight`,
        result: fmt(perSecond),
        note:
          inFlight > 1
            ? 'group commit: new requests in flight share one transaction (one head lock, one commit)'
            : 'one transaction per write',
      });
    }
    // Two replicas: two stores (two pools) on one database, one audit chain between them.
    const url = await pg.createDatabase();
    const replicas = await Promise.all([
      openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS }),
      openStore({ databaseUrl: url, auditKeys: f.AUDIT_KEYS }),
    ]);
    const perSecond = await run(replicas, 5000, 32);
    await Promise.all(replicas.map((store) => store.close()));
    rows.push({
      name: 'store: PostgreSQL insertRequest + audit committed, 2 replicas × 32 in flight',
      result: fmt(perSecond),
      note: 'both replicas append to one chain, serialized by the audit head row lock',
    });
    return rows;
  } finally {
    await pg.stop();
  }
}

export default async function storeBench(): Promise<BenchRow[]> {
  return [...(await sqliteRows()), await latencyRow(), ...(await postgresRows())];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await storeBench())
    console.log(`${row.name}: ${row.result}${row.met === false ? ' (goal missed)' : ''}`);
}
