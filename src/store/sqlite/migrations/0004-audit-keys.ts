/**
 * 0004 (SQLite): keyed audit seals. Each record names the audit key it is sealed with; records
 * already in the log keep their unkeyed SHA-256 seals (key_id NULL) and stay verifiable — the
 * first keyed record seals over them, so they cannot be rewritten unnoticed either. Parallel to
 * postgres/migrations/0004-audit-keys.ts.
 */
export const name = 'audit-keys';

export const sql = `ALTER TABLE audit ADD COLUMN key_id TEXT;`;
