/**
 * What an SFTP operation amounts to as a shell command, so that the gate judges it with the same
 * analysis, whitelist and policy as the command would be (a write to /etc/sudoers is HIGH whether it
 * comes as `cp` or as an SFTP upload). Metadata reads (stat, lstat, realpath, readlink) are judged
 * as `stat -L`, `stat`, `realpath` and `readlink` (see `isMetadataRead`). Pure.
 */
import type { CommandInput } from '../../protocol/api.js';

/** SFTP open flags (draft-ietf-secsh-filexfer-02). */
export const SFTP_OPEN = {
  READ: 0x01,
  WRITE: 0x02,
  APPEND: 0x04,
  CREAT: 0x08,
  TRUNC: 0x10,
  EXCL: 0x20,
} as const;

export interface SftpAttrs {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: number;
  mtime?: number;
}

export type SftpOperation =
  | { op: 'open'; path: string; flags: number }
  | { op: 'opendir'; path: string }
  | { op: 'remove'; path: string }
  | { op: 'rmdir'; path: string }
  | { op: 'mkdir'; path: string; attrs: SftpAttrs }
  | { op: 'rename'; from: string; to: string }
  | { op: 'symlink'; target: string; link: string }
  | { op: 'setstat'; path: string; attrs: SftpAttrs }
  | { op: 'stat'; path: string }
  | { op: 'lstat'; path: string }
  | { op: 'realpath'; path: string }
  | { op: 'readlink'; path: string };

/**
 * Operations the gateway answers itself with one metadata read over SFTP (no program runs on the
 * target, nothing is written, no content is shown): the read-only scope an auto-allow asks to be
 * held to is met by construction, so no confinement helper is needed for them.
 */
export function isMetadataRead(o: SftpOperation): boolean {
  return o.op === 'stat' || o.op === 'lstat' || o.op === 'realpath' || o.op === 'readlink';
}

export interface Equivalent {
  command: CommandInput;
  /** What the agent did, in the reviewer's words. */
  reason: string;
}

export function equivalentCommand(o: SftpOperation): Equivalent {
  switch (o.op) {
    case 'open': {
      const writes =
        (o.flags & (SFTP_OPEN.WRITE | SFTP_OPEN.APPEND | SFTP_OPEN.CREAT | SFTP_OPEN.TRUNC)) !== 0;
      if (!writes)
        return { command: { argv: ['cat', '--', o.path] }, reason: 'SFTP: read a file (download)' };
      if (o.flags & SFTP_OPEN.APPEND)
        return { command: { argv: ['tee', '-a', '--', o.path] }, reason: 'SFTP: append to a file (upload)' };
      return { command: { argv: ['cp', '--', '/dev/stdin', o.path] }, reason: 'SFTP: write a file (upload)' };
    }
    case 'opendir':
      return { command: { argv: ['ls', '-la', '--', o.path] }, reason: 'SFTP: list a directory' };
    case 'remove':
      return { command: { argv: ['rm', '--', o.path] }, reason: 'SFTP: remove a file' };
    case 'rmdir':
      return { command: { argv: ['rmdir', '--', o.path] }, reason: 'SFTP: remove a directory' };
    case 'mkdir':
      return {
        command: {
          argv: ['mkdir', ...(o.attrs.mode !== undefined ? ['-m', octal(o.attrs.mode)] : []), '--', o.path],
        },
        reason: 'SFTP: make a directory',
      };
    case 'rename':
      return { command: { argv: ['mv', '--', o.from, o.to] }, reason: 'SFTP: rename' };
    case 'symlink':
      return {
        command: { argv: ['ln', '-s', '--', o.target, o.link] },
        reason: 'SFTP: make a symbolic link',
      };
    case 'setstat':
      return setstat(o.path, o.attrs);
    case 'stat':
      return { command: { argv: ['stat', '-L', '--', o.path] }, reason: 'SFTP: file status (stat)' };
    case 'lstat':
      return { command: { argv: ['stat', '--', o.path] }, reason: 'SFTP: file status (lstat)' };
    case 'realpath':
      return { command: { argv: ['realpath', '--', o.path] }, reason: 'SFTP: resolve a path (realpath)' };
    case 'readlink':
      return { command: { argv: ['readlink', '--', o.path] }, reason: 'SFTP: read a symbolic link' };
  }
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

function setstat(path: string, a: SftpAttrs): Equivalent {
  if (a.uid !== undefined || a.gid !== undefined)
    return {
      command: { argv: ['chown', `${a.uid ?? ''}:${a.gid ?? ''}`, '--', path] },
      reason: 'SFTP: change owner',
    };
  if (a.mode !== undefined)
    return { command: { argv: ['chmod', octal(a.mode), '--', path] }, reason: 'SFTP: change permissions' };
  if (a.size !== undefined)
    return {
      command: { argv: ['truncate', '-s', String(a.size), '--', path] },
      reason: 'SFTP: set the size',
    };
  return { command: { argv: ['touch', '-c', '--', path] }, reason: 'SFTP: set the times' };
}

/** Several attributes in one request are judged as one command per kind of change, all of which must pass. */
export function setstatParts(path: string, a: SftpAttrs): Equivalent[] {
  const parts: Equivalent[] = [];
  if (a.uid !== undefined || a.gid !== undefined)
    parts.push(setstat(path, { uid: a.uid, gid: a.gid } as SftpAttrs));
  if (a.mode !== undefined) parts.push(setstat(path, { mode: a.mode }));
  if (a.size !== undefined) parts.push(setstat(path, { size: a.size }));
  if (parts.length === 0) parts.push(setstat(path, {}));
  return parts;
}
