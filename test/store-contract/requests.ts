/** Store contract: requests, the compare-and-set transitions, results, context and expiry. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import * as f from '../support/storeFixtures.js';
import { fresh, readAll, seedOrg, type MakeStore } from './shared.js';

export function requestContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: requests`, () => {
    const t = fresh(makeStore);
    it('stores a request and reads back exactly what was stored', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, {
        command: { argv: ['ls', '-la', "it's"] },
        context: { collected: { at: f.nextTime(), elapsedMs: 12, budgetMs: 500 } },
      });
      await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
      assert.deepEqual(await t.store().getRequest(orgId, r.id), r);
    });
    it('stores a request that is already approved and claimed (a whitelisted command)', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, {
        status: 'approved',
        decision: f.decision('approved'),
        execution: {
          startedAt: f.nextTime(),
          finishedAt: null,
          exitCode: null,
          signal: null,
          durationMs: null,
        },
      });
      await t.store().insertRequest(r, [f.draft('request.allowed', orgId, r.id)]);
      assert.deepEqual(await t.store().getRequest(orgId, r.id), r);
      const claim = await t.store().claimExecution(orgId, r.id, agent.id, f.nextTime(), []);
      assert.equal(claim.ok ? 'ok' : claim.why, 'already_executed');
    });
    it("returns null for another org's request", async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      assert.equal(await t.store().getRequest(other.orgId, r.id), null);
      assert.deepEqual(await t.store().listRequests(other.orgId, { limit: 10 }), []);
    });
    it('lists requests newest first, filtered by status, agent, session and time, up to the limit', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const codex = f.token(orgId, { name: 'codex' });
      await t.store().createToken(codex, []);
      const r1 = f.request(orgId, agent, { session: 's1' });
      const r2 = f.request(orgId, codex, { session: 's2' });
      const r3 = f.request(orgId, agent, { session: 's1', status: 'denied', decision: f.decision('denied') });
      const r4 = f.request(orgId, agent, { session: null });
      for (const r of [r1, r2, r3, r4]) await t.store().insertRequest(r, []);
      const ids = async (q: Parameters<Store['listRequests']>[1]): Promise<string[]> =>
        (await t.store().listRequests(orgId, q)).map((r) => r.id);
      assert.deepEqual(await ids({ limit: 10 }), [r4.id, r3.id, r2.id, r1.id]);
      assert.deepEqual(await ids({ limit: 2 }), [r4.id, r3.id]);
      assert.deepEqual(await ids({ status: 'pending', limit: 10 }), [r4.id, r2.id, r1.id]);
      assert.deepEqual(await ids({ agent: 'codex', limit: 10 }), [r2.id]);
      assert.deepEqual(await ids({ session: 's1', limit: 10 }), [r3.id, r1.id]);
      assert.deepEqual(await ids({ before: r3.createdAt, limit: 10 }), [r2.id, r1.id]);
      assert.deepEqual(await ids({ since: r2.createdAt, limit: 10 }), [r4.id, r3.id, r2.id]);
      assert.deepEqual(
        await ids({ since: r2.createdAt, before: r4.createdAt, status: 'pending', limit: 10 }),
        [r2.id],
      );
    });
    it('decides a pending request once; a second decision gets the request as decided', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      assert.deepEqual(
        await t.store().decideRequest(other.orgId, r.id, 'approved', f.decision(), [], f.OPEN_WINDOW),
        {
          ok: false,
          request: null,
        },
      );
      const d = f.decision('approved');
      const first = await t
        .store()
        .decideRequest(orgId, r.id, 'approved', d, [f.draft('request.approved', orgId, r.id)], f.OPEN_WINDOW);
      const approved = { ...r, status: 'approved' as const, decision: d, ...f.OPEN_WINDOW };
      assert.deepEqual(first, { ok: true, request: approved });
      const second = await t.store().decideRequest(orgId, r.id, 'denied', f.decision('denied'), []);
      assert.deepEqual(second, { ok: false, request: approved });
      assert.deepEqual(await t.store().decideRequest(orgId, 'no-such-id', 'denied', d, []), {
        ok: false,
        request: null,
      });
    });
    it('lets exactly one of 20 concurrent decisions win, with one audit record', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const outcome = i % 2 === 0 ? 'approved' : 'denied';
          return t
            .store()
            .decideRequest(
              orgId,
              r.id,
              outcome,
              f.decision(outcome, `reviewer-${i}`),
              [f.draft(`request.${outcome}`, orgId, r.id, { reviewer: i })],
              f.OPEN_WINDOW,
            );
        }),
      );
      const winners = results.filter((x) => x.ok);
      assert.equal(winners.length, 1);
      const final = await t.store().getRequest(orgId, r.id);
      assert.deepEqual(final?.decision, winners[0]?.request.decision);
      for (const loser of results.filter((x) => !x.ok)) assert.deepEqual(loser.request, final);
      const records = (await readAll(t.store())).filter((a) => a.subject === r.id);
      assert.equal(records.length, 1);
    });
    it('adds the whitelist entry of an approval in the same step, and none when the decision loses', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const entry = f.whitelistEntry(orgId, { createdFromRequest: r.id });
      assert.equal(
        (
          await t.store().decideRequest(orgId, r.id, 'approved', f.decision(), [], {
            whitelistEntry: entry,
            ...f.OPEN_WINDOW,
          })
        ).ok,
        true,
      );
      assert.deepEqual(await t.store().getWhitelistEntry(orgId, entry.id), entry);
      const late = f.whitelistEntry(orgId, { createdFromRequest: r.id });
      assert.equal(
        (
          await t.store().decideRequest(orgId, r.id, 'approved', f.decision(), [], {
            whitelistEntry: late,
            ...f.OPEN_WINDOW,
          })
        ).ok,
        false,
      );
      assert.equal(await t.store().getWhitelistEntry(orgId, late.id), null);
    });
    it('lets an execution be claimed once, only by the asking agent, only when approved', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const intruder = f.token(orgId, { name: 'intruder' });
      await t.store().createToken(intruder, []);
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const why = async (org: string, id: string, tokenId: string): Promise<string> => {
        const claim = await t
          .store()
          .claimExecution(org, id, tokenId, f.nextTime(), [f.draft('request.executed', org, id)]);
        return claim.ok ? 'ok' : claim.why;
      };
      assert.equal(await why(orgId, r.id, agent.id), 'not_approved');
      await t.store().decideRequest(orgId, r.id, 'approved', f.decision(), [], f.OPEN_WINDOW);
      assert.equal(await why(orgId, r.id, intruder.id), 'not_found');
      assert.equal(await why(other.orgId, r.id, agent.id), 'not_found');
      assert.equal(await why(orgId, 'no-such-id', agent.id), 'not_found');
      const started = f.nextTime();
      const claim = await t.store().claimExecution(orgId, r.id, agent.id, started, []);
      assert.equal(claim.ok, true);
      assert.deepEqual(claim.request?.execution, {
        startedAt: started,
        finishedAt: null,
        exitCode: null,
        signal: null,
        durationMs: null,
      });
      assert.equal(await why(orgId, r.id, agent.id), 'already_executed');
      const denied = f.request(orgId, agent);
      await t.store().insertRequest(denied, []);
      await t.store().decideRequest(orgId, denied.id, 'denied', f.decision('denied'), []);
      assert.equal(await why(orgId, denied.id, agent.id), 'not_approved');
    });
    it('lets exactly one of 10 concurrent claims run the command', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { status: 'approved', decision: f.decision(), ...f.OPEN_WINDOW });
      await t.store().insertRequest(r, []);
      const claims = await Promise.all(
        Array.from({ length: 10 }, () => t.store().claimExecution(orgId, r.id, agent.id, f.nextTime(), [])),
      );
      assert.equal(claims.filter((c) => c.ok).length, 1);
    });
    it('records the result of a claimed execution once, and only from the agent that ran it', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { status: 'approved', decision: f.decision(), ...f.OPEN_WINDOW });
      await t.store().insertRequest(r, []);
      const result = { finishedAt: f.nextTime(), exitCode: 3, signal: null, durationMs: 1234 };
      assert.equal(await t.store().recordResult(orgId, r.id, agent.id, result, []), false, 'not started yet');
      const started = f.nextTime();
      await t.store().claimExecution(orgId, r.id, agent.id, started, []);
      const intruder = f.token(orgId, { name: 'intruder' });
      await t.store().createToken(intruder, []);
      assert.equal(await t.store().recordResult(orgId, r.id, intruder.id, result, []), false);
      assert.equal(
        await t
          .store()
          .recordResult(orgId, r.id, agent.id, result, [f.draft('request.finished', orgId, r.id)]),
        true,
      );
      assert.equal(
        await t.store().recordResult(orgId, r.id, agent.id, { ...result, exitCode: 0 }, []),
        false,
      );
      assert.deepEqual((await t.store().getRequest(orgId, r.id))?.execution, {
        startedAt: started,
        ...result,
      });
    });
    it('attaches runtime context to a pending request only, in its own org', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const context = { collected: { at: f.nextTime(), elapsedMs: 3, budgetMs: 200 }, probes: [] };
      assert.equal(await t.store().attachContext(other.orgId, r.id, context, []), false);
      assert.equal(
        await t.store().attachContext(orgId, r.id, context, [f.draft('request.context', orgId, r.id)]),
        true,
      );
      assert.deepEqual((await t.store().getRequest(orgId, r.id))?.context, context);
      await t.store().decideRequest(orgId, r.id, 'denied', f.decision('denied'), []);
      assert.equal(await t.store().attachContext(orgId, r.id, { probes: [] }, []), false);
    });
  });

  describe(`${name} store: expiry`, () => {
    const t = fresh(makeStore);
    it('has no next expiry while nothing is pending', async () => {
      assert.equal(await t.store().nextExpiry(), null);
    });
    it('lists pending requests past their expiry across orgs, earliest first, up to the limit', async () => {
      const one = await seedOrg(t.store());
      const two = await seedOrg(t.store());
      const late = f.request(one.orgId, one.agent, { expiresAt: f.at(500) });
      const early = f.request(two.orgId, two.agent, { expiresAt: f.at(100) });
      const middle = f.request(one.orgId, one.agent, { expiresAt: f.at(200) });
      const decided = f.request(one.orgId, one.agent, {
        expiresAt: f.at(50),
        status: 'approved',
        decision: f.decision(),
      });
      for (const r of [late, early, middle, decided]) await t.store().insertRequest(r, []);
      assert.equal(await t.store().nextExpiry(), early.expiresAt);
      assert.deepEqual(await t.store().listExpired(f.at(300), 10), [
        { orgId: two.orgId, id: early.id, status: 'pending' },
        { orgId: one.orgId, id: middle.id, status: 'pending' },
      ]);
      assert.deepEqual(await t.store().listExpired(f.at(300), 1), [
        { orgId: two.orgId, id: early.id, status: 'pending' },
      ]);
      assert.deepEqual(
        await t.store().listExpired(f.at(100), 10),
        [{ orgId: two.orgId, id: early.id, status: 'pending' }],
        'at expiry counts',
      );
      await t
        .store()
        .decideRequest(
          two.orgId,
          early.id,
          'expired',
          { ...f.decision('expired'), by: { kind: 'system' } },
          [],
        );
      assert.equal(await t.store().nextExpiry(), middle.expiresAt);
    });
  });

  describe(`${name} store: the claim window`, () => {
    const t = fresh(makeStore);
    it('lets an approval be claimed only within its claim window, then expire once', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { expiresAt: f.at(9_000) });
      await t.store().insertRequest(r, []);
      const approval = f.decision('approved');
      const claimBy = f.at(1_030);
      await t.store().decideRequest(orgId, r.id, 'approved', approval, [], { claimBy });
      assert.equal((await t.store().getRequest(orgId, r.id))?.claimBy, claimBy);
      assert.equal(await t.store().nextExpiry(), claimBy, 'the window end is the next thing due');
      assert.deepEqual(await t.store().listExpired(f.at(1_029), 10), []);
      assert.deepEqual(await t.store().listExpired(f.at(1_030), 10), [
        { orgId, id: r.id, status: 'approved' },
      ]);
      const late = await t.store().claimExecution(orgId, r.id, agent.id, f.at(1_030), []);
      assert.equal(late.ok ? 'ok' : late.why, 'approval_expired', 'at the window end it is over');
      const lapsed = {
        outcome: 'expired' as const,
        by: { kind: 'system' as const },
        justification: 'expired unused',
        at: f.at(1_031),
        expiredApproval: { by: approval.by, at: approval.at, claimBy },
      };
      assert.equal(
        (await t.store().expireApproval(orgId, r.id, f.at(1_029), lapsed, [])).ok,
        false,
        'not yet',
      );
      const head = await t.store().auditHead();
      const [first, second] = await Promise.all([
        t
          .store()
          .expireApproval(orgId, r.id, f.at(1_031), lapsed, [
            f.draft('request.approval_expired', orgId, r.id),
          ]),
        t
          .store()
          .expireApproval(orgId, r.id, f.at(1_031), lapsed, [
            f.draft('request.approval_expired', orgId, r.id),
          ]),
      ]);
      assert.deepEqual([first?.ok, second?.ok].sort(), [false, true], 'exactly one expiry wins');
      assert.equal((await t.store().auditHead())?.seq, (head?.seq ?? 0) + 1, 'audited once');
      const expired = await t.store().getRequest(orgId, r.id);
      assert.equal(expired?.status, 'expired');
      assert.equal(expired?.claimBy, null);
      assert.deepEqual(expired?.decision, lapsed);
      const after = await t.store().claimExecution(orgId, r.id, agent.id, f.at(1_032), []);
      assert.equal(after.ok ? 'ok' : after.why, 'approval_expired');
      assert.deepEqual(await t.store().listExpired(f.at(2_000), 10), []);
    });
    it('lets a claim inside the window run, after which nothing expires', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { expiresAt: f.at(9_000) });
      await t.store().insertRequest(r, []);
      await t.store().decideRequest(orgId, r.id, 'approved', f.decision(), [], { claimBy: f.at(2_030) });
      const claim = await t.store().claimExecution(orgId, r.id, agent.id, f.at(2_029), []);
      assert.equal(claim.ok, true);
      assert.equal(claim.request?.claimBy, null);
      assert.deepEqual(await t.store().listExpired(f.at(3_000), 10), []);
      const d = { ...f.decision('expired'), by: { kind: 'system' as const } };
      assert.equal((await t.store().expireApproval(orgId, r.id, f.at(3_000), d, [])).ok, false);
    });
    it('refuses to record an approval without a claim window, and leaves the request pending', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      await assert.rejects(
        t.store().decideRequest(orgId, r.id, 'approved', f.decision(), []),
        /claim window/,
      );
      assert.equal((await t.store().getRequest(orgId, r.id))?.status, 'pending');
    });
  });
}
