/** Store contract: what agents read (issue 25) — observed reads and taint clears, per org and session. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as f from '../support/storeFixtures.js';
import type { SessionReadRecord } from '../../src/store/records.js';
import { fresh, seedOrg, type MakeStore } from './shared.js';

function readRecord(orgId: string, overrides: Partial<SessionReadRecord> = {}): SessionReadRecord {
  return {
    id: randomUUID(),
    orgId,
    session: 's1',
    at: f.nextTime(),
    agentName: 'claude',
    host: 'claude',
    tool: 'WebFetch',
    kind: 'url',
    source: 'https://x.example/page',
    cwd: '/work/project',
    size: 1234,
    sha256: 'a'.repeat(64),
    trust: 'untrusted',
    trustWhy: 'web content',
    findings: [
      { code: 'inject.addressed-to-ai', message: 'instructions addressed to an AI or agent', count: 2 },
    ],
    error: null,
    ...overrides,
  };
}

export function readsContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: session reads`, () => {
    const t = fresh(makeStore);

    it('inserts reads with their audit record and lists a session newest first, never across orgs', async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const first = readRecord(orgId, {
        kind: 'file',
        source: '/etc/hosts',
        sha256: null,
        size: 0,
        findings: [],
      });
      const second = readRecord(orgId, { error: 'its content could not be scanned', cwd: null });
      const elsewhere = readRecord(orgId, { session: 's2' });
      await t.store().insertReads([first, second], [f.draft('session.read', orgId, 's1')]);
      await t.store().insertReads([elsewhere], []);
      assert.deepEqual(await t.store().listReads(orgId, 's1', 10), [second, first]);
      assert.deepEqual(await t.store().listReads(orgId, 's1', 1), [second]);
      assert.deepEqual(await t.store().listReads(other.orgId, 's1', 10), []);
      const audit = await t.store().readAudit(0, 1000);
      assert.ok(audit.some((a) => a.action === 'session.read' && a.subject === 's1'));
    });

    it('records when a session’s taint was cleared, the latest clear replacing earlier ones', async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      assert.equal(await t.store().taintCleared(orgId, 's1'), null);
      await t
        .store()
        .clearTaint(orgId, 's1', { at: f.at(10), by: 'ana' }, [
          f.draft('session.taint_cleared', orgId, 's1'),
        ]);
      assert.deepEqual(await t.store().taintCleared(orgId, 's1'), { at: f.at(10), by: 'ana' });
      await t.store().clearTaint(orgId, 's1', { at: f.at(20), by: 'bo' }, []);
      assert.deepEqual(await t.store().taintCleared(orgId, 's1'), { at: f.at(20), by: 'bo' });
      assert.equal(await t.store().taintCleared(other.orgId, 's1'), null);
      assert.equal(await t.store().taintCleared(orgId, 's2'), null);
    });
  });
}
