/**
 * PHP code (`php -r`, a heredoc into `php`, `php artisan tinker --execute=…`) read from its
 * tree-sitter-php syntax tree (the grammar without HTML): functions are looked up by name in the
 * catalog (`unlink`, `system`, `file_put_contents`), static calls as `Class::method` (Laravel's
 * `DB::statement`, `Schema::drop`, `File::deleteDirectory`), literal arguments followed through
 * strings, `.`, variables, `getenv('HOME')` and `$_SERVER['HOME']`. Backticks run shell text;
 * Eloquent's `User::truncate()` and `DB::table('t')->delete()` are the SQL they send. Never
 * regular expressions over the code.
 */
import type { Node } from 'web-tree-sitter';
import { applyEffect, opaque } from './apply.js';
import { effectOf, unlistedCall } from './catalog.js';
import { joinValues } from './python.js';
import { ScopeNames, walkNodes } from './scope.js';
import { destroyingMethod, sqlMethod } from './untraced.js';
import { wipeCommand } from './storeCalls.js';
import { dynamicWord, shorten, staticWord, type CodeAction, type CodeLanguage, type Value } from './types.js';

const str = (value: string): Value => ({ kind: 'str', word: staticWord(value) });
const HOME = str('~');

/** Query-builder and Eloquent methods that narrow which rows a bulk delete or update reaches. */
const NARROWING =
  /^(where\w*|orWhere\w*|find\w*|first\w*|limit|take|skip|offset|latest|oldest|whereKey|join\w*|has|whereHas|doesntHave)$/;
/** Builder methods that keep every row (`User::query()`, `->orderBy('id')`, `->withTrashed()`). */
const KEEPS_ROWS =
  /^(query|newQuery|on|withTrashed|onlyTrashed|orderBy\w*|select|with|without|lockForUpdate|all|cursor|lazy)$/;

/** `App\Models\User` → `users`: Laravel's table name for a model (plural as a suffix `s`). */
function tableOf(model: string): string {
  const base = model.split('\\').pop() ?? model;
  const snake = base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return snake.endsWith('s') ? snake : `${snake}s`;
}

function psql(sql: string) {
  return [staticWord('psql'), staticWord('-c'), staticWord(sql)];
}

class PhpCode {
  readonly actions: CodeAction[] = [];
  readonly names = new ScopeNames();

  constructor(
    private readonly root: Node,
    private readonly analyse: (language: CodeLanguage, text: string) => CodeAction[],
  ) {}

  run(): CodeAction[] {
    walkNodes(this.root, (n) => {
      if (n.type === 'assignment_expression') {
        const left = n.childForFieldName('left');
        if (left?.type === 'variable_name') this.names.assign(left.text, n.childForFieldName('right'));
      } else if (n.type === 'augmented_assignment_expression') {
        const left = n.childForFieldName('left');
        if (left?.type === 'variable_name') this.names.assign(left.text, null, true);
      }
      return true;
    });
    walkNodes(this.root, (n) => {
      switch (n.type) {
        case 'function_call_expression':
          this.functionCall(n);
          break;
        case 'scoped_call_expression':
          this.staticCall(n);
          break;
        case 'member_call_expression':
        case 'nullsafe_member_call_expression':
          this.methodCall(n);
          break;
        case 'shell_command_expression':
          this.actions.push({
            kind: 'shell',
            call: shorten(n.text),
            text: this.literal(this.stringValue(n)),
          });
          break;
        case 'include_expression':
        case 'include_once_expression':
        case 'require_expression':
        case 'require_once_expression':
          this.actions.push(opaque(n.text));
          break;
      }
      return true;
    });
    return this.actions;
  }

  /** A name or qualified name (`\App\Models\User`), without the leading `\`. */
  qualified(n: Node | null): string | null {
    if (!n || (n.type !== 'name' && n.type !== 'qualified_name')) return null;
    return n.text.replace(/^\\/, '');
  }

