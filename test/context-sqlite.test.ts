/**
 * The SQLite probe (`sqlite3 FILE "…"`): the plan asks for it with the statement's own table and
 * WHERE, the agent counts those rows read-only in a real database file, and the context risk says
 * when the WHERE is not narrow. Nothing in the database changes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadAnalyzer, loadSqlParser } from '../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer, SqlEffect } from '../src/core/analyzer/types.js';
import type { SqlParser } from '../src/core/analyzer/contracts.js';
import { planProbes } from '../src/core/context/plan.js';
import { assessContext } from '../src/core/context/assess.js';
import { rowFilterOf } from '../src/core/analyzer/sql/rowFilter.js';
import { collectProbes } from '../src/agent/probes/collect.js';
import type { SqlFact, SqlProbe } from '../src/protocol/context.js';
import { tempDir } from './support/expacti.js';

let analyzer: CommandAnalyzer;
let parser: SqlParser;
const dir = tempDir('expacti-sqlite-probe-');
const file = join(dir.path, 'app.db');

before(async () => {
  analyzer = await loadAnalyzer();
  parser = await loadSqlParser();
  const db = new Database(file);
  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, role TEXT)');
  // 5,000 users: every 10th has a role; org = id % 50.
  db.exec(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO users SELECT i, i % 50, CASE WHEN i % 10 = 0 THEN 'admin' END FROM n",
  );
  db.close();
});
after(() => dir.remove());

const sqlProbe = (shell: string) =>
  planProbes(analyzer.analyze({ shell }), { protectedBranches: [] }).find(
    (p): p is SqlProbe => p.kind === 'sql',
  );

async function facts(shell: string): Promise<{ probe: SqlProbe; fact: SqlFact }> {
  const probe = sqlProbe(shell);
  assert.ok(probe, `a sql probe for ${shell}`);
  const got = await collectProbes([probe], { cwd: dir.path, env: {}, budgetMs: 2000 });
  const r = got.probes[0];
  assert.ok(r?.kind === 'sql' && r.fact.known, JSON.stringify(r));
  return { probe, fact: r.fact.value };
}

describe('rowFilterOf', () => {
  const filter = (statement: 'UPDATE' | 'DELETE', text: string) => rowFilterOf(parser, statement, text);

  it('cuts the table and the whole WHERE condition, parentheses and strings included', () => {
    assert.deepEqual(
      filter('UPDATE', "UPDATE users u SET role = 'x' WHERE (u.role IS NULL) AND org_id = 4"),
      {
        from: 'users u',
        where: '(u.role IS NULL) AND org_id = 4',
      },
    );
    assert.deepEqual(filter('DELETE', "DELETE FROM users WHERE note = 'a WHERE b' RETURNING id"), {
      from: 'users',
      where: "note = 'a WHERE b'",
    });
    assert.deepEqual(filter('DELETE', 'DELETE FROM users'), { from: 'users', where: null });
  });

  it('gives nothing for what it cannot count faithfully', () => {
    assert.equal(filter('UPDATE', 'UPDATE users SET role = r.role FROM roles r WHERE r.id = users.id'), null);
    assert.equal(filter('DELETE', 'DELETE FROM users USING orgs WHERE orgs.id = users.org_id'), null);
    assert.equal(filter('DELETE', 'DELETE FROM users WHERE CURRENT OF c'), null);
  });

  it('is attached by the analyzer to plain UPDATE and DELETE effects only', () => {
    const sql = (shell: string): SqlEffect[] => analyzer.analyze({ shell }).sql;
    assert.deepEqual(sql(`sqlite3 app.db "UPDATE users SET role='viewer' WHERE role IS NULL"`)[0]?.rows, {
      from: 'users',
      where: 'role IS NULL',
    });
    assert.equal(
      sql('sqlite3 app.db "WITH d AS (DELETE FROM users RETURNING id) SELECT 1"')[0]?.rows,
      undefined,
    );
  });
});

describe('the SQLite probe', () => {
  it('is planned for sqlite3 with the database file, and never for an in-memory database', () => {
    const probe = sqlProbe(`sqlite3 -cmd '.timeout 100' app.db "DELETE FROM users WHERE org_id = 3"`);
    assert.deepEqual(probe?.target, { engine: 'sqlite', file: 'app.db' });
    assert.deepEqual(probe?.statements[0]?.rows, { from: 'users', where: 'org_id = 3' });
    assert.equal(sqlProbe(`sqlite3 :memory: "DELETE FROM users"`), undefined);
    assert.equal(sqlProbe(`sqlite3 app.db "SELECT count(*) FROM users"`), undefined, 'a read is not probed');
  });

  it('counts the rows a broad UPDATE selects, and the context says its WHERE is not narrow', async () => {
    const shell = `sqlite3 app.db "UPDATE users SET role='viewer' WHERE role IS NULL"`;
    const { probe, fact } = await facts(shell);
    assert.equal(fact.engine, 'sqlite');
    assert.equal(fact.server.database, file);
    assert.deepEqual(fact.statements[0]?.estimatedRows, { known: true, value: 4500 });
    assert.deepEqual(fact.statements[0]?.tables, [
      { name: 'users', estimatedRows: { known: true, value: 5000 } },
    ]);
    const assessed = assessContext(
      [probe],
      [{ id: probe.id, kind: 'sql', fact: { known: true, value: fact } }],
      { protectedBranches: [], textTier: 'high' },
    );
    const messages = assessed.reasons.map((r) => `${r.code} ${r.tier}: ${r.message}`);
    assert.ok(
      messages.includes(
        `context.sql.rows medium: UPDATE estimated at 4,500 rows on sqlite ${file} (counted read-only)`,
      ),
      messages.join('\n'),
    );
    assert.ok(
      messages.includes(
        'context.sql.broad-where high: no narrow WHERE: it selects 4,500 of the 5,000 rows of users (90%)',
      ),
      messages.join('\n'),
    );
  });

  it('a narrow WHERE is counted without the broad-WHERE reason; the database is unchanged', async () => {
    const shell = `sqlite3 app.db "DELETE FROM users WHERE org_id = 3 AND role IS NULL"`;
    const { probe, fact } = await facts(shell);
    assert.deepEqual(fact.statements[0]?.estimatedRows, { known: true, value: 100 });
    const assessed = assessContext(
      [probe],
      [{ id: probe.id, kind: 'sql', fact: { known: true, value: fact } }],
      { protectedBranches: [], textTier: 'high' },
    );
    assert.deepEqual(
      assessed.reasons.map((r) => r.code),
      ['context.sql.rows'],
    );
    const db = new Database(file, { readonly: true });
    assert.equal((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n, 5000);
    db.close();
  });

  it('reports what it cannot know as unknown: a missing file, a condition that would write', async () => {
    const missing = sqlProbe(`sqlite3 nowhere.db "DELETE FROM users WHERE id = 1"`);
    assert.ok(missing);
    const got = await collectProbes([missing], { cwd: dir.path, env: {}, budgetMs: 2000 });
    assert.equal(got.probes[0]?.fact.known, false);
    assert.match(
      got.probes[0]?.fact.known === false ? got.probes[0].fact.why : '',
      /cannot open .*nowhere\.db read-only/,
    );

    // A WHERE smuggling a second statement is never run: one statement, read-only, or nothing.
    const probe: SqlProbe = {
      kind: 'sql',
      id: 'sql-1',
      target: { engine: 'sqlite', file: 'app.db' },
      statements: [
        {
          statement: 'DELETE',
          text: 'DELETE FROM users WHERE 1',
          tables: ['users'],
          rows: { from: 'users', where: '1); DELETE FROM users; SELECT (1' },
        },
      ],
    };
    const r = (await collectProbes([probe], { cwd: dir.path, env: {}, budgetMs: 2000 })).probes[0];
    assert.ok(r?.kind === 'sql' && r.fact.known);
    assert.equal(r.fact.value.statements[0]?.estimatedRows.known, false);
    const db = new Database(file, { readonly: true });
    assert.equal((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n, 5000);
    db.close();
  });
});
