/** 0004 (PostgreSQL): keyed audit seals, parallel to sqlite/migrations/0004-audit-keys.ts. */
export const name = 'audit-keys';

export const sql = `ALTER TABLE audit ADD COLUMN key_id text;`;
