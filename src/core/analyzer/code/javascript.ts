/**
 * JavaScript / TypeScript-free code → actions, from its tree-sitter-javascript syntax tree:
 * `require`/`import` bindings and single assignments give names their meaning, literals give
 * arguments their values, and the catalog says what each call does.
 */
import type { Node } from 'web-tree-sitter';
import { destroyingMethod, sqlMethod } from './untraced.js';
import { wipeCommand } from './storeCalls.js';
import { base64Decode, hexDecode } from '../textDecode.js';
import { applyEffect, opaque } from './apply.js';
import { effectOf, unlistedCall } from './catalog.js';
import { joinValues } from './python.js';
import { ScopeNames, walkNodes } from './scope.js';
import {
  shorten,
  staticWord,
  type CodeAction,
  type CodeLanguage,
  type ResolvedCall,
  type Value,
} from './types.js';

// prettier-ignore
const GLOBALS = new Set([
  'fetch', 'eval', 'Function', 'require', 'process', 'Bun', 'Deno', 'console', 'JSON', 'Math', 'Date', 'Object',
  'Array', 'String', 'Number', 'Promise', 'Buffer', 'URL', 'setTimeout', 'setInterval', 'Reflect', 'globalThis',
  'parseInt', 'parseFloat', 'atob', 'btoa', 'structuredClone', 'Boolean', 'RegExp', 'Map', 'Set', 'Symbol',
  'encodeURIComponent', 'decodeURIComponent', 'queueMicrotask', 'setImmediate', 'Intl', 'Error',
]);

/** Method names that only fs / child_process / Bun / Deno objects have, and that destroy or run. */
const UNTRACED_DANGER = new Set([
  'rmSync',
  'rmdirSync',
  'unlinkSync',
  'execSync',
  'spawnSync',
  'execFileSync',
  'writeFileSync',
  'appendFileSync',
  'removeSync',
  'emptyDirSync',
]);

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };

function decode(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|\n|.)/g, (_m, e: string) => {
    if (e === '\n') return '';
    if (e.startsWith('u{')) return String.fromCodePoint(Number.parseInt(e.slice(2, -1), 16));
    if (/^[xu]/.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? e;
  });
}

/** `node:fs`, `fs/promises`, `fs.promises.x` are the same functions as `fs.x`. */
function moduleName(spec: string): string {
  const m = spec.replace(/^node:/, '');
  return m === 'fs/promises' ? 'fs' : m === 'child_process/promises' ? 'child_process' : m;
}

function normalize(name: string): string {
  return name.replace(/^fs\.promises\./, 'fs.').replace(/^(\w[\w-]*)\.default\./, '$1.');
}

function propertyName(n: Node | null): string | null {
  if (!n) return null;
  if (
    n.type === 'property_identifier' ||
    n.type === 'identifier' ||
    n.type === 'shorthand_property_identifier'
  )
    return n.text;
  if (n.type === 'string') return decode(n.text.slice(1, -1));
  return null;
}

class JavaScriptCode {
  readonly names = new ScopeNames();
  readonly actions: CodeAction[] = [];

  constructor(
    readonly root: Node,
    readonly analyse: (language: CodeLanguage, text: string) => CodeAction[],
  ) {}

  run(): CodeAction[] {
    const calls: Node[] = [];
    const refs: Node[] = [];
    walkNodes(this.root, (n) => {
      switch (n.type) {
        case 'import_statement':
          this.importStatement(n);
          return false;
        case 'variable_declarator':
          this.declarator(n);
          break;
        case 'assignment_expression':
        case 'augmented_assignment_expression': {
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier')
            this.names.assign(left.text, n.childForFieldName('right'), n.type !== 'assignment_expression');
          break;
        }
        case 'for_in_statement': {
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier') this.names.assign(left.text, null, true);
          break;
        }
        case 'call_expression':
          this.thenBinding(n);
          calls.push(n);
          break;
        case 'new_expression':
          calls.push(n);
          break;
        case 'member_expression':
          refs.push(n);
          break;
      }
      return true;
    });
    for (const c of calls) this.call(c);
    for (const r of refs) this.reference(r);
    return this.actions;
  }

