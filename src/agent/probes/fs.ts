/**
 * The filesystem probe: for a path a destructive command touches — what it matches now, where
 * each match really is (every symlink hop), whether that is outside the working directory, the git
 * root and home, its mount, and how many files and bytes lie below it (bounded walk).
 */
import { lstat, opendir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Fact, FsFact, FsProbe, FsTarget } from '../../protocol/context.js';
import { expandBraces, expandGlob, expandParameters, expandTilde } from './expand.js';
import { gitRootOf, mountOf, realOrSelf, resolveWithHops, within } from './paths.js';
import type { ProbeEnv } from './types.js';

/** Targets described in full; more are counted up to FS_MATCH_CAP. */
export const FS_MATCH_LIMIT = 20;
export const FS_MATCH_CAP = 1000;
/** The walk stops here and reports "≥ 100,000 files". */
export const WALK_FILE_CAP = 100_000;

export async function probeFs(
  p: FsProbe,
  env: ProbeEnv,
  deadline: number,
  walkCap = WALK_FILE_CAP,
): Promise<FsFact> {
  const expand = new Set(p.expand ?? []);
  let text = p.path;
  if (expand.has('tilde')) text = expandTilde(text, env.home);
  if (expand.has('parameter')) text = expandParameters(text, env.env);
  const words = expand.has('brace') ? expandBraces(text) : [text];
  const glob = expand.has('glob');
  const paths: string[] = [];
  let capped = false;
  for (const w of words) {
    const abs = isAbsolute(w) ? w : resolve(env.cwd, w);
    if (!glob) paths.push(abs);
    else {
      const m = await expandGlob(abs, FS_MATCH_CAP - paths.length, deadline);
      paths.push(...m.paths);
      capped ||= m.capped;
    }
    if (paths.length >= FS_MATCH_CAP) break;
  }

  const cwd = await realOrSelf(env.cwd);
  const home = await realOrSelf(env.home);
  const temps = p.temp ? await tempRoots(env) : [];
  const gitRoot = await gitRootOf(cwd);
  const matches: FsTarget[] = [];
  for (const path of paths.slice(0, FS_MATCH_LIMIT)) {
    if (Date.now() > deadline) break;
    const r = await resolveWithHops(path, p.followFinal);
    const t: FsTarget = {
      path,
      exists: r.exists,
      resolved: r.resolved,
      hops: r.hops,
      finalLink: r.finalLink,
      type: r.type,
      outside: {
        cwd: !within(cwd, r.resolved),
        gitRoot: gitRoot === null ? null : !within(gitRoot, r.resolved),
        home: !within(home, r.resolved),
        ...(p.temp ? { temp: !temps.some((t) => within(t, r.resolved) && t !== r.resolved) } : {}),
      },
      mount: await mountOf(r.resolved).then(
        (value): Fact<typeof value> => ({ known: true, value }),
        (e: unknown) => ({ known: false, why: `mount not found (${(e as Error).message})` }),
      ),
    };
    if (p.walk && r.exists)
      t.size = await sizeOf(
        r.finalLink ? path : r.resolved,
        !r.finalLink && r.type === 'dir',
        deadline,
        walkCap,
      );
    matches.push(t);
  }
  return { pattern: p.path, glob, matches, matchCount: paths.length, matchesCapped: capped };
}

/** The agent's real temp directories: os.tmpdir(), $TMPDIR, /tmp and /var/tmp (symlinks resolved). */
async function tempRoots(env: ProbeEnv): Promise<string[]> {
  const named = [tmpdir(), env.env['TMPDIR'], env.env['TMP'], env.env['TEMP'], '/tmp', '/var/tmp'];
  const real = await Promise.all(named.filter((d): d is string => !!d && isAbsolute(d)).map(realOrSelf));
  return [...new Set(real)].filter((d) => d !== '/');
}

/** Files and bytes at and below `path`, not following symlinks (as rm -r does). */
async function sizeOf(
  path: string,
  isDir: boolean,
  deadline: number,
  cap: number,
): Promise<Fact<{ files: number; bytes: number; capped: boolean }>> {
  let files = 0;
  let bytes = 0;
  if (!isDir) {
    const st = await lstat(path);
    return { known: true, value: { files: 1, bytes: st.size, capped: false } };
  }
  const stack = [path];
  while (stack.length) {
    if (files >= cap || Date.now() > deadline) return { known: true, value: { files, bytes, capped: true } };
    const dir = stack.pop() as string;
    let handle;
    try {
      handle = await opendir(dir, { bufferSize: 256 });
    } catch {
      continue; // unreadable: counted as what we saw
    }
    const sizes: Array<Promise<number>> = [];
    for await (const d of handle) {
      const child = join(dir, d.name);
      if (d.isDirectory()) stack.push(child);
      else {
        files++;
        if (d.isFile())
          sizes.push(
            lstat(child).then(
              (s) => s.size,
              () => 0,
            ),
          );
      }
      if (sizes.length >= 64) bytes += (await Promise.all(sizes.splice(0))).reduce((a, b) => a + b, 0);
      if (files >= cap || Date.now() > deadline) break;
    }
    bytes += (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    if (files >= cap || Date.now() > deadline) return { known: true, value: { files, bytes, capped: true } };
  }
  return { known: true, value: { files, bytes, capped: false } };
}
