/**
 * 0006 (postgres): session-scoped approvals (docs/whitelist.md). A whitelist entry may cover one agent
 * session only, and never a command judged above the tier it was approved at. Parallel to
 * sqlite/migrations/0006-session-approvals.ts.
 */
export const name = 'session-approvals';

export const sql = `
ALTER TABLE whitelist ADD COLUMN session TEXT;
ALTER TABLE whitelist ADD COLUMN max_tier TEXT;
`;