  importStatement(n: Node): void {
    const source = n.childForFieldName('source');
    if (!source) return;
    const module = moduleName(decode(source.text.slice(1, -1)));
    for (const clause of n.namedChildren.filter((c) => c.type === 'import_clause')) {
      for (const part of clause.namedChildren) {
        if (part.type === 'identifier') this.names.bind(part.text, module);
        else if (part.type === 'namespace_import') {
          const id = part.namedChildren[0];
          if (id) this.names.bind(id.text, module);
        } else if (part.type === 'named_imports') {
          for (const spec of part.namedChildren) {
            const name = spec.childForFieldName('name')?.text;
            const alias = spec.childForFieldName('alias')?.text ?? name;
            if (name && alias) this.names.bind(alias, name === 'default' ? module : `${module}.${name}`);
          }
        }
      }
    }
  }

  /** `const x = require('m')`, `const {a, b: c} = require('m')`, `const x = <expr>`. */
  declarator(n: Node): void {
    const name = n.childForFieldName('name');
    const value = n.childForFieldName('value');
    const from = value ? this.requireOf(value) : null;
    if (name?.type === 'identifier') {
      if (from !== null) this.names.bind(name.text, from);
      else this.names.assign(name.text, value);
    } else if (name?.type === 'object_pattern') {
      const base = from ?? this.qualified(value);
      for (const p of name.namedChildren) {
        const key = p.type === 'pair_pattern' ? propertyName(p.childForFieldName('key')) : p.text;
        const local = p.type === 'pair_pattern' ? p.childForFieldName('value')?.text : p.text;
        if (!key || !local) continue;
        if (base !== null) this.names.bind(local, normalize(`${base}.${key}`));
        else this.names.assign(local, null, true);
      }
    }
  }

