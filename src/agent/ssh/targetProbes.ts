/**
 * Runtime context for a gated SSH command, collected on the target (where the command will run),
 * not on the gateway's machine: the server's probe plan is answered over the gateway's own SSH
 * connection to the target, through SFTP only (targetFs.ts), so no shell sees a path and nothing
 * runs there.
 *
 * - fs: what each path matches now, every symlink hop to where it really points, outside the
 *   directory / git root / home / temp dirs, its mount (the target's /proc/self/mountinfo), and a
 *   bounded count of the files below it.
 * - git: the repository root above the directory, the branch (from HEAD) and its upstream (from
 *   the config); what needs git itself (dirty files, a push's discarded commits) is reported unknown.
 * - anything else (SQL, kube, cloud, scripts, lockfiles): unknown, "not collected on the target".
 *
 * Bounded: one time budget for all, at most FS_MATCH_LIMIT targets per path, a capped walk, capped
 * reads. Every probe answers with a fact or "unknown: why"; when the target cannot be read at all,
 * every probe says "context unavailable". Never throws; never writes; an unknown fact never allows.
 */
import { isAbsolute, posix } from 'node:path';
import type ssh2 from 'ssh2';
import type {
  AttachContextBody,
  Fact,
  FsFact,
  FsProbe,
  FsTarget,
  GitFact,
  GitProbe,
  MountInfo,
  ProbeRequest,
  ProbeResult,
} from '../../protocol/context.js';
import { expandBraces, expandGlob, expandTilde } from '../probes/expand.js';
import { FS_MATCH_CAP, FS_MATCH_LIMIT } from '../probes/fs.js';
import { mountIn, parseMountinfo, resolveWithHops, within } from '../probes/paths.js';
import { openTargetFs, type TargetFs } from './targetFs.js';

/** The budget for one request's probes on the target (round trips over the network). */
export const TARGET_PROBE_BUDGET_MS = 2000;
/** The walk below a path stops here and reports "at least". */
const TARGET_WALK_CAP = 5000;
const TEXT_MAX_BYTES = 64 * 1024;
const MOUNTINFO_MAX_BYTES = 256 * 1024;
const KINDS = new Set(['fs', 'git', 'sql', 'kube', 'aws', 'terraform', 'script', 'lockfile']);

export interface TargetPlace {
  /** Where the command runs on the target, and the target account's home (both absolute). */
  cwd: string;
  home: string;
}

const unknown = (p: ProbeRequest, why: string): ProbeResult =>
  ({ id: p.id, kind: p.kind, fact: { known: false, why: why.slice(0, 900) } }) as ProbeResult;

/** Every asked probe as unknown: "context unavailable: why". */
export function contextUnavailable(probes: readonly unknown[], why: string): AttachContextBody {
  return {
    probes: valid(probes).map((p) => unknown(p, `context unavailable: ${why}`)),
    elapsedMs: 0,
    budgetMs: 0,
  };
}

function valid(probes: readonly unknown[]): ProbeRequest[] {
  return probes.filter(
    (p): p is ProbeRequest =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as ProbeRequest).id === 'string' &&
      KINDS.has((p as ProbeRequest).kind),
  );
}

export async function collectOnTarget(
  conn: ssh2.Client,
  place: TargetPlace,
  probes: readonly unknown[],
  budgetMs = TARGET_PROBE_BUDGET_MS,
): Promise<AttachContextBody> {
  const started = Date.now();
  const deadline = started + budgetMs;
  const asked = valid(probes);
  const done = (results: ProbeResult[]) => ({ probes: results, elapsedMs: Date.now() - started, budgetMs });
  let fs: TargetFs;
  try {
    fs = await withDeadline(openTargetFs(conn), deadline);
  } catch (error) {
    const why = `the target's files could not be read over SFTP (${(error as Error).message})`;
    return { ...contextUnavailable(asked, why), elapsedMs: Date.now() - started, budgetMs };
  }
  try {
    const shared = new TargetFacts(fs, place);
    const results = await Promise.all(
      asked.map(async (p): Promise<ProbeResult> => {
        try {
          const value = await withDeadline(probeOne(p, fs, shared, deadline), deadline);
          if (value === null) return unknown(p, `not collected on the target through the SSH gateway`);
          return { id: p.id, kind: p.kind, fact: { known: true, value } } as ProbeResult;
        } catch (error) {
          return unknown(p, (error as Error).message);
        }
      }),
    );
    return done(results);
  } finally {
    fs.end();
  }
}

