/**
 * Runtime context end to end: a real server, real `expacti run` agents collecting real facts
 * (symlinked paths, a 2,000,000-row table in a real PostgreSQL, a git remote), and `expacti show`
 * presenting the fact that makes each command dangerous; a context-bound whitelist entry that
 * passes in the same context and goes back to a reviewer, marked, when the context changed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { EXIT } from '../src/protocol/exitCodes.js';
import type { RequestView } from '../src/protocol/api.js';
import {
  agentEnv,
  reviewerEnv,
  runCli,
  spawnCli,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';

const WAITING = /request ([0-9a-f-]{36})/;
// Generous for a loaded CI machine; the default (300 ms) is covered by the probe tests.
const PROBE_ENV = { EXPACTI_PROBE_BUDGET_MS: '5000', EXPACTI_SESSION: 'ctx-e2e' };

describe('runtime context through expacti run and expacti show', () => {
  let server: ServerHandle;
  let db: TestPostgres;
  const work = tempDir('expacti-ctx-e2e-');
  const project = join(work.path, 'project');
  const prod = join(work.path, 'mnt', 'prod-storage');

  const show = async (id: string) => {
    const r = await runCli(['show', id], { env: reviewerEnv(server) });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const showJson = async (id: string) =>
    JSON.parse((await runCli(['show', id, '--json'], { env: reviewerEnv(server) })).stdout) as RequestView;
  const deny = async (id: string) =>
    assert.equal((await runCli(['deny', id, '--note', 'no'], { env: reviewerEnv(server) })).code, 0);

  before(async () => {
    [server, db] = await Promise.all([startServer(), startTestPostgres()]);
    mkdirSync(join(project, '.git'), { recursive: true });
    for (const b of ['build-1', 'build-2']) {
      mkdirSync(join(prod, b), { recursive: true });
      writeFileSync(join(prod, b, 'data.bin'), 'precious');
    }
    symlinkSync(prod, join(project, 'tmp'));
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('CREATE TABLE users (id bigserial PRIMARY KEY, role text)');
    await c.query('INSERT INTO users (role) SELECT NULL FROM generate_series(1, 2000000)');
    await c.query('ANALYZE users');
    await c.end();
  });
  after(async () => {
    await Promise.all([server?.stop(), db?.stop()]);
    work.remove();
  });

  it('shows the symlink hop of rm -rf tmp/build-* into production storage', async () => {
    const agent = spawnCli(['run', '-c', 'rm -rf tmp/build-*'], {
      cwd: project,
      env: agentEnv(server, PROBE_ENV),
    });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING, 20_000);
    const out = await show(id as string);
    assert.match(out, new RegExp(`${join(project, 'tmp', 'build-1')} → ${join(prod, 'build-1')}`));
    assert.match(out, new RegExp(`symlinks: ${join(project, 'tmp')} → ${prod}`));
    assert.match(out, /outside the working directory, the git repository/);
    assert.match(out, /risk\s+HIGH/);
    assert.match(out, /\[context\.fs\.symlink\]/);
    await deny(id as string);
    assert.equal((await agent.result).code, EXIT.denied);
    assert.deepEqual(readdirSync(prod).sort(), ['build-1', 'build-2'], 'nothing was deleted');
  });

  it('shows the 2,000,000-row estimate and the database server of an UPDATE, as critical', async () => {
    const sql = "UPDATE users SET role = 'viewer' WHERE role IS NULL";
    const agent = spawnCli(['run', '-c', `psql "$DATABASE_URL" -c "${sql}"`], {
      cwd: project,
      env: agentEnv(server, { ...PROBE_ENV, DATABASE_URL: db.url }),
    });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING, 20_000);
    const out = await show(id as string);
    const dbName = new URL(db.url).pathname.slice(1);
    assert.match(out, /risk\s+CRITICAL/);
    assert.match(out, /UPDATE: estimated (2,000,000|1,99\d,\d{3}|2,00\d,\d{3}) rows/);
    assert.match(
      out,
      /\[context\.sql\.rows\] UPDATE estimated at (2,000,000|1,99\d,\d{3}|2,00\d,\d{3}) rows/,
    );
    assert.match(out, new RegExp(`server 127\\.0\\.0\\.1:\\d+, database ${dbName}`));
    assert.doesNotMatch(
      JSON.stringify(await showJson(id as string)),
      /postgres:\/\/[^"]*:[^"]*@/,
      'no connection string with a password is stored',
    );
    await deny(id as string);
    assert.equal((await agent.result).code, EXIT.denied);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    assert.equal(
      (await c.query("SELECT count(*)::int AS n FROM users WHERE role = 'viewer'")).rows[0].n,
      0,
      'nothing was updated',
    );
    await c.end();
  });

  it('shows the remote commits a force push to main would discard', async () => {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
      HOME: work.path,
    };
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });
    const remote = join(work.path, 'remote.git');
    const mine = join(work.path, 'mine');
    const theirs = join(work.path, 'theirs');
    git(work.path, 'init', '-q', '--bare', '-b', 'main', remote);
    git(work.path, 'clone', '-q', `file://${remote}`, mine);
    git(mine, 'checkout', '-q', '-b', 'main');
    git(mine, 'commit', '-q', '--allow-empty', '-m', 'first');
    git(mine, 'push', '-q', '-u', 'origin', 'main');
    git(work.path, 'clone', '-q', `file://${remote}`, theirs);
    git(theirs, 'commit', '-q', '--allow-empty', '-m', 'colleague hotfix');
    git(theirs, 'push', '-q', 'origin', 'main');
    git(mine, 'fetch', '-q');
    git(mine, 'commit', '-q', '--allow-empty', '-m', 'mine');

    const agent = spawnCli(['run', '--', 'git', 'push', '--force', 'origin', 'main'], {
      cwd: mine,
      env: agentEnv(server, { ...PROBE_ENV, HOME: work.path }),
    });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING, 20_000);
    const out = await show(id as string);
    assert.match(out, /FORCE push main → origin\/main \(PROTECTED branch\)/);
    assert.match(
      out,
      /would DISCARD 1 commit on origin\/main \(as of the last fetch\):\n\s+\w+ colleague hotfix/,
    );
    await deny(id as string);
    await agent.result;
    assert.match(git(remote, 'log', '--format=%s', '-1', 'main'), /colleague hotfix/);
  });

  it('shows the earlier commands of the session with decisions and exit codes', async () => {
    const agent = spawnCli(['run', '--', 'echo', 'timeline'], {
      cwd: project,
      env: agentEnv(server, PROBE_ENV),
    });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING, 20_000);
    const out = await show(id as string);
    assert.match(out, /session\s+\d+ earlier commands?/);
    assert.match(out, /denied by admin\s+rm -rf 'tmp\/build-\*'|denied by admin\s+rm -rf tmp\/build-\*/);
    await deny(id as string);
    await agent.result;
  });

  it('passes a context-bound entry in the same context and re-asks, marked, when the context changed', async () => {
    const out = join(project, 'out');
    const makeBuild = () => {
      mkdirSync(join(out, 'build-1'), { recursive: true });
      writeFileSync(join(out, 'build-1', 'x'), 'x');
    };
    makeBuild();
    const cmd = ['run', '-c', 'rm -rf out/build-*'];
    const env = agentEnv(server, PROBE_ENV);

    const first = spawnCli(cmd, { cwd: project, env });
    const [, id] = await waitForText(first.stderrSoFar, WAITING, 20_000);
    assert.equal(
      (await runCli(['approve', id as string, '--whitelist'], { env: reviewerEnv(server) })).code,
      0,
    );
    assert.equal((await first.result).code, 0);
    assert.equal(existsSync(join(out, 'build-1')), false);

    const list = JSON.parse(
      (await runCli(['whitelist', 'list', '--json'], { env: reviewerEnv(server) })).stdout,
    ) as Array<{ createdFromRequest: string; boundTo?: Array<{ label: string; value: string }> }>;
    assert.deepEqual(list.find((e) => e.createdFromRequest === id)?.boundTo, [
      { label: 'rm -r out/build-* resolves to', value: out },
    ]);

    // Same context: allowed by the entry after the context check, no reviewer.
    makeBuild();
    const same = await runCli(cmd, { cwd: project, env, timeoutMs: 30_000 });
    assert.equal(same.code, 0, same.stderr);
    assert.doesNotMatch(same.stderr, /waiting for a reviewer/);
    assert.equal(existsSync(join(out, 'build-1')), false);

    // Changed context: `out` is now a symlink to production storage.
    renameSync(out, join(work.path, 'old-out'));
    symlinkSync(prod, out);
    const changed = spawnCli(cmd, { cwd: project, env });
    const [, id2] = await waitForText(changed.stderrSoFar, WAITING, 20_000);
    const shown = await show(id2 as string);
    assert.match(shown, /CONTEXT CHANGED since the whitelist entry/);
    assert.match(shown, new RegExp(`rm -r out/build-\\* resolves to: approved ${out}, now ${prod}`));
    await deny(id2 as string);
    assert.equal((await changed.result).code, EXIT.denied);
    assert.deepEqual(readdirSync(prod).sort(), ['build-1', 'build-2'], 'production storage untouched');
  });
});
