/**
 * 0010 (PostgreSQL): session recordings (issue 14), parallel to sqlite/migrations/0010-recordings.ts.
 */
export const name = 'recordings';

export const sql = `
CREATE TABLE recordings (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id),
  created_at timestamptz NOT NULL,
  agent_token_id text NOT NULL,
  agent_name text NOT NULL,
  session text NOT NULL,
  request_id text,
  kind text NOT NULL CHECK (kind IN ('ssh-exec', 'ssh-shell', 'ssh-sftp', 'run')),
  target text,
  duration_ms integer NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  truncated boolean NOT NULL,
  asciicast text NOT NULL
);
CREATE INDEX recordings_session ON recordings (org_id, session, created_at);
CREATE INDEX recordings_request ON recordings (org_id, request_id) WHERE request_id IS NOT NULL;
`;