  functionCall(n: Node): void {
    const fn = this.qualified(n.childForFieldName('function'));
    const text = shorten(n.text);
    if (fn === null) {
      // `$f(…)`, `('sys' . 'tem')(…)`: a function chosen at run time.
      this.actions.push({ kind: 'dynamic', call: text, why: 'calls a function chosen at run time' });
      return;
    }
    const name = (fn.split('\\').pop() ?? fn).toLowerCase();
    const args = this.args(n);
    if (CALLBACK_AT[name] !== undefined) {
      this.callback(args[CALLBACK_AT[name]], text);
      return;
    }
    this.apply(name, args, text);
  }

  /** `array_map('unlink', …)`, `call_user_func('system', …)`: a function handed over by name. */
  callback(v: Value | undefined, text: string): void {
    if (!v || v.kind === 'unknown') return; // a closure: its body is walked as code of its own
    const named = this.literal(v);
    if (named === null) {
      this.actions.push({ kind: 'dynamic', call: text, why: 'calls a function chosen at run time' });
      return;
    }
    const effect = effectOf('php', named.toLowerCase());
    if (effect && !('safe' in effect) && !('local' in effect))
      this.actions.push({ kind: 'dynamic', call: text, why: `hands ${named} to other code to call` });
  }

  apply(name: string, args: Value[], text: string): void {
    // `copy('https://…', 'x.php')`, `file_get_contents('https://…')`: a download, not a local file.
    const url = this.literal(args[0]);
    if (
      url !== null &&
      /^(https?|ftps?):\/\//i.test(url) &&
      (name === 'copy' || name === 'file_get_contents')
    ) {
      const out =
        name === 'copy'
          ? [
              staticWord('-o'),
              this.literal(args[1]) === null
                ? dynamicWord(text)
                : staticWord(this.literal(args[1]) as string),
            ]
          : [];
      this.actions.push({
        kind: 'command',
        call: text,
        argv: [staticWord('curl'), staticWord('-fsSL'), ...out, staticWord(url)],
      });
      return;
    }
    const effect = effectOf('php', name);
    if (effect) {
      this.actions.push(
        ...applyEffect('php', effect, { name, args, options: new Map(), text }, this.analyse),
      );
      return;
    }
    const kind = unlistedCall('php', name);
    if (kind === 'opaque') this.actions.push(opaque(`${name}(…)`));
    else if (kind === 'local') this.actions.push({ kind: 'local', call: text });
  }

  /** `Class::method(…)`: the catalog's Laravel facades, then Eloquent's whole-table methods. */
  staticCall(n: Node): void {
    const scope = this.qualified(n.childForFieldName('scope'));
    const method = n.childForFieldName('name')?.text ?? '';
    if (scope === null || scope === 'self' || scope === 'static' || scope === 'parent') return;
    const short = scope.split('\\').pop() ?? scope;
    const name = `${short}::${method}`;
    const text = shorten(n.text);
    const args = this.args(n);
    if (effectOf('php', name)) {
      this.apply(name, args, text);
      return;
    }
    if (short === 'DB' && DB_SQL.has(method)) {
      const sql = this.literal(args[0]);
      this.actions.push(
        sql === null
          ? { kind: 'dynamic', call: text, why: 'runs SQL built at run time' }
          : { kind: 'command', call: text, argv: psql(sql) },
      );
      return;
    }
    if (
      short === 'Schema' &&
      /^(drop|dropIfExists|dropAllTables|dropAllViews|dropAllTypes|dropColumns)$/.test(method)
    ) {
      const table = this.literal(args[0]);
      const sql = method.startsWith('dropAll')
        ? 'DROP SCHEMA public CASCADE'
        : method === 'dropColumns'
          ? `ALTER TABLE ${table ?? 't'} DROP COLUMN c`
          : `DROP TABLE ${table ?? 't'}`;
      this.actions.push({ kind: 'command', call: text, argv: psql(sql) });
      return;
    }
    if (short === 'Artisan' && method === 'call') {
      const task = this.literal(args[0]);
      this.actions.push({
        kind: 'command',
        call: text,
        argv: [
          staticWord('php'),
          staticWord('artisan'),
          task === null ? dynamicWord(text) : staticWord(task),
        ],
      });
      return;
    }
    // Only reached when the call is the whole statement's target (a chain is read from its end).
    if (n.parent?.type === 'member_call_expression') return;
    if (method === 'truncate')
      this.actions.push({ kind: 'command', call: text, argv: psql(`TRUNCATE ${tableOf(scope)}`) });
    else if (method === 'destroy')
      this.actions.push({ kind: 'dynamic', call: text, why: `deletes the ${short} records given by id` });
    else if (/^[A-Z]/.test(short) && unlistedCall('php', name) === 'opaque' && !READS.test(method))
      this.actions.push(opaque(`${name}(…)`));
  }

