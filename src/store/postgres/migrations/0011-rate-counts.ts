/** 0011 (PostgreSQL): submission counts per rate-limit key and window, parallel to sqlite/migrations/0011-rate-counts.ts. */
export const name = 'rate-counts';

export const sql = `
CREATE TABLE rate_counts (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (key, window_start)
);
`;
