/**
 * The analysis of one command: the contract between the shell layer (shell/), the risk and SQL
 * layers (risk/, sql/), the whitelist (core/whitelist) and the server. Plain data, no I/O.
 */
import type { AnalysisView, CommandInput, Reason, Tier } from '../../protocol/index.js';
import type { RowFilter } from '../../protocol/context.js';

export type { RowFilter };

/** Why a word's value cannot be known before it runs (or can be, but only after expansion). */
export type DynamicKind =
  | 'parameter' // $X, ${X}, $1, $@
  | 'command-substitution' // $(…), `…`
  | 'process-substitution' // <(…), >(…)
  | 'arithmetic' // $((…))
  | 'glob' // * ? […] unquoted
  | 'brace' // {a,b} {1..3}
  | 'tilde' // ~ or ~user at the start
  | 'extglob';

export interface Word {
  /** The word as written in the source (for display). */
  raw: string;
  /**
   * The word after quote removal and escape / ANSI-C decoding. When `dynamic` is non-empty this is
   * the static text with each dynamic part kept as written (`~/x`, `build-*`, `$HOME/x`), so
   * rules can still see prefixes; decisions must consult `dynamic` before trusting it.
   */
  value: string;
  /** Empty when the value is fully static. */
  dynamic: DynamicKind[];
  /** Any quoting or escaping appeared in the word (`\rm`, `r''m`, `"ls"`). */
  quoted: boolean;
  /**
   * The word in canonical shell quoting (shell/canonical.ts): equal for words that bash reads the
   * same (`'a b'`, `"a b"`, `a\ b` → 'a b'); expansions as written, substitutions re-rendered. The
   * whitelist compares words by it. Set by the shell layer; absent in hand-built fixtures.
   */
  canonical?: string;
  /**
   * The value with its command substitutions filled in, when every substitution's output is known
   * (`"$(echo rm -rf ~)"`, `"$(echo cm0g… | base64 -d)"`) and stands in double quotes (no splitting
   * or globbing). The word stays dynamic; shells given it as text judge what it would run.
   */
  known?: string;
  /**
   * Like `known`, for a substitution outside double quotes (`$(echo rm -rf ~)`): the fields its
   * output splits into — what `eval` joins and runs, and the words a program position becomes
   * (globbing aside).
   */
  knownFields?: readonly string[];
}

export interface Redirect {
  /** As written: > >> < << <<- <<< >& <& &> &>> >| <> */
  op: string;
  /** Explicit fd number, e.g. 2 in 2>&1; null when implied. */
  fd: number | null;
  /** The target word; for a heredoc, the delimiter word. */
  target: Word;
  /** For << and <<-: the body and whether the delimiter was quoted (no expansion inside). */
  heredoc?: { body: string; quoted: boolean };
}

/** One wrapper layer a command was unwrapped from, outermost first, e.g. sudo, bash -c, find -exec. */
export interface Wrapper {
  /** The wrapper program (sudo, env, bash, xargs, find, ssh, kubectl, docker, git, eval, …). */
  program: string;
  /** The wrapper's own words, for display (values after quote removal). */
  words: string[];
  /** The same words as Words (dynamic marks, canonical quoting); set by the shell layer. */
  argv?: Word[];
  /** Where the wrapped command runs when that is not here: ssh host, docker container, kube pod. */
  remote?: string;
  /**
   * The wrapper is code (python -c, node -e, a script file written earlier) and the command stands
   * for this call in it: `shutil.rmtree('build')` is judged as `rm -r build`.
   */
  code?: string;
  /** The wrapper ran shell text (`sh -c`, `parallel 'cmd {}'`, `tmux new 'cmd'`): its words are not the command's. */
  text?: boolean;
}

/** Where a command sits in the script. */
export type Placement =
  | 'top' // a plain list element
  | 'pipeline'
  | 'subshell'
  | 'group'
  | 'command-substitution'
  | 'process-substitution'
  | 'condition' // if/while/until tests
  | 'loop-body'
  | 'endless-loop-body' // a loop whose condition always holds and whose body never leaves it
  | 'case-body'
  | 'function-body'
  | 'background'
  | 'heredoc-substitution';

