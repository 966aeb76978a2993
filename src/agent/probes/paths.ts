/**
 * Following a path the way the kernel does, keeping every symlink hop; the mount a path lives on
 * (/proc/self/mountinfo); the git root above a directory. Read-only: lstat, readlink, readdir.
 */
import { lstat, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { MountInfo } from '../../protocol/context.js';

export interface Resolution {
  resolved: string;
  hops: Array<{ from: string; to: string }>;
  exists: boolean;
  finalLink: boolean;
  type: 'file' | 'dir' | 'link' | 'other' | 'missing';
}

const parts = (p: string) => p.split(sep).filter((x) => x !== '' && x !== '.');

/** The read-only file-system calls path resolution needs: the local ones, or the target's over SFTP. */
export interface LinkReader {
  lstat(path: string): Promise<{ isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean }>;
  stat(path: string): Promise<{ isDirectory(): boolean; isFile(): boolean }>;
  readlink(path: string): Promise<string>;
}

const localLinks: LinkReader = { lstat, stat, readlink: (p) => readlink(p) };

/** Resolves `path` (absolute) component by component; the final symlink only when `followFinal`. */
export async function resolveWithHops(
  path: string,
  followFinal: boolean,
  fs: LinkReader = localLinks,
): Promise<Resolution> {
  const hops: Resolution['hops'] = [];
  let queue = parts(path);
  let cur = '/';
  let links = 0;
  while (queue.length) {
    const name = queue.shift() as string;
    if (name === '..') {
      cur = dirname(cur);
      continue;
    }
    const next = join(cur, name);
    const last = queue.length === 0;
    let st;
    try {
      st = await fs.lstat(next);
    } catch {
      return { resolved: join(next, ...queue), hops, exists: false, finalLink: false, type: 'missing' };
    }
    if (st.isSymbolicLink() && (!last || followFinal)) {
      if (++links > 40) throw new Error(`too many levels of symbolic links at ${next}`);
      const target = await fs.readlink(next);
      const to = resolve(cur, target);
      hops.push({ from: next, to });
      queue = [...parts(isAbsolute(target) ? target : to), ...queue];
      cur = '/';
      continue;
    }
    cur = next;
    if (last) {
      const type = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      return { resolved: cur, hops, exists: true, finalLink: st.isSymbolicLink(), type };
    }
  }
  const st = await fs.stat(cur).catch(() => null);
  return {
    resolved: cur,
    hops,
    exists: st !== null,
    finalLink: false,
    type: st ? (st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other') : 'missing',
  };
}

export function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

let mountsCache: Promise<MountInfo[]> | undefined;

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** The lines of a /proc/self/mountinfo file. */
export function parseMountinfo(text: string): MountInfo[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [left = '', right = ''] = line.split(' - ');
      const l = left.split(/ /);
      const r = right.split(/ /);
      return {
        mountPoint: unescapeMount(l[4] ?? ''),
        fsType: r[0] ?? '',
        source: unescapeMount(r[1] ?? ''),
      };
    });
}

/** Mount points from /proc/self/mountinfo (Linux); throws elsewhere, which the probe reports as unknown. */
export function mounts(): Promise<MountInfo[]> {
  mountsCache ??= readFile('/proc/self/mountinfo', 'utf8').then(parseMountinfo);
  return mountsCache;
}

/** The mount `path` lives on: the longest mount point above it. */
export function mountIn(list: readonly MountInfo[], path: string): MountInfo {
  let best: MountInfo | undefined;
  for (const m of list)
    if (within(m.mountPoint, path) && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  if (!best) throw new Error('no mount found');
  return best;
}

export async function mountOf(path: string): Promise<MountInfo> {
  return mountIn(await mounts(), path);
}

/** The top of the git work tree containing `dir` (real path), or null. */
export async function gitRootOf(dir: string): Promise<string | null> {
  let d = dir;
  for (let i = 0; i < 128; i++) {
    if (
      await lstat(join(d, '.git')).then(
        () => true,
        () => false,
      )
    )
      return d;
    const parent = dirname(d);
    if (parent === d) return null;
    d = parent;
  }
  return null;
}

export async function realOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}
