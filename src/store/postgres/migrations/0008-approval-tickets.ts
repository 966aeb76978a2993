/**
 * 0008 (PostgreSQL): approval tickets (issue 20), parallel to sqlite/migrations/0008-approval-tickets.ts.
 */
export const name = 'approval-tickets';

export const sql = `
ALTER TABLE requests ADD COLUMN ticket_until timestamptz;
ALTER TABLE requests ADD COLUMN ticket_used_at timestamptz;
CREATE INDEX requests_open_tickets ON requests (org_id, session, ticket_until)
  WHERE ticket_until IS NOT NULL AND ticket_used_at IS NULL;
`;
