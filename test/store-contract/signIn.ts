/** Store contract: sign-in failure counts, shared by every route and replica through the store. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as f from '../support/storeFixtures.js';
import { fresh, type MakeStore } from './shared.js';

export function signInContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: sign-in failures`, () => {
    const t = fresh(makeStore);
    const never = f.at(-1_000_000);
    const blockAfter3 = (_key: string, failures: number) => (failures >= 3 ? 60_000 : 0);

    it('counts failures per key and blocks as the policy says', async () => {
      const keys = ['addr:10.0.0.1', 'user:ana'];
      for (let i = 1; i <= 3; i++) {
        const counts = await t.store().recordSignInFailures(keys, f.at(i), never, blockAfter3);
        assert.deepEqual(
          counts.map((c) => [c.key, c.failures]),
          keys.map((k) => [k, i]),
        );
      }
      const rows = await t.store().readSignInFailures([...keys, 'addr:10.0.0.2']);
      assert.deepEqual(rows.map((r) => r.key).sort(), keys);
      for (const r of rows) assert.equal(r.blockedUntil, f.at(63));
    });

    it('starts counting again after the forget time', async () => {
      await t.store().recordSignInFailures(['user:bo'], f.at(10), never, blockAfter3);
      const [again] = await t.store().recordSignInFailures(['user:bo'], f.at(5000), f.at(1000), blockAfter3);
      assert.equal(again?.failures, 1);
    });

    it('clears keys on success, and prunes counts that block nothing any more', async () => {
      await t.store().recordSignInFailures(['user:cy', 'addr:c'], f.at(20), never, blockAfter3);
      await t.store().clearSignInFailures(['user:cy']);
      assert.deepEqual(
        (await t.store().readSignInFailures(['user:cy', 'addr:c'])).map((r) => r.key),
        ['addr:c'],
      );
      const pruned = await t.store().pruneSignInFailures(f.at(30), f.at(30));
      assert.ok(pruned >= 1);
      assert.deepEqual(await t.store().readSignInFailures(['addr:c']), []);
    });

    it('counts concurrent failures exactly (one count across routes and replicas)', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.store().recordSignInFailures(['user:dee', 'addr:d'], f.at(100 + i), never, blockAfter3),
        ),
      );
      const rows = await t.store().readSignInFailures(['user:dee', 'addr:d']);
      assert.deepEqual(
        rows.map((r) => r.failures),
        [20, 20],
      );
    });
  });
}
