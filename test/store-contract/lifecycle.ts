/** Store contract: migrations, close and reopen. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreSchemaError } from '../../src/store/errors.js';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, verify, type MakeStore } from './shared.js';

export function lifecycleContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: migrations and restarts`, () => {
    const t = fresh(makeStore);
    it('migrates again without change', async () => {
      const { orgId } = await seedOrg(t.store());
      await t.store().migrate();
      await t.store().migrate();
      assert.notEqual(await t.store().getOrg(orgId), null);
    });
    it('keeps everything across close and reopen, with the chain intact', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
      const d = f.decision();
      await t
        .store()
        .decideRequest(orgId, r.id, 'approved', d, [f.draft('request.approved', orgId, r.id)], f.OPEN_WINDOW);
      const e = f.whitelistEntry(orgId);
      await t.store().insertWhitelistEntry(e, [f.draft('whitelist.added', orgId, e.id)]);
      const head = await t.store().auditHead();
      const reopened = await t.get().reopen();
      assert.deepEqual(await reopened.getRequest(orgId, r.id), {
        ...r,
        status: 'approved',
        decision: d,
        ...f.OPEN_WINDOW,
      });
      assert.deepEqual(await reopened.getWhitelistEntry(orgId, e.id), e);
      assert.deepEqual(await reopened.findTokenByHash(agent.hash), agent);
      assert.deepEqual(await reopened.auditHead(), head);
      const more = await reopened.appendAudit([f.draft('server.started', null)]);
      assert.equal(more[0]?.prevHash, head?.hash);
      assert.equal((await verify(reopened)).ok, true);
    });
    it('refuses to start on a database migrated by a newer expacti', async () => {
      await t
        .get()
        .exec(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00.000Z')",
        );
      await assert.rejects(t.get().reopen(), StoreSchemaError);
      await t.get().exec('DELETE FROM schema_migrations WHERE version = 999');
    });
    it('rejects calls after close instead of hanging', async () => {
      const store = t.store();
      await store.close();
      await assert.rejects(store.getOrg('x'));
      await assert.rejects(store.appendAudit([f.draft('x', null)]));
    });
  });
}
