/**
 * /healthz and /readyz on a real `expacti serve` over a real PostgreSQL: ready only while the
 * database answers and the change feed (LISTEN/NOTIFY) delivers — when the listener's connection
 * is lost and cannot come back, the replica says so (503) and logs why, and it is ready again on
 * its own once the database lets it reconnect. The feed's lag is measured and exported.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { eventually, startServer, tempDir, waitForText, type ServerHandle } from './support/expacti.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { postgresServerArgs } from './support/stores.js';
import { LISTENER_APPLICATION_NAME } from '../src/store/postgres/listener.js';
import { parsePrometheus, sampleValue } from './support/prometheus.js';

type Ready = {
  ready: boolean;
  checks: { database: { ok: boolean }; changeFeed: { ok: boolean; ms?: number } };
};

describe('expacti serve /healthz and /readyz on PostgreSQL', () => {
  const work = tempDir('expacti-ready-');
  let db: TestPostgres;
  let server: ServerHandle;
  let admin: pg.Client;
  let database: string;

  before(async () => {
    db = await startTestPostgres();
    database = new URL(db.url).pathname.slice(1);
    server = await startServer({ args: ['--database-url', db.url, ...postgresServerArgs(work.path)] });
    // ALTER DATABASE … ALLOW_CONNECTIONS needs a connection to another database.
    const maintenance = new URL(db.url);
    maintenance.pathname = '/postgres';
    admin = new pg.Client({ connectionString: maintenance.toString() });
    await admin.connect();
  });
  after(async () => {
    await admin?.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await server?.stop();
    await db?.stop();
    work.remove();
  });

  const ready = async (): Promise<{ status: number; body: Ready }> => {
    const res = await fetch(`${server.url}/readyz`);
    return { status: res.status, body: (await res.json()) as Ready };
  };

  it('is live, with its clock, and ready once the database answers and the feed delivers', async () => {
    const live = await fetch(`${server.url}/healthz`);
    assert.equal(live.status, 200);
    const { time } = (await live.json()) as { time: string };
    assert.ok(Math.abs(Date.parse(time) - Date.now()) < 5000);
    const r = await eventually(async () => {
      const x = await ready();
      return x.status === 200 ? x : undefined;
    });
    assert.equal(r.body.ready, true);
    assert.equal(r.body.checks.database.ok, true);
    assert.equal(r.body.checks.changeFeed.ok, true);
  });

  it('exports the change feed as up, with the lag of a probe through LISTEN/NOTIFY', async () => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${server.secrets.adminToken}` },
    });
    const m = parsePrometheus(await res.text());
    assert.equal(sampleValue(m, 'expacti_change_feed_up'), 1);
    const lag = sampleValue(m, 'expacti_change_feed_lag_seconds') ?? -1;
    assert.ok(lag > 0 && lag < 2, `feed lag ${lag} s`);
    assert.equal(sampleValue(m, 'expacti_build_info', { store: 'postgres' }), 1);
    assert.ok(
      (sampleValue(m, 'expacti_change_feed_resyncs_total') ?? 0) >= 1,
      'the first LISTEN is a resync',
    );
  });

  it('is not ready (503) while the change feed cannot listen, says why in the log, and recovers on its own', async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2`,
      [LISTENER_APPLICATION_NAME, database],
    );
    const down = await eventually(async () => {
      const x = await ready();
      return x.status === 503 ? x : undefined;
    });
    assert.equal(down.body.ready, false);
    assert.equal(down.body.checks.changeFeed.ok, false);
    assert.doesNotMatch(JSON.stringify(down.body), /LISTEN|connection|ECONN/, 'no reasons for whoever asks');
    await waitForText(server.output, /"changeFeed":"[^"]+".*"msg":"not ready"/);
    const m = parsePrometheus(
      await (
        await fetch(`${server.url}/metrics`, {
          headers: { authorization: `Bearer ${server.secrets.adminToken}` },
        })
      ).text(),
    );
    assert.equal(sampleValue(m, 'expacti_change_feed_up'), 0);
    assert.ok(
      Number.isNaN(sampleValue(m, 'expacti_change_feed_lag_seconds')),
      'the lag is unknown (NaN) while down',
    );

    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    const back = await eventually(async () => {
      const x = await ready();
      return x.status === 200 ? x : undefined;
    }, 20_000);
    assert.equal(back.body.checks.changeFeed.ok, true);
    await waitForText(server.output, /"msg":"ready: the database answers and the change feed delivers"/);
  });

  it('is not ready while the database does not answer', async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      database,
    ]);
    const down = await eventually(async () => {
      const x = await ready();
      return x.status === 503 && !x.body.checks.database.ok ? x : undefined;
    });
    assert.equal(down.body.ready, false);
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await eventually(async () => ((await ready()).status === 200 ? true : undefined), 20_000);
  });
});
