/**
 * `expacti hook HOST` for every agent host, run as each host runs it: a subprocess fed the host's
 * documented hook input, answering in the host's documented form (test/support/hosts.ts) — for an
 * approval, a whitelist hit, a denial with a note, a reviewer slower than the host's deadline (an
 * approval ticket), a server that is down and input that is not the hook's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { agentEnv, runCli, spawnCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { pendingOf } from './support/hook.js';
import { HOSTS, type HostCase } from './support/hosts.js';

function hook(host: HostCase, input: unknown, env: NodeJS.ProcessEnv, args: string[] = []) {
  return spawnCli(['hook', host.name, ...args], {
    env,
    input: typeof input === 'string' ? input : JSON.stringify(input),
  });
}

describe('expacti hook HOST against a live server', () => {
  let server: ServerHandle;
  let work: ReturnType<typeof tempDir>;
  const reviewer = () => ({ EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.adminToken });
  const session = () => `s-${randomUUID()}`;

  before(async () => {
    server = await startServer();
    work = tempDir('expacti-hosts-');
  });
  after(async () => {
    await server.stop();
    work.remove();
  });

  for (const host of HOSTS) {
    describe(host.name, () => {
      it('waits for a reviewer and allows what they approved, with the session and cwd on the request', async () => {
        const s = session();
        const run = hook(
          host,
          host.input(`echo approved-${host.name}`, { session: s, cwd: work.path }),
          agentEnv(server),
        );
        const id = await pendingOf(server, s);
        const shown = await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken);
        const request = shown.body['request'] as { cwd: string; session: string; commandText: string };
        assert.equal(request.cwd, work.path);
        assert.equal(request.session, s);
        assert.equal(request.commandText, `echo approved-${host.name}`);
        assert.equal((await runCli(['approve', id, '--note', 'fine'], { env: reviewer() })).code, 0);
        const answer = host.read(await run.result);
        assert.equal(answer.decision, 'allow');
        if (host.canRewrite) {
          assert.match(answer.rewritten ?? '', new RegExp(` exec-confined --request ${id} --plan \\S+ -c `));
          assert.ok(answer.rewritten?.endsWith(`'echo approved-${host.name}'`), answer.rewritten);
        } else assert.equal(answer.rewritten, undefined);
        if (answer.reason) assert.match(answer.reason, /approved by admin: fine/);
      });

      it('allows a whitelisted command at once', async () => {
        const command = `echo listed-${host.name}`;
        const first = session();
        const run = hook(host, host.input(command, { session: first, cwd: work.path }), agentEnv(server));
        const id = await pendingOf(server, first);
        assert.equal((await runCli(['approve', id, '--whitelist'], { env: reviewer() })).code, 0);
        assert.equal(host.read(await run.result).decision, 'allow');
        const started = Date.now();
        const again = host.read(
          await hook(host, host.input(command, { session: session(), cwd: work.path }), agentEnv(server))
            .result,
        );
        assert.equal(again.decision, 'allow');
        if (again.reason) assert.match(again.reason, /whitelisted: approved by admin/);
        assert.ok(Date.now() - started < 5000, 'no wait for a reviewer');
      });

      it("denies with the reviewer's note for the model", async () => {
        const s = session();
        const run = hook(
          host,
          host.input(`rm -rf build-${host.name}`, { session: s, cwd: work.path }),
          agentEnv(server),
        );
        const id = await pendingOf(server, s);
        assert.equal((await runCli(['deny', id, '--note', 'use make clean'], { env: reviewer() })).code, 0);
        const answer = host.read(await run.result);
        assert.equal(answer.decision, 'deny');
        assert.match(answer.reason, /DENIED — the command was not run/);
        assert.match(answer.reason, /note: use make clean/);
      });

      it('answers before its deadline when the reviewer is slower, and the same command then picks up the decision once', async () => {
        const s = session();
        const command = `make bundle-${host.name}`;
        const input = () => host.input(command, { session: s, cwd: work.path });
        const started = Date.now();
        const first = host.read(await hook(host, input(), agentEnv(server), ['--timeout', '5']).result);
        assert.ok(Date.now() - started < 5000, `answered within the host's 5 s (${Date.now() - started} ms)`);
        assert.equal(first.decision, 'deny');
        assert.match(first.reason, /NOT RUN YET — waiting for a human reviewer/);
        assert.match(first.reason, /run exactly the same command again/);
        const id = await pendingOf(server, s);
        assert.ok(first.reason.includes(id), 'names the request');

        // Still pending: the same command waits on the same request (one request for reviewers).
        const second = hook(host, input(), agentEnv(server), ['--timeout', '20']);
        await new Promise((r) => setTimeout(r, 500));
        const pending = await api(
          server.url,
          'GET',
          `/v1/requests?status=pending&session=${encodeURIComponent(s)}`,
          server.secrets.adminToken,
        );
        assert.deepEqual(
          (pending.body['requests'] as Array<{ id: string }>).map((r) => r.id),
          [id],
        );
        assert.equal((await runCli(['approve', id, '--note', 'go'], { env: reviewer() })).code, 0);
        const secondAnswer = host.read(await second.result);
        assert.equal(secondAnswer.decision, 'allow', secondAnswer.reason);

        // Used once: the next attempt is a new request.
        const third = host.read(await hook(host, input(), agentEnv(server), ['--timeout', '4']).result);
        assert.equal(third.decision, 'deny');
        const again = await pendingOf(server, s);
        assert.notEqual(again, id);
        await runCli(['deny', again, '--note', 'cleanup'], { env: reviewer() });
      });

      it('denies when the server is down, and when the input is not its hook input', async () => {
        const down = { EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'exp_a_x' };
        const a = host.read(
          await hook(host, host.input('ls', { session: session(), cwd: work.path }), down).result,
        );
        assert.equal(a.decision, 'deny');
        assert.match(a.reason, /cannot reach the expacti server at http:\/\/127\.0\.0\.1:9/);
        for (const bad of ['this is not json', '', '[1,2]', '{"hook_event_name":"Stop"}']) {
          const b = host.read(await hook(host, bad, agentEnv(server)).result);
          assert.equal(b.decision, 'deny', `${JSON.stringify(bad)} is denied`);
          assert.match(b.reason, /NOT RUN — .*\nexpacti: what now: this is a set-up problem/);
        }
      });

      if (host.otherTool) {
        const other = host.otherTool;
        it('lets tools that are not the shell through without asking', async () => {
          const down = { EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'exp_a_x' };
          const answer = host.read(
            await hook(host, other({ session: session(), cwd: work.path }), down).result,
          );
          assert.equal(answer.decision, 'allow');
        });
      }
    });
  }

  it('a denied ticket hands over the note when the same command comes back', async () => {
    const host = HOSTS.find((h) => h.name === 'cursor') as HostCase;
    const s = session();
    const input = () => host.input('git push origin main', { session: s, cwd: work.path });
    assert.equal(
      host.read(await hook(host, input(), agentEnv(server), ['--timeout', '4']).result).decision,
      'deny',
    );
    const id = await pendingOf(server, s);
    assert.equal((await runCli(['deny', id, '--note', 'not on main'], { env: reviewer() })).code, 0);
    const back = host.read(await hook(host, input(), agentEnv(server), ['--timeout', '4']).result);
    assert.equal(back.decision, 'deny');
    assert.match(back.reason, /DENIED/);
    assert.match(back.reason, /note: not on main/);
    assert.ok(back.reason.includes(id));
  });

  it('does not run a command the org requires confined on a host that runs commands itself', async () => {
    const host = HOSTS.find((h) => h.name === 'goose') as HostCase;
    const s = session();
    const run = hook(
      host,
      host.input('sudo systemctl restart nginx', { session: s, cwd: work.path }),
      agentEnv(server),
    );
    const id = await pendingOf(server, s);
    assert.equal((await runCli(['approve', id], { env: reviewer() })).code, 0);
    const answer = host.read(await run.result);
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason, /NOT RUN — the command was approved but could not be run inside its scope/);
    assert.match(answer.reason, /Goose runs commands itself/);
    const shown = await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken);
    const execution = (shown.body['request'] as { execution?: { notRun?: string } }).execution;
    assert.match(execution?.notRun ?? '', /Goose runs commands itself/);
  });
});
