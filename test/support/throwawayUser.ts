/**
 * A throwaway system account for tests that need a real second user (the SSH gateway's target):
 * made with `useradd`, its home in a temp directory, removed with `userdel` afterwards. Needs root
 * (CI runs as root); without it this throws a message that says so, so the test fails rather than
 * quietly running as the current user.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lchownSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ThrowawayUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** Hands `path` (recursively) to the user, as files it made itself would be. */
  give(path: string): void;
  /** Deletes the account (its home stays for the caller's temp dir to remove). Idempotent. */
  remove(): void;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

export function createThrowawayUser(home: string): ThrowawayUser {
  if (process.getuid?.() !== 0)
    throw new Error(
      'these tests create a throwaway system user for the SSH target (useradd) and must run as root, ' +
        'as CI does (.ci/run); run them as root or in the CI container',
    );
  const name = `xpt${process.pid.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  mkdirSync(home, { mode: 0o755 });
  // '*' as the password: no password sign-in, but not "locked" ('!'), which sshd without PAM refuses even for keys.
  run('useradd', [
    '--no-create-home',
    '--home-dir',
    home,
    '--shell',
    '/bin/sh',
    '--user-group',
    '-p',
    '*',
    name,
  ]);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    spawnSync('userdel', ['--force', name]);
  };
  try {
    const uid = Number(run('id', ['-u', name]));
    const gid = Number(run('id', ['-g', name]));
    // StrictModes: the home is the user's and writable by nobody else.
    chownSync(home, uid, gid);
    chmodSync(home, 0o755);
    const give = (path: string) => {
      lchownSync(path, uid, gid);
      if (lstatSync(path).isDirectory()) for (const n of readdirSync(path)) give(join(path, n));
    };
    return { name, uid, gid, home, give, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