  /** `$x->method(…)`: SQL handed to a driver, and bulk deletes and updates of a query builder. */
  methodCall(n: Node): void {
    const method = n.childForFieldName('name')?.text ?? '';
    const text = shorten(n.text);
    if (sqlMethod('php', method)) {
      const sql = this.literal(this.args(n)[0]);
      if (sql !== null) {
        this.actions.push({ kind: 'command', call: text, argv: psql(sql) });
        return;
      }
    }
    if (method !== 'delete' && method !== 'update' && method !== 'truncate' && method !== 'forceDelete') {
      const wipe = wipeCommand(method);
      if (wipe) this.actions.push({ kind: 'command', call: text, argv: wipe });
      else if (destroyingMethod('php', method))
        this.actions.push({
          kind: 'dynamic',
          call: text,
          why: `calls ${method}() on a client not traced here`,
        });
      return;
    }
    // Walk the chain back to its start: `User::query()->…`, `DB::table('t')->…`.
    let narrowed = false;
    let object = n.childForFieldName('object');
    for (let depth = 0; object && depth < 20; depth++) {
      if (object.type === 'member_call_expression') {
        const m = object.childForFieldName('name')?.text ?? '';
        if (NARROWING.test(m)) narrowed = true;
        else if (!KEEPS_ROWS.test(m)) break;
        object = object.childForFieldName('object');
        continue;
      }
      if (object.type === 'scoped_call_expression') {
        const scope = this.qualified(object.childForFieldName('scope'));
        const m = object.childForFieldName('name')?.text ?? '';
        const first = this.literal(this.args(object)[0]);
        const table =
          scope === 'DB' && m === 'table'
            ? first
            : scope !== null && /^[A-Z]/.test(scope)
              ? tableOf(scope)
              : null;
        if (NARROWING.test(m)) narrowed = true;
        else if (!KEEPS_ROWS.test(m) && !(scope === 'DB' && m === 'table')) break;
        if (table === null) break;
        if (narrowed) {
          this.actions.push({
            kind: 'dynamic',
            call: text,
            why: `${method === 'update' ? 'updates' : 'deletes'} the rows a condition chooses at run time`,
          });
          return;
        }
        const sql =
          method === 'truncate'
            ? `TRUNCATE ${table}`
            : method === 'update'
              ? `UPDATE ${table} SET changed = true`
              : `DELETE FROM ${table}`;
        this.actions.push({ kind: 'command', call: text, argv: psql(sql) });
        return;
      }
      break;
    }
    if (method !== 'update')
      this.actions.push({
        kind: 'dynamic',
        call: text,
        why: `calls ${method}() on records chosen at run time`,
      });
  }

  args(n: Node): Value[] {
    const list = n.childForFieldName('arguments');
    const out: Value[] = [];
    for (const a of list?.namedChildren ?? []) {
      if (!a || a.type !== 'argument') continue;
      const v = a.namedChildren.find((c) => c !== null && c.type !== 'name') ?? null;
      // A spread (`...$args`) or named argument keeps its place as unknown.
      out.push(a.text.startsWith('...') ? { kind: 'unknown', text: a.text } : this.value(v));
    }
    return out;
  }

  literal(v: Value | undefined): string | null {
    return v?.kind === 'str' && v.word.dynamic.length === 0 ? v.word.value : null;
  }

