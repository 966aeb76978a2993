/**
 * 0005 (sqlite): confined execution. How each command ran and what it did (the execution's outcome:
 * confinement, why it did not run, the effects record — JSON), and the scope a whitelist entry
 * runs its commands in. Parallel to postgres/migrations/0005-confinement.ts.
 */
export const name = 'confinement';

export const sql = `
ALTER TABLE requests ADD COLUMN exec_outcome TEXT;
ALTER TABLE whitelist ADD COLUMN scope TEXT;
`;
