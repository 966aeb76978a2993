/** Store contract: orgs, users, tokens and web sessions, and that nobody acts across orgs. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError } from '../../src/store/errors.js';
import * as f from '../support/storeFixtures.js';
import { fresh, seedOrg, type MakeStore } from './shared.js';
import { DEFAULT_ORG_SETTINGS } from '../../src/store/records.js';

export function identityContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store: orgs`, () => {
    const t = fresh(makeStore);
    it('creates an org, counts it and reads it back with its settings', async () => {
      const org = f.org({
        settings: {
          ...DEFAULT_ORG_SETTINGS,
          approvalTimeoutSeconds: 90,
          requireTotp: true,
          protectedBranches: ['main'],
        },
      });
      assert.equal(await t.store().countOrgs(), 0);
      await t.store().createOrg(org, [f.draft('org.created', org.id)]);
      assert.equal(await t.store().countOrgs(), 1);
      assert.deepEqual(await t.store().getOrg(org.id), org);
    });
    it('returns null for an unknown org', async () => {
      assert.equal(await t.store().getOrg('no-such-org'), null);
    });
    it('updates the settings', async () => {
      const org = f.org();
      await t.store().createOrg(org, []);
      const settings = {
        ...DEFAULT_ORG_SETTINGS,
        approvalTimeoutSeconds: 5,
        protectedBranches: [],
        confineRequiredFrom: null,
      };
      await t.store().updateOrgSettings(org.id, settings, [f.draft('org.settings', org.id)]);
      assert.deepEqual((await t.store().getOrg(org.id))?.settings, settings);
    });
    it('refuses a second org with the same id with a StoreConflictError', async () => {
      const org = f.org();
      await t.store().createOrg(org, []);
      await assert.rejects(t.store().createOrg(org, []), StoreConflictError);
    });
  });

  describe(`${name} store: users`, () => {
    const t = fresh(makeStore);
    it('creates users, gets them, finds them by name and lists them in creation order', async () => {
      const { orgId } = await seedOrg(t.store());
      const a = f.user(orgId, { role: 'admin' });
      const b = f.user(orgId, { totpSecret: 'JBSWY3DPEHPK3PXP' });
      await t.store().createUser(a, [f.draft('user.added', orgId, a.id)]);
      await t.store().createUser(b, [f.draft('user.added', orgId, b.id)]);
      assert.deepEqual(await t.store().getUser(orgId, a.id), a);
      assert.deepEqual(await t.store().findUserByName(b.username), b);
      assert.deepEqual(await t.store().listUsers(orgId), [a, b]);
      assert.equal(await t.store().findUserByName('nobody'), null);
    });
    it("does not return another org's user", async () => {
      const one = await seedOrg(t.store());
      const two = await seedOrg(t.store());
      const u = f.user(one.orgId);
      await t.store().createUser(u, []);
      assert.equal(await t.store().getUser(two.orgId, u.id), null);
      assert.deepEqual(await t.store().listUsers(two.orgId), []);
    });
    it('refuses a username taken in any org with a StoreConflictError', async () => {
      const one = await seedOrg(t.store());
      const two = await seedOrg(t.store());
      const u = f.user(one.orgId);
      await t.store().createUser(u, []);
      await assert.rejects(
        t.store().createUser(f.user(two.orgId, { username: u.username }), []),
        StoreConflictError,
      );
    });
    it('updates only the patched fields, and nothing across orgs', async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const u = f.user(orgId);
      await t.store().createUser(u, []);
      await t
        .store()
        .updateUser(orgId, u.id, { totpSecret: 'SECRET', role: 'admin' }, [f.draft('user.updated', orgId)]);
      assert.deepEqual(await t.store().getUser(orgId, u.id), { ...u, totpSecret: 'SECRET', role: 'admin' });
      await t.store().updateUser(other.orgId, u.id, { passwordHash: 'x' }, []);
      assert.equal((await t.store().getUser(orgId, u.id))?.passwordHash, u.passwordHash);
    });
    it("removes a user with their tokens and web sessions, and not in another org's name", async () => {
      const { orgId } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const u = f.user(orgId);
      await t.store().createUser(u, []);
      const userToken = f.token(orgId, { kind: 'user', userId: u.id, name: 'cli' });
      await t.store().createToken(userToken, []);
      const session = f.webSession(orgId, u.id);
      await t.store().createWebSession(session, []);
      assert.equal(await t.store().removeUser(other.orgId, u.id, []), false);
      assert.equal(await t.store().removeUser(orgId, u.id, [f.draft('user.removed', orgId, u.id)]), true);
      assert.equal(await t.store().getUser(orgId, u.id), null);
      assert.notEqual((await t.store().findTokenByHash(userToken.hash))?.revokedAt, null);
      assert.equal(await t.store().getWebSession(session.idHash), null);
      assert.equal(await t.store().removeUser(orgId, u.id, []), false);
    });
  });

  describe(`${name} store: tokens`, () => {
    const t = fresh(makeStore);
    it('creates tokens, finds them by hash and lists them per org', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const second = f.token(orgId, { name: 'codex' });
      await t.store().createToken(second, []);
      assert.deepEqual(await t.store().findTokenByHash(agent.hash), agent);
      assert.deepEqual(await t.store().listTokens(orgId), [agent, second]);
      assert.equal(await t.store().findTokenByHash('0'.repeat(64)), null);
    });
    it('refuses a token hash that already exists with a StoreConflictError', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      await assert.rejects(
        t.store().createToken(f.token(orgId, { hash: agent.hash }), []),
        StoreConflictError,
      );
    });
    it('revokes a token once, and never from another org', async () => {
      const { orgId, agent } = await seedOrg(t.store());
      const other = await seedOrg(t.store());
      const when = f.nextTime();
      assert.equal(await t.store().revokeToken(other.orgId, agent.id, when, []), false);
      assert.equal(
        await t.store().revokeToken(orgId, agent.id, when, [f.draft('token.revoked', orgId)]),
        true,
      );
      assert.equal((await t.store().findTokenByHash(agent.hash))?.revokedAt, when);
      assert.equal(await t.store().revokeToken(orgId, agent.id, f.nextTime(), []), false);
    });
    it('records when a token was last used', async () => {
      const { agent } = await seedOrg(t.store());
      const when = f.nextTime();
      await t.store().touchToken(agent.id, when);
      assert.equal((await t.store().findTokenByHash(agent.hash))?.lastUsedAt, when);
    });
  });

  describe(`${name} store: web sessions`, () => {
    const t = fresh(makeStore);
    it('creates, reads, verifies and deletes a web session', async () => {
      const { orgId } = await seedOrg(t.store());
      const u = f.user(orgId);
      await t.store().createUser(u, []);
      const session = f.webSession(orgId, u.id);
      await t.store().createWebSession(session, [f.draft('user.login', orgId, u.id)]);
      assert.deepEqual(await t.store().getWebSession(session.idHash), session);
      await t.store().verifyWebSession(session.idHash);
      assert.equal((await t.store().getWebSession(session.idHash))?.verified, true);
      await t.store().deleteWebSession(session.idHash, [f.draft('user.logout', orgId, u.id)]);
      assert.equal(await t.store().getWebSession(session.idHash), null);
    });
  });
}
