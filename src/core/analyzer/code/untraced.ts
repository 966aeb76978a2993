/**
 * Calls on objects the reading cannot trace to a module (`boto3.client('s3').delete_bucket(…)`,
 * `redis.Redis().flushall()`, `db.cursor().execute('DROP TABLE t')`): client libraries of data
 * stores and clouds name their destroying methods after what they do, and database drivers take
 * SQL as the first argument of a handful of methods. Judged by the method's name and, for SQL,
 * by the SQL itself (parsed later with the PostgreSQL parser, as `psql -c` would be).
 */
import type { CodeLanguage } from './types.js';

/** Destroying methods of data-store, cloud and ORM clients (the name alone says it). */
const DESTROYING: Record<CodeLanguage, RegExp> = {
  // Python: `delete`, `delete_bucket`, `drop_all`, `flushall`, `terminate_instances`, `purge_queue`,
  // `truncate`; not the container methods `remove`, `pop`, `discard`, `clear`.
  python:
    /^(delete|drop|destroy|truncate|purge|flushall|flushdb|wipe|terminate|obliterate)(_[a-z0-9_]+)?$|^(delete_many|delete_one|drop_database|drop_collection|drop_table|remove_(bucket|object|objects|table|database|collection|user|item|all))$/,
  // JavaScript: the data-store verbs, not `delete` (Map, Headers, URLSearchParams) or `destroy`
  // (streams, sockets).
  // Ruby: ActiveRecord's and data-store clients' verbs, not Array#delete or Hash#delete.
  ruby: /^(delete_all|destroy_all|destroy_by|delete_by|destroy!?|drop_table|drop_database|truncate|purge|flushall|flushdb|delete_bucket|delete_objects|delete_object|terminate_instances)$/,
  // PHP: Eloquent's and data-store clients' verbs (`forceDelete`, `flushdb`, `deleteBucket`).
  php: /^(forceDelete|truncate|drop|dropDatabase|dropCollection|deleteMany|flushAll|flushall|flushDB|flushdb|deleteBucket|deleteObjects|purge|wipe)$/,
  javascript:
    /^(deleteMany|deleteOne|deleteObjects?|deleteBucket|deleteTable|deleteItem|deleteCollection|deleteDatabase|drop|dropDatabase|dropCollection|dropTable|dropSchema|truncate|purge|purgeQueue|flushall|flushAll|flushdb|flushDb|terminateInstances|emptyBucket)$/,
};

/** Methods of database drivers whose first argument is SQL. */
const SQL_METHODS: Record<CodeLanguage, ReadonlySet<string>> = {
  python: new Set(['execute', 'executemany', 'executescript', 'exec_driver_sql']),
  // `exec` is left out: RegExp.prototype.exec takes a string too.
  javascript: new Set(['query', 'execute', 'unsafe', 'raw']),
  // ActiveRecord's connection (`ActiveRecord::Base.connection.execute`), pg's `exec`, sequel's `run`.
  ruby: new Set(['execute', 'exec', 'exec_query', 'exec_params', 'run', 'query', 'select_all']),
  // PDO's and mysqli's methods taking SQL.
  php: new Set(['exec', 'query', 'prepare', 'multi_query', 'real_query', 'unprepared', 'statement']),
};

export function destroyingMethod(language: CodeLanguage, method: string): boolean {
  return DESTROYING[language].test(method);
}

export function sqlMethod(language: CodeLanguage, method: string): boolean {
  return SQL_METHODS[language].has(method);
}
