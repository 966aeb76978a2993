/**
 * 0007 (SQLite): what agents read (issue 25). One row per observed read — where from, how much, a
 * hash, trust and findings as JSON, never the content — and, per session, when a reviewer last
 * cleared its taint. Parallel to postgres/migrations/0007-session-reads.ts.
 */
export const name = 'session-reads';

export const sql = `
CREATE TABLE session_reads (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  session TEXT NOT NULL,
  at TEXT NOT NULL,
  agent_name TEXT NOT NULL,
  host TEXT NOT NULL,
  tool TEXT NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  cwd TEXT,
  size INTEGER NOT NULL,
  sha256 TEXT,
  trust TEXT NOT NULL CHECK (trust IN ('project', 'untrusted')),
  trust_why TEXT NOT NULL,
  findings TEXT NOT NULL,
  error TEXT
) STRICT;
CREATE INDEX session_reads_session ON session_reads (org_id, session, at);

CREATE TABLE session_taint_clears (
  org_id TEXT NOT NULL REFERENCES orgs(id),
  session TEXT NOT NULL,
  cleared_at TEXT NOT NULL,
  cleared_by TEXT NOT NULL,
  PRIMARY KEY (org_id, session)
) STRICT;
`;