function probeOne(
  p: ProbeRequest,
  fs: TargetFs,
  shared: TargetFacts,
  deadline: number,
): Promise<FsFact | GitFact | null> {
  switch (p.kind) {
    case 'fs':
      return probeFsOnTarget(p, fs, shared, deadline);
    case 'git':
      return probeGitOnTarget(p, fs, shared);
    default:
      return Promise.resolve(null);
  }
}

function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('timed out on the target')),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Facts several probes share, read once per round. */
class TargetFacts {
  private cache = new Map<string, Promise<unknown>>();
  constructor(
    private readonly fs: TargetFs,
    readonly place: TargetPlace,
  ) {}

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) this.cache.set(key, (hit = read()));
    return hit;
  }

  real(path: string): Promise<string> {
    return this.once(`real:${path}`, () => this.fs.realpath(path).catch(() => path));
  }

  mounts(): Promise<MountInfo[]> {
    return this.once('mounts', async () =>
      parseMountinfo(await this.fs.readFile('/proc/self/mountinfo', MOUNTINFO_MAX_BYTES)),
    );
  }

  gitRoot(dir: string): Promise<string | null> {
    return this.once(`git:${dir}`, async () => {
      let d = dir;
      for (let i = 0; i < 128; i++) {
        if (
          await this.fs.lstat(posix.join(d, '.git')).then(
            () => true,
            () => false,
          )
        )
          return d;
        const parent = posix.dirname(d);
        if (parent === d) return null;
        d = parent;
      }
      return null;
    });
  }
}

async function probeFsOnTarget(
  p: FsProbe,
  fs: TargetFs,
  shared: TargetFacts,
  deadline: number,
): Promise<FsFact> {
  const expand = new Set(p.expand ?? []);
  let text = p.path;
  if (expand.has('tilde')) text = expandTilde(text, shared.place.home);
  if (expand.has('parameter') && /\$/.test(text))
    throw new Error(
      'the path names shell variables, which the gateway cannot read on the target (their values live in the target shell)',
    );
  const words = expand.has('brace') ? expandBraces(text) : [text];
  const glob = expand.has('glob');
  const paths: string[] = [];
  let capped = false;
  for (const w of words) {
    const abs = isAbsolute(w) ? w : posix.resolve(shared.place.cwd, w);
    if (!glob) paths.push(abs);
    else {
      const m = await expandGlob(abs, FS_MATCH_CAP - paths.length, deadline, async (dir) =>
        (await fs.readdir(dir, FS_MATCH_CAP)).map((e) => e.name),
      );
      paths.push(...m.paths);
      capped ||= m.capped;
    }
    if (paths.length >= FS_MATCH_CAP) break;
  }
  const [cwd, home, temps] = await Promise.all([
    shared.real(shared.place.cwd),
    shared.real(shared.place.home),
    p.temp ? Promise.all(['/tmp', '/var/tmp'].map((t) => shared.real(t))) : Promise.resolve([]),
  ]);
  const gitRoot = await shared.gitRoot(cwd);
  const matches: FsTarget[] = [];
  for (const path of paths.slice(0, FS_MATCH_LIMIT)) {
    if (Date.now() > deadline) break;
    const r = await resolveWithHops(path, p.followFinal, fs);
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
        ...(p.temp ? { temp: !temps.some((d) => within(d, r.resolved) && d !== r.resolved) } : {}),
      },
      mount: await shared.mounts().then(
        (list): Fact<MountInfo> => ({ known: true, value: mountIn(list, r.resolved) }),
        (e: unknown) => ({
          known: false,
          why: `the target's mounts could not be read (${(e as Error).message})`,
        }),
      ),
    };
    if (p.walk && r.exists)
      t.size = await sizeOnTarget(
        fs,
        r.finalLink ? path : r.resolved,
        !r.finalLink && r.type === 'dir',
        deadline,
      );
    matches.push(t);
  }
  return { pattern: p.path, glob, matches, matchCount: paths.length, matchesCapped: capped };
}

