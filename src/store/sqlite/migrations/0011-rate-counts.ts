/**
 * 0011 (SQLite): submission counts per rate-limit key and window (issue 26), shared by every
 * replica of an org. Parallel to postgres/migrations/0011-rate-counts.ts. (0009 and 0010 are the
 * team-policy and SSH-gateway migrations.)
 */
export const name = 'rate-counts';

export const sql = `
CREATE TABLE rate_counts (
  key TEXT NOT NULL,
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
`;