export interface SimpleCommand {
  /**
   * argv as bash would pass it (after unwrapping). argv[0] is the program word. Empty for a
   * statement that only assigns or redirects (`X=1`, `> f`, `$(< f)`): program is then null.
   */
  argv: Word[];
  /**
   * The program for rule lookup: the basename of argv[0]'s value (`/bin/rm` → `rm`), or null
   * when it cannot be known statically (variable, substitution, glob).
   */
  program: string | null;
  /** Env prefixes (`X=1 cmd`), including those passed through `env`. */
  assignments: Array<{ name: string; value: Word }>;
  redirects: Redirect[];
  /** Wrappers it was unwrapped from, outermost first; empty for a command written directly. */
  wrappers: Wrapper[];
  /** Every enclosing construct, outermost first. */
  placement: Placement[];
  /**
   * Pipeline position when in a pipeline: which stage, of how many, and the programs of the
   * stages before it (so `base64 -d | sh` can be seen from the `sh`).
   */
  pipeline: {
    index: number;
    length: number;
    upstream: Array<string | null>;
    /** Which pipeline of the analysis (stages of one pipeline share it). */
    id?: number;
    /** The program of the next stage (its output's reader); undefined for the last stage. */
    downstream?: string | null;
  } | null;
  /** Byte range in the analysed source (after unwrapping: the range of the outermost command). */
  span: { start: number; end: number };
}

/** A finding about the input as a whole or one of its parts: parse errors, limits, code execution. */
export interface Finding {
  /** Stable, e.g. parse.error, limit.size, limit.depth, exec.arbitrary-code, exec.dynamic-command */
  code: string;
  message: string;
  /** Index into `commands` when the finding is about one command. */
  command?: number;
  /** Raises the analysis to at least this tier. */
  tier?: Tier;
}

/** What a SQL text would do (sql/), attached to the command that carries it. */
export interface SqlEffect {
  /** SELECT, UPDATE, DELETE, INSERT, DROP, TRUNCATE, ALTER, CREATE, GRANT, … */
  statement: string;
  tables: string[];
  /** For UPDATE/DELETE: whether a WHERE clause bounds it. */
  hasWhere?: boolean;
  /** EXPLAIN ANALYZE, data-modifying CTE, … */
  notes: string[];
  /** One line for reviewers: "UPDATE on users with no WHERE clause". */
  summary: string;
  /** The statement text as parsed (for probes: EXPLAIN it on the agent side). */
  text: string;
  /** The SQL client command index it came from. */
  command: number;
  readOnly: boolean;
  /** A plain single-table UPDATE/DELETE: the rows it selects, as written (sql/rowFilter.ts). */
  rows?: RowFilter;
}

export interface Analysis {
  input: CommandInput;
  /** The shell text that was parsed (argv input is quoted into shell text first). */
  source: string;
  /** False on a parse error or an exceeded limit: such a command is never auto-allowed. */
  parsed: boolean;
  /** Every simple command that can run, in source order, unwrapped. */
  commands: SimpleCommand[];
  findings: Finding[];
  sql: SqlEffect[];
  /** Canonical form (whitelist exact key); null when not parsed. */
  canonical: string | null;
  risk: RiskAssessment;
}

export interface RiskAssessment {
  tier: Tier;
  score: number;
  reasons: Reason[];
  /** The tier of each entry of `commands`, same order (a wildcard entry never allows high/critical). */
  perCommand: Tier[];
  /** The rule categories each command matched, same order ('vcs', 'database', 'network', …). */
  categories?: string[][];
}

/** The analyzer the server holds: parsers are loaded once and injected; analyze() is pure. */
export interface CommandAnalyzer {
  analyze(input: CommandInput): Analysis;
  /** The reviewer/agent-facing view of an analysis, with whitelist suggestions. */
  view(analysis: Analysis): AnalysisView;
}
