/** 0003 (PostgreSQL): sign-in failures, parallel to sqlite/migrations/0003-sign-in-failures.ts. */
export const name = 'sign-in-failures';

export const sql = `
CREATE TABLE sign_in_failures (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  last_at timestamptz NOT NULL,
  blocked_until timestamptz
);
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);
`;
