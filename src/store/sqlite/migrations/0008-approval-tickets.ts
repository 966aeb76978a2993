/**
 * 0008 (SQLite): approval tickets (issue 20). A request whose hook had to answer its host before a
 * reviewer decided stays open until `ticket_until`; the same command from the same agent session
 * picks up its decision once (`ticket_used_at`). Parallel to postgres/migrations/0008-approval-tickets.ts.
 */
export const name = 'approval-tickets';

export const sql = `
ALTER TABLE requests ADD COLUMN ticket_until TEXT;
ALTER TABLE requests ADD COLUMN ticket_used_at TEXT;
CREATE INDEX requests_open_tickets ON requests (org_id, session, ticket_until)
  WHERE ticket_until IS NOT NULL AND ticket_used_at IS NULL;
`;
