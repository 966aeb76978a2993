import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadAnalyzer, loadSqlParser } from '../../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer, SqlEffect } from '../../src/core/analyzer/types.js';
import type { SqlParser } from '../../src/core/analyzer/contracts.js';
import { effectsOf } from '../../src/core/analyzer/sql/effects.js';

describe('sqlEffects', () => {
  let analyzer: CommandAnalyzer;
  let parser: SqlParser;
  const sql = (shell: string): SqlEffect[] => analyzer.analyze({ shell }).sql;
  const text = (t: string, dialect: 'postgres' | 'mysql' | 'sqlite' = 'postgres') =>
    effectsOf(parser, { command: 0, text: t, dialect, via: '-c' });

  before(async () => {
    analyzer = await loadAnalyzer();
    parser = await loadSqlParser();
  });

  it('finds SQL in psql -c, mysql -e, sqlite3 arguments, heredocs, here-strings and echoed stdin', () => {
    assert.equal(sql('psql -c "DELETE FROM t"')[0]?.statement, 'DELETE');
    assert.equal(sql('psql --command="DELETE FROM t"')[0]?.statement, 'DELETE');
    assert.equal(sql("mysql app -e 'DELETE FROM t'")[0]?.statement, 'DELETE');
    assert.equal(sql('sqlite3 app.db "DELETE FROM t"')[0]?.statement, 'DELETE');
    assert.equal(sql('psql app <<EOF\nDELETE FROM t;\nEOF')[0]?.statement, 'DELETE');
    assert.equal(sql('psql <<<"DELETE FROM t"')[0]?.statement, 'DELETE');
    assert.equal(sql("echo 'DELETE FROM t' | psql")[0]?.statement, 'DELETE');
    assert.equal(sql("printf 'DELETE FROM t;' | psql app")[0]?.statement, 'DELETE');
    assert.deepEqual(sql('psql -h db -U app'), []);
    assert.deepEqual(sql('echo "DELETE FROM t"'), []);
  });

  it('tells UPDATE/DELETE with a WHERE clause from one without, and names the table', () => {
    const [none] = text('UPDATE users SET admin = true');
    assert.equal(none?.hasWhere, false);
    assert.deepEqual(none?.tables, ['users']);
    assert.equal(none?.summary, 'UPDATE on users with no WHERE clause');
    const [bounded] = text('DELETE FROM app.sessions WHERE id = 5');
    assert.equal(bounded?.hasWhere, true);
    assert.deepEqual(bounded?.tables, ['app.sessions']);
  });

  it('sees a WHERE clause that was commented out as no WHERE clause', () => {
    const [e] = text('UPDATE users SET admin = true -- WHERE id = 5');
    assert.equal(e?.hasWhere, false);
    assert.ok(e?.notes.includes('where-commented-out'));
    assert.match(e?.summary ?? '', /commented out/);
  });

  it('knows EXPLAIN ANALYZE executes its statement and plain EXPLAIN does not', () => {
    const [analyzed] = text('EXPLAIN ANALYZE DELETE FROM t');
    assert.equal(analyzed?.statement, 'DELETE');
    assert.ok(analyzed?.notes.includes('explain-analyze'));
    assert.equal(analyzed?.readOnly, false);
    const [plain] = text('EXPLAIN DELETE FROM t');
    assert.equal(plain?.statement, 'EXPLAIN');
    assert.equal(plain?.readOnly, true);
  });

  it('finds data-modifying CTEs inside a SELECT', () => {
    const effects = text('WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d');
    assert.deepEqual(
      effects.map((e) => [e.statement, e.hasWhere, e.notes.includes('data-modifying-cte')]),
      [['DELETE', false, true]],
    );
  });

  it('reports every statement of a multi-statement string', () => {
    const effects = text('SELECT 1; DROP TABLE users; TRUNCATE orders, items');
    assert.deepEqual(
      effects.map((e) => e.statement),
      ['SELECT', 'DROP TABLE', 'TRUNCATE'],
    );
    assert.deepEqual(effects[2]?.tables, ['orders', 'items']);
    assert.equal(effects[1]?.text, 'DROP TABLE users');
  });

  it('classifies DROP DATABASE, ALTER (dropping a column), GRANT, COPY TO PROGRAM and side-effect functions', () => {
    assert.equal(text('DROP DATABASE prod')[0]?.summary, 'DROP DATABASE prod');
    assert.ok(text('ALTER TABLE t DROP COLUMN c')[0]?.notes.includes('drop-column'));
    assert.equal(text('GRANT ALL ON t TO bob')[0]?.statement, 'GRANT');
    assert.ok(text("COPY t TO PROGRAM 'x'")[0]?.notes.includes('program'));
    const [f] = text('SELECT pg_terminate_backend(42)');
    assert.equal(f?.readOnly, false);
    assert.ok(f?.notes.includes('side-effect-function'));
  });

  it('marks read-only statements read-only', () => {
    for (const t of [
      'SELECT * FROM users WHERE id = 1',
      'SHOW search_path',
      'BEGIN',
      'EXPLAIN SELECT 1',
      'SET statement_timeout = 1000',
    ]) {
      assert.ok(
        text(t).every((e) => e.readOnly),
        t,
      );
    }
  });

  it('turns SQL that does not parse into an UNKNOWN effect, not an exception', () => {
    const [e] = text('DELETE FORM users');
    assert.equal(e?.statement, 'UNKNOWN');
    assert.equal(e?.readOnly, false);
    assert.match(e?.summary ?? '', /could not be parsed/);
  });

  it('reads MySQL spellings: backquoted names and SHOW/DESCRIBE', () => {
    assert.equal(text('DELETE FROM `users`', 'mysql')[0]?.statement, 'DELETE');
    assert.equal(text('DESCRIBE users', 'mysql')[0]?.readOnly, true);
  });

  it('understands psql and sqlite client commands', () => {
    assert.equal(text('\\dt')[0]?.readOnly, true);
    assert.deepEqual(text('\\! rm -rf ~')[0]?.notes, ['shell-escape']);
    assert.ok(text('\\i drop.sql')[0]?.notes.includes('include-file'));
    assert.equal(text('.tables', 'sqlite')[0]?.readOnly, true);
    assert.deepEqual(text('.shell rm x', 'sqlite')[0]?.notes, ['shell-escape']);
  });

  it('is what the risk rules read: no WHERE critical, WHERE high, SELECT safe', () => {
    const tier = (shell: string) => analyzer.analyze({ shell }).risk.tier;
    assert.equal(tier('psql -c "DELETE FROM users"'), 'critical');
    assert.equal(tier('psql -c "DELETE FROM users WHERE id = 5"'), 'high');
    assert.equal(tier('psql -c "SELECT * FROM users"'), 'safe');
    assert.equal(tier('psql -c "DROP DATABASE prod"'), 'critical');
    assert.equal(tier('psql -c "SELEC 1"'), 'medium');
  });

  it('reads SQL the parser rejects by its keywords, never as harmless', () => {
    const tier = (shell: string) => analyzer.analyze({ shell }).risk.tier;
    // Other dialects: MySQL intervals, CQL keyspaces, a typo the lexer still reads.
    assert.equal(tier('mysql -e "DELETE FROM logs WHERE ts < NOW() - INTERVAL 30 DAY" app'), 'high');
    assert.equal(tier('mysql -e "DELETE FROM logs ORDER BY id LIMIT 10 LOCK IN SHARE MODE"'), 'critical');
    assert.equal(tier('cqlsh -e "DROP KEYSPACE app"'), 'critical');
    assert.equal(tier('cqlsh -e "TRUNCATE TABLE ks.events USING TIMEOUT 10s"'), 'critical');
    assert.equal(tier('psql -c "DELETE FORM users"'), 'critical');
    assert.equal(tier('cqlsh -e "ALTER KEYSPACE app WITH durable_writes = false AND x"'), 'high');
    // A WHERE inside a comment is no WHERE; keywords of a later statement count.
    assert.equal(tier('mysql -e "SHOW TABLES; DELETE FROM t /* WHERE id = 1 */ LIMIT 5 x"'), 'critical');
    assert.equal(tier("cqlsh -e 'SELECT * FROM ks.t LIMIT 2 ALLOW FILTERING'"), 'medium');
    const unparsed = text('DROP KEYSPACE app')[0];
    assert.equal(unparsed?.statement, 'UNKNOWN');
    assert.ok(unparsed?.notes.includes('lexed-destroys'));
    assert.match(unparsed?.summary ?? '', /keywords read DROP/);
  });

  it('judges a WHERE clause that holds for every row as no WHERE clause, however it is spelled', () => {
    const tier = (shell: string) => analyzer.analyze({ shell }).risk.tier;
    for (const where of [
      '1=1',
      'true',
      "'a' = 'a'",
      'NOT false',
      '1 = 1 OR id = 3',
      'id = id',
      '2 > 1',
      "'1' = 1",
    ])
      assert.equal(tier(`psql -c "DELETE FROM users WHERE ${where}"`), 'critical', where);
    assert.equal(tier("mysql -e 'UPDATE accounts SET balance = 0 WHERE 1' bank"), 'critical');
    assert.equal(tier("bq query --nouse_legacy_sql 'DELETE FROM analytics.events WHERE true'"), 'critical');
    // Conditions that depend on the row, or hold for none, stay bounded.
    for (const where of ['id = 3 AND 1 = 1', '1 = 0', 'a = b', 'id > 0', 'NOT (id = 1)', 'x = NULL'])
      assert.equal(tier(`psql -c "DELETE FROM users WHERE ${where}"`), 'high', where);
    const [all] = text('UPDATE users SET admin = true WHERE 1 = 1');
    assert.equal(all?.hasWhere, false);
    assert.equal(all?.summary, 'UPDATE on users with a WHERE clause that holds for every row');
    // The lexer reads the same for SQL the parser rejects: ClickHouse mutations, a CQL `WHERE 1=1`.
    assert.equal(tier("clickhouse-client -q 'ALTER TABLE events DELETE WHERE 1=1'"), 'critical');
    assert.equal(tier("clickhouse-client -q 'ALTER TABLE events UPDATE x = 1 WHERE 1'"), 'critical');
    assert.equal(
      tier("clickhouse-client -q 'ALTER TABLE events DELETE WHERE ts < now() - INTERVAL 30 DAY'"),
      'high',
    );
    assert.equal(tier("clickhouse-client -q 'ALTER TABLE events DROP PARTITION 202401'"), 'critical');
    assert.equal(tier("clickhouse-client -q 'ALTER TABLE events ADD COLUMN x UInt8'"), 'high');
  });

  it('reads the SQL of warehouse and other-dialect clients: sqlcmd, snowsql, bq, trino, beeline, impala', () => {
    const tier = (shell: string) => analyzer.analyze({ shell }).risk.tier;
    assert.equal(tier('sqlcmd -S prod-sql -Q "DROP TABLE dbo.Customers"'), 'critical');
    assert.equal(tier('snowsql -a acct -q "DROP SCHEMA raw CASCADE"'), 'critical');
    assert.equal(tier("bq query --use_legacy_sql=false 'SELECT COUNT(*) FROM analytics.events'"), 'safe');
    assert.equal(tier("trino --server prod:8080 --execute 'DELETE FROM hive.web.clicks'"), 'critical');
    assert.equal(tier('beeline -u jdbc:hive2://h:10000 -e "TRUNCATE TABLE logs"'), 'critical');
    assert.equal(tier("impala-shell -i h -q 'DELETE FROM t WHERE id = 5'"), 'high');
    assert.equal(tier('sqlcmd -S prod-sql -i cleanup.sql'), 'high');
    // bq's other subcommands are not SQL sessions; -f is its force flag, not a file.
    assert.equal(tier('bq rm -f -t proj:analytics.tmp'), 'high');
    assert.equal(tier('bq ls proj:analytics'), 'safe');
  });
});
