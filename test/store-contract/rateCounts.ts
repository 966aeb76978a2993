/** Store contract: submission counts per rate-limit key and window, added by every replica. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as f from '../support/storeFixtures.js';
import { fresh, type MakeStore } from './shared.js';

export function rateCountsContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: submission rate counts`, () => {
    const t = fresh(makeStore);

    it('adds each count to its key and window, and returns the totals in the order asked', async () => {
      const w = f.at(0);
      assert.deepEqual(
        await t.store().addRateCounts([
          { key: 'token:b', windowStart: w, add: 3 },
          { key: 'token:a', windowStart: w, add: 5 },
        ]),
        [3, 5],
      );
      assert.deepEqual(
        await t.store().addRateCounts([
          { key: 'token:a', windowStart: w, add: 0 },
          { key: 'token:a', windowStart: f.at(60), add: 2 },
          { key: 'token:b', windowStart: w, add: 4 },
        ]),
        [5, 2, 7],
      );
    });

    it('counts concurrent additions exactly (one count across replicas)', async () => {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          t.store().addRateCounts([
            { key: 'org:x', windowStart: f.at(120), add: 2 },
            { key: 'token:x', windowStart: f.at(120), add: 1 },
          ]),
        ),
      );
      assert.deepEqual(
        await t.store().addRateCounts([
          { key: 'token:x', windowStart: f.at(120), add: 0 },
          { key: 'org:x', windowStart: f.at(120), add: 0 },
        ]),
        [20, 40],
      );
    });

    it('prunes windows that started before a time', async () => {
      await t.store().addRateCounts([{ key: 'token:p', windowStart: f.at(200), add: 9 }]);
      assert.ok((await t.store().pruneRateCounts(f.at(201))) >= 1);
      assert.deepEqual(
        await t.store().addRateCounts([{ key: 'token:p', windowStart: f.at(200), add: 0 }]),
        [0],
      );
    });
  });
}