/** Files and bytes at and below `path` on the target, not following symlinks; capped. */
async function sizeOnTarget(
  fs: TargetFs,
  path: string,
  isDir: boolean,
  deadline: number,
): Promise<Fact<{ files: number; bytes: number; capped: boolean }>> {
  if (!isDir) {
    const st = (await fs.lstat(path)) as { size?: number };
    return { known: true, value: { files: 1, bytes: st.size ?? 0, capped: false } };
  }
  let files = 0;
  let bytes = 0;
  const stack = [path];
  while (stack.length) {
    if (files >= TARGET_WALK_CAP || Date.now() > deadline)
      return { known: true, value: { files, bytes, capped: true } };
    const dir = stack.pop() as string;
    const entries = await fs.readdir(dir, TARGET_WALK_CAP - files + 1).catch(() => []);
    for (const e of entries) {
      if (e.dir) stack.push(posix.join(dir, e.name));
      else {
        files++;
        if (e.file) bytes += e.size;
      }
    }
  }
  return { known: true, value: { files, bytes, capped: files >= TARGET_WALK_CAP } };
}

const NOT_ON_TARGET = 'not collected on the target: the gateway runs no git there, it only reads files';

async function probeGitOnTarget(p: GitProbe, fs: TargetFs, shared: TargetFacts): Promise<GitFact> {
  const dir = await shared.real(
    p.dir === undefined ? shared.place.cwd : posix.resolve(shared.place.cwd, p.dir),
  );
  const root = await shared.gitRoot(dir);
  if (root === null) throw new Error(`${dir} is not inside a git repository on the target`);
  let gitDir = posix.join(root, '.git');
  const dotGit = await fs.lstat(gitDir);
  if (dotGit.isFile()) {
    // A worktree or submodule: `.git` names the real git directory.
    const m = /^gitdir: (.+)$/m.exec(await fs.readFile(gitDir, TEXT_MAX_BYTES));
    if (!m?.[1]) throw new Error(`${gitDir} names no git directory`);
    gitDir = posix.resolve(root, m[1].trim());
  }
  const head = (await fs.readFile(posix.join(gitDir, 'HEAD'), TEXT_MAX_BYTES)).trim();
  const ref = /^ref: refs\/heads\/(.+)$/.exec(head);
  const branch = ref?.[1] ?? null;
  const commonDir = await fs.readFile(posix.join(gitDir, 'commondir'), TEXT_MAX_BYTES).then(
    (d) => posix.resolve(gitDir, d.trim()),
    () => gitDir,
  );
  const config = await fs.readFile(posix.join(commonDir, 'config'), TEXT_MAX_BYTES).catch(() => '');
  const fact: GitFact = {
    root,
    branch,
    upstream: branch ? upstreamOf(config, branch) : null,
    dirty: { known: false, why: NOT_ON_TARGET },
  };
  if (p.push) fact.push = { known: false, why: NOT_ON_TARGET };
  return fact;
}

/** `origin/main` from `[branch "main"] remote = origin, merge = refs/heads/main`; null when unset. */
export function upstreamOf(config: string, branch: string): string | null {
  let inBranch = false;
  let remote: string | null = null;
  let merge: string | null = null;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    const section = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (section) {
      inBranch = section[1]?.toLowerCase() === 'branch' && section[2] === branch;
      continue;
    }
    if (!inBranch) continue;
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]?.toLowerCase();
    const value = (kv[2] ?? '').trim();
    if (key === 'remote') remote = value;
    if (key === 'merge') merge = value.replace(/^refs\/heads\//, '');
  }
  if (!remote || !merge) return null;
  return remote === '.' ? merge : `${remote}/${merge}`;
}
