/**
 * Confined execution (docs/confinement.md): the scope an approved or auto-allowed command may act
 * in — shown to the reviewer, carried with the decision, held by the kernel on the agent side —
 * and the record of what the command did.
 */

/**
 * Paths in a scope are absolute, start with `~/` (the agent's home), or are one of two symbolic
 * roots that the agent resolves just before running: `.` — the project (the git root above the
 * working directory, else the working directory) — and `$TMP` — the temp directory.
 */
export interface ExecScope {
  /** `default`: everywhere except known secret paths (keys, cloud credentials, history, browser profiles); `all`: everywhere. */
  read: 'default' | 'all';
  /** Secret paths readable anyway (the credentials the approved tool needs: `~/.kube` for kubectl). */
  readSecrets: string[];
  /** May create, change, rename and delete beneath these. */
  write: string[];
  /** May delete these (and everything beneath): the targets of the approved command, globs resolved. */
  remove: string[];
  /** none: no IP network; tcp: TCP to these ports only; any: unrestricted. */
  network: { mode: 'none' | 'tcp' | 'any'; ports: number[] };
  /** New local sockets (the Docker socket, the SSH agent, a database's socket). */
  unix: 'none' | 'any';
  /** Variables the default drops that this command keeps (SSH_AUTH_SOCK, DOCKER_HOST). */
  keepEnv: string[];
  /** Why each part is there, for the reviewer ("git push needs the network"). */
  why: string[];
  /**
   * What each write/remove path resolved to when the reviewer saw it (agent-side, symlinks
   * followed). At run time a path that resolves elsewhere is not granted: the command goes back
   * to review with the new resolution shown.
   */
  resolved?: Record<string, string>;
}

/** Environment variables that reach local services, dropped unless the scope keeps them. */
export const SERVICE_ENV = ['SSH_AUTH_SOCK', 'DOCKER_HOST', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'];

/** How a command ran. */
export type Confinement = 'confined' | 'unconfined' | 'unavailable';

/** One operation the command tree attempted (recorded by the helper's supervisor). */
export interface EffectEntry {
  op:
    | 'write'
    | 'create'
    | 'delete'
    | 'rename'
    | 'mkdir'
    | 'exec'
    | 'connect'
    | 'truncate'
    | 'symlink'
    | 'link'
    | 'open';
  path?: string;
  /** rename: the new name; symlink/link: what it points to. */
  to?: string;
  /** connect: inet, inet6 or unix (path set for unix). */
  family?: 'inet' | 'inet6' | 'unix';
  addr?: string;
  port?: number;
  /** Whether the scope allows it (the kernel enforced the same). */
  allowed: boolean;
}

/** What a confined command did: bounded, hashed into the audit chain. */
export interface EffectsRecord {
  entries: EffectEntry[];
  /** Entries beyond the bound, not kept. */
  dropped: number;
  /** The attempts outside the scope, in words ("tried to write ~/.bashrc"). */
  violations: string[];
}

/** How the agent runs an allowed command: held to this scope, or refused when it cannot be. */
export interface ExecutePlan {
  scope: ExecScope;
  /** Refuse to run when the command cannot be confined (else it runs marked "unconfined"). */
  required: boolean;
  /** Record what the command tree does (writes, deletes, executions, connections). */
  record: boolean;
  /** Checkpoint the project first, so that `expacti undo` can restore it (project-mode auto-allows). */
  checkpoint?: boolean;
}
