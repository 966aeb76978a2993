/**
 * SFTP metadata reads through the SSH gateway (issue 14): stat, lstat, realpath and readlink are
 * judged as `stat -L`, `stat`, `realpath` and `readlink` through the same gate as every command, so
 * they are on the record and deny entries apply. Real parts: `expacti serve` with the product's
 * default auto-allow of read-only commands, Debian's sshd as the target (a throwaway user), the
 * gateway, and ssh2's SFTP client as the agent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ssh2 from 'ssh2';
import type { RequestView } from '../src/protocol/index.js';
import { startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { sftpThroughGateway, startGateway, startSshd, type Gateway, type Sshd } from './support/sshRig.js';

describe('expacti ssh-gateway: SFTP metadata reads', () => {
  const dir = tempDir('expacti-sshmeta-');
  const work = join(dir.path, 'target-files');
  let server: ServerHandle;
  let sshd: Sshd;
  let gateway: Gateway;
  const admin = () => server.secrets.adminToken;
  const inSession = async (session: string) =>
    (
      (await api(server.url, 'GET', `/v1/requests?session=${session}`, admin())).body[
        'requests'
      ] as RequestView[]
    ).map((r) => ({ text: r.commandText, status: r.status, reason: r.reason }));
  const call = <T>(fn: (cb: (error: Error | undefined | null, value: T) => void) => void) =>
    new Promise<T>((resolve, reject) => fn((e, v) => (e ? reject(e) : resolve(v))));

  before(async () => {
    mkdirSync(work);
    writeFileSync(join(work, 'file.txt'), 'twelve bytes');
    symlinkSync(join(work, 'file.txt'), join(work, 'link'));
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

  it('judges stat, lstat, realpath and readlink as the equivalent commands and answers them once allowed', async () => {
    const session = 'meta-allowed';
    const { sftp, end } = await sftpThroughGateway(gateway, server.secrets.agentToken, session);
    try {
      const st = await call<ssh2.Stats>((cb) => sftp.stat(join(work, 'link'), cb));
      assert.equal(st.size, 12, 'stat follows the link');
      const lst = await call<ssh2.Stats>((cb) => sftp.lstat(join(work, 'link'), cb));
      assert.ok(lst.isSymbolicLink());
      const real = await call<string>((cb) => sftp.realpath(join(work, 'link'), cb));
      assert.equal(real, join(work, 'file.txt'));
      const to = await call<string>((cb) => sftp.readlink(join(work, 'link'), cb));
      assert.equal(to, join(work, 'file.txt'));
    } finally {
      end();
    }
    const link = join(work, 'link');
    const seen = await inSession(session);
    for (const [text, reason] of [
      [`stat -L -- ${link}`, 'SFTP: file status (stat)'],
      [`stat -- ${link}`, 'SFTP: file status (lstat)'],
      [`realpath -- ${link}`, 'SFTP: resolve a path (realpath)'],
      [`readlink -- ${link}`, 'SFTP: read a symbolic link'],
    ])
      assert.ok(
        seen.some((r) => r.text === text && r.reason === reason && r.status === 'approved'),
        `${text} is on the record as allowed: ${JSON.stringify(seen)}`,
      );
  });

  it('refuses a metadata read of a sensitive path that a deny entry covers, and it stays on the record', async () => {
    const session = 'meta-denied';
    const keys = join(sshd.account.home, '.ssh', 'authorized_keys');
    for (const pattern of [`stat -L -- ${keys}`, `realpath -- ${keys}`]) {
      const added = await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern, effect: 'deny' });
      assert.equal(added.status, 201, JSON.stringify(added.body));
    }
    const { sftp, end } = await sftpThroughGateway(gateway, server.secrets.agentToken, session);
    try {
      await assert.rejects(
        call<ssh2.Stats>((cb) => sftp.stat(keys, cb)),
        (e: Error & { code?: number }) => e.code === 3, // SSH_FX_PERMISSION_DENIED
      );
      await assert.rejects(
        call<string>((cb) => sftp.realpath(keys, cb)),
        (e: Error & { code?: number }) => e.code === 3,
      );
      // Not covered by a deny entry: judged, allowed as a read-only command, and on the record.
      const lst = await call<ssh2.Stats>((cb) => sftp.lstat(keys, cb));
      assert.ok(lst.isFile());
    } finally {
      end();
    }
    const seen = await inSession(session);
    assert.deepEqual(
      seen
        .filter((r) => r.text.includes(keys))
        .map((r) => [r.text, r.status])
        .sort(),
      [
        [`realpath -- ${keys}`, 'denied'],
        [`stat -- ${keys}`, 'approved'],
        [`stat -L -- ${keys}`, 'denied'],
      ],
    );
  });
});
