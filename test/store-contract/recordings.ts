/** Store contract: session recordings (issue 14) — inserted once with their audit record, per org. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as f from '../support/storeFixtures.js';
import type { RecordingRecord } from '../../src/store/recordingRows.js';
import { fresh, seedOrg, type MakeStore } from './shared.js';

function recording(orgId: string, overrides: Partial<RecordingRecord> = {}): RecordingRecord {
  const asciicast =
    '{"version":2,"width":80,"height":24}\n[0.1,"o","héllo \\u001b[1mworld\\u001b[0m\\r\\n"]\n';
  return {
    id: randomUUID(),
    orgId,
    createdAt: f.nextTime(),
    agentTokenId: 'tok1',
    agentName: 'agent',
    session: 's1',
    requestId: null,
    kind: 'ssh-shell',
    target: 'deploy@db1:22',
    durationMs: 1200,
    size: Buffer.byteLength(asciicast),
    sha256: 'b'.repeat(64),
    truncated: false,
    asciicast,
    ...overrides,
  };
}

export function recordingsContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: session recordings`, () => {
    const t = fresh(makeStore);

    it('stores a recording with its audit record and gives back exactly what was stored', async () => {
      const { orgId } = await seedOrg(t.store());
      const r = recording(orgId, { requestId: 'req1', kind: 'ssh-exec', truncated: true });
      await t.store().insertRecording(r, [f.draft('recording.stored', orgId, r.id)]);
      assert.deepEqual(await t.store().getRecording(orgId, r.id), r);
      const audit = await t.store().readAudit(0, 1000);
      assert.ok(audit.some((a) => a.action === 'recording.stored' && a.subject === r.id));
    });

    it('lists by session or request, newest first, without content, never across orgs', async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const first = recording(orgId);
      const second = recording(orgId, { requestId: 'req2', kind: 'run', target: null });
      const elsewhere = recording(orgId, { session: 's2' });
      for (const r of [first, second, elsewhere]) await t.store().insertRecording(r, []);
      const meta = ({ asciicast: _a, ...m }: RecordingRecord) => m;
      assert.deepEqual(await t.store().listRecordings(orgId, { session: 's1', limit: 10 }), [
        meta(second),
        meta(first),
      ]);
      assert.deepEqual(await t.store().listRecordings(orgId, { requestId: 'req2', limit: 10 }), [
        meta(second),
      ]);
      assert.deepEqual(await t.store().listRecordings(other.orgId, { session: 's1', limit: 10 }), []);
      assert.equal(await t.store().getRecording(other.orgId, first.id), null);
    });
  });
}
