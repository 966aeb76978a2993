/**
 * What parsed SQL does: one SqlEffect per statement that runs (data-modifying CTEs and EXPLAIN
 * ANALYZE included), from libpg-query's tree. Comments are dropped by the parser, so a
 * commented-out WHERE leaves an UPDATE without one — which is what the database would run.
 */
import type { SqlEffect } from '../types.js';
import type { SqlParser } from '../contracts.js';
import { clientCommand } from './clientCommands.js';
import { draftsFor } from './drafts.js';
import { lexedNotes } from './lexed.js';
import type { SqlText } from './extract.js';
import { summarize } from './summary.js';
import { typeOf } from './tree.js';
import { rowFilterOf } from './rowFilter.js';

/** MySQL spellings the PostgreSQL parser rejects but that only read. */
const MYSQL_READ = /^\s*(SHOW|DESCRIBE|DESC|USE|HELP|STATUS)\b/i;

function parseStatements(
  parser: SqlParser,
  text: string,
  dialect: SqlText['dialect'],
): Array<{ stmt: unknown; text: string }> {
  const attempt = (sql: string) =>
    (parser.parse(sql).stmts ?? []).map((s) => {
      const start = s.stmt_location ?? 0;
      const len = s.stmt_len ?? sql.length - start;
      return { stmt: s.stmt, text: sql.slice(start, start + len).trim() };
    });
  try {
    return attempt(text);
  } catch (error) {
    if (dialect === 'mysql' && text.includes('`')) return attempt(text.replace(/`/g, '"'));
    throw error;
  }
}

function commentedWhere(parser: SqlParser, text: string): boolean {
  try {
    return parser.scan(text).tokens.some((t) => /COMMENT/.test(t.tokenName) && /\bwhere\b/i.test(t.text));
  } catch {
    return false;
  }
}

/** The effects of one SQL text; a text that does not parse is one UNKNOWN effect. */
export function effectsOf(parser: SqlParser, source: SqlText): SqlEffect[] {
  const out: SqlEffect[] = [];
  const sqlLines: string[] = [];
  // Client commands (psql \…, sqlite .…) sit on their own lines; the rest is SQL.
  for (const line of source.text.split('\n')) {
    const meta = clientCommand(line, source.dialect);
    if (meta) out.push({ ...meta, command: source.command, text: line.trim() });
    else sqlLines.push(line);
  }
  // The mysql client ends a statement with `\G` (vertical output) or `\g` as with `;`.
  const joined = sqlLines.join('\n');
  const sql = source.dialect === 'mysql' ? joined.replace(/\\[Gg][ \t]*$/gm, ';') : joined;
  if (sql.trim() === '' || /^[\s;]*$/.test(sql)) return out;
  if (source.dialect === 'mysql' && MYSQL_READ.test(sql) && !/;\s*\S/.test(sql.trim().replace(/;\s*$/, ''))) {
    out.push({
      statement: 'SHOW',
      tables: [],
      notes: [],
      summary: `${sql.trim().split(/\s/)[0]?.toUpperCase()} (read-only)`,
      text: sql.trim(),
      command: source.command,
      readOnly: true,
    });
    return out;
  }
  let statements: Array<{ stmt: unknown; text: string }>;
  try {
    statements = parseStatements(parser, sql, source.dialect);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const at = (error as { sqlDetails?: { cursorPosition?: number } } | null)?.sqlDetails?.cursorPosition;
    const lexed = lexedNotes(parser, sql, at);
    const seen = lexed.seen.length > 0 ? `; its keywords read ${lexed.seen.join(', ')}` : '';
    out.push({
      statement: 'UNKNOWN',
      tables: [],
      notes: ['parse-error', ...lexed.notes],
      summary: `SQL that could not be parsed (${reason})${seen}`,
      text: sql.trim(),
      command: source.command,
      readOnly: false,
    });
    return out;
  }
  let whereComment: boolean | undefined; // scanned only when an unbounded UPDATE/DELETE needs it
  for (const s of statements) {
    const t = typeOf(s.stmt);
    if (!t) continue;
    for (const d of draftsFor(t[0], t[1])) {
      if ((d.statement === 'UPDATE' || d.statement === 'DELETE') && !d.hasWhere) {
        whereComment ??= commentedWhere(parser, sql);
        if (whereComment) d.notes.push('where-commented-out');
      }
      const effect: SqlEffect = { ...d, summary: summarize(d), text: s.text, command: source.command };
      if ((d.statement === 'UPDATE' || d.statement === 'DELETE') && d.notes.length === 0) {
        const rows = rowFilterOf(parser, d.statement, s.text);
        if (rows) effect.rows = rows;
      }
      out.push(effect);
    }
  }
  return out;
}
