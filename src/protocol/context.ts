/**
 * Runtime context (issue 4): the facts the server asks the agent side to collect for a request a
 * human will look at (ProbeRequest), what the agent found (ProbeResult), and what the server
 * concluded from them (ContextAssessment, BindingCheck). Every fact asked for is either known or
 * explicitly unknown with a reason — never silently absent.
 */
import type { ExecScope } from './scope.js';
import type { Reason } from './api.js';
import type { Tier } from './tiers.js';

export type Fact<T> = { known: true; value: T } | { known: false; why: string };

// ── What the server asks for ────────────────────────────────────────────────────────────────

/** A path a destructive command touches, as written (may hold `~`, globs, `$VAR`). */
export interface FsProbe {
  kind: 'fs';
  id: string;
  path: string;
  /** The operation, for display: "rm -r", "redirect >", "chmod -R", "find -delete". */
  op: string;
  /** Count files and bytes below it (bounded walk). */
  walk: boolean;
  /** Whether the operation follows a final symlink (rm does not; chmod, truncate, `>` do). */
  followFinal: boolean;
  /** Expansions bash would apply to the unquoted parts (a quoted `*` is literal: no 'glob'). */
  expand?: Array<'glob' | 'tilde' | 'parameter' | 'brace'>;
  /**
   * The text names a path under the temp directory (`/tmp/x`, `$TMPDIR/x`): the analysis judged it
   * as temp-dir cleanup, which holds only if it resolves into a real temp directory.
   */
  temp?: boolean;
}

export interface GitPushSpec {
  /** As written; null: the branch's upstream remote (or origin). */
  remote: string | null;
  /** Refspecs as written (`main`, `+main`, `HEAD:release/1`, `:old`); empty: the current branch. */
  refspecs: string[];
  force: boolean;
  delete: boolean;
}

export interface GitProbe {
  kind: 'git';
  id: string;
  dir?: string;
  push?: GitPushSpec;
  /** Branch patterns the org treats as protected (main, master, release/*). */
  protectedBranches: string[];
}

/** Where psql would connect; `$NAME` / `${NAME}` references are read from the agent's environment. */
export interface PgTarget {
  dbname?: string;
  host?: string;
  port?: string;
  user?: string;
  /** PG* variables set on the command itself (`PGHOST=x psql …`). */
  env: Record<string, string>;
}

/** An SQLite database file (`sqlite3 FILE …`), as written: relative to the command's directory. */
export interface SqliteTarget {
  engine: 'sqlite';
  file: string;
}

/** The table (as written, with its alias) and WHERE condition of an UPDATE/DELETE; where null: every row. */
export interface RowFilter {
  from: string;
  where: string | null;
}

export interface SqlProbe {
  kind: 'sql';
  id: string;
  /** Where psql would connect, or (engine 'sqlite') the database file. */
  target: PgTarget | SqliteTarget;
  statements: Array<{
    statement: string;
    text: string;
    tables: string[];
    hasWhere?: boolean;
    /** For SQLite, which has no planner estimate: the rows to count read-only. */
    rows?: RowFilter;
  }>;
}

export interface KubeProbe {
  kind: 'kube';
  id: string;
  tool: string;
  context?: string;
  namespace?: string;
  kubeconfig?: string;
}

export interface AwsProbe {
  kind: 'aws';
  id: string;
  profile?: string;
  region?: string;
}

export interface TerraformProbe {
  kind: 'terraform';
  id: string;
  dir?: string;
}

/**
 * A file whose content the command runs: `sh FILE`, `source FILE`, `./FILE`, `python FILE`,
 * `node FILE`, `psql -f FILE`. The agent reads it (bounded) so the server judges what it runs.
 */
export interface ScriptProbe {
  kind: 'script';
  id: string;
  /** As written (may hold `~` or `$VAR`, expanded on the agent side like an fs probe's path). */
  path: string;
  /** How the content is read: as shell, Python, JavaScript or SQL. */
  language: 'shell' | 'python' | 'javascript' | 'sql';
  expand?: Array<'tilde' | 'parameter'>;
  /**
   * The content's SHA-256 the server already knows (the whitelist entry's): when the file still
   * has it, the agent sends only the hash.
   */
  knownHash?: string;
}

/**
 * Packages a command installs or updates (`npm install lodash`, `pip install requests`): whether
 * each is already in the project's lockfile. A `<package>` whitelist slot matches only those.
 */
export interface LockfileProbe {
  kind: 'lockfile';
  id: string;
  ecosystem: 'npm' | 'python';
  /** Package names as written, without version specifiers (at most 50). */
  names: string[];
}

export type ProbeRequest =
  FsProbe | GitProbe | SqlProbe | KubeProbe | AwsProbe | TerraformProbe | ScriptProbe | LockfileProbe;
export type ProbeKind = ProbeRequest['kind'];

// ── What the agent found ────────────────────────────────────────────────────────────────────

export interface MountInfo {
  mountPoint: string;
  fsType: string;
  source: string;
}

