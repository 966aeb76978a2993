/** Store contract: the change feed fires after commit, for each kind of write. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreChange } from '../../src/store/store.js';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, waitFor, type MakeStore } from './shared.js';

export function feedContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: change feed`, () => {
    const t = fresh(makeStore);
    const seen: StoreChange[] = [];
    let stop: (() => void) | undefined;
    before(() => {
      stop = t.store().subscribe((change) => seen.push(change));
    });
    after(() => stop?.());
    /** Waits until every earlier change has arrived (a sentinel write's change came), then forgets them. */
    const settle = async (): Promise<string> => {
      const sentinel = f.org();
      await t.store().createOrg(sentinel, []);
      await waitFor(
        () => seen.some((c) => c.type === 'org' && c.orgId === sentinel.id),
        'the sentinel change',
      );
      const index = seen.findIndex((c) => c.type === 'org' && c.orgId === sentinel.id);
      const before = seen.slice(0, index).filter((c) => c.type !== 'resync');
      seen.length = 0;
      return JSON.stringify(before);
    };
    /** The changes announced by `write`, and nothing else. */
    const announced = async (write: () => Promise<unknown>): Promise<StoreChange[]> => {
      await settle();
      await write();
      return JSON.parse(await settle()) as StoreChange[];
    };
    const expect = async (change: StoreChange, write: () => Promise<unknown>): Promise<void> => {
      assert.deepEqual(await announced(write), [change]);
    };
    it('announces each kind of write after it committed', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const org = f.org();
      await expect({ type: 'org', orgId: org.id }, () => t.store().createOrg(org, []));
      await expect({ type: 'org', orgId }, () => t.store().updateOrgSettings(orgId, org.settings, []));
      const u = f.user(orgId);
      await expect({ type: 'org', orgId }, () => t.store().createUser(u, []));
      await expect({ type: 'org', orgId }, () => t.store().updateUser(orgId, u.id, { role: 'admin' }, []));
      const tok = f.token(orgId);
      await expect({ type: 'org', orgId }, () => t.store().createToken(tok, []));
      await expect({ type: 'revoked', orgId, tokens: [tok.id] }, () =>
        t.store().revokeToken(orgId, tok.id, f.nextTime(), []),
      );
      const session = f.webSession(orgId, u.id);
      await expect({ type: 'org', orgId }, () => t.store().createWebSession(session, []));
      await expect({ type: 'org', orgId }, () => t.store().verifyWebSession(session.idHash));
      await expect({ type: 'revoked', orgId, sessions: [session.idHash] }, () =>
        t.store().deleteWebSession(session.idHash, []),
      );
      await expect({ type: 'revoked', orgId, users: [u.id] }, () => t.store().removeUser(orgId, u.id, []));
      const r = f.request(orgId, agent);
      const req = { type: 'request', orgId, id: r.id } as const;
      await expect(req, () => t.store().insertRequest(r, []));
      await expect(req, () => t.store().attachContext(orgId, r.id, { probes: [] }, []));
      await expect(req, () =>
        t.store().decideRequest(orgId, r.id, 'approved', f.decision(), [], f.OPEN_WINDOW),
      );
      await expect(req, () => t.store().claimExecution(orgId, r.id, agent.id, f.nextTime(), []));
      await expect(req, () =>
        t
          .store()
          .recordResult(
            orgId,
            r.id,
            agent.id,
            { finishedAt: null, exitCode: 0, signal: null, durationMs: 5 },
            [],
          ),
      );
      const e = f.whitelistEntry(orgId);
      await expect({ type: 'whitelist', orgId }, () => t.store().insertWhitelistEntry(e, []));
      await expect({ type: 'whitelist', orgId }, () =>
        t.store().updateWhitelistEntry(orgId, e.id, { note: 'n' }, []),
      );
      await expect({ type: 'whitelist', orgId }, () => t.store().deleteWhitelistEntry(orgId, e.id, []));
    });
    it('announces an approval that adds a whitelist entry as both', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      await t.store().insertRequest(r, []);
      const changes = await announced(() =>
        t.store().decideRequest(orgId, r.id, 'approved', f.decision(), [], {
          whitelistEntry: f.whitelistEntry(orgId),
          ...f.OPEN_WINDOW,
        }),
      );
      assert.deepEqual(changes, [
        { type: 'whitelist', orgId },
        { type: 'request', orgId, id: r.id },
      ]);
    });
    it('announces nothing for a decision that lost or a write that changed nothing', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent, { status: 'denied', decision: f.decision('denied') });
      await t.store().insertRequest(r, []);
      const changes = await announced(async () => {
        await t.store().decideRequest(orgId, r.id, 'approved', f.decision(), [], f.OPEN_WINDOW);
        await t.store().revokeToken(orgId, 'nope', f.nextTime(), []);
        await t.store().deleteWhitelistEntry(orgId, 'nope', []);
      });
      assert.deepEqual(changes, []);
    });
    it('lets a listener read the change it is told about', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const r = f.request(orgId, agent);
      let read: Promise<unknown> | undefined;
      const unsubscribe = t.store().subscribe((change) => {
        if (change.type === 'request' && change.id === r.id) read ??= t.store().getRequest(orgId, r.id);
      });
      await t.store().insertRequest(r, []);
      await waitFor(() => read !== undefined, 'the request change');
      assert.deepEqual(await read, r);
      unsubscribe();
    });
    it('stops telling a listener once it unsubscribed', async () => {
      const mine: StoreChange[] = [];
      const unsubscribe = t.store().subscribe((change) => mine.push(change));
      unsubscribe();
      const sentinel = f.org();
      await t.store().createOrg(sentinel, []);
      await waitFor(
        () => seen.some((c) => c.type === 'org' && c.orgId === sentinel.id),
        'the sentinel change',
      );
      assert.deepEqual(mine, []);
    });
  });
}
