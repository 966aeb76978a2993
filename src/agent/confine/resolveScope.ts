/**
 * A scope (protocol/scope.ts) made concrete on the agent side, just before the command runs: the
 * project and temp dir found, `~` expanded, every path resolved (symlinks followed), the secret
 * paths read around, and the text the helper takes (native/confine). A path that now resolves
 * somewhere other than what the reviewer saw is not granted: it is returned as a mismatch, and the
 * command goes back to review.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ExecScope } from '../../protocol/scope.js';
import { SERVICE_ENV } from '../../protocol/scope.js';
import { HOME_SECRETS, SYSTEM_SECRETS } from '../../core/confine/secretPaths.js';

/** Landlock filesystem rights (kernel ABI bits; the helper drops what the kernel lacks). */
const FS = {
  execute: 1 << 0,
  writeFile: 1 << 1,
  readFile: 1 << 2,
  readDir: 1 << 3,
  removeDir: 1 << 4,
  removeFile: 1 << 5,
  all: (1 << 16) - 1,
};
const READ = FS.execute | FS.readFile | FS.readDir;
const hex = (n: number) => n.toString(16);

export interface ResolvedScope {
  /** The helper's --scope text. */
  text: string;
  /** Where writes are granted (absolute, resolved), for telling violations apart. */
  writeRoots: string[];
  removeRoots: string[];
  /** Read is granted everywhere but these. */
  readDenied: string[];
  env: NodeJS.ProcessEnv;
  /** Paths that resolve elsewhere than the reviewer saw: not granted; the command must be asked again. */
  mismatches: Array<{ path: string; approved: string; now: string }>;
}

export function projectRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

function real(path: string): string | null {
  // One realpath(3) call instead of an lstat per component; a missing path is the common case for
  // the secret list, so it is told apart without an exception.
  if (!existsSync(path)) return null;
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

/** `path` as the agent sees it: `.` the project, `$TMP` the temp dir, `~/x` under home, else relative to cwd. */
export function expandScopePath(path: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const home = env['HOME'] ?? '/';
  if (path === '.') return projectRoot(cwd);
  if (path === '$TMP' || path.startsWith('$TMP/')) return join(env['TMPDIR'] || tmpdir(), path.slice(4));
  if (path === '~' || path.startsWith('~/')) return join(home, path.slice(2));
  return resolve(cwd, path);
}

/**
 * Rules that grant read everywhere except `denied`: a subtree with no denied path in it is granted
 * whole; one that holds a denied path is granted entry by entry around it.
 */
function readAround(denied: string[], rules: string[]): void {
  // Every directory that holds a denied path (its ancestors): those are read entry by entry.
  const deniedSet = new Set(denied);
  const holders = new Set<string>();
  for (const d of denied)
    for (let dir = dirname(d); ; dir = dirname(dir)) {
      holders.add(dir);
      if (dirname(dir) === dir) break;
    }
  const visit = (path: string, depth: number) => {
    // Only children of holders are visited, so a denied ancestor would have stopped the walk.
    if (deniedSet.has(path)) return;
    if (!holders.has(path) || depth > 12) {
      rules.push(`fs ${hex(READ)} ${path}`);
      return;
    }
    let entries: string[] = [];
    try {
      entries = readdirSync(path);
    } catch {
      return;
    }
    for (const e of entries) visit(join(path, e), depth + 1);
  };
  // Directory listings everywhere (names only); file contents around the secrets.
  rules.push(`fs ${hex(FS.readDir)} /`);
  let top: string[] = [];
  try {
    top = readdirSync('/');
  } catch {
    return;
  }
  for (const e of top) visit(join('/', e), 1);
}

export function resolveScope(scope: ExecScope, cwd: string, env: NodeJS.ProcessEnv): ResolvedScope {
  const mismatches: ResolvedScope['mismatches'] = [];
  const rules: string[] = [];
  const grant = (path: string, approvedAs: string): string | null => {
    const expanded = expandScopePath(path, cwd, env);
    let now = real(expanded);
    // Not there yet (a file the command creates): the nearest existing parent holds it.
    if (now === null) {
      const parent = real(dirname(expanded));
      if (parent === null) return null;
      now = join(parent, expanded.slice(dirname(expanded).length + 1));
    }
    const seen = scope.resolved?.[approvedAs];
    const expected = seen ?? (path === '.' ? now : expanded);
    if (now !== expected) {
      mismatches.push({ path, approved: expected, now });
      return null;
    }
    return now;
  };
  const writeRoots: string[] = [];
  for (const w of scope.write) {
    const p = grant(w, w);
    if (p === null) continue;
    const target = existsSync(p) ? p : dirname(p);
    writeRoots.push(target);
    rules.push(`fs ${hex(FS.all)} ${target}`);
  }
  const removeRoots: string[] = [];
  for (const r of scope.remove) {
    const p = grant(r, r);
    if (p === null || !existsSync(p)) continue;
    removeRoots.push(p);
    rules.push(`fs ${hex(FS.all)} ${p}`);
    // Removing a directory itself is a right on its parent, and Landlock grants rights to whole
    // hierarchies: only "remove empty directories" is granted there (a file target's parent gets
    // nothing — that would let every file beside it be deleted; the reviewer widens it instead).
    if (statSync(p).isDirectory()) rules.push(`fs ${hex(FS.removeDir)} ${dirname(p)}`);
  }
  for (const dev of ['/dev/null', '/dev/tty', '/dev/pts', '/dev/shm', '/dev/zero', '/dev/full'])
    if (existsSync(dev))
      rules.push(`fs ${hex(FS.writeFile | (statSync(dev).isDirectory() ? FS.all : 0))} ${dev}`);

  const home = env['HOME'] ?? '';
  const unlocked = new Set(scope.readSecrets.map((s) => expandScopePath(s, cwd, env)));
  const readDenied =
    scope.read === 'all'
      ? []
      : [...HOME_SECRETS.map((s) => join(home, s)), ...SYSTEM_SECRETS]
          .filter((d) => home !== '' || !d.startsWith('/'))
          .filter((d) => !unlocked.has(d))
          .map((d) => real(d) ?? d);
  if (scope.read === 'all') rules.push(`fs ${hex(READ)} /`);
  else readAround(readDenied, rules);

  rules.push(`net ${scope.network.mode}`);
  if (scope.network.mode === 'tcp') for (const p of scope.network.ports) rules.push(`tcp-connect ${p}`);
  rules.push(`unix ${scope.unix}`);

  const keep = new Set(scope.keepEnv);
  const confinedEnv: NodeJS.ProcessEnv = { ...env };
  for (const name of SERVICE_ENV) if (!keep.has(name)) delete confinedEnv[name];
  return { text: rules.join('\n'), writeRoots, removeRoots, readDenied, env: confinedEnv, mismatches };
}
