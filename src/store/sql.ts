/** SQL text builders for the operations (ops/), with `?` placeholders. */
import type { RequestQuery } from './store.js';

export function insertSql(table: string, columns: readonly string[], rows = 1): string {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

/** `col = ?, …` for the given assignments. */
export function setSql(assignments: ReadonlyArray<readonly [string, unknown]>): string {
  return assignments.map(([column]) => `${column} = ?`).join(', ');
}

/** listRequests: newest first, with the query's filters; parameters in placeholder order. */
export function listRequestsSql(
  columns: string,
  orgId: string,
  query: RequestQuery,
  normalizeTime: (value: string) => string,
): { sql: string; params: unknown[] } {
  const where = ['org_id = ?'];
  const params: unknown[] = [orgId];
  const add = (condition: string, value: unknown): void => {
    where.push(`${condition} ?`);
    params.push(value);
  };
  if (query.status !== undefined) add('status =', query.status);
  if (query.agent !== undefined) add('agent_name =', query.agent);
  if (query.session !== undefined) add('session =', query.session);
  if (query.before !== undefined) add('created_at <', normalizeTime(query.before));
  if (query.since !== undefined) add('created_at >=', normalizeTime(query.since));
  params.push(query.limit);
  const sql = `SELECT ${columns} FROM requests WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`;
  return { sql, params };
}

/** Rewrites `?` placeholders as $1, $2, … (PostgreSQL). The SQL here never has `?` in literals. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
