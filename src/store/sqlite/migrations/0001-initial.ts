/**
 * 0001 (SQLite): the initial schema. Times are ISO-8601 UTC text (Date#toISOString, so text order is
 * time order); JSON is text; booleans are 0/1. Parallel to postgres/migrations/0001-initial.ts.
 */
export const name = 'initial';

export const sql = `
CREATE TABLE orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  settings TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')),
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX users_org ON users (org_id, created_at);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  kind TEXT NOT NULL CHECK (kind IN ('agent', 'user')),
  name TEXT NOT NULL,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
) STRICT;
CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
CREATE INDEX tokens_org ON tokens (org_id, created_at);
CREATE INDEX tokens_user ON tokens (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE web_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  verified INTEGER NOT NULL
) STRICT;
CREATE INDEX web_sessions_user ON web_sessions (user_id);

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  agent_token_id TEXT NOT NULL REFERENCES tokens(id),
  agent_name TEXT NOT NULL,
  command TEXT NOT NULL,
  command_text TEXT NOT NULL,
  cwd TEXT NOT NULL,
  host TEXT,
  os_user TEXT,
  session TEXT,
  git_branch TEXT,
  reason TEXT,
  analysis TEXT NOT NULL,
  context TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  decision TEXT,
  exec_started_at TEXT,
  exec_finished_at TEXT,
  exec_exit_code INTEGER,
  exec_signal TEXT,
  exec_duration_ms INTEGER,
  exec_reported INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX requests_org_created ON requests (org_id, created_at);
CREATE INDEX requests_org_status_created ON requests (org_id, status, created_at);
CREATE INDEX requests_org_session ON requests (org_id, session, created_at) WHERE session IS NOT NULL;
CREATE INDEX requests_pending_expiry ON requests (expires_at) WHERE status = 'pending';

CREATE TABLE whitelist (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  effect TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
  pattern TEXT NOT NULL,
  exact INTEGER NOT NULL,
  agent TEXT,
  created_by TEXT NOT NULL,
  created_from_request TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  hits INTEGER NOT NULL DEFAULT 0,
  last_used_at TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  context TEXT
) STRICT;
CREATE INDEX whitelist_org ON whitelist (org_id, created_at);

-- The hash-chained log. No foreign keys: records outlive what they describe.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  org_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

-- The chain's head, moved by every append in the same transaction (catches cuts at the end).
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TRIGGER audit_head_follows AFTER INSERT ON audit
BEGIN
  UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;
`;
