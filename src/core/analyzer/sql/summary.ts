/** The one-line summary reviewers read: "UPDATE on users with no WHERE clause". */
import type { Draft } from './tree.js';

export function summarize(d: Draft): string {
  const on = d.tables.length > 0 ? ` on ${d.tables.join(', ')}` : '';
  let s: string;
  if (d.statement === 'UPDATE' || d.statement === 'DELETE') {
    const where = d.hasWhere
      ? 'with a WHERE clause'
      : d.notes.includes('where-always-true')
        ? 'with a WHERE clause that holds for every row'
        : 'with no WHERE clause';
    s = `${d.statement}${on} ${where}`;
  } else if (d.statement === 'SELECT' && d.readOnly) {
    s = `SELECT${d.tables.length > 0 ? ` from ${d.tables.join(', ')}` : ''} (read-only)`;
  } else if (d.statement === 'EXPLAIN') {
    s = `EXPLAIN ${d.notes[0] ?? ''}${on} (plan only, not executed)`.replace(/\s+/g, ' ');
  } else if (d.statement.startsWith('DROP') || d.statement === 'TRUNCATE') {
    s = `${d.statement}${d.statement === 'DROP' ? ` ${d.notes[0] ?? ''}` : ''} ${d.tables.join(', ')}`
      .replace(/\s+/g, ' ')
      .trim();
  } else if (d.statement === 'INSERT') {
    s = `INSERT into ${d.tables.join(', ') || '?'}${d.notes.includes('upsert') ? ' (upsert)' : ''}`;
  } else {
    s = `${d.statement}${on}`;
  }
  const extra: string[] = [];
  if (d.notes.includes('explain-analyze')) extra.push('EXPLAIN ANALYZE executes it');
  if (d.notes.includes('data-modifying-cte')) extra.push('inside a WITH clause');
  if (d.notes.includes('drop-column')) extra.push('drops a column');
  if (d.notes.includes('program')) extra.push('runs a program on the database server');
  if (d.notes.includes('where-commented-out')) extra.push('a WHERE clause is commented out');
  for (const n of d.notes) if (n.startsWith('calls ')) extra.push(n);
  return extra.length > 0 ? `${s} (${extra.join('; ')})` : s;
}
