/**
 * The database going away while a connection is checked out (between two statements of a
 * transaction, as background writers on a replica do several times a second) fails that write;
 * it must not take the server process down (pg-pool listens for errors only on idle clients).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createPool, withClient } from '../src/store/postgres/database.js';
import { startTestPostgres } from './support/postgres.js';

it('a connection lost while checked out fails its work, not the process', async () => {
  const pg = await startTestPostgres();
  const pool = createPool({ databaseUrl: pg.url, poolSize: 2 });
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    const work = withClient(pool, async (client) => {
      await client.query('SELECT 1');
      // Checked out and between statements when the database stops.
      await new Promise((r) => setTimeout(r, 1500));
      await client.query('SELECT 1');
    });
    await new Promise((r) => setTimeout(r, 200));
    await pg.stop();
    await assert.rejects(work);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(uncaught, [], 'no error escaped to the process');
  } finally {
    process.off('uncaughtException', onUncaught);
    await pool.end().catch(() => undefined);
    await pg.stop().catch(() => undefined);
  }
});