  /**
   * `import('fs').then(m => m.rmSync(…))` and `.then(({ rmSync }) => …)`: the callback's parameter
   * is the module.
   */
  thenBinding(n: Node): void {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'member_expression' || propertyName(fn.childForFieldName('property')) !== 'then') return;
    const object = fn.childForFieldName('object');
    const module = object ? this.requireOf(object) : null;
    const callback = n.childForFieldName('arguments')?.namedChildren[0];
    if (
      module === null ||
      !callback ||
      !/^(arrow_function|function_expression|function)$/.test(callback.type)
    )
      return;
    const param =
      callback.childForFieldName('parameter') ??
      callback.childForFieldName('parameters')?.namedChildren[0] ??
      null;
    if (param?.type === 'identifier') this.names.bind(param.text, module);
    else if (param?.type === 'object_pattern')
      for (const p of param.namedChildren) {
        const key = p.type === 'pair_pattern' ? propertyName(p.childForFieldName('key')) : p.text;
        const local = p.type === 'pair_pattern' ? p.childForFieldName('value')?.text : p.text;
        if (key && local) this.names.bind(local, normalize(`${module}.${key}`));
      }
  }

  /** The module a `require('m')` / `require('m').x` / `await import('m')` expression loads. */
  requireOf(n: Node): string | null {
    let at = n;
    if (at.type === 'await_expression') at = at.namedChildren[0] ?? at;
    if (at.type === 'member_expression') {
      const inner = this.requireOf(at.childForFieldName('object') as Node);
      const prop = propertyName(at.childForFieldName('property'));
      return inner !== null && prop ? normalize(`${inner}.${prop}`) : null;
    }
    if (at.type !== 'call_expression') return null;
    const fn = at.childForFieldName('function');
    if (
      fn?.type !== 'import' &&
      !(fn?.type === 'identifier' && fn.text === 'require' && this.names.binding('require') === undefined)
    )
      return null;
    const arg = this.literal(this.value(at.childForFieldName('arguments')?.namedChildren[0] ?? null));
    return arg === null ? null : moduleName(arg);
  }

  /** `require`, or a name assigned it once (`const r = require; r('fs')`). */
  loaderName(name: string): string | null {
    if (name === 'require' && this.names.binding('require') === undefined) return 'require';
    const assigned = this.names.value(name);
    return assigned?.type === 'identifier' && assigned.text === 'require' ? 'require' : null;
  }

  /** The qualified name an expression refers to (`fs.promises.rm` → fs.rm), or null. */
  qualified(n: Node | null, depth = 0): string | null {
    if (!n || depth > 8) return null;
    switch (n.type) {
      case 'identifier': {
        const bound = this.names.binding(n.text);
        if (bound !== undefined) return bound;
        const assigned = this.names.value(n.text);
        if (assigned) return this.qualified(assigned, depth + 1);
        return GLOBALS.has(n.text) ? n.text : null;
      }
      case 'member_expression': {
        const obj = this.qualified(n.childForFieldName('object'), depth + 1);
        const prop = propertyName(n.childForFieldName('property'));
        return obj !== null && prop ? normalize(`${obj}.${prop}`) : null;
      }
      case 'subscript_expression': {
        const obj = this.qualified(n.childForFieldName('object'), depth + 1);
        const key = this.literal(this.value(n.childForFieldName('index'), depth + 1));
        return obj !== null && key !== null ? normalize(`${obj}.${key}`) : null;
      }
      case 'call_expression':
      case 'await_expression':
        return this.requireOf(n);
      case 'parenthesized_expression':
        return this.qualified(n.namedChildren[0] ?? null, depth + 1);
      default:
        return null;
    }
  }

  literal(v: Value | undefined): string | null {
    return v?.kind === 'str' && v.word.dynamic.length === 0 ? v.word.value : null;
  }

  value(n: Node | null, depth = 0): Value {
    if (!n || depth > 8) return { kind: 'unknown', text: n?.text ?? '' };
    const unknown: Value = { kind: 'unknown', text: n.text };
    switch (n.type) {
      case 'string':
        return { kind: 'str', word: staticWord(literalPath(decode(n.text.slice(1, -1))), n.text) };
      case 'template_string': {
        const parts: Value[] = [];
        for (const c of n.namedChildren) {
          if (c.type === 'string_fragment') parts.push({ kind: 'str', word: staticWord(c.text) });
          else if (c.type === 'escape_sequence')
            parts.push({ kind: 'str', word: staticWord(decode(c.text)) });
          else if (c.type === 'template_substitution')
            parts.push(this.value(c.namedChildren[0] ?? null, depth + 1));
        }
        return joinValues(parts, '', n.text);
      }
      case 'number':
        return { kind: 'num', value: Number(n.text.replace(/_/g, '')) };
      case 'true':
      case 'false':
        return { kind: 'bool', value: n.type === 'true' };
      case 'array':
        if (n.namedChildren.some((c) => c.type === 'spread_element')) return unknown;
        return { kind: 'list', items: n.namedChildren.map((c) => this.value(c, depth + 1)) };
      case 'object': {
        const entries = new Map<string, Value>();
        for (const p of n.namedChildren) {
          if (p.type === 'pair') {
            const key = propertyName(p.childForFieldName('key'));
            if (key) entries.set(key, this.value(p.childForFieldName('value'), depth + 1));
          } else if (p.type === 'shorthand_property_identifier')
            entries.set(p.text, this.value(p, depth + 1));
        }
        return { kind: 'dict', entries };
      }
      case 'identifier': {
        const assigned = this.names.value(n.text);
        return assigned ? this.value(assigned, depth + 1) : unknown;
      }
      case 'parenthesized_expression':
        return this.value(n.namedChildren[0] ?? null, depth + 1);
      case 'binary_expression': {
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
      case 'await_expression':
        return this.value(n.namedChildren[0] ?? null, depth + 1);
      case 'member_expression': {
        const q = this.qualified(n, depth + 1);
        if (q === 'process.env.HOME' || q === 'process.env.USERPROFILE' || q === 'Bun.env.HOME')
          return { kind: 'str', word: staticWord('~') };
        return unknown;
      }
      case 'call_expression': {
        const q = this.qualified(n.childForFieldName('function'), depth + 1);
        const args = (n.childForFieldName('arguments')?.namedChildren ?? []).map((a) =>
          this.value(a, depth + 1),
        );
        if (q === 'path.join' || q === 'path.resolve' || q === 'path.posix.join')
          return joinValues(args, '/', n.text);
        if (q === 'os.homedir') return { kind: 'str', word: staticWord('~') };
        if (q === 'Deno.env.get' && this.literal(args[0]) === 'HOME')
          return { kind: 'str', word: staticWord('~') };
        if (q === 'os.tmpdir') return { kind: 'str', word: staticWord('/tmp') };
        if (q === 'process.cwd') return { kind: 'str', word: staticWord('.') };
        return this.decodedValue(n, q, args, depth) ?? unknown;
      }
      default:
        return unknown;
    }
  }

  /**
   * A payload decoded from a literal is as known as the literal: `atob('cm0g…')`,
   * `Buffer.from('cm0g…', 'base64').toString()`, `Buffer.from('726d…', 'hex').toString('utf8')`.
   */
  decodedValue(n: Node, q: string | null, args: Value[], depth: number): Value | null {
    if (q === 'atob') {
      const t = this.literal(args[0]);
      const out = t === null ? null : base64Decode(t, 'base64');
      return out === null ? null : { kind: 'str', word: staticWord(out), decoded: true };
    }
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'toString')
      return null;
    const inner = fn.childForFieldName('object');
    if (
      inner?.type !== 'call_expression' ||
      this.qualified(inner.childForFieldName('function'), depth + 1) !== 'Buffer.from'
    )
      return null;
    const [data, encoding] = (inner.childForFieldName('arguments')?.namedChildren ?? []).map((a) =>
      this.literal(this.value(a, depth + 1)),
    );
    if (data === null || data === undefined) return null;
    const out =
      encoding === 'base64' || encoding === 'base64url'
        ? base64Decode(data, 'base64')
        : encoding === 'hex'
          ? hexDecode(data)
          : encoding === undefined || encoding === 'utf8' || encoding === 'utf-8'
            ? data
            : null;
    return out === null
      ? null
      : {
          kind: 'str',
          word: staticWord(out),
          decoded: typeof encoding === 'string' && !/^utf-?8$/.test(encoding),
        };
  }

  call(n: Node): void {
    const fn = n.childForFieldName(n.type === 'new_expression' ? 'constructor' : 'function');
    const argsNode = n.childForFieldName('arguments');
    const name = this.qualified(fn);
    const text = shorten(n.text);
    if (name === null) {
      if (fn?.type === 'import' || (fn?.type === 'identifier' && fn.text === 'require')) {
        if (this.requireOf(n) === null)
          this.actions.push({ kind: 'dynamic', call: text, why: 'loads a module chosen at run time' });
      } else if (fn?.type === 'member_expression') {
        // A destroying or process-starting method on an object this reading cannot trace.
        const method = propertyName(fn.childForFieldName('property'));
        const first = argsNode?.namedChildren[0];
        const sql =
          method && sqlMethod('javascript', method) && first ? this.literal(this.value(first)) : null;
        if (sql !== null)
          // SQL handed to a driver (`client.query('DROP TABLE t')`): judged as SQL.
          this.actions.push({
            kind: 'command',
            call: text,
            argv: [staticWord('psql'), staticWord('-c'), staticWord(sql)],
          });
        else if (method && wipeCommand(method))
          this.actions.push({ kind: 'command', call: text, argv: wipeCommand(method) ?? [] });
        else if (method && (UNTRACED_DANGER.has(method) || destroyingMethod('javascript', method)))
          this.actions.push({
            kind: 'dynamic',
            call: text,
            why: `calls ${method} on an object not traced here`,
          });
      }
      return;
    }
    // Promise plumbing on a module (`import('fs').then(…)`): the callback's calls are what count.
    if (/\.(then|catch|finally)$/.test(name)) return;
    const args =
      argsNode?.type === 'template_string'
        ? [this.value(argsNode)]
        : (argsNode?.namedChildren ?? []).map((a) =>
            a.type === 'spread_element' ? { kind: 'unknown' as const, text: a.text } : this.value(a),
          );
    const last = args[args.length - 1];
    const options = last?.kind === 'dict' ? last.entries : new Map<string, Value>();
    const call: ResolvedCall = { name, args, options, text };
    const effect = effectOf('javascript', name);
    if (effect) {
      if ('resolve' in effect) {
        if (this.literal(args[0]) === null)
          this.actions.push({ kind: 'dynamic', call: text, why: 'loads a module chosen at run time' });
        return;
      }
      this.actions.push(...applyEffect('javascript', effect, call, this.analyse));
      return;
    }
    if (!this.names.rooted(name) && !GLOBALS.has(name.split('.')[0] ?? '')) return;
    const kind = unlistedCall('javascript', name);
    if (kind === 'opaque') this.actions.push(opaque(`${name}(…)`));
    else if (kind === 'local') this.actions.push({ kind: 'local', call: `${name}(…)` });
  }

  /** `process.env` as a whole (printed, serialised, iterated) exposes every variable. */
  reference(n: Node): void {
    if (this.qualified(n) !== 'process.env') return;
    const parent = n.parent;
    if (!parent || parent.type === 'member_expression' || parent.type === 'subscript_expression') return;
    if (parent.type === 'spread_element' || parent.type === 'pair' || parent.type === 'assignment_expression')
      return;
    this.actions.push({ kind: 'command', call: shorten(parent.text), argv: [staticWord('printenv')] });
  }
}

/** A literal `~` is not expanded by Node: `fs.rmSync('~/x')` removes ./~/x. */
function literalPath(value: string): string {
  return value.startsWith('~') ? `./${value}` : value;
}

export function javascriptActions(
  root: Node,
  analyse: (language: CodeLanguage, text: string) => CodeAction[],
): CodeAction[] {
  return new JavaScriptCode(root, analyse).run();
}
