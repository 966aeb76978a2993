/**
 * 0002 (SQLite): the claim window. An approved request must be run (claimed) before `claim_by`,
 * or it expires unused. Approvals still unclaimed at the upgrade get no window: they expire at
 * once (fail closed) — their agent, if still waiting, submits again. Parallel to
 * postgres/migrations/0002-claim-window.ts.
 */
export const name = 'claim-window';

export const sql = `
ALTER TABLE requests ADD COLUMN claim_by TEXT;
UPDATE requests SET claim_by = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE status = 'approved' AND exec_started_at IS NULL;
CREATE INDEX requests_unclaimed ON requests (claim_by) WHERE status = 'approved' AND exec_started_at IS NULL;
`;
