/** The SQLite adapter for ops/: drives an operation synchronously on prepared statements. */
import { sealAndInsert } from '../ops/audit.js';
import { sqlFor, type Op, type Row, type StepResult } from '../ops/statement.js';
import type { Statements } from './database.js';
import { assertStorable } from '../storableText.js';
import type { ChainKey } from '../../core/audit/index.js';

const bind = (value: unknown): unknown => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
const NO_RECORDS: never[] = [];

/** `key`: what a write's audit records are sealed with; null for reads (which have none). */
export function runSync<T>(s: Statements, op: Op<T>, key: ChainKey | null): T {
  let step = op.next();
  while (!step.done) {
    const current = step.value;
    let result: StepResult;
    if ('audit' in current) {
      // The write transaction holds SQLite's one write lock: seal right away.
      if (!key) throw new Error('audit drafts outside a write');
      const records = runSync(s, sealAndInsert(current.audit, key), null);
      result = { rows: [], count: records.length, records };
    } else {
      assertStorable(current.params);
      const statement = s.get(sqlFor(current.sql, 'sqlite'));
      const params = current.params.map(bind);
      if (statement.reader) {
        const rows = statement.all(...params) as Row[];
        result = { rows, count: rows.length, records: NO_RECORDS };
      } else {
        result = { rows: [], count: statement.run(...params).changes, records: NO_RECORDS };
      }
    }
    step = op.next(result);
  }
  return step.value;
}
