/** Store contract: approval tickets (issue 20) — ticket, find, redeem once. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, verify, type MakeStore } from './shared.js';

export function ticketsContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: approval tickets`, () => {
    const t = fresh(makeStore);
    const FAR = f.at(10_000_000);

    it('turns a pending request of this agent into a ticket once, moving its expiry out', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const other = f.token(orgId, { name: 'other' });
      await t.store().createToken(other, [f.draft('token.created', orgId, other.id)]);
      const r = f.request(orgId, agent, { session: 'tix-1' });
      await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
      const refused = await t
        .store()
        .ticketRequest(orgId, r.id, other.id, FAR, [f.draft('request.ticketed', orgId, r.id)]);
      assert.equal(refused.ok, false, "another agent's token cannot ticket it");
      const done = await t
        .store()
        .ticketRequest(orgId, r.id, agent.id, FAR, [f.draft('request.ticketed', orgId, r.id)]);
      assert.equal(done.ok, true);
      assert.deepEqual(done.request?.ticket, { until: FAR, usedAt: null });
      assert.equal(done.request?.expiresAt, FAR);
      const again = await t.store().ticketRequest(orgId, r.id, agent.id, f.at(20_000_000), []);
      assert.equal(again.ok, false, 'already a ticket');
      assert.equal(again.request?.ticket?.until, FAR);
      assert.deepEqual((await t.store().getRequest(orgId, r.id))?.ticket, { until: FAR, usedAt: null });
    });

    it('finds open tickets by agent token and session only, until they end', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { session: 'tix-2' });
      await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
      await t.store().ticketRequest(orgId, r.id, agent.id, f.at(5000), []);
      const now = f.at(100);
      assert.deepEqual(
        (await t.store().openTickets(orgId, agent.id, 'tix-2', now, 10)).map((x) => x.id),
        [r.id],
      );
      assert.deepEqual(await t.store().openTickets(orgId, agent.id, 'another-session', now, 10), []);
      assert.deepEqual(await t.store().openTickets(orgId, 'another-token', 'tix-2', now, 10), []);
      assert.deepEqual(await t.store().openTickets(orgId, agent.id, 'tix-2', f.at(6000), 10), [], 'ended');
    });

    it('redeems an approved ticket once, claiming its execution in the same step', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { session: 'tix-3' });
      await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
      await t.store().ticketRequest(orgId, r.id, agent.id, FAR, []);
      const now = f.at(200);
      const early = await t.store().redeemTicket(orgId, r.id, agent.id, now, []);
      assert.equal(early.ok, false, 'nothing to pick up while it is pending');
      await t
        .store()
        .decideRequest(
          orgId,
          r.id,
          'approved',
          f.decision(),
          [f.draft('request.approved', orgId, r.id)],
          f.OPEN_WINDOW,
        );
      const used = await t
        .store()
        .redeemTicket(orgId, r.id, agent.id, now, [f.draft('request.ticket_used', orgId, r.id)]);
      assert.equal(used.ok, true);
      assert.equal(used.request?.ticket?.usedAt, now);
      assert.equal(used.request?.execution?.startedAt, now);
      assert.equal(used.request?.claimBy, null);
      assert.equal((await t.store().redeemTicket(orgId, r.id, agent.id, now, [])).ok, false, 'once');
      const claim = await t.store().claimExecution(orgId, r.id, agent.id, now, []);
      assert.equal(claim.ok, false, 'the execution was claimed by the redemption');
      assert.deepEqual(await t.store().openTickets(orgId, agent.id, 'tix-3', now, 10), []);
      assert.equal((await verify(t.store())).ok, true);
    });

    it('redeems a denied ticket once, and nothing after it ended', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const denied = f.request(orgId, agent, { session: 'tix-4' });
      const late = f.request(orgId, agent, { session: 'tix-4' });
      for (const r of [denied, late]) {
        await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
        await t.store().ticketRequest(orgId, r.id, agent.id, f.at(3000), []);
        await t.store().decideRequest(orgId, r.id, 'denied', f.decision('denied'), []);
      }
      const used = await t.store().redeemTicket(orgId, denied.id, agent.id, f.at(300), []);
      assert.equal(used.ok, true);
      assert.equal(used.request?.status, 'denied');
      assert.equal(used.request?.execution, null);
      assert.equal((await t.store().redeemTicket(orgId, denied.id, agent.id, f.at(301), [])).ok, false);
      assert.equal(
        (await t.store().redeemTicket(orgId, late.id, agent.id, f.at(3001), [])).ok,
        false,
        'ended',
      );
    });
  });
}
