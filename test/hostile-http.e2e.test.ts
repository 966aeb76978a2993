/**
 * Hostile input on every route, on both stores (issue 26 item 5): a fixed seed of generated calls
 * (test/support/hostileHttp.ts) — any route, credential, path id and body — against a real server
 * with two orgs. Never a 5xx or a crash; every refusal says what; org B never sees org A's
 * requests or entries, and nothing changes org A's decisions; the audit chain still verifies.
 * Replayed decisions and execution grants are refused.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { api } from './support/api.js';
import { describeOnEachStore } from './support/stores.js';
import { answerProblems, hostileCalls, send } from './support/hostileHttp.js';
import { guardedProblems, twoOrgs, type TwoOrgs } from './support/twoOrgs.js';
import type { RequestView } from '../src/protocol/api.js';
import type { ServerHandle } from './support/expacti.js';

/** Calls per store (about 2,000 in all); the bench runs 100,000. */
const RUNS = 1000;
const SEED = 26;

describeOnEachStore('hostile HTTP on every route', (ctx) => {
  let server: ServerHandle;
  let orgs: TwoOrgs;

  before(async () => {
    server = ctx.server();
    orgs = await twoOrgs(server, () => ctx.openStore(), ctx.kind);
  });

  it(`answers ${RUNS} generated calls without a 5xx, a crash or a leak between orgs`, async () => {
    const problems: string[] = [];
    await fc
      .assert(
        fc.asyncProperty(hostileCalls(orgs.guarded), async (call) => {
          const found = answerProblems(call, await send(server.url, call, orgs.who), orgs.guarded);
          problems.push(...found);
          return found.length === 0;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      .catch((error: unknown) => {
        const log = server
          .output()
          .split('\n')
          .filter((l) => /"level":(50|60)/.test(l))
          .slice(0, 3);
        throw new Error(
          `${problems.slice(0, 5).join('\n')}\n${log.join('\n')}\n${String(error).slice(0, 600)}`,
        );
      });
    assert.equal((await api(server.url, 'GET', '/v1/health', null)).status, 200);
  });

  it('left org A’s decisions as they were, and the audit chain verifies', async () => {
    assert.deepEqual(await guardedProblems(server, orgs), []);
  });

  it('refuses a body nested deeper than any API body, before anything recurses into it', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await api(server.url, 'POST', '/v1/requests', orgs.who.agentA, deep);
    assert.equal(res.status, 400);
    assert.match(res.body.error?.message ?? '', /nests arrays or objects deeper than 64 levels/);
  });

  it('refuses replayed decisions and execution grants', async () => {
    const { adminA, agentA } = orgs.who;
    const submitted = await api(server.url, 'POST', '/v1/requests', agentA, {
      command: { shell: 'touch /tmp/expacti-replay' },
      cwd: '/tmp',
    });
    const id = (submitted.body['request'] as RequestView).id;
    const post = (path: string, token: string, body: unknown) =>
      api(server.url, 'POST', `/v1/requests/${id}/${path}`, token, body);
    assert.equal((await post('approve', adminA, {})).status, 200);
    assert.equal((await post('approve', adminA, {})).status, 409, 'a decision is made once');
    assert.equal((await post('deny', adminA, { note: 'late' })).status, 409);
    assert.equal((await post('execute', agentA, {})).status, 200);
    assert.equal((await post('execute', agentA, {})).status, 409, 'an execution grant is used once');
    const result = { exitCode: 0, durationMs: 1 };
    assert.equal((await post('result', agentA, result)).status, 200);
    assert.equal((await post('result', agentA, result)).status, 409, 'a result is reported once');
    // A cancel after the fact answers the request as it stands and changes nothing.
    const late = await post('cancel', agentA, {});
    assert.equal(late.status, 200);
    const after = late.body['request'] as RequestView;
    assert.deepEqual(
      [after.status, after.decision?.outcome, after.execution?.exitCode],
      ['approved', 'approved', 0],
    );
  });
});
