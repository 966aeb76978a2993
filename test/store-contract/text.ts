/** Store contract: one text policy — text neither database can hold as sent is refused alike. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreInvalidTextError } from '../../src/store/errors.js';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, type MakeStore } from './shared.js';

export function textContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: text it cannot hold`, () => {
    const t = fresh(makeStore);
    it('refuses NUL in any text column of a write, and writes nothing', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const head = await t.store().auditHead();
      for (const overrides of [{ cwd: 'a\u0000b' }, { host: '\u0000' }, { commandText: 'echo \u0000' }]) {
        const r = f.request(orgId, agent, overrides);
        await assert.rejects(
          t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]),
          StoreInvalidTextError,
        );
        assert.equal(await t.store().getRequest(orgId, r.id), null);
      }
      await assert.rejects(
        t.store().createUser(f.user(orgId, { username: 'x\u0000' }), []),
        StoreInvalidTextError,
      );
      assert.deepEqual(await t.store().auditHead(), head, 'no audit record either');
    });
    it('refuses a lone surrogate, which would otherwise be stored as U+FFFD', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      await assert.rejects(
        t.store().insertRequest(f.request(orgId, agent, { cwd: '/tmp/\ud800' }), []),
        StoreInvalidTextError,
      );
    });
    it('refuses it in a lookup too, instead of failing on one store only', async () => {
      await assert.rejects(t.store().findUserByName('ad\u0000min'), StoreInvalidTextError);
    });
    it('stores other control characters as they came', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { cwd: '/tmp/\u0001\u001b[31m\u007f', reason: 'tab\there' });
      await t.store().insertRequest(r, []);
      assert.deepEqual(await t.store().getRequest(orgId, r.id), r);
    });
    it('stores NUL inside JSON values escaped (command JSON round-trips)', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { command: { argv: ['printf', 'a\u0000b'] } });
      await t.store().insertRequest(r, []);
      assert.deepEqual((await t.store().getRequest(orgId, r.id))?.command, r.command);
    });
  });
}
