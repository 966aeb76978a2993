/**
 * 0001 (PostgreSQL): the initial schema, parallel to sqlite/migrations/0001-initial.ts (same tables,
 * columns and indexes). Times are timestamptz, except the audit log's `ts`, which is hashed and so
 * kept as the exact text that was sealed. JSON is stored as text, not jsonb: it round-trips exactly
 * what agents submitted (jsonb and json refuse \u0000 and lone surrogates, which a command may
 * carry), and the hashed audit content byte for byte. Query it with a cast (`data::jsonb ->> 'x'`).
 */
export const name = 'initial';

export const sql = `
CREATE TABLE orgs (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  settings text NOT NULL
);

CREATE TABLE users (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id),
  username text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'reviewer')),
  password_hash text NOT NULL,
  totp_secret text,
  created_at timestamptz NOT NULL
);
CREATE INDEX users_org ON users (org_id, created_at);

CREATE TABLE tokens (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id),
  kind text NOT NULL CHECK (kind IN ('agent', 'user')),
  name text NOT NULL,
  user_id text REFERENCES users(id) ON DELETE SET NULL,
  hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
CREATE INDEX tokens_org ON tokens (org_id, created_at);
CREATE INDEX tokens_user ON tokens (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE web_sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id text NOT NULL REFERENCES orgs(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  verified boolean NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

CREATE TABLE requests (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id),
  agent_token_id text NOT NULL REFERENCES tokens(id),
  agent_name text NOT NULL,
  command text NOT NULL,
  command_text text NOT NULL,
  cwd text NOT NULL,
  host text,
  os_user text,
  session text,
  git_branch text,
  reason text,
  analysis text NOT NULL,
  context text,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  decision text,
  exec_started_at timestamptz,
  exec_finished_at timestamptz,
  exec_exit_code integer,
  exec_signal text,
  exec_duration_ms bigint,
  exec_reported boolean NOT NULL DEFAULT false
);
CREATE INDEX requests_org_created ON requests (org_id, created_at);
CREATE INDEX requests_org_status_created ON requests (org_id, status, created_at);
CREATE INDEX requests_org_session ON requests (org_id, session, created_at) WHERE session IS NOT NULL;
CREATE INDEX requests_pending_expiry ON requests (expires_at) WHERE status = 'pending';

CREATE TABLE whitelist (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs(id),
  effect text NOT NULL CHECK (effect IN ('allow', 'deny')),
  pattern text NOT NULL,
  exact boolean NOT NULL,
  agent text,
  created_by text NOT NULL,
  created_from_request text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  hits bigint NOT NULL DEFAULT 0,
  last_used_at timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  note text,
  context text
);
CREATE INDEX whitelist_org ON whitelist (org_id, created_at);

-- The hash-chained log. No foreign keys: records outlive what they describe.
CREATE TABLE audit (
  seq bigint PRIMARY KEY,
  ts text NOT NULL,
  org_id text,
  actor text NOT NULL,
  action text NOT NULL,
  subject text,
  data text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

-- The chain's head. Every append locks this one row (SELECT … FOR UPDATE) in its transaction, which
-- serializes appends from all replicas into one linear chain; the trigger moves it with each record.
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE FUNCTION audit_head_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_head_follows AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_head_follows();
`;