  /** A string (single or double quoted, or backticks): its text when every part is known. */
  stringValue(n: Node, depth = 0): Value {
    let out = '';
    const single = n.type === 'string';
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content' || c.type === 'string_value') out += c.text;
      else if (c.type === 'escape_sequence') out += unescape(c.text, single);
      else if (c.type === 'variable_name') {
        const v = this.literal(this.value(c, depth + 1));
        if (v === null) return { kind: 'str', word: dynamicWord(n.text) };
        out += v;
      } else return { kind: 'str', word: dynamicWord(n.text) };
    }
    return str(out);
  }

  value(n: Node | null, depth = 0): Value {
    if (!n || depth > 8) return { kind: 'unknown', text: n?.text ?? '' };
    const unknown: Value = { kind: 'unknown', text: n.text };
    switch (n.type) {
      case 'string':
      case 'encapsed_string':
        return this.stringValue(n, depth);
      case 'integer': {
        const t = n.text.replace(/_/g, '').toLowerCase();
        const v = /^0[0-7]+$/.test(t)
          ? Number.parseInt(t, 8)
          : t.startsWith('0o')
            ? Number.parseInt(t.slice(2), 8)
            : Number(t);
        return Number.isFinite(v) ? { kind: 'num', value: v } : unknown;
      }
      case 'boolean':
        return { kind: 'bool', value: n.text.toLowerCase() === 'true' };
      case 'parenthesized_expression':
        return this.value(n.namedChildren[0] ?? null, depth + 1);
      case 'variable_name': {
        const assigned = this.names.value(n.text);
        return assigned ? this.value(assigned, depth + 1) : unknown;
      }
      case 'name':
        return n.text === '__DIR__' ? str('.') : unknown;
      case 'binary_expression': {
        if (n.childForFieldName('operator')?.text !== '.') return unknown;
        return joinValues(
          [
            this.value(n.childForFieldName('left'), depth + 1),
            this.value(n.childForFieldName('right'), depth + 1),
          ],
          '',
          n.text,
        );
      }
      case 'subscript_expression': {
        // $_SERVER['HOME'], $_ENV['HOME']
        const [object, key] = n.namedChildren;
        if (
          /^\$_(SERVER|ENV)$/.test(object?.text ?? '') &&
          this.literal(this.value(key ?? null, depth + 1)) === 'HOME'
        )
          return HOME;
        return unknown;
      }
      case 'array_creation_expression':
        return {
          kind: 'list',
          items: n.namedChildren.map((e) =>
            this.value(e?.namedChildren[e.namedChildren.length - 1] ?? null, depth + 1),
          ),
        };
      case 'function_call_expression': {
        const fn = this.qualified(n.childForFieldName('function'))?.toLowerCase();
        const args = this.args(n);
        if (fn === 'getenv' && this.literal(args[0]) === 'HOME') return HOME;
        if (fn === 'sys_get_temp_dir') return str('/tmp');
        if (fn === 'getcwd') return str('.');
        if (fn === 'realpath' || fn === 'trim') return args[0] ?? unknown;
        return unknown;
      }
      default:
        return unknown;
    }
  }
}

/** Laravel's `DB::…` methods whose first argument is SQL. */
const DB_SQL = new Set([
  'statement',
  'unprepared',
  'delete',
  'update',
  'insert',
  'select',
  'affectingStatement',
]);

/** Which argument of a function is a callback it calls. */
const CALLBACK_AT: Readonly<Record<string, number>> = {
  array_map: 0,
  call_user_func: 0,
  call_user_func_array: 0,
  forward_static_call: 0,
  forward_static_call_array: 0,
  register_shutdown_function: 0,
  array_walk: 1,
  array_walk_recursive: 1,
  array_filter: 1,
  usort: 1,
  uasort: 1,
  uksort: 1,
};

/** Eloquent's reading static methods (`User::count()`, `User::where(…)`): no effect of their own. */
const READS =
  /^(count|find\w*|where\w*|all|first\w*|get|pluck|exists|doesntExist|sum|max|min|avg|latest|oldest|query|select|with|orderBy\w*|paginate|limit|take|toSql|make|factory)$/;

/** PHP's escapes: in single quotes only `\\` and `\'`; in double quotes the usual ones. */
function unescape(e: string, single: boolean): string {
  if (single) return e === "\\'" || e === '\\\\' ? e.slice(1) : e;
  const map: Record<string, string> = {
    '\\n': '\n',
    '\\t': '\t',
    '\\r': '\r',
    '\\0': '\0',
    '\\e': '\x1b',
    '\\v': '\v',
    '\\f': '\f',
  };
  return map[e] ?? e.slice(1);
}

export function phpActions(
  root: Node,
  analyse: (language: CodeLanguage, text: string) => CodeAction[],
): CodeAction[] {
  return new PhpCode(root, analyse).run();
}
