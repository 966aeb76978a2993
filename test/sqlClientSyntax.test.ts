/**
 * Every option a SQL client carries its SQL in (sql/extract.ts) must be read as taking a value
 * (risk/programs.ts): otherwise `cockroach sql -e "DROP TABLE t"` hides the SQL as an operand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SQL_CLIENTS } from '../src/core/analyzer/sql/extract.js';
import { PROGRAMS } from '../src/core/analyzer/risk/programs.js';

test('every SQL-carrying option of a SQL client is known to take a value', () => {
  const missing: string[] = [];
  for (const [program, client] of Object.entries(SQL_CLIENTS)) {
    const syntax = PROGRAMS[program];
    for (const flag of client.flags)
      if (!syntax?.valueFlags?.includes(flag)) missing.push(`${program} ${flag}`);
  }
  assert.deepEqual(missing, []);
});
