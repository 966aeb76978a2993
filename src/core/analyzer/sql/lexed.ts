/**
 * SQL the PostgreSQL parser rejects — other dialects (MySQL `INTERVAL 30 DAY`, CQL `DROP KEYSPACE`),
 * or a typo — is still read by its lexer: the keyword each statement starts with and whether a
 * WHERE keyword follows. That never proves the SQL harmless (the effect stays UNKNOWN, medium at
 * least); it only keeps `DROP …`, `TRUNCATE …` and `DELETE` without WHERE from passing as an
 * ordinary unknown. Keywords come from libpg-query's scanner, never from a pattern over the text.
 */
import type { SqlParser } from '../contracts.js';

/** What the lexer shows: notes for the UNKNOWN effect (see risk/rules/database.ts). */
export type LexedNote = 'lexed-destroys' | 'lexed-changes';

/** Statements that destroy whatever they name, whatever follows. */
const DESTROYING = new Set(['DROP', 'TRUNCATE']);
/** Statements that delete or change rows: every row unless a WHERE keyword follows. */
const ROW_CHANGING = new Set(['DELETE', 'UPDATE']);
/** Statements that change schema, rows or grants in a bounded way. */
const CHANGING = new Set(['ALTER', 'GRANT', 'REVOKE', 'MERGE', 'REPLACE', 'RENAME', 'CALL', 'DO']);

interface Statement {
  lead: string | null;
  where: boolean;
  /** The words after WHERE, upper-cased, up to a few (to see `WHERE 1=1`). */
  condition: string[];
  /** Keywords after an ALTER: ClickHouse's `ALTER TABLE t DELETE WHERE …`, `… DROP PARTITION …`. */
  alters: Set<string>;
}

/** Conditions that hold for every row, as the lexer sees them (the parser folds the rest). */
function everyRow(words: string[]): boolean {
  const w = words.join(' ');
  if (w === 'TRUE' || /^[1-9][0-9]*$/.test(w)) return true;
  const eq = /^(.+) = (.+)$/.exec(w);
  return eq !== null && eq[1] === eq[2] && !eq[1]!.includes(' ');
}

function statementsOf(parser: SqlParser, sql: string): Statement[] {
  const out: Statement[] = [];
  let current: Statement | null = null;
  for (const t of parser.scan(sql).tokens) {
    if (t.tokenName.includes('COMMENT')) continue;
    const text = sql.slice(t.start, t.end);
    if (text === ';') {
      current = null;
      continue;
    }
    const keyword = t.keywordKind > 0 ? text.toUpperCase() : null;
    if (!current) {
      current = { lead: keyword, where: false, condition: [], alters: new Set() };
      out.push(current);
    } else if (keyword === 'WHERE') current.where = true;
    else if (current.where) {
      if (current.condition.length <= 4) current.condition.push(text.toUpperCase());
    } else if (current.lead === 'ALTER' && keyword) current.alters.add(keyword);
  }
  for (const s of out) {
    // `ALTER TABLE t DELETE|UPDATE … [WHERE …]` changes rows as DELETE/UPDATE do.
    if (s.lead === 'ALTER' && (s.alters.has('DELETE') || s.alters.has('UPDATE')))
      s.lead = s.alters.has('DELETE') ? 'DELETE' : 'UPDATE';
    if (s.where && everyRow(s.condition)) s.where = false;
  }
  return out;
}

/**
 * The notes the lexer supports for SQL that did not parse, and what it saw (for the summary).
 * When the lexer itself fails (CQL's `10s`), the text before the parse error (`errorAt`) is read:
 * what follows stays unknown, which the UNKNOWN effect already says.
 */
export function lexedNotes(
  parser: SqlParser,
  sql: string,
  errorAt?: number,
): { notes: LexedNote[]; seen: string[] } {
  let statements: Statement[] | null = null;
  for (const text of errorAt !== undefined && errorAt > 0 ? [sql, sql.slice(0, errorAt)] : [sql]) {
    try {
      statements = statementsOf(parser, text);
      break;
    } catch {
      // the next, shorter text
    }
  }
  if (!statements) return { notes: [], seen: [] };
  const notes = new Set<LexedNote>();
  const seen: string[] = [];
  for (const s of statements) {
    if (s.lead === null) continue;
    const destroys =
      DESTROYING.has(s.lead) ||
      (ROW_CHANGING.has(s.lead) && !s.where) ||
      (s.lead === 'ALTER' && s.alters.has('DROP'));
    if (destroys) notes.add('lexed-destroys');
    else if (ROW_CHANGING.has(s.lead) || CHANGING.has(s.lead)) notes.add('lexed-changes');
    else continue;
    seen.push(ROW_CHANGING.has(s.lead) ? `${s.lead} ${s.where ? 'with' : 'without'} WHERE` : s.lead);
  }
  return { notes: [...notes], seen };
}
