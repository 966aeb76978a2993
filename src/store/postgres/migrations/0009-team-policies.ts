/**
 * 0009 (PostgreSQL): team approval policies (issue 11). Policy versions (the YAML as uploaded), reviewer
 * groups and their members, one row per reviewer vote on a request (the primary key makes the same
 * person's second vote a no-op), the policy applied to each request with its escalation state and
 * a summary of its votes, the notification outbox (retries, dead letters) and single-use decide
 * links. Parallel to sqlite/migrations/0009-team-policies.ts.
 */
export const name = 'team-policies';

export const sql = `
CREATE TABLE policy_versions (
  org_id text NOT NULL REFERENCES orgs(id),
  version integer NOT NULL,
  source text NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  note text,
  PRIMARY KEY (org_id, version)
);

CREATE TABLE reviewer_groups (
  org_id text NOT NULL REFERENCES orgs(id),
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, name)
);

CREATE TABLE group_members (
  org_id text NOT NULL,
  group_name text NOT NULL,
  user_id text NOT NULL,
  PRIMARY KEY (org_id, group_name, user_id),
  FOREIGN KEY (org_id, group_name) REFERENCES reviewer_groups (org_id, name) ON DELETE CASCADE
);

CREATE TABLE request_votes (
  org_id text NOT NULL,
  request_id text NOT NULL,
  user_id text NOT NULL,
  user_name text NOT NULL,
  vote text NOT NULL CHECK (vote IN ('approve', 'deny')),
  at timestamptz NOT NULL,
  voter_groups text NOT NULL,
  note text,
  PRIMARY KEY (org_id, request_id, user_id)
);

ALTER TABLE requests ADD COLUMN policy text;
ALTER TABLE requests ADD COLUMN votes text;
ALTER TABLE requests ADD COLUMN escalate_at timestamptz;
ALTER TABLE requests ADD COLUMN escalations integer NOT NULL DEFAULT 0;
CREATE INDEX requests_escalate_due ON requests (escalate_at) WHERE escalate_at IS NOT NULL AND status = 'pending';

CREATE TABLE notifications (
  id text PRIMARY KEY,
  org_id text NOT NULL,
  channel text NOT NULL,
  event text NOT NULL,
  request_id text,
  payload text NOT NULL,
  created_at timestamptz NOT NULL,
  next_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  last_error text,
  claimed_until timestamptz,
  sent_at timestamptz
);
CREATE INDEX notifications_due ON notifications (status, next_at);
CREATE INDEX notifications_org ON notifications (org_id, status, created_at);

CREATE TABLE decide_links (
  hash text PRIMARY KEY,
  org_id text NOT NULL,
  request_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
`;
