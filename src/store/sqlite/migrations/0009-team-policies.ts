/**
 * 0009 (SQLite): team approval policies (issue 11). Policy versions (the YAML as uploaded), reviewer
 * groups and their members, one row per reviewer vote on a request (the primary key makes the same
 * person's second vote a no-op), the policy applied to each request with its escalation state and
 * a summary of its votes, the notification outbox (retries, dead letters) and single-use decide
 * links. Parallel to postgres/migrations/0009-team-policies.ts.
 */
export const name = 'team-policies';

export const sql = `
CREATE TABLE policy_versions (
  org_id TEXT NOT NULL REFERENCES orgs(id),
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (org_id, version)
) STRICT;

CREATE TABLE reviewer_groups (
  org_id TEXT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, name)
) STRICT;

CREATE TABLE group_members (
  org_id TEXT NOT NULL,
  group_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (org_id, group_name, user_id),
  FOREIGN KEY (org_id, group_name) REFERENCES reviewer_groups (org_id, name) ON DELETE CASCADE
) STRICT;

CREATE TABLE request_votes (
  org_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('approve', 'deny')),
  at TEXT NOT NULL,
  voter_groups TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (org_id, request_id, user_id)
) STRICT;

ALTER TABLE requests ADD COLUMN policy TEXT;
ALTER TABLE requests ADD COLUMN votes TEXT;
ALTER TABLE requests ADD COLUMN escalate_at TEXT;
ALTER TABLE requests ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;
CREATE INDEX requests_escalate_due ON requests (escalate_at) WHERE escalate_at IS NOT NULL AND status = 'pending';

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  event TEXT NOT NULL,
  request_id TEXT,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  next_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  last_error TEXT,
  claimed_until TEXT,
  sent_at TEXT
) STRICT;
CREATE INDEX notifications_due ON notifications (status, next_at);
CREATE INDEX notifications_org ON notifications (org_id, status, created_at);

CREATE TABLE decide_links (
  hash TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
) STRICT;
`;
