/** 0006 (PostgreSQL): what agents read (issue 25), parallel to sqlite/migrations/0007-session-reads.ts. */
export const name = 'session-reads';

export const sql = `
CREATE TABLE session_reads (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id),
  session text NOT NULL,
  at timestamptz NOT NULL,
  agent_name text NOT NULL,
  host text NOT NULL,
  tool text NOT NULL,
  kind text NOT NULL,
  source text NOT NULL,
  cwd text,
  size bigint NOT NULL,
  sha256 text,
  trust text NOT NULL CHECK (trust IN ('project', 'untrusted')),
  trust_why text NOT NULL,
  findings text NOT NULL,
  error text
);
CREATE INDEX session_reads_session ON session_reads (org_id, session, at);

CREATE TABLE session_taint_clears (
  org_id text NOT NULL REFERENCES orgs(id),
  session text NOT NULL,
  cleared_at timestamptz NOT NULL,
  cleared_by text NOT NULL,
  PRIMARY KEY (org_id, session)
);
`;
