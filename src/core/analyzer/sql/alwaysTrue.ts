/**
 * Whether a WHERE clause selects every row whatever the data: `WHERE 1=1`, `WHERE true`, MySQL's
 * `WHERE 1`, `WHERE 'a'='a' OR id=3`, `WHERE NOT false`, `WHERE id = id`. Such an UPDATE or DELETE
 * is unbounded however it is spelled. Folded from libpg-query's tree (constants, comparisons,
 * AND/OR/NOT); anything that depends on a row other than a column compared with itself is
 * "unknown", and an unknown condition is never called always true.
 */
import type { Node } from './tree.js';
import { typeOf } from './tree.js';

/** A folded value: a constant, or a column compared with itself (true for every non-null row). */
type Folded = { value: boolean | number | string | null } | null;

function constantOf(body: Node): Folded {
  if (body['isnull']) return { value: null };
  const bool = body['boolval'] as { boolval?: boolean } | undefined;
  if (bool) return { value: bool.boolval === true };
  const int = body['ival'] as { ival?: number } | undefined;
  if (int) return { value: int.ival ?? 0 };
  const float = body['fval'] as { fval?: string } | undefined;
  if (float) return { value: Number(float.fval ?? 0) };
  const str = body['sval'] as { sval?: string } | undefined;
  if (str) return { value: str.sval ?? '' };
  return null;
}

function sameColumn(a: unknown, b: unknown): boolean {
  const ca = typeOf(a);
  const cb = typeOf(b);
  return (
    ca?.[0] === 'ColumnRef' &&
    cb?.[0] === 'ColumnRef' &&
    JSON.stringify(ca[1]['fields']) === JSON.stringify(cb[1]['fields'])
  );
}

function compare(op: string, l: unknown, r: unknown): boolean | undefined {
  if (l === null || r === null) return undefined;
  if (typeof l !== typeof r) {
    // MySQL and PostgreSQL both coerce '1' = 1; compare as numbers when both read as numbers.
    const nl = Number(l);
    const nr = Number(r);
    if (Number.isNaN(nl) || Number.isNaN(nr)) return undefined;
    return compare(op, nl, nr);
  }
  const a = l as number | string | boolean;
  const b = r as number | string | boolean;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      return undefined;
  }
}

function truthy(v: Folded): boolean | undefined {
  if (!v || v.value === null) return undefined;
  if (typeof v.value === 'boolean') return v.value;
  if (typeof v.value === 'number') return v.value !== 0; // MySQL: WHERE 1
  return undefined;
}

function fold(node: unknown, depth: number): Folded {
  if (depth > 50) return null;
  const t = typeOf(node);
  if (!t) return null;
  const [type, body] = t;
  if (type === 'A_Const') return constantOf(body);
  if (type === 'TypeCast') return fold(body['arg'], depth + 1);
  if (type === 'A_Expr' && body['kind'] === 'AEXPR_OP') {
    const names = (body['name'] as Array<{ String?: { sval?: string } }> | undefined) ?? [];
    const op = names[names.length - 1]?.String?.sval ?? '';
    if (['=', '<=', '>='].includes(op) && sameColumn(body['lexpr'], body['rexpr'])) return { value: true };
    const l = fold(body['lexpr'], depth + 1);
    const r = fold(body['rexpr'], depth + 1);
    if (!l || !r) return null;
    const out = compare(op, l.value, r.value);
    return out === undefined ? null : { value: out };
  }
  if (type === 'BoolExpr') {
    const args = ((body['args'] as unknown[] | undefined) ?? []).map((a) => truthy(fold(a, depth + 1)));
    switch (body['boolop']) {
      case 'OR_EXPR':
        return args.includes(true)
          ? { value: true }
          : args.every((a) => a === false)
            ? { value: false }
            : null;
      case 'AND_EXPR':
        return args.every((a) => a === true)
          ? { value: true }
          : args.includes(false)
            ? { value: false }
            : null;
      case 'NOT_EXPR':
        return args[0] === undefined ? null : { value: !args[0] };
      default:
        return null;
    }
  }
  return null;
}

/** True when the condition holds for every row (see the module comment); false when unknown. */
export function alwaysTrue(where: unknown): boolean {
  return truthy(fold(where, 0)) === true;
}
