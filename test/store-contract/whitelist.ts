/** Store contract: whitelist entries and hit counts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, type MakeStore } from './shared.js';

export function whitelistContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: whitelist`, () => {
    const t = fresh(makeStore);
    it('adds entries, reads them and lists them per org in creation order', async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const a = f.whitelistEntry(orgId, {
        context: { branch: 'main' },
        agent: 'claude',
        expiresAt: f.at(3600),
        note: 'ok',
      });
      const b = f.whitelistEntry(orgId, { effect: 'deny', pattern: 'rm -rf *', exact: false });
      await t.store().insertWhitelistEntry(a, [f.draft('whitelist.added', orgId, a.id)]);
      await t.store().insertWhitelistEntry(b, []);
      assert.deepEqual(await t.store().getWhitelistEntry(orgId, a.id), a);
      assert.deepEqual(await t.store().listWhitelist(orgId), [a, b]);
      assert.equal(await t.store().getWhitelistEntry(other.orgId, a.id), null);
      assert.deepEqual(await t.store().listWhitelist(other.orgId), []);
    });
    it('updates the patched fields of an entry, never across orgs', async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const e = f.whitelistEntry(orgId, { agent: 'claude' });
      await t.store().insertWhitelistEntry(e, []);
      const patch = {
        disabled: true,
        expiresAt: f.at(7200),
        note: 'paused',
        pattern: 'git status *',
        exact: !e.exact,
        agent: null,
      };
      assert.equal(await t.store().updateWhitelistEntry(other.orgId, e.id, patch, []), false);
      assert.equal(
        await t.store().updateWhitelistEntry(orgId, e.id, patch, [f.draft('whitelist.updated', orgId)]),
        true,
      );
      assert.deepEqual(await t.store().getWhitelistEntry(orgId, e.id), { ...e, ...patch });
      assert.equal(await t.store().updateWhitelistEntry(orgId, 'no-such-id', { note: 'x' }, []), false);
    });
    it('deletes an entry once, never across orgs', async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const e = f.whitelistEntry(orgId);
      await t.store().insertWhitelistEntry(e, []);
      assert.equal(await t.store().deleteWhitelistEntry(other.orgId, e.id, []), false);
      assert.equal(
        await t.store().deleteWhitelistEntry(orgId, e.id, [f.draft('whitelist.removed', orgId)]),
        true,
      );
      assert.equal(await t.store().getWhitelistEntry(orgId, e.id), null);
      assert.equal(await t.store().deleteWhitelistEntry(orgId, e.id, []), false);
    });
    it('adds hit counts and keeps the latest use', async () => {
      const { orgId } = await seedOrg(t.store());
      const e = f.whitelistEntry(orgId);
      await t.store().insertWhitelistEntry(e, []);
      await t.store().recordWhitelistHits([{ entryId: e.id, count: 3, lastUsedAt: f.at(1000) }]);
      await t.store().recordWhitelistHits([
        { entryId: e.id, count: 2, lastUsedAt: f.at(900) },
        { entryId: 'gone', count: 1, lastUsedAt: f.at(900) },
      ]);
      const read = await t.store().getWhitelistEntry(orgId, e.id);
      assert.equal(read?.hits, 5);
      assert.equal(read?.lastUsedAt, f.at(1000));
    });
  });
}
