/**
 * Client calls that wipe or rewrite a whole data store, read by method name on objects the
 * reading cannot trace (untraced.ts): each becomes the command with the same effect, which the
 * risk table judges (`r.flushall()` is `redis-cli FLUSHALL`, `Base.metadata.drop_all(engine)`
 * drops every table, `df.to_sql(t, url, if_exists='replace')` drops and recreates `t`).
 */
import type { Value } from './types.js';
import { dynamicWord, staticWord } from './types.js';
import type { Word } from '../types.js';

export interface StoreCall {
  method: string;
  args: Value[];
  options: Map<string, Value>;
  /** The receiver as written (`boto3.resource('s3').Bucket('b').objects.all()`). */
  receiver: string;
  /** The call as written, for unknown words. */
  text: string;
}

const psql = (sql: string): Word[] => [staticWord('psql'), staticWord('-c'), staticWord(sql)];

/** A literal string argument usable as an SQL name; null when it is not one. */
function name(v: Value | undefined): string | null {
  return v?.kind === 'str' && v.word.dynamic.length === 0 && /^[A-Za-z_][\w.]*$/.test(v.word.value)
    ? v.word.value
    : null;
}

const isEmptyDict = (v: Value | undefined) => v?.kind === 'dict' && v.entries.size === 0;

/** The command a store-wide call amounts to; null when the call is not one. */
export function storeCallCommand(c: StoreCall): Word[] | null {
  switch (c.method) {
    case 'flushall':
    case 'flushdb':
      return [staticWord('redis-cli'), staticWord(c.method.toUpperCase())];
    case 'drop_database':
      return psql(`DROP DATABASE ${name(c.args[0]) ?? 'db'}`);
    case 'drop_collection':
      return psql(`DROP TABLE ${name(c.args[0]) ?? 'a_collection'}`);
    case 'drop_all':
      // SQLAlchemy's MetaData.drop_all: every table the metadata lists.
      return psql('DROP TABLE every_table_of_the_metadata');
    case 'to_sql': {
      // pandas: if_exists='replace' drops the table first; otherwise rows are added.
      const table = name(c.args[0]) ?? 'a_table';
      const mode = c.options.get('if_exists');
      return mode?.kind === 'str' && mode.word.value === 'replace'
        ? psql(`DROP TABLE ${table}`)
        : psql(`INSERT INTO ${table} VALUES (1)`);
    }
    case 'delete_many':
      // A filter that matches every document.
      return isEmptyDict(c.args[0]) ? psql('DELETE FROM a_collection') : null;
    case 'delete': {
      // boto3: Bucket(B).objects.all().delete() deletes every object of the bucket.
      const m = /\.Bucket\(\s*(['"])([\w.-]+)\1\s*\)\.objects\.all\(\)$/.exec(c.receiver);
      return m
        ? [
            staticWord('aws'),
            staticWord('s3'),
            staticWord('rm'),
            staticWord(`s3://${m[2]}`),
            staticWord('--recursive'),
          ]
        : null;
    }
    case 'exec_command': {
      // paramiko's SSHClient.exec_command(CMD): CMD runs on the connected host.
      const cmd = c.args[0];
      if (cmd?.kind !== 'str') return null;
      return [staticWord('ssh'), dynamicWord('the connected host'), cmd.word];
    }
    default:
      return null;
  }
}

/**
 * The same for any language's client, by the method name alone (`flushAll`, `flushdb`,
 * `dropDatabase`): the calls that need no argument to say they wipe the whole store.
 */
export function wipeCommand(method: string): Word[] | null {
  const m = method.replace(/_/g, '').toLowerCase();
  if (m === 'flushall' || m === 'flushdb') return [staticWord('redis-cli'), staticWord(m.toUpperCase())];
  if (m === 'dropdatabase') return psql('DROP DATABASE db');
  if (m === 'dropcollection') return psql('DROP TABLE a_collection');
  return null;
}
