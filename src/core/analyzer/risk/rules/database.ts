/** Database clients: SQL graded by its parsed effect (sql/), Redis and MongoDB by their commands. */
import type { RiskRule } from '../rule.js';
import { not, path, re, substituted } from '../dsl.js';
import { SQL_CLIENTS as SQL_CLIENT_TABLE } from '../../sql/extract.js';

/** Every client whose SQL sql/extract.ts reads (a read-only effect exists only where SQL was found). */
const SQL_CLIENTS = Object.keys(SQL_CLIENT_TABLE);
/** Programs that are database sessions as a whole (not `wrangler` or `bq`, whose SQL is one subcommand). */
const SESSION_CLIENTS = Object.entries(SQL_CLIENT_TABLE)
  .filter(([, client]) => client.sub === undefined)
  .map(([name]) => name);
const DB_CLIENTS = [...SESSION_CLIENTS, 'redis-cli', 'valkey-cli', 'mongosh', 'mongo'];

export const databaseRules: RiskRule[] = [
  {
    id: 'sql.computed-text',
    category: 'database',
    tier: 'high',
    reason:
      'Runs SQL that a substitution computes when the command runs (decoded, fetched or built): what it does is not known before',
    match: {
      program: SQL_CLIENTS,
      flagValue: { flags: ['-c', '--command', '-e', '--execute', '-q', '--query'], test: substituted },
    },
    examples: [
      'psql -c "$(echo RFJPUCBEQVRBQkFTRSBhcHA= | base64 -d)"',
      'mysql -e "$(curl -s https://x.example/q.sql)"',
    ],
    counterExamples: ['psql -c "SELECT 1"', 'psql -c "SELECT * FROM t WHERE id = $ID"'],
  },
  {
    id: 'sql.read-only',
    category: 'database',
    tier: 'safe',
    reason: 'Runs read-only SQL',
    match: { program: SQL_CLIENTS, sql: { readOnly: true }, noneOf: [{ sql: { readOnly: false } }] },
    examples: [
      'psql -c "SELECT count(*) FROM users"',
      'sqlite3 app.db "SELECT * FROM t LIMIT 5"',
      'psql -c "EXPLAIN DELETE FROM t"',
      "psql -c '\\dt'",
    ],
    counterExamples: ['psql -c "DELETE FROM t"'],
  },
  {
    id: 'sql.write',
    category: 'database',
    scope: 'program',
    tier: 'medium',
    reason: 'Adds data or schema objects (INSERT, CREATE, COPY FROM)',
    match: {
      sql: {
        statements: [
          'INSERT',
          'CREATE',
          'COPY',
          'SELECT INTO',
          'COMMENT',
          'REFRESH',
          'VACUUM',
          'ANALYZE',
          'REINDEX',
          'CLUSTER',
          'LOCK',
          'LISTEN',
          'NOTIFY',
          'PREPARE',
          'DISCARD',
          'RESET',
          'LOAD',
          'SECURITY LABEL',
          'IMPORT FOREIGN SCHEMA',
          'OTHER',
        ],
      },
    },
    examples: ['psql -c "INSERT INTO t (a) VALUES (1)"', 'psql -c "CREATE TABLE t (id int)"'],
    counterExamples: ['psql -c "SELECT 1"'],
  },
  {
    id: 'sql.unparsed',
    category: 'database',
    scope: 'program',
    tier: 'medium',
    reason: 'SQL that could not be parsed: its effect is unknown',
    match: { sql: { statements: ['UNKNOWN'] } },
    examples: ['psql -c "DELETE FORM t"', "mysql -e 'SELEC 1'"],
    counterExamples: ['psql -c "SELECT 1"'],
  },
  {
    id: 'sql.bounded-change',
    category: 'database',
    scope: 'program',
    tier: 'high',
    reason: 'Changes or deletes rows selected by a WHERE clause, or changes schema, roles or grants',
    match: {
      anyOf: [
        { sql: { statements: ['UPDATE', 'DELETE'], hasWhere: true } },
        {
          sql: {
            statements: [
              'MERGE',
              'ALTER',
              'GRANT',
              'REVOKE',
              'DROP',
              'CALL',
              'DO',
              'CREATE FUNCTION',
              'CREATE ROLE',
              'ALTER ROLE',
              'DROP ROLE',
              'REASSIGN OWNED',
              'ALTER SYSTEM',
              'CREATE EXTENSION',
            ],
          },
        },
        { sql: { note: 'side-effect-function' } },
        { sql: { note: 'include-file' } },
        { sql: { note: 'shell-escape' } },
        { sql: { statements: ['UNKNOWN'], note: 'lexed-changes' } },
      ],
    },
    examples: [
      'psql -c "UPDATE users SET name = \'x\' WHERE id = 5"',
      'psql -c "DELETE FROM sessions WHERE expires < now()"',
      'psql -c "ALTER TABLE t ADD COLUMN c int"',
      'psql -c "SELECT pg_terminate_backend(123)"',
      'mysql -e "DELETE FROM logs WHERE created_at < NOW() - INTERVAL 30 DAY" app',
    ],
    counterExamples: ['psql -c "SELECT 1"', 'psql -c "INSERT INTO t VALUES (1)"'],
  },
  {
    id: 'sql.unbounded-change',
    category: 'database',
    scope: 'program',
    tier: 'critical',
    reason: 'Changes or deletes every row of a table (no WHERE clause), or drops or truncates data',
    match: {
      anyOf: [
        { sql: { statements: ['UPDATE', 'DELETE'], hasWhere: false } },
        { sql: { statements: ['DROP DATABASE', 'DROP TABLE', 'DROP SCHEMA', 'TRUNCATE', 'DROP OWNED'] } },
        { sql: { note: 'drop-column' } },
        { sql: { note: 'program' } },
        { sql: { statements: ['UNKNOWN'], note: 'lexed-destroys' } },
      ],
    },
    examples: [
      'psql -c "DELETE FROM users"',
      'psql -c "UPDATE users SET admin = true -- WHERE id = 5"',
      'psql -c "DROP DATABASE prod"',
      'psql -c "TRUNCATE orders"',
      'echo "DELETE FROM t" | psql',
      'mysql -e "DROP TABLE users"',
      'psql -c "EXPLAIN ANALYZE DELETE FROM t"',
      'cqlsh -e "DROP KEYSPACE app"',
      "mysql -e 'DELETE FROM logs LIMIT 10 ORDER BY id DESC LOCK IN SHARE MODE'",
      'psql -c "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d"',
    ],
    counterExamples: ['psql -c "DELETE FROM t WHERE id = 1"', 'psql -c "EXPLAIN DELETE FROM t"'],
    weight: 18,
  },
  {
    id: 'db.session',
    category: 'database',
    tier: 'medium',
    reason: 'Opens a database session; the statements it will run are not visible here',
    match: {
      program: DB_CLIENTS,
      noneOf: [
        { sql: {} },
        { stdin: re(/\S/) },
        { anyFlag: ['--eval', '-f', '--file'] },
        { redirect: { read: true } },
      ],
      maxOperands: 2,
    },
    examples: [
      'psql -h db.internal -U app',
      'mysql -u root',
      'sqlite3 app.db',
      'redis-cli',
      'mongosh mongodb://localhost',
    ],
    counterExamples: ['psql -c "SELECT 1"', 'redis-cli GET k'],
    unless: ['db.redis-read', 'db.redis-write', 'db.redis-config', 'db.redis-wipe'],
  },
  {
    id: 'db.script-file',
    category: 'database',
    tier: 'high',
    reason: 'Runs statements from a file that is not shown here',
    match: {
      program: DB_CLIENTS,
      anyOf: [
        { anyFlag: ['-f', '--file'], noneOf: [{ program: ['mysql', 'mariadb'] }] },
        { program: ['sqlcmd'], anyFlag: ['-i'] },
        { redirect: { read: true, target: not(path('null-device')) } },
        { program: ['sqlite3', 'sqlite', 'duckdb'], operand: re(/^\.(read|import|restore)\b/) },
      ],
    },
    examples: ['psql -f migrate.sql', 'mysql app < dump.sql', 'psql prod < drop.sql'],
    counterExamples: ['psql -c "SELECT 1"'],
  },
];
