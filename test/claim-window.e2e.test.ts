/**
 * The claim window: an approval may be run only within a short, configured time after the
 * decision. The agent that is still waiting claims it at once and runs it; an approval whose agent
 * was killed while waiting expires unused, audited, and a later claim with the agent's token is a
 * 409 — on SQLite, and on PostgreSQL with two replicas sweeping.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { api } from './support/api.js';
import { agentEnv, spawnCli, tempDir, waitForText, type ServerHandle } from './support/expacti.js';
import { describeOnEachStore } from './support/stores.js';

const WINDOW_S = 2;
const WAITING = /request ([0-9a-f-]{36})/;

describeOnEachStore(
  'the claim window of an approval',
  (ctx) => {
    let server: ServerHandle;
    let admin: string;
    const work = tempDir('expacti-claim-');

    before(async () => {
      server = ctx.server();
      admin = server.secrets.adminToken;
      // On PostgreSQL a second replica sweeps too: the approval must still expire exactly once.
      if (ctx.kind === 'postgres') await ctx.replica();
    });

    const auditFor = async (id: string): Promise<string[]> => {
      const actions: string[] = [];
      for (let after = 0; ;) {
        const page = await api(server.url, 'GET', `/v1/audit?after=${after}`, admin);
        const records = page.body['records'] as Array<{ subject: string | null; action: string }>;
        actions.push(...records.filter((r) => r.subject === id).map((r) => r.action));
        const next = page.body['next'] as number | null;
        if (next === null) return actions;
        after = next;
      }
    };
    const status = async (id: string) =>
      (await api(server.url, 'GET', `/v1/requests/${id}`, admin)).body['request'] as {
        status: string;
        claimBy?: string;
        decision?: { expiredApproval?: { by: { name?: string } }; justification: string };
      };

    it('refuses to run an approval claimed after the window (the agent was killed while waiting)', async () => {
      const marker = join(work.path, `killed-${ctx.kind}`);
      const agent = spawnCli(['run', '--', 'touch', marker], { env: agentEnv(server) });
      const [, id] = await waitForText(agent.stderrSoFar, WAITING);
      agent.proc.kill('SIGKILL');
      await agent.result;
      const approved = await api(server.url, 'POST', `/v1/requests/${id}/approve`, admin, {});
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      const view = approved.body['request'] as { claimBy: string; decision: { at: string } };
      assert.equal(Date.parse(view.claimBy) - Date.parse(view.decision.at), WINDOW_S * 1000);
      await new Promise((r) => setTimeout(r, WINDOW_S * 1000 + 300));
      const late = await api(server.url, 'POST', `/v1/requests/${id}/execute`, server.secrets.agentToken, {});
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.equal(late.body.error?.code, 'conflict');
      assert.match(late.body.error?.message ?? '', /expired unused.*submit the command again/);
      assert.equal(
        (late.body.error as { details?: { reason?: string } }).details?.reason,
        'approval_expired',
      );
      assert.equal(existsSync(marker), false);
      const after = await status(id as string);
      assert.equal(after.status, 'expired');
      assert.equal(after.decision?.expiredApproval?.by.name, 'admin');
      assert.match(after.decision?.justification ?? '', /approved by admin, but not run within 2 s/);
      const again = await api(
        server.url,
        'POST',
        `/v1/requests/${id}/execute`,
        server.secrets.agentToken,
        {},
      );
      assert.equal(again.status, 409);
      assert.deepEqual(
        (await auditFor(id as string)).filter((a) => a.startsWith('request.approv')),
        ['request.approved', 'request.approval_expired'],
      );
    });

    it('expires an approval nobody claims when its window ends, audited once', async () => {
      const submitted = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
        command: { argv: ['rm', '-rf', '/tmp/expacti-claim-unclaimed'] },
        cwd: '/tmp',
      });
      const id = (submitted.body['request'] as { id: string }).id;
      assert.equal((await api(server.url, 'POST', `/v1/requests/${id}/approve`, admin, {})).status, 200);
      assert.equal((await status(id)).status, 'approved');
      const deadline = Date.now() + WINDOW_S * 1000 + 6000;
      while ((await status(id)).status !== 'expired') {
        assert.ok(Date.now() < deadline, 'the approval did not expire after its window');
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        (await auditFor(id)).filter((a) => a === 'request.approval_expired'),
        ['request.approval_expired'],
      );
    });

    it('lets the agent that is still waiting claim and run it at once', async () => {
      const marker = join(work.path, `waiting-${ctx.kind}`);
      const agent = spawnCli(['run', '--', 'touch', marker], { env: agentEnv(server) });
      const [, id] = await waitForText(agent.stderrSoFar, WAITING);
      assert.equal((await api(server.url, 'POST', `/v1/requests/${id}/approve`, admin, {})).status, 200);
      const res = await agent.result;
      assert.equal(res.code, 0, res.stderr);
      assert.equal(existsSync(marker), true);
      const done = await status(id as string);
      assert.equal(done.status, 'approved');
      assert.equal(done.claimBy, undefined, 'no window once claimed');
    });
  },
  { args: ['--claim-window', String(WINDOW_S)] },
);
