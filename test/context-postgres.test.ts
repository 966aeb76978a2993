/**
 * The PostgreSQL probe against a real server: tables of known sizes (ANALYZEd, so the planner's
 * estimates are known), EXPLAIN only (nothing modified, even when asked to run two statements),
 * no password in anything reported, and a server that never answers ends as "unknown: timed out".
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { collectProbes } from '../src/agent/probes/collect.js';
import type { SqlFact, SqlProbe } from '../src/protocol/context.js';

let db: TestPostgres;
let url: URL;
let silent: Server;
let silentPort = 0;
const sockets: Socket[] = [];

async function query(text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

const probe = (
  statements: SqlProbe['statements'],
  target: SqlProbe['target'] = { env: {}, dbname: '$DATABASE_URL' },
): SqlProbe => ({ kind: 'sql', id: 'sql-1', target, statements });

async function run(p: SqlProbe, env: NodeJS.ProcessEnv = { DATABASE_URL: db.url }, budgetMs = 5000) {
  const { probes } = await collectProbes([p], { cwd: '/', env, budgetMs });
  return probes[0]?.fact;
}

before(async () => {
  db = await startTestPostgres();
  url = new URL(db.url);
  await query(`
    CREATE TABLE users (id bigserial PRIMARY KEY, role text);
    INSERT INTO users (role) SELECT CASE WHEN g % 10 = 0 THEN 'admin' END FROM generate_series(1, 200000) g;
    CREATE TABLE small (id int);
    INSERT INTO small VALUES (1), (2), (3);
    CREATE TABLE never_analyzed (id int);
    ANALYZE users; ANALYZE small;
  `);
  silent = createServer((s) => sockets.push(s)); // accepts, never answers
  await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
  const a = silent.address();
  silentPort = typeof a === 'object' && a ? a.port : 0;
});

after(async () => {
  for (const s of sockets) s.destroy();
  silent?.close();
  await db?.stop();
});

describe('probeSql', () => {
  it('reports the planner estimate of an UPDATE and the table size, and changes nothing', async () => {
    const f = await run(
      probe([
        {
          statement: 'UPDATE',
          text: "UPDATE users SET role = 'viewer' WHERE role IS NULL;",
          tables: ['users'],
          hasWhere: true,
        },
      ]),
    );
    assert.ok(f?.known, JSON.stringify(f));
    const v = f.value as SqlFact;
    assert.deepEqual(v.server, {
      host: '127.0.0.1',
      port: Number(url.port),
      database: url.pathname.slice(1),
      user: 'postgres',
    });
    const s = v.statements[0];
    assert.ok(s?.estimatedRows.known);
    // 180,000 rows have no role; the planner's estimate is close (statistics are sampled).
    assert.ok(Math.abs(s.estimatedRows.value - 180_000) < 10_000, `estimate ${s.estimatedRows.value}`);
    assert.deepEqual(s.tables, [{ name: 'users', estimatedRows: { known: true, value: 200_000 } }]);
    const after = await query("SELECT count(*)::int AS n FROM users WHERE role = 'viewer'");
    assert.equal(after.rows[0].n, 0, 'nothing was updated');
  });

  it('refuses a second statement riding along (extended protocol) and still changes nothing', async () => {
    const f = await run(
      probe([
        {
          statement: 'DELETE',
          text: 'DELETE FROM small; DROP TABLE small',
          tables: ['small'],
          hasWhere: false,
        },
      ]),
    );
    assert.ok(f?.known);
    const s = (f.value as SqlFact).statements[0];
    assert.equal(s?.estimatedRows.known, false);
    assert.match(
      s?.estimatedRows.known === false ? s.estimatedRows.why : '',
      /EXPLAIN failed: .*multiple commands/,
    );
    assert.deepEqual(s?.tables, [{ name: 'small', estimatedRows: { known: true, value: 3 } }]);
    assert.equal((await query('SELECT count(*)::int AS n FROM small')).rows[0].n, 3);
  });

  it('reports table sizes for TRUNCATE, and says when a table was never analyzed', async () => {
    const f = await run(
      probe([
        {
          statement: 'TRUNCATE',
          text: 'TRUNCATE users, never_analyzed',
          tables: ['users', 'never_analyzed'],
        },
      ]),
    );
    assert.ok(f?.known);
    const s = (f.value as SqlFact).statements[0];
    assert.deepEqual(s?.tables[0], { name: 'users', estimatedRows: { known: true, value: 200_000 } });
    assert.deepEqual(s?.tables[1]?.estimatedRows, {
      known: false,
      why: 'never analyzed or vacuumed: the planner has no size yet',
    });
    assert.equal((await query('SELECT count(*)::int AS n FROM users')).rows[0].n, 200_000);
  });

  it('connects with -h/-p/-d and PG* variables as psql would, and never reports a password', async () => {
    await query("CREATE ROLE probe_user LOGIN PASSWORD 'sekret-pw-123'; GRANT SELECT ON small TO probe_user");
    const target = {
      env: { PGPASSWORD: 'sekret-pw-123', PGUSER: 'probe_user' },
      host: '127.0.0.1',
      port: url.port,
      dbname: url.pathname.slice(1),
    };
    const f = await run(
      probe(
        [{ statement: 'DELETE', text: 'DELETE FROM small WHERE id = 1', tables: ['small'], hasWhere: true }],
        target,
      ),
      {},
    );
    assert.ok(f?.known, JSON.stringify(f));
    assert.equal((f.value as SqlFact).server.user, 'probe_user');
    assert.doesNotMatch(JSON.stringify(f), /sekret-pw-123/);
    const withUrl = `postgres://probe_user:sekret-pw-123@127.0.0.1:${silentPort}/app`;
    const failed = await run(
      probe([{ statement: 'DELETE', text: 'DELETE FROM small', tables: ['small'] }]),
      { DATABASE_URL: withUrl },
      300,
    );
    assert.doesNotMatch(JSON.stringify(failed), /sekret-pw-123/);
  });

  it('ends as "unknown: timed out" against a server that never answers, within the budget', async () => {
    const started = Date.now();
    const f = await run(
      probe([{ statement: 'UPDATE', text: 'UPDATE t SET x = 1', tables: ['t'] }], {
        env: {},
        host: '127.0.0.1',
        port: String(silentPort),
        dbname: 'app',
      }),
      {},
      300,
    );
    const took = Date.now() - started;
    assert.equal(f?.known, false);
    assert.match(f?.known === false ? f.why : '', /timed out|timeout/i);
    assert.ok(took < 1000, `took ${took} ms`);
  });
});