export interface FsTarget {
  /** Absolute, with `~` and globs expanded. */
  path: string;
  exists: boolean;
  /** The real path the operation reaches (ancestors resolved; the final link only when followed). */
  resolved: string;
  /** Every symlink followed on the way, in order. */
  hops: Array<{ from: string; to: string }>;
  /** The path itself is a symlink that the operation does not follow (rm removes the link only). */
  finalLink: boolean;
  type: 'file' | 'dir' | 'link' | 'other' | 'missing';
  /** `temp` (asked only for a temp path): true when the real path is in no temp directory of the agent (os.tmpdir(), $TMPDIR, /tmp, /var/tmp). */
  outside: { cwd: boolean; gitRoot: boolean | null; home: boolean; temp?: boolean };
  mount: Fact<MountInfo>;
  size?: Fact<{ files: number; bytes: number; capped: boolean }>;
}

export interface FsFact {
  pattern: string;
  glob: boolean;
  /** At most FS_MATCH_LIMIT targets; `matchCount` counts all (up to the cap). */
  matches: FsTarget[];
  matchCount: number;
  matchesCapped: boolean;
}

export interface GitPushTarget {
  source: string;
  branch: string;
  force: boolean;
  delete: boolean;
  protected: boolean;
  /** Commits on the remote-tracking branch that the push would discard (from local refs: as of the last fetch). */
  discarded: Fact<{ count: number; commits: string[]; trackingRef: string }>;
}

export interface GitFact {
  root: string;
  branch: string | null;
  upstream: string | null;
  dirty: Fact<number>;
  push?: Fact<{ remote: string; remoteUrl: string | null; targets: GitPushTarget[] }>;
}

export interface SqlStatementFact {
  statement: string;
  text: string;
  /**
   * The planner's estimate (EXPLAIN, never ANALYZE) of the rows the statement touches; for SQLite a
   * read-only count of the rows its WHERE selects (extrapolated from a sample on a large table).
   */
  estimatedRows: Fact<number>;
  tables: Array<{ name: string; estimatedRows: Fact<number> }>;
}

export interface SqlFact {
  /** Absent: PostgreSQL. SQLite: `server.database` is the file's absolute path (host localhost, port 0). */
  engine?: 'sqlite';
  /** Never carries a password. */
  server: { host: string; port: number; database: string; user: string };
  statements: SqlStatementFact[];
}

export interface KubeFact {
  context: string | null;
  namespace: string;
  cluster: string | null;
  server: string | null;
  /** Where it was read: the flag, $KUBECONFIG or ~/.kube/config. */
  source: string;
}

export interface AwsFact {
  profile: string | null;
  region: string | null;
  source: string;
}

export interface TerraformFact {
  workspace: string;
  source: string;
}

export interface ScriptFact {
  /** The absolute path read. */
  path: string;
  sha256: string;
  bytes: number;
  /** The content, when it is at most SCRIPT_MAX_BYTES and the server does not know it already. */
  content?: string;
  /** Larger than the bound: only the hash was read (the content is not judged). */
  truncated: boolean;
}

export interface LockfileFact {
  /** The lockfile read (absolute), found from the working directory upwards. */
  lockfile: string;
  /** Asked names it lists. */
  present: string[];
  /** Asked names it does not list: new dependencies. */
  missing: string[];
}

/** Script files longer than this are hashed, not sent. */
export const SCRIPT_MAX_BYTES = 64 * 1024;

export type ProbeResult =
  | { id: string; kind: 'fs'; fact: Fact<FsFact> }
  | { id: string; kind: 'git'; fact: Fact<GitFact> }
  | { id: string; kind: 'sql'; fact: Fact<SqlFact> }
  | { id: string; kind: 'kube'; fact: Fact<KubeFact> }
  | { id: string; kind: 'aws'; fact: Fact<AwsFact> }
  | { id: string; kind: 'terraform'; fact: Fact<TerraformFact> }
  | { id: string; kind: 'script'; fact: Fact<ScriptFact> }
  | { id: string; kind: 'lockfile'; fact: Fact<LockfileFact> };

/** POST /v1/requests/:id/context */
export interface AttachContextBody {
  probes: ProbeResult[];
  elapsedMs: number;
  budgetMs: number;
}

// ── What the server concluded ───────────────────────────────────────────────────────────────

/** Risk from context and the session: only ever raises the tier the command text earned. */
export interface ContextAssessment {
  tier: Tier;
  reasons: Reason[];
}

export interface BindingDifference {
  key: string;
  label: string;
  approved: string;
  now: string;
}

/** The check of a context-bound whitelist entry against the context now. */
export interface BindingCheck {
  entries: Array<{ id: string; pattern: string; approvedBy: string; approvedAt: string }>;
  /** awaiting: the probes were asked for and not reported yet. */
  outcome: 'awaiting' | 'same' | 'changed';
  differences: BindingDifference[];
}

export interface RuntimeContext {
  /** As the agent reported them (unknown ones included), in the order asked. */
  probes?: ProbeResult[];
  collected?: { at: string; elapsedMs: number; budgetMs: number };
  /** Computed by the server, never taken from the agent. */
  assessment?: ContextAssessment;
  /** Computed by the server when the command matched a context-bound whitelist entry. */
  binding?: BindingCheck;
  /** The scope proposed with what the facts showed (glob matches, resolved paths, the database port). */
  scope?: ExecScope;
}
