/**
 * What the agent read (issue 25): reads the agent host reports through an observe hook, and the
 * session's own shell commands that bring outside text in. Only where from, how much, a hash and
 * the findings cross the wire and are stored — never the content (snippets of findings are kept
 * only when the org asks for excerpts). Pure types.
 */

/** What kind of source a read came from; decides its trust (core/reads/trust.ts). */
export type ReadKind =
  | 'file' // a file by path (Read tool, `cat` outside the project)
  | 'url' // a web page (WebFetch, curl, wget, git clone of a URL)
  | 'search' // web search results
  | 'tool' // output of another service's tool (MCP)
  | 'issue' // issue or pull-request text (gh issue view)
  | 'package' // packages installed into the environment (their code is someone else's)
  | 'command'; // the output of a shell command the agent ran

export interface ReadFinding {
  /** Stable, e.g. inject.addressed-to-ai (core/reads/findings.ts). */
  code: string;
  message: string;
  /** How often it matched (capped). */
  count: number;
  /** Up to three short snippets of what matched; stored only when the org keeps excerpts. */
  samples?: string[];
}

/** One read as the agent side reports it (POST /v1/sessions/reads). */
export interface ObservedRead {
  /** Which host reported it: claude, gemini, cursor (or run for shell reads). */
  host: string;
  /** The host's tool name (Read, WebFetch, mcp__github__get_issue, read_file, beforeReadFile…). */
  tool: string;
  kind: ReadKind;
  /** Path, URL, search query, tool name or command text. */
  source: string;
  /** The directory the agent worked in (to tell project files from the rest). */
  cwd?: string;
  /** Bytes of content the agent saw (0 when none). */
  size: number;
  /** SHA-256 (hex) of that content; null when there was none. */
  sha256: string | null;
  findings: ReadFinding[];
  /** The hook could not observe this read fully (bad input, content it could not scan): why. */
  error?: string;
}

/** Bounds of a read report (the schemas enforce them; the agent side clips to them). */
export const READ_LIMITS = {
  /** Reads in one report. */
  perReport: 50,
  sourceChars: 2000,
  findings: 20,
  sampleChars: 400,
} as const;

/** The source of a report that says a read could not be observed at all (bad hook input). */
export const NOT_OBSERVED = '(not observed)';

export interface ReportReadsBody {
  session: string;
  reads: ObservedRead[];
}

export type ReadTrust = 'project' | 'untrusted';

/** A read as reviewers see it, in a request's read trail or the session's timeline. */
export interface ReadView {
  at: string;
  host: string;
  tool: string;
  kind: ReadKind;
  source: string;
  size: number;
  sha256: string | null;
  trust: ReadTrust;
  /** Why it is (un)trusted, in words: "web content", "outside the project", "a dependency's file". */
  trustWhy: string;
  findings: ReadFinding[];
  /** The read taints the session (untrusted, or instruction-bearing). */
  taints: boolean;
  /** For a shell read: the request whose command it was. */
  requestId?: string;
  error?: string;
}

/** What the agent read before a request, as the reviewer sees it with the request. */
export interface ReadTrail {
  /** The session was tainted when the request came: high-impact commands were judged higher. */
  tainted: boolean;
  /** Recent reads, oldest first (tainting reads of the window, then the latest others; capped). */
  reads: ReadView[];
  /** When a reviewer last cleared the session's taint, and who. */
  cleared?: { at: string; by: string };
}

/** GET /v1/sessions/reads?session=…: the session's reads and whether it is tainted now. */
export interface SessionReadsResponse {
  session: string;
  trail: ReadTrail;
}

/** POST /v1/sessions/clear-taint */
export interface ClearTaintBody {
  session: string;
  note?: string;
}

/**
 * Sent with an allowed command that reads outside text to stdout (`curl URL`, `gh issue view`):
 * the agent scans what it prints (bounded) and reports the findings with the exit code.
 */
export interface ObservePlan {
  kind: ReadKind;
  source: string;
}

/** What the agent saw of such a command's output (in the result report). */
export interface OutputScan {
  size: number;
  sha256: string | null;
  findings: ReadFinding[];
  /** Only the first part was scanned (the rest was hashed and counted). */
  truncated: boolean;
  /** Not scanned: why (the output went to a terminal, not through expacti). */
  unscanned?: string;
}
