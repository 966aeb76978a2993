/**
 * Ruby code (`ruby -e`, a heredoc into `ruby`, `rails runner '…'`) read from its tree-sitter-ruby
 * syntax tree: calls resolved to `Receiver.method` names (a call without a receiver is
 * `Kernel.<name>`), literal arguments followed through strings, `+`, `File.join`, `Dir.home` and
 * `ENV['HOME']`, then looked up in the catalog. Backticks and `%x()` run shell text; ActiveRecord's
 * `Model.delete_all` is the SQL it sends. Never regular expressions over the code.
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

/** `User` → `users`: the table Rails names after a model (the plural only as far as a suffix `s`). */
function tableOf(model: string): string {
  const snake = model
    .replace(/::/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return snake.endsWith('s') ? snake : `${snake}s`;
}

/** ActiveRecord's reading class methods (`User.count`, `Order.where(…).pluck(:id)`): no effect. */
const READS = new Set([
  'count',
  'find',
  'find_by',
  'find_by!',
  'where',
  'all',
  'first',
  'last',
  'take',
  'pluck',
  'ids',
  'exists?',
  'sum',
  'maximum',
  'minimum',
  'average',
  'select',
  'order',
  'limit',
  'offset',
  'includes',
  'joins',
  'group',
  'distinct',
  'to_a',
  'inspect',
  'column_names',
  'table_name',
  'attribute_names',
  'find_each',
  'in_batches',
  'none',
  'not',
  'size',
  'length',
  'any?',
  'empty?',
  'name',
  'to_s',
  'new',
]);

/** Chained query methods that narrow which records a bulk delete reaches. */
const NARROWING = new Set([
  'where',
  'find_by',
  'find',
  'limit',
  'joins',
  'rewhere',
  'not',
  'first',
  'last',
  'take',
]);

class RubyCode {
  readonly actions: CodeAction[] = [];
  readonly names = new ScopeNames();

  constructor(
    private readonly root: Node,
    private readonly analyse: (language: CodeLanguage, text: string) => CodeAction[],
  ) {}

  run(): CodeAction[] {
    walkNodes(this.root, (n) => {
      if (n.type === 'assignment') {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') this.names.assign(left.text, n.childForFieldName('right'));
      } else if (n.type === 'operator_assignment') {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') this.names.assign(left.text, null, true);
      }
      return true;
    });
    walkNodes(this.root, (n) => {
      if (n.type === 'call') this.call(n);
      else if (n.type === 'subshell') this.subshell(n);
      return true;
    });
    return this.actions;
  }

  /** `` `cmd` `` and `%x(cmd)`: shell text, known when it has no interpolation. */
  subshell(n: Node): void {
    const text = this.stringValue(n);
    this.actions.push({ kind: 'shell', call: shorten(n.text), text: this.literal(text) });
  }

  /** The qualified name of a receiver: a constant (`FileUtils`, `Net::HTTP`) or a name bound to one. */
  constantName(n: Node | null): string | null {
    if (!n) return null;
    if (n.type === 'constant') return n.text;
    if (n.type === 'scope_resolution') {
      const scope = n.childForFieldName('scope');
      const name = n.childForFieldName('name')?.text;
      if (!name) return null;
      if (!scope) return `::${name}`;
      const outer = this.constantName(scope);
      return outer === null ? null : `${outer}::${name}`;
    }
    return null;
  }

  /** `Receiver.method` for a call, `Kernel.method` without a receiver; null for other receivers. */
  callName(n: Node): string | null {
    const method = n.childForFieldName('method')?.text;
    if (!method) return null;
    const receiver = n.childForFieldName('receiver');
    if (!receiver) return `Kernel.${method}`;
    const constant = this.constantName(receiver);
    return constant === null ? null : `${constant}.${method}`;
  }

  call(n: Node): void {
    const name = this.callName(n);
    const method = n.childForFieldName('method')?.text ?? '';
    const text = shorten(n.text);
    if (name === null) {
      this.untraced(n, method);
      return;
    }
    const { args, options } = this.args(n);
    if (name === 'Kernel.open' || name === 'File.open' || name === 'IO.popen' || name === 'URI.open') {
      // `open("|cmd")` runs cmd through the shell.
      const first = this.literal(args[0]);
      if (first !== null && first.startsWith('|')) {
        this.actions.push({ kind: 'shell', call: text, text: first.slice(1) });
        return;
      }
    }
    const effect = effectOf('ruby', name);
    if (effect) {
      this.actions.push(...applyEffect('ruby', effect, { name, args, options, text }, this.analyse));
      return;
    }
    // ActiveRecord on a model class: `User.delete_all` is `DELETE FROM users`.
    if (n.childForFieldName('receiver') && this.bulkDelete(n, method, name)) return;
    if (name.startsWith('Kernel.')) {
      // A method defined in the code itself, or a local variable read: nothing of its own.
      return;
    }
    const kind = unlistedCall('ruby', name);
    if (kind === 'opaque') this.actions.push(opaque(n.text));
    else if (kind === 'local') this.actions.push({ kind: 'local', call: text });
  }

  /** `Model.delete_all` / `destroy_all` / `update_all` on a whole table; reads do nothing. */
  bulkDelete(n: Node, method: string, name: string): boolean {
    const model = name.slice(0, name.lastIndexOf('.'));
    const sql =
      method === 'delete_all' || method === 'destroy_all'
        ? `DELETE FROM ${tableOf(model)}`
        : method === 'update_all'
          ? `UPDATE ${tableOf(model)} SET updated_at = now()`
          : null;
    if (sql === null) return READS.has(method);
    this.actions.push({
      kind: 'command',
      call: shorten(n.text),
      argv: [staticWord('psql'), staticWord('-c'), staticWord(sql)],
    });
    return true;
  }

  /** A call on something not traced to a class: judged by the method's name. */
  untraced(n: Node, method: string): void {
    const text = shorten(n.text);
    if (sqlMethod('ruby', method)) {
      const sql = this.literal(this.args(n).args[0]);
      if (sql !== null) {
        this.actions.push({
          kind: 'command',
          call: text,
          argv: [staticWord('psql'), staticWord('-c'), staticWord(sql)],
        });
        return;
      }
    }
    if (method === 'update_all') {
      this.actions.push({ kind: 'dynamic', call: text, why: 'updates records chosen at run time' });
      return;
    }
    const wipe = wipeCommand(method);
    if (wipe) {
      this.actions.push({ kind: 'command', call: text, argv: wipe });
      return;
    }
    if (!destroyingMethod('ruby', method)) return;
    // `User.where(…).delete_all`: bounded by the query; `User.all.delete_all` is every row.
    let receiver = n.childForFieldName('receiver');
    let narrowed = false;
    while (receiver?.type === 'call') {
      if (NARROWING.has(receiver.childForFieldName('method')?.text ?? '')) narrowed = true;
      const next = receiver.childForFieldName('receiver');
      const model = this.constantName(next);
      if (model !== null && !narrowed && (method === 'delete_all' || method === 'destroy_all')) {
        this.actions.push({
          kind: 'command',
          call: text,
          argv: [staticWord('psql'), staticWord('-c'), staticWord(`DELETE FROM ${tableOf(model)}`)],
        });
        return;
      }
      receiver = next;
    }
    this.actions.push({
      kind: 'dynamic',
      call: text,
      why: `calls ${method} on records or a client chosen at run time`,
    });
  }

  args(n: Node): { args: Value[]; options: Map<string, Value> } {
    const args: Value[] = [];
    const options = new Map<string, Value>();
    const list = n.childForFieldName('arguments');
    for (const a of list?.namedChildren ?? []) {
      if (!a) continue;
      if (a.type === 'pair') {
        const key = a.childForFieldName('key');
        const k = key?.text
          .replace(/^:/, '')
          .replace(/:$/, '')
          .replace(/^["']|["']$/g, '');
        if (k) options.set(k, this.value(a.childForFieldName('value')));
      } else if (
        a.type === 'block_argument' ||
        a.type === 'splat_argument' ||
        a.type === 'hash_splat_argument'
      ) {
        args.push({ kind: 'unknown', text: a.text });
      } else args.push(this.value(a));
    }
    return { args, options };
  }

  literal(v: Value | undefined): string | null {
    return v?.kind === 'str' && v.word.dynamic.length === 0 ? v.word.value : null;
  }

  /** A string (or backtick) node: its text when it has no interpolation. */
  stringValue(n: Node): Value {
    let out = '';
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content') out += c.text;
      else if (c.type === 'escape_sequence') out += unescape(c.text);
      else return { kind: 'str', word: dynamicWord(n.text) };
    }
    return str(out);
  }

  value(n: Node | null, depth = 0): Value {
    if (!n || depth > 8) return { kind: 'unknown', text: n?.text ?? '' };
    const unknown: Value = { kind: 'unknown', text: n.text };
    switch (n.type) {
      case 'string':
        return this.stringValue(n);
      case 'integer': {
        const t = n.text.replace(/_/g, '').toLowerCase();
        const v = t.startsWith('0o')
          ? Number.parseInt(t.slice(2), 8)
          : t.startsWith('0') && t.length > 1
            ? Number.parseInt(t, 8)
            : Number(t);
        return Number.isFinite(v) ? { kind: 'num', value: v } : unknown;
      }
      case 'true':
      case 'false':
        return { kind: 'bool', value: n.type === 'true' };
      case 'array':
        if (n.namedChildren.some((c) => c?.type === 'splat_argument')) return unknown;
        return { kind: 'list', items: n.namedChildren.map((c) => this.value(c, depth + 1)) };
      case 'hash':
        return { kind: 'dict', entries: new Map() };
      case 'parenthesized_statements':
        return n.namedChildCount === 1 ? this.value(n.namedChildren[0] ?? null, depth + 1) : unknown;
      case 'identifier': {
        const assigned = this.names.value(n.text);
        return assigned ? this.value(assigned, depth + 1) : unknown;
      }
      case 'binary': {
        if (n.childForFieldName('operator')?.text !== '+') return unknown;
        return joinValues(
          [
            this.value(n.childForFieldName('left'), depth + 1),
            this.value(n.childForFieldName('right'), depth + 1),
          ],
          '',
          n.text,
        );
      }
      case 'element_reference': {
        // ENV['HOME']
        const object = n.childForFieldName('object');
        const key = n.namedChildren.find((c) => c !== null && c.id !== object?.id) ?? null;
        if (object?.text === 'ENV' && this.literal(this.value(key, depth + 1)) === 'HOME') return HOME;
        return unknown;
      }
      case 'call':
        return this.callValue(n) ?? unknown;
      default:
        return unknown;
    }
  }

  callValue(n: Node): Value | null {
    const name = this.callName(n);
    const { args } = this.args(n);
    switch (name) {
      case 'Dir.home':
        return HOME;
      case 'Dir.tmpdir':
        return str('/tmp');
      case 'Dir.pwd':
        return str('.');
      case 'ENV.fetch':
        return this.literal(args[0]) === 'HOME' ? HOME : null;
      case 'File.join':
        return joinValues(args, '/', n.text);
      case 'File.expand_path':
      case 'Kernel.URI':
      case 'URI.parse':
      case 'Pathname.new':
      case 'Kernel.Pathname':
        return args[0] ?? null;
      default:
        return null;
    }
  }
}

/** Ruby's escapes in double-quoted strings, the common ones (others stand for themselves). */
function unescape(e: string): string {
  const map: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\s': ' ', '\\0': '\0', '\\e': '\x1b' };
  return map[e] ?? e.slice(1);
}

export function rubyActions(
  root: Node,
  analyse: (language: CodeLanguage, text: string) => CodeAction[],
): CodeAction[] {
  return new RubyCode(root, analyse).run();
}
