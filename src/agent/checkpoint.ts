/**
 * Checkpoints for project-mode auto-allows: before the command runs, the project's working tree
 * (untracked files included, ignored ones not), its index and HEAD are saved as git objects under
 * refs/expacti/checkpoints/<request>; `expacti undo <request>` puts them back. Git repositories
 * only; over the size caps nothing is checkpointed and the command is asked instead.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expactiStateDir } from './stateDir.js';
import { join } from 'node:path';
import { projectRoot } from './confine/resolveScope.js';

/** Untracked files a checkpoint copies at most, and their total size. */
export const CHECKPOINT_CAPS = { files: 5000, bytes: 100 * 1024 * 1024 };

export interface Checkpoint {
  requestId: string;
  root: string;
  /** The working tree (tracked and untracked, not ignored) as a commit. */
  worktree: string;
  /** The index as a tree. */
  index: string;
  head: string | null;
  /** HEAD's symbolic ref (refs/heads/main), or null when detached. */
  headRef: string | null;
  at: string;
}

function git(
  root: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return expactiStateDir(env, 'checkpoints');
}

/** A snapshot of the working tree (through a scratch index that starts from the real one). */
function snapshotTree(root: string, scratchName: string): string | { why: string } {
  const gitDir = git(root, ['rev-parse', '--absolute-git-dir']);
  if (!gitDir.ok) return { why: 'not a git repository' };
  const scratch = join(tmpdir(), `expacti-index-${process.pid}-${scratchName}`);
  try {
    const real = join(gitDir.out, 'index');
    if (existsSync(real)) copyFileSync(real, scratch);
    const env = { GIT_INDEX_FILE: scratch };
    const add = git(root, ['add', '-A', '--', '.'], env);
    if (!add.ok) return { why: `git add failed: ${add.err}` };
    const tree = git(root, ['write-tree'], env);
    return tree.ok ? tree.out : { why: `git write-tree failed: ${tree.err}` };
  } finally {
    rmSync(scratch, { force: true });
  }
}

export function createCheckpoint(
  cwd: string,
  requestId: string,
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; checkpoint: Checkpoint } | { ok: false; why: string } {
  const root = projectRoot(cwd);
  if (!existsSync(join(root, '.git')))
    return { ok: false, why: 'the project is not a git repository, so it cannot be checkpointed' };
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (!untracked.ok) return { ok: false, why: `git ls-files failed: ${untracked.err}` };
  const files = untracked.out.split('\0').filter(Boolean);
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(join(root, f)).size;
    } catch {
      // gone meanwhile
    }
  }
  if (files.length > CHECKPOINT_CAPS.files || bytes > CHECKPOINT_CAPS.bytes)
    return {
      ok: false,
      why: `the project has ${files.length} untracked files (${Math.round(bytes / 1048576)} MiB), over the checkpoint caps (${CHECKPOINT_CAPS.files} files, ${CHECKPOINT_CAPS.bytes / 1048576} MiB)`,
    };
  const tree = snapshotTree(root, requestId);
  if (typeof tree !== 'string') return { ok: false, why: tree.why };
  const index = git(root, ['write-tree']);
  const head = git(root, ['rev-parse', '--verify', '-q', 'HEAD']);
  const headRef = git(root, ['symbolic-ref', '-q', 'HEAD']);
  const commit = git(root, ['commit-tree', tree, '-m', `expacti checkpoint before request ${requestId}`], {
    GIT_AUTHOR_NAME: 'expacti',
    GIT_AUTHOR_EMAIL: 'expacti@localhost',
    GIT_COMMITTER_NAME: 'expacti',
    GIT_COMMITTER_EMAIL: 'expacti@localhost',
  });
  if (!commit.ok) return { ok: false, why: `git commit-tree failed: ${commit.err}` };
  // A ref keeps the objects from garbage collection until the checkpoint is dropped.
  git(root, ['update-ref', `refs/expacti/checkpoints/${requestId}`, commit.out]);
  const checkpoint: Checkpoint = {
    requestId,
    root,
    worktree: commit.out,
    index: index.ok ? index.out : tree,
    head: head.ok && head.out ? head.out : null,
    headRef: headRef.ok && headRef.out ? headRef.out : null,
    at: new Date().toISOString(),
  };
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, `${requestId}.json`), JSON.stringify(checkpoint, null, 2) + '\n', { mode: 0o600 });
  return { ok: true, checkpoint };
}

export function readCheckpoint(requestId: string, env: NodeJS.ProcessEnv = process.env): Checkpoint | null {
  try {
    return JSON.parse(readFileSync(join(stateDir(env), `${requestId}.json`), 'utf8')) as Checkpoint;
  } catch {
    return null;
  }
}

/**
 * Puts the project back as it was before the command: files it changed or deleted restored, files
 * it created (not ignored) removed, the index and HEAD (and the branch HEAD pointed to) as they were.
 */
export function undoCheckpoint(c: Checkpoint): { restored: number; removed: number } {
  const now = snapshotTree(c.root, `undo-${c.requestId}`);
  if (typeof now !== 'string') throw new Error(now.why);
  const added = git(c.root, [
    'diff-tree',
    '-r',
    '--name-only',
    '--diff-filter=A',
    '-z',
    `${c.worktree}^{tree}`,
    now,
  ]);
  const changed = git(c.root, [
    'diff-tree',
    '-r',
    '--name-only',
    '--diff-filter=DMT',
    '-z',
    `${c.worktree}^{tree}`,
    now,
  ]);
  const removed = added.out.split('\0').filter(Boolean);
  for (const f of removed) rmSync(join(c.root, f), { force: true });
  const scratch = join(tmpdir(), `expacti-undo-${process.pid}-${c.requestId}`);
  try {
    const env = { GIT_INDEX_FILE: scratch };
    const read = git(c.root, ['read-tree', `${c.worktree}^{tree}`], env);
    if (!read.ok) throw new Error(`git read-tree failed: ${read.err}`);
    const out = git(c.root, ['checkout-index', '-a', '-f'], env);
    if (!out.ok) throw new Error(`git checkout-index failed: ${out.err}`);
  } finally {
    rmSync(scratch, { force: true });
  }
  if (c.headRef) git(c.root, ['symbolic-ref', 'HEAD', c.headRef]);
  if (c.head) git(c.root, ['update-ref', c.headRef ?? 'HEAD', c.head]);
  git(c.root, ['read-tree', c.index]);
  return { restored: changed.out.split('\0').filter(Boolean).length, removed: removed.length };
}
