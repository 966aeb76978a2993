/**
 * The facts `expacti run` sends with every command, read cheaply (no child processes): cwd, host,
 * OS user, session, git branch.
 */
import { readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface RunContext {
  cwd: string;
  host: string;
  osUser: string;
  session: string;
  gitBranch?: string;
}

export function collectRunContext(env: NodeJS.ProcessEnv, cwd = process.cwd()): RunContext {
  const host = hostname();
  const context: RunContext = {
    cwd,
    host,
    osUser: osUser(env),
    session: env['EXPACTI_SESSION'] || parentSession(host),
  };
  const branch = gitBranch(cwd);
  if (branch) context.gitBranch = branch;
  return context;
}

function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env['USER'] ?? 'unknown';
  }
}

/**
 * Without EXPACTI_SESSION, commands started by the same parent process (one agent's shell) share a
 * session: a hash of host, parent pid and the parent's start time (so a reused pid is a new session).
 */
export function parentSession(host: string, ppid = process.ppid): string {
  let started = '';
  try {
    // /proc/<pid>/stat field 22 is the start time; the command name (field 2) may contain spaces.
    const stat = readFileSync(`/proc/${ppid}/stat`, 'utf8');
    // eslint-disable-next-line no-restricted-syntax -- kernel stat fields, not a command
    started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    // not Linux: pid alone
  }
  return 'p-' + fnv1a64(`${host}\0${ppid}\0${started}`);
}

/**
 * FNV-1a, 64 bits, as 16 hex digits: a stable, well-spread id. Not a security hash (nothing is
 * secret here); it spares every agent command the load of node:crypto.
 */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The current branch (or short commit when detached) of the repository containing `cwd`. */
export function gitBranch(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (let i = 0; i < 64; i++) {
    const dotGit = join(dir, '.git');
    try {
      const st = statSync(dotGit);
      let gitDir = dotGit;
      if (st.isFile()) {
        const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
        if (!m?.[1]) return undefined;
        gitDir = resolve(dir, m[1].trim());
      }
      const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
      const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
      return ref?.[1] ?? (/^[0-9a-f]{40,64}$/.test(head) ? head.slice(0, 12) : undefined);
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
  return undefined;
}
