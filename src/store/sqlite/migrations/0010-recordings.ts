/**
 * 0010 (SQLite): session recordings (issue 14). The output of a gated SSH session or an `expacti
 * run`, in asciicast v2, stored with its request (an exec, a run) or its agent session (an
 * interactive shell), capped in size; its SHA-256 also goes into the audit chain. Parallel to
 * postgres/migrations/0010-recordings.ts.
 */
export const name = 'recordings';

export const sql = `
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL,
  agent_token_id TEXT NOT NULL,
  agent_name TEXT NOT NULL,
  session TEXT NOT NULL,
  request_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('ssh-exec', 'ssh-shell', 'ssh-sftp', 'run')),
  target TEXT,
  duration_ms INTEGER NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  truncated INTEGER NOT NULL,
  asciicast TEXT NOT NULL
) STRICT;
CREATE INDEX recordings_session ON recordings (org_id, session, created_at);
CREATE INDEX recordings_request ON recordings (org_id, request_id) WHERE request_id IS NOT NULL;
`;
