/**
 * What parsed SQL does: one SqlEffect per statement that runs (data-modifying CTEs and EXPLAIN
 * ANALYZE included), from libpg-query's tree. Comments are dropped by the parser, so a
 * commented-out WHERE leaves an UPDATE without one — which is what the database would run.
 */
import type { SqlEffect } from '../types.js';
import type { SqlParser } from '../contracts.js';
import { clientCommand } from './clientCommands.js';
import type { SqlText } from './extract.js';

type Node = Record<string, unknown>;

const SIDE_EFFECT_FUNCTIONS = new Set([
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_drop_replication_slot',
  'pg_create_physical_replication_slot',
  'pg_create_logical_replication_slot',
  'lo_import',
  'lo_export',
  'lo_unlink',
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'dblink_exec',
  'dblink',
  'pg_sleep',
  'set_config',
  'setval',
  'pg_switch_wal',
  'pg_promote',
  'pg_backup_start',
  'pg_start_backup',
  'pg_stop_backup',
  'pg_file_write',
  'pg_file_unlink',
  'pg_logical_emit_message',
  'pg_advisory_lock',
  'query_to_xml',
  'pg_truncate_visibility_map',
]);

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

function typeOf(node: unknown): [string, Node] | null {
  if (!node || typeof node !== 'object') return null;
  const key = Object.keys(node)[0];
  if (!key) return null;
  return [key, (node as Node)[key] as Node];
}

function rangeName(rv: unknown): string | null {
  const r = (rv as { RangeVar?: Node } | undefined)?.RangeVar ?? (rv as Node | undefined);
  if (!r || typeof r !== 'object' || typeof r['relname'] !== 'string') return null;
  return typeof r['schemaname'] === 'string'
    ? `${r['schemaname']}.${r['relname']}`
    : (r['relname'] as string);
}

/** Every node below `node` (depth-first), for function calls and nested DML. */
function* walk(node: unknown, depth = 0): Generator<[string, Node]> {
  if (depth > 200 || !node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) yield* walk(n, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(node as Node)) {
    if (/^[A-Z]/.test(k) && v && typeof v === 'object') yield [k, v as Node];
    yield* walk(v, depth + 1);
  }
}

function tablesIn(node: Node): string[] {
  const out = new Set<string>();
  for (const [k, v] of walk({ x: node })) if (k === 'RangeVar') out.add(rangeName(v) ?? '');
  out.delete('');
  return [...out];
}

function functionsIn(node: Node): string[] {
  const out: string[] = [];
  for (const [k, v] of walk({ x: node })) {
    if (k !== 'FuncCall') continue;
    const names = (v['funcname'] as Array<{ String?: { sval?: string } }> | undefined) ?? [];
    const last = names[names.length - 1]?.String?.sval;
    if (last) out.push(last.toLowerCase());
  }
  return out;
}

interface Draft {
  statement: string;
  tables: string[];
  hasWhere?: boolean;
  notes: string[];
  readOnly: boolean;
}

function dmlDraft(type: string, body: Node): Draft {
  const table = rangeName(body['relation']);
  const tables = table ? [table] : [];
  switch (type) {
    case 'UpdateStmt':
      return {
        statement: 'UPDATE',
        tables,
        hasWhere: body['whereClause'] !== undefined,
        notes: [],
        readOnly: false,
      };
    case 'DeleteStmt':
      return {
        statement: 'DELETE',
        tables,
        hasWhere: body['whereClause'] !== undefined,
        notes: [],
        readOnly: false,
      };
    case 'MergeStmt':
      return { statement: 'MERGE', tables, notes: [], readOnly: false };
    default:
      return {
        statement: 'INSERT',
        tables,
        notes: body['onConflictClause'] ? ['upsert'] : [],
        readOnly: false,
      };
  }
}

/** Data-modifying statements nested in WITH clauses (or anywhere below a statement). */
function nestedDml(body: Node): Draft[] {
  const out: Draft[] = [];
  for (const [k, v] of walk(body)) {
    if (DML.has(k)) out.push({ ...dmlDraft(k, v), notes: [...dmlDraft(k, v).notes, 'data-modifying-cte'] });
  }
  return out;
}

