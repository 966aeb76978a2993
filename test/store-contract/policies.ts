/**
 * Store contract: team policies (issue 11) — policy versions, groups, votes decided by one
 * compare-and-set (racing votes all count, one approval), escalation steps taken once, the
 * notification outbox (claimed once, retried, dead letters) and single-use decide links.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, verify, type MakeStore } from './shared.js';
import type { AppliedPolicy, VoteView } from '../../src/protocol/policy.js';
import type { Settlement } from '../../src/store/store.js';
import type { RequestRecord, NotificationRecord } from '../../src/store/records.js';
import { tallyVotes } from '../../src/core/policy/tally.js';

const TWO_FROM_DBA: AppliedPolicy = {
  version: 1,
  rules: [{ name: 'prod-sql', match: 'yes' }],
  requirements: [{ rule: 'prod-sql', approvals: 2, from: ['dba'] }],
  route: ['dba'],
  timeoutSeconds: 600,
  onTimeout: 'deny',
  escalate: [
    { afterSeconds: 120, to: 'oncall' },
    { afterSeconds: 300, to: 'leads' },
  ],
  whitelist: 'forbid',
};

const vote = (userId: string, groups = ['dba']): VoteView => ({
  userId,
  name: userId,
  vote: 'approve',
  at: f.nextTime(),
  groups,
});

const settle = (request: RequestRecord, votes: VoteView[]): Settlement | null =>
  tallyVotes(request.policy, votes).satisfied
    ? {
        outcome: 'approved',
        decision: f.decision('approved', votes.map((v) => v.name).join(' and ')),
        claimBy: f.OPEN_WINDOW.claimBy,
        audit: [f.draft('request.approved', request.orgId, request.id)],
      }
    : null;

function message(
  orgId: string,
  requestId: string,
  overrides: Partial<NotificationRecord> = {},
): NotificationRecord {
  return {
    id: crypto.randomUUID(),
    orgId,
    channel: 'team',
    event: 'pending',
    requestId,
    payload: { title: 'a request waits' },
    createdAt: f.at(0),
    nextAt: f.at(0),
    attempts: 0,
    status: 'pending',
    lastError: null,
    sentAt: null,
    ...overrides,
  };
}

export function policiesContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: team policies`, () => {
    const t = fresh(makeStore);

    it('stores policy versions in order, refuses a stale ifLatest, and audits each', async () => {
      const { orgId } = await seedOrg(t.store());
      assert.equal(await t.store().latestPolicy(orgId), null);
      const draft = (source: string) => ({
        orgId,
        source,
        sha256: 'x'.repeat(64),
        createdAt: f.nextTime(),
        createdBy: 'ana',
        note: null,
      });
      const v1 = await t
        .store()
        .insertPolicyVersion(draft('a'), 0, (v) => [f.draft('policy.updated', orgId, String(v))]);
      assert.equal(v1?.version, 1);
      const stale = await t.store().insertPolicyVersion(draft('b'), 0, () => []);
      assert.equal(stale, null, 'someone else uploaded version 1 first');
      const v2 = await t
        .store()
        .insertPolicyVersion(draft('c'), 1, (v) => [f.draft('policy.updated', orgId, String(v))]);
      assert.equal(v2?.version, 2);
      assert.equal((await t.store().latestPolicy(orgId))?.source, 'c');
      assert.equal((await t.store().getPolicyVersion(orgId, 1))?.source, 'a');
      assert.deepEqual(
        (await t.store().listPolicyVersions(orgId, 10)).map((v) => v.version),
        [2, 1],
      );
      const audit = await t.store().readAudit(0, 1000);
      assert.deepEqual(
        audit.filter((r) => r.action === 'policy.updated' && r.orgId === orgId).map((r) => r.subject),
        ['1', '2'],
      );
      assert.equal((await verify(t.store())).ok, true);
    });

    it('manages groups and members', async () => {
      const { orgId } = await seedOrg(t.store());
      const ana = f.user(orgId, { username: `ana-${crypto.randomUUID().slice(0, 6)}` });
      await t.store().createUser(ana, []);
      assert.equal(
        await t.store().createGroup(orgId, 'dba', f.nextTime(), [f.draft('group.created', orgId)]),
        true,
      );
      assert.equal(await t.store().createGroup(orgId, 'dba', f.nextTime(), []), false);
      assert.equal(
        await t.store().setGroupMember(orgId, 'dba', ana.id, true, [f.draft('group.member_added', orgId)]),
        true,
      );
      assert.equal(await t.store().setGroupMember(orgId, 'dba', ana.id, true, []), false, 'already a member');
      assert.equal(await t.store().setGroupMember(orgId, 'nope', ana.id, true, []), false, 'no such group');
      assert.deepEqual(
        (await t.store().listGroups(orgId)).map((g) => [g.name, g.members.map((m) => m.username)]),
        [['dba', [ana.username]]],
      );
      assert.equal(await t.store().setGroupMember(orgId, 'dba', ana.id, false, []), true);
      assert.equal(await t.store().deleteGroup(orgId, 'dba', [f.draft('group.deleted', orgId)]), true);
      assert.deepEqual(await t.store().listGroups(orgId), []);
    });

    it('counts a reviewer once, approves on the vote that completes the requirement, and keeps the votes', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r: RequestRecord = {
        ...f.request(orgId, agent),
        policy: TWO_FROM_DBA,
        escalateAt: f.at(120),
        escalations: 0,
      };
      await t.store().insertRequest(r, [f.draft('request.created', orgId, r.id)]);
      const stored = await t.store().getRequest(orgId, r.id);
      assert.deepEqual(stored?.policy, TWO_FROM_DBA);
      const first = await t
        .store()
        .castVote(orgId, r.id, vote('ana'), [f.draft('request.vote', orgId, r.id)], settle);
      assert.equal(first.ok && !first.settled && !first.duplicate, true);
      assert.equal(first.request?.status, 'pending');
      assert.equal(first.request?.votes?.length, 1);
      const again = await t
        .store()
        .castVote(orgId, r.id, vote('ana'), [f.draft('request.vote', orgId, r.id)], settle);
      assert.equal(again.ok && again.duplicate, true, 'the same reviewer twice counts once');
      const second = await t
        .store()
        .castVote(orgId, r.id, vote('bo'), [f.draft('request.vote', orgId, r.id)], settle);
      assert.equal(second.ok && second.settled, true);
      assert.equal(second.request?.status, 'approved');
      assert.equal(second.request?.escalateAt, null, 'no escalation after the decision');
      assert.deepEqual(
        (await t.store().listVotes(orgId, r.id)).map((v) => v.userId),
        ['ana', 'bo'],
      );
      const late = await t.store().castVote(orgId, r.id, vote('cy'), [], settle);
      assert.equal(late.ok, false, 'decided requests take no votes');
      const audit = (await t.store().readAudit(0, 10_000))
        .filter((a) => a.subject === r.id)
        .map((a) => a.action);
      assert.deepEqual(audit, ['request.created', 'request.vote', 'request.vote', 'request.approved']);
    });

    it('counts every one of many racing votes and approves exactly once', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const five: AppliedPolicy = { ...TWO_FROM_DBA, requirements: [{ rule: 'x', approvals: 5 }] };
      const r: RequestRecord = { ...f.request(orgId, agent), policy: five, escalateAt: null, escalations: 0 };
      await t.store().insertRequest(r, []);
      let settlements = 0;
      const counting = (req: RequestRecord, votes: VoteView[]) => {
        const s = settle(req, votes);
        if (s) settlements++;
        return s;
      };
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.store().castVote(orgId, r.id, vote(`u${i}`), [f.draft('request.vote', orgId, r.id)], counting),
        ),
      );
      assert.equal(results.filter((x) => x.ok && x.settled).length, 1);
      assert.equal(settlements, 1);
      assert.equal(results.filter((x) => x.ok && !x.settled).length, 4, 'four votes before the fifth');
      assert.equal((await t.store().getRequest(orgId, r.id))?.status, 'approved');
      assert.equal((await t.store().listVotes(orgId, r.id)).length, 5);
    });

    it('refines the policy of a pending request once its context arrives, and never a decided one', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r: RequestRecord = {
        ...f.request(orgId, agent),
        policy: TWO_FROM_DBA,
        escalateAt: f.at(120),
        escalations: 0,
      };
      await t.store().insertRequest(r, []);
      const refined: AppliedPolicy = {
        ...TWO_FROM_DBA,
        rules: [],
        requirements: [],
        escalate: [],
        whitelist: 'allow',
      };
      assert.equal(
        await t
          .store()
          .updateRequestPolicy(orgId, r.id, refined, null, [f.draft('request.policy', orgId, r.id)]),
        true,
      );
      const after = await t.store().getRequest(orgId, r.id);
      assert.deepEqual(after?.policy, refined);
      assert.equal(after?.escalateAt, null);
      await t.store().decideRequest(orgId, r.id, 'denied', f.decision('denied'), []);
      assert.equal(await t.store().updateRequestPolicy(orgId, r.id, TWO_FROM_DBA, null, []), false);
      assert.deepEqual((await t.store().getRequest(orgId, r.id))?.policy, refined);
    });

    it('takes each escalation step once', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r: RequestRecord = {
        ...f.request(orgId, agent),
        policy: TWO_FROM_DBA,
        escalateAt: f.at(120),
        escalations: 0,
      };
      await t.store().insertRequest(r, []);
      assert.deepEqual(
        (await t.store().listEscalationsDue(f.at(119), 10)).filter((d) => d.id === r.id),
        [],
      );
      const due = (await t.store().listEscalationsDue(f.at(121), 100)).filter((d) => d.id === r.id);
      assert.deepEqual(due, [{ orgId, id: r.id, step: 0 }]);
      const [a, b] = await Promise.all([
        t.store().escalateRequest(orgId, r.id, 0, f.at(300), [f.draft('request.escalated', orgId, r.id)]),
        t.store().escalateRequest(orgId, r.id, 0, f.at(300), [f.draft('request.escalated', orgId, r.id)]),
      ]);
      assert.equal([a, b].filter((x) => x !== null).length, 1);
      const after = await t.store().getRequest(orgId, r.id);
      assert.equal(after?.escalations, 1);
      assert.equal(after?.escalateAt, f.at(300));
      assert.ok(await t.store().escalateRequest(orgId, r.id, 1, null, []));
      assert.deepEqual(
        (await t.store().listEscalationsDue(f.at(100_000), 100)).filter((d) => d.id === r.id),
        [],
      );
    });

    it('claims each due message once, retries it later, and keeps dead letters until retried', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const m = message(orgId, r.id);
      const later = message(orgId, r.id, { nextAt: f.at(50) });
      await t.store().enqueueNotifications([m, later], []);
      const [one, two] = await Promise.all([
        t.store().claimNotifications(f.at(1), f.at(61), 10),
        t.store().claimNotifications(f.at(1), f.at(61), 10),
      ]);
      const ids = [...(one ?? []), ...(two ?? [])]
        .map((x) => x.id)
        .filter((id) => id === m.id || id === later.id);
      assert.deepEqual(ids, [m.id], 'claimed once; the later one is not due');
      assert.deepEqual(
        (await t.store().claimNotifications(f.at(2), f.at(62), 10)).filter((x) => x.id === m.id),
        [],
        'claimed until 61',
      );
      await t
        .store()
        .finishNotification(m.id, { kind: 'retry', at: f.at(2), nextAt: f.at(4), error: 'HTTP 500' });
      const retried = (await t.store().claimNotifications(f.at(5), f.at(65), 10)).find((x) => x.id === m.id);
      assert.equal(retried?.attempts, 1);
      assert.equal(retried?.lastError, 'HTTP 500');
      await t.store().finishNotification(m.id, { kind: 'dead', at: f.at(6), error: 'HTTP 500 again' });
      assert.deepEqual(
        (await t.store().listNotifications(orgId, 'dead', 10)).map((x) => [x.id, x.attempts, x.lastError]),
        [[m.id, 2, 'HTTP 500 again']],
      );
      assert.equal(await t.store().retryNotification(orgId, m.id, f.at(7)), true);
      const again = (await t.store().claimNotifications(f.at(8), f.at(68), 10)).find((x) => x.id === m.id);
      assert.ok(again);
      await t.store().finishNotification(m.id, { kind: 'sent', at: f.at(9) });
      assert.equal((await t.store().listNotifications(orgId, 'sent', 10))[0]?.sentAt, f.at(9));
    });

    it('stores a request and its first notifications in one transaction: both, or neither', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      const m = message(orgId, r.id);
      const link = { hash: 'f'.repeat(64), orgId, requestId: r.id, createdAt: f.at(0), expiresAt: f.at(60) };
      await t
        .store()
        .insertRequest(r, [f.draft('request.created', orgId, r.id)], { messages: [m], links: [link] });
      const claimed = (await t.store().claimNotifications(f.at(1), f.at(61), 100)).filter(
        (x) => x.id === m.id,
      );
      assert.deepEqual(
        claimed.map((x) => [x.requestId, x.event, x.status]),
        [[r.id, 'pending', 'pending']],
      );
      assert.deepEqual(await t.store().useDecideLink(link.hash, f.at(1)), { orgId, requestId: r.id });
      // A message that cannot be stored (its id is taken) takes its request with it.
      const r2 = f.request(orgId, agent);
      await assert.rejects(
        t.store().insertRequest(r2, [f.draft('request.created', orgId, r2.id)], {
          messages: [{ ...message(orgId, r2.id), id: m.id }],
          links: [],
        }),
      );
      assert.equal(await t.store().getRequest(orgId, r2.id), null);
      const chain = await verify(t.store());
      assert.equal(chain.ok, true, chain.problem?.message);
    });

    it("stores an escalation step's messages only with the step, once across racing callers", async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r: RequestRecord = {
        ...f.request(orgId, agent),
        policy: TWO_FROM_DBA,
        escalateAt: f.at(120),
        escalations: 0,
      };
      await t.store().insertRequest(r, []);
      const boxes = [0, 1].map(() => ({
        messages: [message(orgId, r.id, { event: 'escalated' })],
        links: [],
      }));
      const results = await Promise.all(
        boxes.map((box) => t.store().escalateRequest(orgId, r.id, 0, f.at(300), [], box)),
      );
      assert.equal(results.filter((x) => x !== null).length, 1);
      const queued = (await t.store().listNotifications(orgId, 'pending', 100)).filter(
        (x) => x.requestId === r.id,
      );
      const winner = boxes[results.findIndex((x) => x !== null)];
      assert.deepEqual(
        queued.map((x) => x.id),
        winner?.messages.map((x) => x.id),
      );
    });

    it('counts the outbox in all orgs: messages still to send, and dead letters', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const before = await t.store().countNotifications();
      const [m1, m2] = [message(orgId, r.id), message(orgId, r.id)];
      await t.store().enqueueNotifications([m1, m2], []);
      assert.deepEqual(await t.store().countNotifications(), {
        pending: before.pending + 2,
        dead: before.dead,
      });
      await t.store().finishNotification(m1.id, { kind: 'dead', at: f.at(1), error: 'HTTP 500' });
      await t.store().finishNotification(m2.id, { kind: 'sent', at: f.at(1) });
      assert.deepEqual(await t.store().countNotifications(), {
        pending: before.pending,
        dead: before.dead + 1,
      });
    });

    it('opens a decide link once, and never after it expires', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const link = { hash: 'h'.repeat(64), orgId, requestId: r.id, createdAt: f.at(0), expiresAt: f.at(60) };
      const old = { ...link, hash: 'o'.repeat(64) };
      await t.store().enqueueNotifications([], [link, old]);
      const [a, b] = await Promise.all([
        t.store().useDecideLink(link.hash, f.at(1)),
        t.store().useDecideLink(link.hash, f.at(1)),
      ]);
      assert.deepEqual(
        [a, b].filter((x) => x !== null),
        [{ orgId, requestId: r.id }],
      );
      assert.equal(await t.store().useDecideLink(old.hash, f.at(61)), null, 'expired');
      assert.equal(await t.store().useDecideLink('z'.repeat(64), f.at(1)), null, 'unknown');
    });
  });
}
