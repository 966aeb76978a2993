/** Store contract: the audit log, its chain, and tampering detected through raw SQL. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError } from '../../src/store/errors.js';
import * as f from '../support/storeFixtures.js';
import { fresh, readAll, seedOrg, verify, type MakeStore } from './shared.js';

export function auditContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: audit log`, () => {
    const t = fresh(makeStore);
    it('starts empty', async () => {
      assert.deepEqual(await t.store().readAudit(0, 10), []);
      assert.equal(await t.store().auditHead(), null);
    });
    it('appends the drafts of each write as one chain, readable in pages', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t
        .store()
        .insertRequest(r, [
          f.draft('request.created', orgId, r.id, { n: 1 }),
          f.draft('request.pending', orgId, r.id),
        ]);
      const sealed = await t.store().appendAudit([f.draft('user.login', orgId, 'u1', { ip: '127.0.0.1' })]);
      const all = await readAll(t.store(), 2);
      assert.deepEqual(
        all.map((a) => [a.seq, a.action]),
        [
          [1, 'org.created'],
          [2, 'token.created'],
          [3, 'request.created'],
          [4, 'request.pending'],
          [5, 'user.login'],
        ],
      );
      assert.deepEqual(sealed, [all[4]]);
      assert.deepEqual(all[2]?.data, { n: 1 });
      assert.equal(all[1]?.prevHash, all[0]?.hash);
      assert.deepEqual(await t.store().auditHead(), { seq: 5, hash: all[4]?.hash });
      assert.deepEqual(
        (await t.store().readAudit(3, 1)).map((a) => a.seq),
        [4],
      );
    });
    it('appends nothing for a write that fails or changes nothing', async () => {
      const before = await t.store().auditHead();
      const { orgId } = await seedOrg(t.store());
      const afterSeed = await t.store().auditHead();
      assert.equal(afterSeed?.seq, (before?.seq ?? 0) + 2);
      await assert.rejects(t.store().createOrg({ ...f.org(), id: orgId }, [f.draft('org.created', orgId)]));
      assert.equal(
        await t.store().revokeToken(orgId, 'no-such-token', f.nextTime(), [f.draft('token.revoked', orgId)]),
        false,
      );
      assert.deepEqual(await t.store().auditHead(), afterSeed);
    });
    it('keeps one linear chain under 40 concurrent writes', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => {
          const r = f.request(orgId, agent);
          return i % 4 === 3
            ? t.store().appendAudit([f.draft('user.login', orgId, null, { i })])
            : t.store().insertRequest(r, [f.draft('request.created', orgId, r.id, { i })]);
        }),
      );
      const result = await verify(t.store());
      assert.equal(result.ok, true, result.problem?.message);
    });
    it('commits concurrent writes when one of them fails, and only the failed one is left out', async () => {
      const { orgId } = await seedOrg(t.store());
      const before = (await t.store().auditHead())?.seq ?? 0;
      const fresh1 = f.org();
      const fresh2 = f.org();
      const results = await Promise.allSettled([
        t.store().createOrg(fresh1, [f.draft('org.created', fresh1.id)]),
        t.store().createOrg({ ...f.org(), id: orgId }, [f.draft('org.created', orgId)]),
        t.store().createOrg(fresh2, [f.draft('org.created', fresh2.id)]),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.ok(results[1]?.status === 'rejected' && results[1].reason instanceof StoreConflictError);
      assert.notEqual(await t.store().getOrg(fresh1.id), null);
      assert.notEqual(await t.store().getOrg(fresh2.id), null);
      assert.equal((await t.store().auditHead())?.seq, before + 2);
      const result = await verify(t.store());
      assert.equal(result.ok, true, result.problem?.message);
    });
    it('commits concurrent new requests when one of them fails, and only the failed one is left out', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const first = f.request(orgId, agent);
      await t.store().insertRequest(first, [f.draft('request.created', orgId, first.id)]);
      const before = (await t.store().auditHead())?.seq ?? 0;
      const ok1 = f.request(orgId, agent);
      const ok2 = f.request(orgId, agent);
      const results = await Promise.allSettled(
        [ok1, { ...f.request(orgId, agent), id: first.id }, ok2].map((r) =>
          t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.ok(results[1]?.status === 'rejected' && results[1].reason instanceof StoreConflictError);
      assert.deepEqual(await t.store().getRequest(orgId, ok1.id), ok1);
      assert.deepEqual(await t.store().getRequest(orgId, ok2.id), ok2);
      assert.deepEqual(await t.store().getRequest(orgId, first.id), first);
      assert.equal((await t.store().auditHead())?.seq, before + 2);
      const result = await verify(t.store());
      assert.equal(result.ok, true, result.problem?.message);
    });
    it('appends a large batch of drafts in one write', async () => {
      const before = (await t.store().auditHead())?.seq ?? 0;
      const sealed = await t
        .store()
        .appendAudit(Array.from({ length: 250 }, (_, i) => f.draft('bulk', null, null, { i })));
      assert.deepEqual(
        sealed.map((r) => r.seq),
        Array.from({ length: 250 }, (_, i) => before + i + 1),
      );
      const result = await verify(t.store());
      assert.equal(result.ok, true, result.problem?.message);
    });
    it('preserves data exactly, so that the chain verifies after reading it back', async () => {
      await t.store().appendAudit([
        f.draft('odd.data', null, null, {
          unicode: 'ünï — ☃ \u0000 \ud83d\ude00',
          big: 2 ** 53 - 1,
          frac: 0.1 + 0.2,
          neg: -0,
          nested: { z: [1, { b: null, a: true }] },
        }),
      ]);
      const result = await verify(t.store());
      assert.equal(result.ok, true, result.problem?.message);
    });
  });

  describe(`${name} store: audit tampering`, () => {
    for (const [kind, tamper, seq] of [
      ['edited', 'UPDATE audit SET data = \'{"n":999}\' WHERE seq = 3', 3],
      ['removed', 'DELETE FROM audit WHERE seq = 3', 3],
      [
        'reordered',
        'UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -1',
        3,
      ],
      ['removed', 'DELETE FROM audit WHERE seq = 6', 6],
      [
        'reordered',
        'UPDATE audit SET seq = -1 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = -1',
        2,
      ],
      [
        'reordered',
        'UPDATE audit SET seq = -1 WHERE seq = 1; UPDATE audit SET seq = 1 WHERE seq = 6; UPDATE audit SET seq = 6 WHERE seq = -1',
        1,
      ],
      ['edited', 'UPDATE audit SET key_id = NULL WHERE seq = 4', 4],
      ['unverifiable', "UPDATE audit SET key_id = 'k-unknown' WHERE seq = 5", 5],
    ] as const) {
      describe(`${kind} at ${seq}`, () => {
        const t = fresh(makeStore);
        it(`detects a record ${kind} through raw SQL and says where`, async () => {
          for (let i = 0; i < 6; i++)
            await t.store().appendAudit([f.draft('user.login', null, null, { n: i })]);
          assert.equal((await verify(t.store())).ok, true);
          await t.get().exec(tamper);
          const result = await verify(t.store());
          assert.equal(result.ok, false);
          assert.equal(result.problem?.kind, kind);
          assert.equal(result.problem?.seq, seq);
        });
      });
    }
  });
}
