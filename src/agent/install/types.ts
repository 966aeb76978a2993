/**
 * `expacti init HOST` (issue 20): one merge-and-report core (cli/init.ts), and per host a small
 * description of where its configuration lives and what to write there. Pure data: the CLI reads
 * and writes the files.
 */
export type Scope = 'project' | 'user';

export interface InstallContext {
  scope: Scope;
  cwd: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** How to start this installation of expacti (absolute paths, quoted). */
  expacti: string;
  /** The gate's time limit in seconds (above the org's approval timeout). */
  timeoutS: number;
  /** The current content of a file, or null when there is none. */
  read(path: string): string | null;
}

export type Change = 'created' | 'updated' | 'unchanged' | 'removed' | 'absent';

export interface PlannedFile {
  path: string;
  /** null: the file goes (it was wholly ours). */
  content: string | null;
  /** File mode for a new file (an executable hook script). */
  mode?: number;
  change: Change;
}

export interface HostInstaller {
  name: string;
  title: string;
  scopes: readonly Scope[];
  /** The main file (or folder) for this scope, as printed. */
  where(ctx: InstallContext): string;
  /** The host's own limit when it cannot be set (seconds), else null: init writes its own. */
  fixedTimeoutS: number | null;
  /** Our gate's time limit already written there (seconds), so that init never lowers it. */
  currentTimeoutS(ctx: InstallContext): number | undefined;
  install(ctx: InstallContext): PlannedFile[];
  uninstall(ctx: InstallContext): PlannedFile[];
  /** What `init` set so that a failing hook blocks, in words. */
  failClosed: string;
  /** What the user still has to do, if anything. */
  notes(ctx: InstallContext): string[];
  /** Programs on PATH and folders that show the host is installed or configured here. */
  detect: { programs: readonly string[]; dirs(home: string, cwd: string, env: NodeJS.ProcessEnv): string[] };
  /** Whether our hook is configured for this scope. */
  configured(ctx: InstallContext): boolean;
  /**
   * For a configured hook (`expacti doctor`): why a failing or missing expacti would let the host
   * run the command after all — the host's fail-closed switch or the entry's blocking tail gone —
   * or null when it fails closed.
   */
  failOpen(ctx: InstallContext): string | null;
}

/** The command line's tail that makes the host block when expacti cannot start (gateCommand). */
export const BLOCKING_TAIL = /\|\|\s*\{[^}]*exit 2;?\s*\}\s*$/;

/** A JSON file's change from `before` (null: none) to `after` (null: remove). */
export function planJson(path: string, before: string | null, after: unknown | null): PlannedFile {
  if (after === null) return { path, content: null, change: before === null ? 'absent' : 'removed' };
  const content = JSON.stringify(after, null, 2) + '\n';
  if (before === null) return { path, content, change: 'created' };
  let same = false;
  try {
    same = JSON.stringify(JSON.parse(before)) === JSON.stringify(after);
  } catch {
    same = false;
  }
  return { path, content, change: same ? 'unchanged' : 'updated' };
}

/** Parses a JSON config file (null: none), naming the file when it is not JSON. */
export function parseJson(path: string, text: string | null): unknown {
  if (text === null) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${path} could not be read as JSON (${(error as Error).message}); fix it first, nothing was changed`,
    );
  }
}

/** The gate's command line, ending so that a hook that cannot even start blocks (exit 2, reason on stderr). */
export function gateCommand(expacti: string, host: string, timeoutS: number): string {
  return `${expacti} hook ${host} --timeout ${timeoutS} || { echo 'expacti: the approval hook failed to run, so the command was blocked; ask the user to run: expacti init ${host}' >&2; exit 2; }`;
}

/** The read observer's command line (issue 25): it never blocks, so a failure to start is only a note. */
export function observerCommand(expacti: string, host: string): string {
  return `${expacti} hook ${host} --observe || true`;
}

export const FAILED_TO_RUN = (host: string) =>
  `expacti: the approval hook failed to run, so the command was blocked; ask the user to run: expacti init ${host}`;
