/**
 * 0003 (SQLite): sign-in failures, counted in the store so that every sign-in route and every
 * replica share one count per key (an address, an address and username, a username). Parallel to
 * postgres/migrations/0003-sign-in-failures.ts.
 */
export const name = 'sign-in-failures';

export const sql = `
CREATE TABLE sign_in_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at TEXT NOT NULL,
  blocked_until TEXT
) STRICT;
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);
`;
