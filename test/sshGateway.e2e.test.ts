/**
 * The SSH gateway (issue 14) with real parts: a real `expacti serve`, Debian's OpenSSH server as
 * the target (loopback port, throwaway keys), `expacti ssh-gateway` in front of it and the real
 * `ssh` client as the agent. What runs on the target is checked on the target's file system.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestView } from '../src/protocol/index.js';
import { startServer, tempDir, waitForText, eventually, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import {
  collect,
  spawnScp,
  spawnSsh,
  ssh,
  startGateway,
  startSshd,
  type Gateway,
  type Sshd,
} from './support/sshRig.js';

const WAITING = /waiting for a reviewer — request ([0-9a-f-]{36})/;

describe('expacti ssh-gateway', () => {
  const dir = tempDir('expacti-ssh-');
  const work = join(dir.path, 'target-files');
  let server: ServerHandle;
  let sshd: Sshd;
  let gateway: Gateway;
  const admin = () => server.secrets.adminToken;
  const agent = () => ({ password: server.secrets.agentToken });
  const get = async (id: string) =>
    (await api(server.url, 'GET', `/v1/requests/${id}`, admin())).body['request'] as RequestView;
  const recordings = async (query: string) =>
    (await api(server.url, 'GET', `/v1/recordings?${query}`, admin())).body['recordings'] as Array<{
      id: string;
      sha256: string;
      kind: string;
      requestId: string | null;
      target: string;
    }>;

  before(async () => {
    mkdirSync(work);
    // The product default: read-only commands auto-allowed (what scp's metadata reads come to).
    server = await startServer({ autoAllowReadOnly: true });
    sshd = await startSshd(dir.path);
    sshd.account.give(work);
    gateway = await startGateway(dir.path, server, sshd);
  });
  after(async () => {
    await gateway?.stop();
    await sshd?.stop();
    await server?.stop();
    dir.remove();
  });

  it('runs a whitelisted command on the target at once, with its output and exit status', async () => {
    const cmd = `echo whitelisted-on-target; touch ${work}/wl-ran; exit 3`;
    const added = await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern: cmd });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const r = await ssh(dir.path, gateway, agent(), cmd);
    assert.equal(r.code, 3, r.stderr + gateway.output());
    assert.equal(r.stdout, 'whitelisted-on-target\n');
    assert.doesNotMatch(r.stderr, /waiting for a reviewer/);
    assert.ok(existsSync(`${work}/wl-ran`));
  });

  it('runs target commands as the throwaway user, not as the user running the tests', async () => {
    const cmd = 'id -un';
    assert.equal((await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern: cmd })).status, 201);
    const r = await ssh(dir.path, gateway, agent(), cmd);
    assert.equal(r.code, 0, r.stderr + gateway.output());
    assert.equal(r.stdout, `${sshd.user}\n`);
    assert.notEqual(sshd.user, 'root');
  });

  it('holds rm -rf on the target until a reviewer approves, then runs exactly it and stores its recording', async () => {
    const data = join(work, 'srv-data');
    mkdirSync(data);
    writeFileSync(join(data, 'keep'), 'x');
    sshd.account.give(data);
    const p = spawnSsh(dir.path, gateway, agent(), `rm -rf ${data} && echo removed`);
    const result = collect(p);
    let stderr = '';
    p.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const id = (await waitForText(() => stderr, WAITING, 30_000))[1] ?? '';
    const pending = await get(id);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.commandText, `rm -rf ${data} && echo removed`);
    assert.ok(existsSync(join(data, 'keep')), 'nothing ran before the decision');
    const ok = await api(server.url, 'POST', `/v1/requests/${id}/approve`, admin(), {});
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const r = await result;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'removed\n');
    assert.ok(!existsSync(data), 'it ran on the target');
    const done = await get(id);
    assert.equal(done.execution?.exitCode, 0);
    const [rec] = await recordings(`request=${id}`);
    assert.ok(rec, 'a recording is stored with the request');
    assert.equal(rec.kind, 'ssh-exec');
    assert.equal(rec.target, `${sshd.user}@127.0.0.1:${sshd.port}`);
    const cast = await fetch(`${server.url}/v1/recordings/${rec.id}`, {
      headers: { authorization: `Bearer ${admin()}` },
    });
    const text = await cast.text();
    assert.equal(cast.headers.get('x-expacti-sha256'), rec.sha256);
    const lines = text.trim().split('\n');
    assert.equal(JSON.parse(lines[0] as string).version, 2);
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => JSON.parse(l) as [number, string, string])
        .filter((e) => e[1] === 'o')
        .map((e) => e[2])
        .join(''),
      'removed\r\n',
      'recorded as a terminal shows it',
    );
    const audit = (await api(server.url, 'GET', '/v1/audit?limit=500', admin())).body['records'] as Array<{
      action: string;
      subject: string;
      data: { sha256?: string; request?: string };
    }>;
    const stored = audit.find((a) => a.action === 'recording.stored' && a.subject === rec.id);
    assert.equal(stored?.data.sha256, rec.sha256, 'the recording’s hash is in the audit chain');
    assert.equal(stored?.data.request, id);
    const verify = await api(server.url, 'GET', '/v1/audit/verify', admin());
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
    assert.equal((verify.body as { ok?: boolean }).ok, true, JSON.stringify(verify.body));
  });

  it('tells the agent a denial and the reviewer’s note on stderr, exits 77, and runs nothing', async () => {
    const victim = join(work, 'deny-me');
    writeFileSync(victim, 'still here');
    const p = spawnSsh(dir.path, gateway, agent(), `rm -f ${victim}`);
    let stderr = '';
    p.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const result = collect(p);
    const id = (await waitForText(() => stderr, WAITING, 30_000))[1] ?? '';
    const no = await api(server.url, 'POST', `/v1/requests/${id}/deny`, admin(), {
      note: 'use the cleanup job, not rm',
    });
    assert.equal(no.status, 200, JSON.stringify(no.body));
    const r = await result;
    assert.equal(r.code, 77, r.stderr);
    assert.match(r.stderr, /expacti: DENIED — the command was not run\./);
    assert.match(r.stderr, /expacti: note: use the cleanup job, not rm/);
    assert.equal(readFileSync(victim, 'utf8'), 'still here');
    assert.deepEqual(await recordings(`request=${id}`), [], 'nothing ran, nothing recorded');
  });

  it('cancels the request when the agent disconnects while it waits, and nothing runs even if approved later', async () => {
    const marker = join(work, 'never-after-disconnect');
    const p = spawnSsh(dir.path, gateway, agent(), `touch ${marker}`);
    let stderr = '';
    p.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const result = collect(p);
    const id = (await waitForText(() => stderr, WAITING, 30_000))[1] ?? '';
    p.kill('SIGKILL');
    await result;
    const cancelled = await eventually(async () => {
      const r = await get(id);
      return r.status === 'expired' ? r : undefined;
    }, 15_000);
    assert.match(cancelled.decision?.justification ?? '', /the SSH client disconnected/);
    const late = await api(server.url, 'POST', `/v1/requests/${id}/approve`, admin(), {});
    assert.equal(late.status, 409, 'a reviewer can no longer approve it');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!existsSync(marker), 'nothing ran on the target');
  });

  it('refuses a wrong token at sign-in', async () => {
    const r = await ssh(dir.path, gateway, { password: 'exp_not-a-token' }, 'true');
    assert.equal(r.code, 255);
    assert.match(r.stderr, /Permission denied/);
  });

  it('refuses a reviewer’s token: only agents sign in', async () => {
    const r = await ssh(dir.path, gateway, { password: admin() }, 'true');
    assert.equal(r.code, 255);
  });

  it('does not connect on to a target whose host key is not the known one, and runs nothing', async () => {
    const wrong = await startGateway(dir.path, server, sshd, {
      knownHosts: sshd.wrongKnownHosts,
      name: 'wronggw',
    });
    try {
      const marker = join(work, 'never-wrong-host');
      const cmd = `touch ${marker}`;
      await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern: cmd });
      const r = await ssh(dir.path, wrong, agent(), cmd);
      assert.equal(r.code, 69, r.stderr);
      assert.match(r.stderr, /host key of \[127\.0\.0\.1\]:\d+ is not the one in known_hosts/);
      assert.ok(!existsSync(marker));
    } finally {
      await wrong.stop();
    }
  });

  it('gates an interactive shell line by line: state carries over, a denied line does not run, an approved one does', async () => {
    const shellDir = join(work, 'shell');
    mkdirSync(shellDir);
    writeFileSync(join(shellDir, 'deny-shell'), 'keep');
    sshd.account.give(shellDir);
    for (const pattern of [`cd ${shellDir}`, 'pwd'])
      assert.equal((await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern })).status, 201);
    const script = [`cd ${shellDir}`, 'pwd', 'rm -f deny-shell', 'touch shell-approved', ''].join('\n');
    const p = spawnSsh(dir.path, gateway, {
      ...agent(),
      args: ['-T', '-o', 'SetEnv=EXPACTI_SESSION=shell-e2e'],
    });
    let stderr = '';
    p.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const result = collect(p, script);
    const first = (await waitForText(() => stderr, WAITING, 30_000))[1] ?? '';
    assert.equal((await get(first)).commandText, 'rm -f deny-shell');
    await api(server.url, 'POST', `/v1/requests/${first}/deny`, admin(), { note: 'keep it' });
    const second = await eventually(() => {
      const ids = [...stderr.matchAll(new RegExp(WAITING, 'g'))].map((m) => m[1]);
      return ids[1];
    }, 30_000);
    assert.equal((await get(second)).commandText, 'touch shell-approved');
    assert.ok(!existsSync(join(shellDir, 'shell-approved')), 'nothing ran before the decision');
    await api(server.url, 'POST', `/v1/requests/${second}/approve`, admin(), {});
    const r = await result;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${shellDir}\n`, 'cd carried over to the next line');
    assert.match(r.stderr, /expacti: note: keep it/);
    assert.equal(readFileSync(join(shellDir, 'deny-shell'), 'utf8'), 'keep');
    assert.ok(existsSync(join(shellDir, 'shell-approved')));
    assert.equal((await get(second)).execution?.exitCode, 0);
    const [rec] = await recordings('session=shell-e2e');
    assert.equal(rec?.kind, 'ssh-shell');
    const cast = await (
      await fetch(`${server.url}/v1/recordings/${rec?.id}`, {
        headers: { authorization: `Bearer ${admin()}` },
      })
    ).text();
    assert.match(cast, new RegExp(`"o","${shellDir}\\\\n"`));
    assert.match(cast, new RegExp(`"m","request ${second}: touch shell-approved"`));
  });

  it('with a terminal (ssh -tt), echoes and prompts, and sends nothing unapproved', async () => {
    const cmd = `echo tty-line-ok`;
    const marker = join(work, 'tty-denied');
    assert.equal((await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern: cmd })).status, 201);
    const p = spawnSsh(dir.path, gateway, { ...agent(), args: ['-tt'] });
    let out = '';
    p.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const result = collect(p, null);
    p.stdin?.write(`${cmd}\ntouch ${marker}\n`);
    const id = (await waitForText(() => out, WAITING, 30_000))[1] ?? '';
    await api(server.url, 'POST', `/v1/requests/${id}/deny`, admin(), { note: 'not here' });
    await waitForText(() => out, /expacti: note: not here/, 10_000);
    p.stdin?.end('\x04');
    const r = await result;
    assert.equal(r.code, 77, out);
    assert.match(out, /\(expacti\)\$ echo tty-line-ok\r\ntty-line-ok\r\n/);
    assert.ok(!existsSync(marker));
  });

  it('judges an scp/SFTP upload as the equivalent shell command: it waits for a reviewer, and a denial writes nothing', async () => {
    const local = join(dir.path, 'upload.txt');
    writeFileSync(local, 'uploaded through the gateway\n');
    const pendingIds = async (session: string) =>
      (
        (await api(server.url, 'GET', '/v1/requests?status=pending', admin())).body[
          'requests'
        ] as RequestView[]
      )
        .filter((r) => r.session === session)
        .map((r) => r);
    for (const [name, decision] of [
      ['approved.txt', 'approve'],
      ['denied.txt', 'deny'],
    ] as const) {
      const session = `sftp-${name}`;
      const dest = join(work, name);
      const p = spawnScp(
        dir.path,
        gateway,
        { ...agent(), args: ['-o', `SetEnv=EXPACTI_SESSION=${session}`] },
        local,
        dest,
      );
      const result = collect(p);
      const req = await eventually(async () => (await pendingIds(session))[0], 30_000);
      assert.equal(req.commandText, `cp -- /dev/stdin ${dest}`);
      assert.equal(req.reason, 'SFTP: write a file (upload)');
      assert.ok(!existsSync(dest), 'nothing written before the decision');
      const body = decision === 'deny' ? { note: 'no uploads there' } : {};
      assert.equal(
        (await api(server.url, 'POST', `/v1/requests/${req.id}/${decision}`, admin(), body)).status,
        200,
      );
      const r = await result;
      if (decision === 'approve') {
        assert.equal(r.code, 0, r.stderr);
        assert.equal(readFileSync(dest, 'utf8'), 'uploaded through the gateway\n');
      } else {
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /[Pp]ermission denied|DENIED/);
        assert.ok(!existsSync(dest), 'a denied upload writes nothing');
      }
      const [rec] = await eventually(async () => {
        const list = await recordings(`session=${session}`);
        return list.length > 0 ? list : undefined;
      }, 10_000);
      assert.equal(rec?.kind, 'ssh-sftp');
    }
  });

  it('judges an upload to a sensitive path as the shell command would be (sudo rules written: critical)', async () => {
    const local = join(dir.path, 'sudoers-upload');
    writeFileSync(local, 'agent ALL=(ALL) NOPASSWD: ALL\n');
    const session = 'sftp-sensitive';
    const p = spawnScp(
      dir.path,
      gateway,
      { ...agent(), args: ['-o', `SetEnv=EXPACTI_SESSION=${session}`] },
      local,
      '/etc/sudoers.d/expacti-test-never',
    );
    const result = collect(p);
    const req = await eventually(async () => {
      const list = (await api(server.url, 'GET', `/v1/requests?session=${session}`, admin())).body[
        'requests'
      ] as RequestView[];
      // scp's metadata reads (realpath, stat) are judged first, as read-only commands.
      return list.find((r) => r.commandText === 'cp -- /dev/stdin /etc/sudoers.d/expacti-test-never');
    }, 30_000);
    assert.equal(req.analysis.tier, 'critical');
    const denied = await api(server.url, 'POST', `/v1/requests/${req.id}/deny`, admin(), {
      note: 'never sudoers',
    });
    assert.equal(denied.status, 200, JSON.stringify(denied.body));
    const r = await result;
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Permission denied/);
    assert.ok(!existsSync('/etc/sudoers.d/expacti-test-never'));
  });

  it('signs an agent in with a public key mapped to its token, and refuses a key that is not listed', async () => {
    const keyOf = (name: string) => {
      const path = join(dir.path, name);
      const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
      assert.equal(r.status, 0, String(r.stderr));
      return { path, pub: readFileSync(`${path}.pub`, 'utf8').trim() };
    };
    const listed = keyOf('agent_key');
    const stranger = keyOf('stranger_key');
    const tokenFile = join(dir.path, 'agent.token');
    writeFileSync(tokenFile, server.secrets.agentToken + '\n', { mode: 0o600 });
    const agents = join(dir.path, 'authorized_agents');
    writeFileSync(agents, `# agents that may sign in with a key\ntoken-file="${tokenFile}" ${listed.pub}\n`);
    const keyed = await startGateway(dir.path, server, sshd, { authorizedAgents: agents, name: 'keygw' });
    try {
      const cmd = `echo signed-in-with-a-key`;
      await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern: cmd });
      const ok = await ssh(dir.path, keyed, { key: listed.path }, cmd);
      assert.equal(ok.code, 0, ok.stderr + keyed.output());
      assert.equal(ok.stdout, 'signed-in-with-a-key\n');
      const no = await ssh(dir.path, keyed, { key: stranger.path }, cmd);
      assert.equal(no.code, 255);
      assert.match(no.stderr, /Permission denied/);
    } finally {
      await keyed.stop();
    }
  });
});
