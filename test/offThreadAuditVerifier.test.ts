import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/open.js';
import { DB_FILE } from '../src/store/sqlite/database.js';
import { pagedRangeVerifier, type RangeVerifier } from '../src/server/services/auditCheckpoints.js';
import { OffThreadAuditVerifier } from '../src/server/services/offThreadAuditVerifier.js';
import { silentLog } from '../src/server/log.js';
import * as f from './support/storeFixtures.js';

describe('OffThreadAuditVerifier', () => {
  it('finds what the main-thread verifier finds: an intact range, a range from a verified head, an edited record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-offthread-'));
    const store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
    let fallbackCalls = 0;
    const paged = pagedRangeVerifier(store, f.AUDIT_KEYS);
    const counted: RangeVerifier = (range) => {
      fallbackCalls++;
      return paged(range);
    };
    const worker = new OffThreadAuditVerifier(join(dir, DB_FILE), f.AUDIT_KEYS, counted, silentLog());
    try {
      for (let i = 0; i < 12; i++)
        await store.appendAudit(Array.from({ length: 100 }, () => f.draft('x.y', null)));
      const recorded = await store.auditHead();
      const whole = { start: null, checkpoints: [], recorded };
      const fromWorker = await worker.verify(whole);
      assert.equal(fromWorker.ok, true);
      assert.equal(fromWorker.records, 1200);
      assert.deepEqual(fromWorker, await paged(whole));

      // From a verified head, up to the head recorded then: later records are left for next time.
      const first = (await store.readAudit(0, 700)).at(-1)!;
      await store.appendAudit([f.draft('later', null)]);
      const resumed = { start: { seq: first.seq, hash: first.hash }, checkpoints: [], recorded };
      const part = await worker.verify(resumed);
      assert.deepEqual(part, { ok: true, records: 500, head: recorded, unkeyed: 0, checkpoints: 0 });
      assert.deepEqual(part, await paged(resumed));

      // A record changed behind the server's back: the same problem from both.
      const db = new Database(join(dir, DB_FILE));
      db.prepare('UPDATE audit SET data = ? WHERE seq = 900').run(JSON.stringify({ forged: true }));
      db.close();
      const edited = await worker.verify(resumed);
      assert.equal(edited.ok, false);
      assert.equal(edited.problem?.seq, 900);
      assert.equal(edited.problem?.kind, 'edited');
      assert.deepEqual(edited, await paged(resumed));
      assert.equal(fallbackCalls, 0, 'the worker verified, not the fallback');
    } finally {
      await worker.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifies on the main thread once its worker is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expacti-offthread-'));
    const store = await openStore({ dataDir: dir, auditKeys: f.AUDIT_KEYS });
    let fallbackCalls = 0;
    const paged = pagedRangeVerifier(store, f.AUDIT_KEYS);
    const worker = new OffThreadAuditVerifier(
      join(dir, DB_FILE),
      f.AUDIT_KEYS,
      (range) => {
        fallbackCalls++;
        return paged(range);
      },
      silentLog(),
    );
    try {
      await store.appendAudit([f.draft('x.y', null)]);
      await worker.stop();
      const result = await worker.verify({ start: null, checkpoints: [], recorded: await store.auditHead() });
      assert.equal(result.ok, true);
      assert.equal(fallbackCalls, 1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
