/** Store contract: health checks and figures for operators. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, type MakeStore } from './shared.js';

export function healthContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: health and figures`, () => {
    const t = fresh(makeStore);

    it('reports the database answering and, once subscribed, the change feed delivering', async () => {
      const unsubscribe = t.store().subscribe(() => undefined);
      try {
        // PostgreSQL starts listening on the first subscription: not instantly.
        let health = await t.store().health(5000);
        for (let i = 0; i < 100 && !health.changeFeed.ok; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          health = await t.store().health(5000);
        }
        assert.equal(health.database.ok, true, JSON.stringify(health));
        assert.equal(health.changeFeed.ok, true, JSON.stringify(health));
        assert.ok(health.database.ok && health.database.ms >= 0 && health.database.ms < 5000);
        assert.ok(health.changeFeed.ok && health.changeFeed.ms >= 0 && health.changeFeed.ms < 5000);
      } finally {
        unsubscribe();
      }
    });

    it('counts the requests waiting for a reviewer in every org, and not the decided ones', async () => {
      const before = await t.store().countPending();
      const a = await seedOrg(t.store());
      const b = await seedOrg(t.store());
      const ra = f.request(a.orgId, a.agent);
      const rb = f.request(b.orgId, b.agent);
      const rc = f.request(b.orgId, b.agent);
      for (const [orgId, r] of [
        [a.orgId, ra],
        [b.orgId, rb],
        [b.orgId, rc],
      ] as const)
        await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
      assert.equal(await t.store().countPending(), before + 3);
      await t
        .store()
        .decideRequest(b.orgId, rb.id, 'denied', f.decision('denied'), [
          f.draft('request.denied', b.orgId, rb.id),
        ]);
      assert.equal(await t.store().countPending(), before + 2);
    });

    it('reports a closed store as failing instead of throwing', async () => {
      const store = t.store();
      await store.close();
      const health = await store.health(1000);
      assert.equal(health.database.ok, false);
      assert.equal(health.changeFeed.ok, false);
    });
  });
}
