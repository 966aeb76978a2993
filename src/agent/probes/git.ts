/**
 * The git probe: repository root, branch, upstream, dirty files; for a push, the remote, each
 * target branch, force or not, protected or not, and the commits on the remote-tracking branch a
 * force push would discard. Local refs only (no fetch): facts are as of the last fetch. Read-only:
 * GIT_OPTIONAL_LOCKS=0 keeps `git status` from refreshing the index.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { Fact, GitFact, GitProbe, GitPushTarget } from '../../protocol/context.js';
import { isProtectedBranch } from '../../core/context/branches.js';
import type { ProbeEnv } from './types.js';
import { redactUrl } from './redact.js';

type Git = (args: string[]) => Promise<string>;

function gitRunner(cwd: string, env: NodeJS.ProcessEnv, deadline: number, signal: AbortSignal): Git {
  return (args) =>
    new Promise((ok, fail) => {
      const timeout = Math.max(1, deadline - Date.now());
      execFile(
        'git',
        ['--no-pager', ...args],
        {
          cwd,
          timeout,
          signal,
          maxBuffer: 1 << 20,
          env: { ...env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
        },
        (error, stdout, stderr) =>
          error ? fail(new Error(String(stderr).trim() || error.message)) : ok(String(stdout).trim()),
      );
    });
}

const maybe = (p: Promise<string>) =>
  p.then(
    (v) => v || null,
    () => null,
  );

export async function probeGit(
  p: GitProbe,
  env: ProbeEnv,
  deadline: number,
  signal: AbortSignal,
): Promise<GitFact> {
  const dir = p.dir === undefined ? env.cwd : resolve(env.cwd, p.dir);
  const git = gitRunner(dir, env.env, deadline, signal);
  let root: string;
  try {
    root = await git(['rev-parse', '--show-toplevel']);
  } catch {
    throw new Error(`${dir} is not inside a git repository`);
  }
  // Few rounds of git, each in parallel: process start-up dominates on a busy machine.
  const [head, upstream, status, config] = await Promise.all([
    maybe(git(['symbolic-ref', '--quiet', '--short', 'HEAD'])),
    maybe(git(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'])),
    git(['status', '--porcelain', '--untracked-files=normal']).then(
      (out): Fact<number> => ({ known: true, value: out ? out.split('\n').length : 0 }),
      (e: unknown): Fact<number> => ({ known: false, why: (e as Error).message }),
    ),
    p.push ? maybe(git(['config', '--get-regexp', '^(branch|remote)\\.'])) : Promise.resolve(null),
  ]);
  const fact: GitFact = { root, branch: head, upstream, dirty: status };
  if (p.push)
    fact.push = await pushFacts(p, git, head, configMap(config)).then(
      (value): NonNullable<GitFact['push']> => ({ known: true, value }),
      (e: unknown) => ({ known: false, why: (e as Error).message }),
    );
  return fact;
}

/** `git config --get-regexp` output → key → value (keys are lower-cased by git except the middle part). */
function configMap(out: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of (out ?? '').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) map.set(line.slice(0, space), line.slice(space + 1));
  }
  return map;
}

async function pushFacts(p: GitProbe, git: Git, branch: string | null, config: Map<string, string>) {
  const spec = p.push as NonNullable<GitProbe['push']>;
  const configured = branch ? config.get(`branch.${branch}.remote`) : undefined;
  const remote = spec.remote ?? configured ?? 'origin';
  const url = config.get(`remote.${remote}.url`);
  const named = url !== undefined;
  const remoteUrl = named ? url : remote;
  let refspecs = spec.refspecs;
  if (refspecs.length === 0) {
    if (!branch) throw new Error('HEAD is detached and no refspec was given: git would refuse the push');
    refspecs = [`${branch}:${config.get(`branch.${branch}.merge`) ?? branch}`];
  }
  const targets: GitPushTarget[] = [];
  for (const raw of refspecs.slice(0, 20)) {
    const plus = raw.startsWith('+');
    const body = plus ? raw.slice(1) : raw;
    const colon = body.indexOf(':');
    let source = colon < 0 ? body : body.slice(0, colon);
    const dst = colon < 0 ? body : body.slice(colon + 1);
    if (source === 'HEAD' && branch) source = branch;
    const target = (dst === 'HEAD' ? (branch ?? 'HEAD') : dst).replace(/^refs\/heads\//, '');
    const del = spec.delete || (colon >= 0 && source === '');
    const force = spec.force || plus;
    const t: GitPushTarget = {
      source: source || '(delete)',
      branch: target,
      force,
      delete: del,
      protected: isProtectedBranch(target, p.protectedBranches),
      discarded: { known: false, why: 'not a force push or delete' },
    };
    if (force || del)
      t.discarded = named
        ? await discarded(git, `refs/remotes/${remote}/${target}`, del ? 'HEAD' : source)
        : {
            known: false,
            why: `${redactUrl(remote)} is not a named remote: there are no remote-tracking refs to compare with`,
          };
    targets.push(t);
  }
  return { remote, remoteUrl: remoteUrl === null ? null : redactUrl(remoteUrl), targets };
}

async function discarded(git: Git, trackingRef: string, source: string): Promise<GitPushTarget['discarded']> {
  if ((await maybe(git(['rev-parse', '--verify', '--quiet', trackingRef]))) === null) {
    return {
      known: false,
      why: `no remote-tracking ref ${trackingRef} (never fetched): what the remote holds is unknown`,
    };
  }
  const range = [trackingRef, `^${source}`, '--'];
  const count = Number(await git(['rev-list', '--count', ...range]));
  const log = count ? await git(['log', '--format=%h %s', '-n', '10', ...range]) : '';
  return {
    known: true,
    value: {
      count,
      commits: log ? log.split('\n') : [],
      trackingRef: trackingRef.replace(/^refs\/remotes\//, ''),
    },
  };
}
