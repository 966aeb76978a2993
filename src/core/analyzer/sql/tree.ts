/** Reading libpg-query's parse tree: node types, table names, function calls, nested DML. */
import { alwaysTrue } from './alwaysTrue.js';
export type Node = Record<string, unknown>;

export const SIDE_EFFECT_FUNCTIONS = new Set([
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

export const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

export function typeOf(node: unknown): [string, Node] | null {
  if (!node || typeof node !== 'object') return null;
  const key = Object.keys(node)[0];
  if (!key) return null;
  return [key, (node as Node)[key] as Node];
}

export function rangeName(rv: unknown): string | null {
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

export function tablesIn(node: Node): string[] {
  const out = new Set<string>();
  for (const [k, v] of walk({ x: node })) if (k === 'RangeVar') out.add(rangeName(v) ?? '');
  out.delete('');
  return [...out];
}

export function functionsIn(node: Node): string[] {
  const out: string[] = [];
  for (const [k, v] of walk({ x: node })) {
    if (k !== 'FuncCall') continue;
    const names = (v['funcname'] as Array<{ String?: { sval?: string } }> | undefined) ?? [];
    const last = names[names.length - 1]?.String?.sval;
    if (last) out.push(last.toLowerCase());
  }
  return out;
}

export interface Draft {
  statement: string;
  tables: string[];
  hasWhere?: boolean;
  notes: string[];
  readOnly: boolean;
}

export function dmlDraft(type: string, body: Node): Draft {
  const table = rangeName(body['relation']);
  const tables = table ? [table] : [];
  switch (type) {
    case 'UpdateStmt':
    case 'DeleteStmt': {
      // `WHERE 1=1` selects every row: judged as no WHERE clause, and said so.
      const where = body['whereClause'];
      const everyRow = where !== undefined && alwaysTrue(where);
      return {
        statement: type === 'UpdateStmt' ? 'UPDATE' : 'DELETE',
        tables,
        hasWhere: where !== undefined && !everyRow,
        notes: everyRow ? ['where-always-true'] : [],
        readOnly: false,
      };
    }
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
export function nestedDml(body: Node): Draft[] {
  const out: Draft[] = [];
  for (const [k, v] of walk(body)) {
    if (DML.has(k)) out.push({ ...dmlDraft(k, v), notes: [...dmlDraft(k, v).notes, 'data-modifying-cte'] });
  }
  return out;
}
