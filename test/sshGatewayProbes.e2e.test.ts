/**
 * Runtime context for SSH-gated commands is collected on the target (issue 14): the reviewer sees
 * where `rm -rf` really points on the target host and the target's git branch, read over the
 * gateway's SSH connection. Real parts: `expacti serve`, Debian's sshd as the target (a throwaway
 * user), the gateway, and the real `ssh` client as the agent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FsFact, GitFact, RequestView } from '../src/protocol/index.js';
import { eventually, startServer, tempDir, waitForText, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { collect, spawnSsh, startGateway, startSshd, type Gateway, type Sshd } from './support/sshRig.js';

const WAITING = /waiting for a reviewer — request ([0-9a-f-]{36})/;

describe('expacti ssh-gateway: runtime context from the target', () => {
  const dir = tempDir('expacti-sshprobe-');
  const work = join(dir.path, 'target-files');
  let server: ServerHandle;
  let sshd: Sshd;
  let gateway: Gateway;
  const admin = () => server.secrets.adminToken;
  const get = async (id: string) =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, admin())).body['request'] as RequestView;

  before(async () => {
    mkdirSync(join(work, 'releases', 'v2', 'data'), { recursive: true });
    writeFileSync(join(work, 'releases', 'v2', 'data', 'rows.db'), 'x'.repeat(1000));
    symlinkSync(join(work, 'releases', 'v2'), join(work, 'current'));
    server = await startServer();
    sshd = await startSshd(dir.path);
    sshd.account.give(work);
    // The target account's home is a git work tree on a branch of its own.
    const git = spawnSync('git', ['init', '-q', '-b', 'deploy-2026', sshd.account.home], {
      encoding: 'utf8',
    });
    assert.equal(git.status, 0, git.stderr);
    sshd.account.give(join(sshd.account.home, '.git'));
    gateway = await startGateway(dir.path, server, sshd);
  });
  after(async () => {
    await gateway?.stop();
    await sshd?.stop();
    await server?.stop();
    dir.remove();
  });

  it('shows the reviewer where a path really points on the target, and the target’s git branch', async () => {
    const victim = join(work, 'current', 'data');
    const p = spawnSsh(dir.path, gateway, { password: server.secrets.agentToken }, `rm -rf ${victim}`);
    let stderr = '';
    p.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const result = collect(p);
    const id = (await waitForText(() => stderr, WAITING, 30_000))[1] ?? '';
    const pending = await eventually(async () => {
      const r = await get(id);
      return r.context?.probes?.length ? r : undefined;
    }, 10_000);
    assert.equal(pending.status, 'pending', 'context never decides: a reviewer does');
    const fs = pending.context?.probes?.find((r) => r.kind === 'fs');
    assert.ok(fs?.fact.known, `the fs fact is known: ${JSON.stringify(fs)}`);
    const fact = fs.fact.value as FsFact;
    const [target] = fact.matches;
    assert.equal(target?.path, victim);
    assert.equal(target?.resolved, join(work, 'releases', 'v2', 'data'), 'resolved through the symlink');
    assert.deepEqual(target?.hops, [{ from: join(work, 'current'), to: join(work, 'releases', 'v2') }]);
    assert.equal(target?.type, 'dir');
    assert.deepEqual(target?.size, { known: true, value: { files: 1, bytes: 1000, capped: false } });
    assert.equal(target?.outside.home, true, `${sshd.account.home} is the target's home`);
    assert.ok(target?.mount.known, 'the mount is read from the target');
    const git = pending.context?.probes?.find((r) => r.kind === 'git');
    assert.ok(git?.fact.known, `the git fact is known: ${JSON.stringify(git)}`);
    const g = git.fact.value as GitFact;
    assert.equal(g.root, sshd.account.home);
    assert.equal(g.branch, 'deploy-2026');
    assert.equal(g.dirty.known, false, 'what needs git itself is said to be unknown');
    await api(server.url, 'POST', `/v1/requests/${id}/deny`, admin(), { note: 'not the live data' });
    const r = await result;
    assert.equal(r.code, 77, r.stderr);
    assert.ok(existsSync(join(work, 'releases', 'v2', 'data', 'rows.db')), 'nothing ran');
  });

  it('reports a path it cannot see on the target as missing, never as the gateway’s own file', async () => {
    // This path exists on the machine running the gateway (the test's own dir, mode 0700 content
    // below it belongs to root) but the target account cannot reach into it.
    const hidden = join(dir.path, 'root-only');
    mkdirSync(hidden, { mode: 0o700 });
    writeFileSync(join(hidden, 'f'), 'x');
    const p = spawnSsh(dir.path, gateway, { password: server.secrets.agentToken }, `rm -rf ${hidden}/f`);
    let stderr = '';
    p.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const result = collect(p);
    const id = (await waitForText(() => stderr, WAITING, 30_000))[1] ?? '';
    const pending = await eventually(async () => {
      const r = await get(id);
      return r.context?.probes?.length ? r : undefined;
    }, 10_000);
    const fs = pending.context?.probes?.find((r) => r.kind === 'fs');
    assert.ok(fs?.fact.known);
    const [target] = (fs.fact.value as FsFact).matches;
    assert.equal(target?.exists, false, 'as the target account sees it');
    const no = await api(server.url, 'POST', `/v1/requests/${id}/deny`, admin(), { note: 'no' });
    assert.equal(no.status, 200, JSON.stringify(no.body));
    assert.equal((await result).code, 77);
  });
});
