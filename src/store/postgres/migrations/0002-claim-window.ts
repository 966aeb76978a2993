/**
 * 0002 (PostgreSQL): the claim window, parallel to sqlite/migrations/0002-claim-window.ts.
 * Approvals still unclaimed at the upgrade expire at once (fail closed).
 */
export const name = 'claim-window';

export const sql = `
ALTER TABLE requests ADD COLUMN claim_by timestamptz;
UPDATE requests SET claim_by = now() WHERE status = 'approved' AND exec_started_at IS NULL;
CREATE INDEX requests_unclaimed ON requests (claim_by) WHERE status = 'approved' AND exec_started_at IS NULL;
`;
