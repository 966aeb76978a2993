/**
 * Raw terminal passthrough through the SSH gateway (issue 14) is an org decision: by default every
 * shell is line-gated; only agents listed in `sshRawPtyAgents` get their terminal passed through
 * raw, still recorded, each start (and each refusal) in the audit log. Real parts: `expacti serve`,
 * Debian's sshd as the target (a throwaway user), the gateway, the real `ssh -tt` as the agent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestView } from '../src/protocol/index.js';
import { eventually, startServer, tempDir, waitForText, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { collect, spawnSsh, startGateway, startSshd, type Gateway, type Sshd } from './support/sshRig.js';

const WAITING = /waiting for a reviewer — request ([0-9a-f-]{36})/;

describe('expacti ssh-gateway: raw terminal passthrough', () => {
  const dir = tempDir('expacti-sshraw-');
  const work = join(dir.path, 'target-files');
  let server: ServerHandle;
  let sshd: Sshd;
  let gateway: Gateway;
  let agentName = '';
  const admin = () => server.secrets.adminToken;
  const audit = async (action: string, session: string) =>
    (
      (await api(server.url, 'GET', '/v1/audit?limit=500', admin())).body['records'] as Array<{
        action: string;
        subject: string;
        data: { target?: string };
      }>
    ).filter((a) => a.action === action && a.subject === session);
  const terminal = (session: string) =>
    spawnSsh(dir.path, gateway, {
      password: server.secrets.agentToken,
      args: ['-tt', '-o', `SetEnv=EXPACTI_SESSION=${session}`],
    });

  before(async () => {
    mkdirSync(work);
    server = await startServer();
    sshd = await startSshd(dir.path);
    sshd.account.give(work);
    gateway = await startGateway(dir.path, server, sshd);
    const me = await api(server.url, 'GET', '/v1/me', server.secrets.agentToken);
    agentName = (me.body['principal'] as { name: string }).name;
  });
  after(async () => {
    await gateway?.stop();
    await sshd?.stop();
    await server?.stop();
    dir.remove();
  });

  it('line-gates a terminal by default: a command waits for a reviewer, and the refused raw start is audited', async () => {
    const marker = join(work, 'default-gated');
    const p = terminal('raw-default');
    let out = '';
    p.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const result = collect(p, null);
    p.stdin?.write(`touch ${marker}\n`);
    const id = (await waitForText(() => out, WAITING, 30_000))[1] ?? '';
    assert.ok(!existsSync(marker), 'nothing ran before the decision');
    const no = await api(server.url, 'POST', `/v1/requests/${id}/deny`, admin(), { note: 'gated' });
    assert.equal(no.status, 200, JSON.stringify(no.body));
    await waitForText(() => out, /expacti: note: gated/, 10_000);
    p.stdin?.end('\x04');
    await result;
    assert.ok(!existsSync(marker));
    const [refused] = await audit('ssh.raw_shell_refused', 'raw-default');
    assert.equal(refused?.data.target, `${sshd.user}@127.0.0.1:${sshd.port}`);
    assert.deepEqual(await audit('ssh.raw_shell_started', 'raw-default'), []);
  });

  it('passes the terminal through raw for an agent the org lists: nothing is asked, it is recorded and its start audited', async () => {
    const set = await api(server.url, 'PATCH', '/v1/org', admin(), { sshRawPtyAgents: [agentName] });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    try {
      const marker = join(work, 'raw-ran');
      const p = terminal('raw-listed');
      let out = '';
      p.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      const result = collect(p, null);
      // The target's own shell evaluates this (a line-gated shell would ask a reviewer first).
      p.stdin?.write(`touch ${marker}; echo raw-$((40 + 2))\n`);
      await waitForText(() => out, /raw-42/, 30_000);
      p.stdin?.write('exit 5\n');
      const r = await result;
      assert.equal(r.code, 5, out);
      assert.ok(existsSync(marker), 'it ran on the target');
      assert.doesNotMatch(out, WAITING);
      const asked = (await api(server.url, 'GET', '/v1/requests?session=raw-listed', admin())).body[
        'requests'
      ] as RequestView[];
      assert.deepEqual(asked, [], 'no request: the terminal was not gated');
      const [started] = await audit('ssh.raw_shell_started', 'raw-listed');
      assert.equal(started?.data.target, `${sshd.user}@127.0.0.1:${sshd.port}`);
      const [rec] = await eventually(async () => {
        const list = (await api(server.url, 'GET', '/v1/recordings?session=raw-listed', admin())).body[
          'recordings'
        ] as Array<{ id: string; kind: string }>;
        return list.length ? list : undefined;
      }, 10_000).catch((e: unknown) => {
        throw new Error(`${(e as Error).message}\n${gateway.output()}`);
      });
      assert.equal(rec?.kind, 'ssh-shell');
      const cast = await (
        await fetch(`${server.url}/v1/recordings/${rec?.id}`, {
          headers: { authorization: `Bearer ${admin()}` },
        })
      ).text();
      assert.match(cast, /raw terminal \(not line-gated\)/);
      assert.match(cast, /raw-42/);
    } finally {
      await api(server.url, 'PATCH', '/v1/org', admin(), { sshRawPtyAgents: [] });
    }
  });
});