const DROP_KINDS: Record<string, string> = {
  OBJECT_TABLE: 'DROP TABLE',
  OBJECT_SCHEMA: 'DROP SCHEMA',
  OBJECT_MATVIEW: 'DROP TABLE',
  OBJECT_FOREIGN_TABLE: 'DROP TABLE',
};

function draftsFor(type: string, body: Node): Draft[] {
  if (DML.has(type)) return [dmlDraft(type, body), ...nestedDml(body)];
  switch (type) {
    case 'SelectStmt': {
      const nested = nestedDml(body);
      if (nested.length > 0) return nested;
      const fns = functionsIn(body).filter((f) => SIDE_EFFECT_FUNCTIONS.has(f));
      if (body['intoClause'])
        return [{ statement: 'SELECT INTO', tables: tablesIn(body), notes: [], readOnly: false }];
      if (fns.length > 0)
        return [
          {
            statement: 'SELECT',
            tables: tablesIn(body),
            notes: ['side-effect-function', ...fns.map((f) => `calls ${f}()`)],
            readOnly: false,
          },
        ];
      return [
        {
          statement: 'SELECT',
          tables: tablesIn(body),
          notes: body['lockingClause'] ? ['locks-rows'] : [],
          readOnly: true,
        },
      ];
    }
    case 'ExplainStmt': {
      const options = (body['options'] as Array<{ DefElem?: Node }> | undefined) ?? [];
      const analyze = options.some((o) => {
        const d = o.DefElem;
        if (!d || d['defname'] !== 'analyze') return false;
        const arg = JSON.stringify(d['arg'] ?? '');
        return !/false|"off"|"0"|ival":0/.test(arg);
      });
      const inner = typeOf(body['query']);
      if (!inner) return [{ statement: 'EXPLAIN', tables: [], notes: [], readOnly: true }];
      const innerDrafts = draftsFor(inner[0], inner[1]);
      if (analyze) return innerDrafts.map((d) => ({ ...d, notes: [...d.notes, 'explain-analyze'] }));
      return [
        {
          statement: 'EXPLAIN',
          tables: tablesIn(inner[1]),
          notes: [`of ${innerDrafts[0]?.statement ?? 'statement'}`],
          readOnly: true,
        },
      ];
    }
    case 'DropdbStmt':
      return [
        { statement: 'DROP DATABASE', tables: [String(body['dbname'] ?? '')], notes: [], readOnly: false },
      ];
    case 'DropStmt': {
      const kind = String(body['removeType'] ?? '');
      const names = ((body['objects'] as unknown[]) ?? []).map(
        (o) =>
          JSON.stringify(o)
            .match(/"(?:sval|relname)":"([^"]+)"/g)
            ?.map((m) => m.replace(/.*:"|"$/g, ''))
            .join('.') ?? '?',
      );
      const statement = DROP_KINDS[kind] ?? 'DROP';
      return [
        { statement, tables: names, notes: [kind.replace(/^OBJECT_/, '').toLowerCase()], readOnly: false },
      ];
    }
    case 'TruncateStmt':
      return [{ statement: 'TRUNCATE', tables: tablesIn(body), notes: [], readOnly: false }];
    case 'DropOwnedStmt':
      return [{ statement: 'DROP OWNED', tables: [], notes: [], readOnly: false }];
    case 'AlterTableStmt': {
      const dropsColumn = JSON.stringify(body['cmds'] ?? []).includes('AT_DropColumn');
      return [
        {
          statement: 'ALTER',
          tables: tablesIn({ r: body['relation'] } as Node),
          notes: dropsColumn ? ['drop-column'] : [],
          readOnly: false,
        },
      ];
    }
    case 'CopyStmt': {
      const notes = body['is_program'] ? ['program'] : body['filename'] ? ['server-file'] : [];
      const toStdout = !body['is_from'] && !body['filename'];
      return [{ statement: 'COPY', tables: tablesIn(body), notes, readOnly: toStdout && notes.length === 0 }];
    }
    case 'GrantStmt':
    case 'GrantRoleStmt':
      return [
        {
          statement: body['is_grant'] ? 'GRANT' : 'REVOKE',
          tables: tablesIn(body),
          notes: [],
          readOnly: false,
        },
      ];
    case 'VariableSetStmt':
    case 'VariableShowStmt':
    case 'TransactionStmt':
    case 'FetchStmt':
    case 'ClosePortalStmt':
    case 'DeallocateStmt':
      return [
        {
          statement:
            type === 'VariableShowStmt' ? 'SHOW' : type === 'TransactionStmt' ? 'TRANSACTION' : 'SET',
          tables: [],
          notes: [],
          readOnly: true,
        },
      ];
    case 'VacuumStmt':
      return [
        {
          statement: body['is_vacuumcmd'] ? 'VACUUM' : 'ANALYZE',
          tables: tablesIn(body),
          notes: [],
          readOnly: false,
        },
      ];
    case 'DoStmt':
      return [{ statement: 'DO', tables: [], notes: [], readOnly: false }];
    case 'CallStmt':
      return [
        {
          statement: 'CALL',
          tables: [],
          notes: functionsIn(body).map((f) => `calls ${f}()`),
          readOnly: false,
        },
      ];
    case 'AlterSystemStmt':
      return [{ statement: 'ALTER SYSTEM', tables: [], notes: [], readOnly: false }];
    case 'CreateRoleStmt':
    case 'AlterRoleStmt':
    case 'DropRoleStmt':
    case 'ReassignOwnedStmt':
      return [
        {
          statement: {
            CreateRoleStmt: 'CREATE ROLE',
            AlterRoleStmt: 'ALTER ROLE',
            DropRoleStmt: 'DROP ROLE',
            ReassignOwnedStmt: 'REASSIGN OWNED',
          }[type] as string,
          tables: [],
          notes: [],
          readOnly: false,
        },
      ];
    case 'CreateFunctionStmt':
      return [{ statement: 'CREATE FUNCTION', tables: [], notes: [], readOnly: false }];
    case 'CreateExtensionStmt':
      return [{ statement: 'CREATE EXTENSION', tables: [], notes: [], readOnly: false }];
    case 'PrepareStmt':
    case 'DeclareCursorStmt': {
      const inner = typeOf(body['query']);
      return inner
        ? draftsFor(inner[0], inner[1])
        : [{ statement: 'OTHER', tables: [], notes: [], readOnly: false }];
    }
    default:
      if (type.startsWith('Create') || type === 'IndexStmt' || type === 'ViewStmt') {
        return [{ statement: 'CREATE', tables: tablesIn(body), notes: [], readOnly: false }];
      }
      if (type.startsWith('Alter') || type === 'RenameStmt')
        return [{ statement: 'ALTER', tables: tablesIn(body), notes: [], readOnly: false }];
      if (type === 'CommentStmt') return [{ statement: 'COMMENT', tables: [], notes: [], readOnly: false }];
      if (type === 'CheckPointStmt') return [{ statement: 'OTHER', tables: [], notes: [], readOnly: true }];
      return [{ statement: 'OTHER', tables: [], notes: [type], readOnly: false }];
  }
}

export function summarize(d: Draft): string {
  const on = d.tables.length > 0 ? ` on ${d.tables.join(', ')}` : '';
  let s: string;
  if (d.statement === 'UPDATE' || d.statement === 'DELETE') {
    s = `${d.statement}${on} ${d.hasWhere ? 'with a WHERE clause' : 'with no WHERE clause'}`;
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
  const sql = sqlLines.join('\n');
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
    out.push({
      statement: 'UNKNOWN',
      tables: [],
      notes: ['parse-error'],
      summary: `SQL that could not be parsed (${reason})`,
      text: sql.trim(),
      command: source.command,
      readOnly: false,
    });
    return out;
  }
  const whereComment = commentedWhere(parser, sql);
  for (const s of statements) {
    const t = typeOf(s.stmt);
    if (!t) continue;
    for (const d of draftsFor(t[0], t[1])) {
      if (whereComment && (d.statement === 'UPDATE' || d.statement === 'DELETE') && !d.hasWhere)
        d.notes.push('where-commented-out');
      out.push({ ...d, summary: summarize(d), text: s.text, command: source.command });
    }
  }
  return out;
}
