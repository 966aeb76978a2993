/**
 * Python code → actions, from its tree-sitter-python syntax tree: imports and simple assignments
 * give names their meaning (`from shutil import rmtree as r` makes `r(…)` shutil.rmtree), literals
 * give arguments their values, and the catalog says what each call does.
 */
import type { Node } from 'web-tree-sitter';
import type { Word } from '../types.js';
import { applyEffect, opaque } from './apply.js';
import { effectOf, unlistedCall } from './catalog.js';
import { ScopeNames, walkNodes } from './scope.js';
import { destroyingMethod, sqlMethod } from './untraced.js';
import { storeCallCommand } from './storeCalls.js';
import { base64Decode, hexDecode } from '../textDecode.js';
import {
  dynamicWord,
  shorten,
  staticWord,
  type CodeAction,
  type CodeLanguage,
  type ResolvedCall,
  type Value,
} from './types.js';

type Ref = { kind: 'name'; name: string } | { kind: 'instance'; cls: string; self: Value };

// prettier-ignore
const BUILTINS = new Set([
  'open', 'eval', 'exec', 'compile', '__import__', 'getattr', 'setattr', 'delattr', 'globals', 'locals', 'vars',
  'breakpoint', 'print', 'len', 'range', 'str', 'int', 'float', 'list', 'dict', 'set', 'tuple', 'sorted', 'sum',
  'min', 'max', 'abs', 'enumerate', 'zip', 'map', 'filter', 'any', 'all', 'repr', 'isinstance', 'type', 'input',
  'round', 'format', 'hex', 'oct', 'bin', 'chr', 'ord', 'bool', 'bytes', 'bytearray', 'reversed', 'iter', 'next',
  'hash', 'id', 'divmod', 'pow', 'hasattr', 'callable', 'issubclass', 'super', 'object', 'frozenset', 'memoryview',
  'slice', 'property', 'staticmethod', 'classmethod', 'ascii', 'help', 'dir', 'exit', 'quit', '__builtins__',
]);

/** Calls that return a path the analysis knows (`Path.home()` is the home directory). */
const PATH_VALUES: Record<string, string> = {
  'pathlib.Path.home': '~',
  'os.path.expanduser': '$0',
  'os.path.abspath': '$0',
  'os.path.realpath': '$0',
  'os.path.normpath': '$0',
  'os.fspath': '$0',
  'builtins.str': '$0',
  'pathlib.Path': '$0',
  'pathlib.PosixPath': '$0',
  'pathlib.Path.expanduser': '$self',
  'pathlib.Path.resolve': '$self',
  'pathlib.Path.absolute': '$self',
  'pathlib.Path.cwd': '.',
  'os.getcwd': '.',
  'tempfile.gettempdir': '/tmp',
  'tempfile.mkdtemp': '/tmp/tmp.mkdtemp',
};

/** Modules an `importlib.import_module('…')` may load without hiding anything. */
const PLAIN_IMPORTS = /^(json|re|math|yaml|toml|tomllib|csv|datetime|collections|itertools|functools)$/;

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function decode(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\n|.)/g,
    (m, e: string) => {
      if (e === '\n') return '';
      if (/^[xuU]/.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
      if (/^[0-7]+$/.test(e)) return String.fromCodePoint(Number.parseInt(e, 8));
      if (e in ESCAPES) return ESCAPES[e] as string;
      return e === '\\' || e === "'" || e === '"' ? e : m;
    },
  );
}

/** A literal `~` is not expanded by Python: `open('~/x')` opens ./~/x. */
function literalPath(value: string): string {
  return value.startsWith('~') ? `./${value}` : value;
}

class PythonCode {
  readonly names = new ScopeNames();
  readonly stars: string[] = [];
  readonly actions: CodeAction[] = [];
  /** `for p in X.rglob('*')`: a loop name and the directory listing it walks. */
  readonly loops = new Map<string, Node>();

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
        case 'import_from_statement':
          this.importFrom(n);
          return false;
        case 'assignment': {
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier') this.names.assign(left.text, n.childForFieldName('right'));
          break;
        }
        case 'augmented_assignment':
        case 'for_statement':
        case 'for_in_clause':
        case 'as_pattern': {
          const target = n.childForFieldName('left') ?? n.childForFieldName('alias');
          const listing = n.type === 'augmented_assignment' ? null : n.childForFieldName('right');
          if (target?.type === 'identifier' && listing?.type === 'call') this.loops.set(target.text, listing);
          for (const id of target ? [target, ...target.descendantsOfType('identifier')] : [])
            if (id.type === 'identifier') this.names.assign(id.text, null, true);
          break;
        }
        case 'call':
          calls.push(n);
          break;
        case 'attribute':
        case 'identifier':
          refs.push(n);
          break;
      }
      return true;
    });
    for (const c of calls) this.call(c);
    for (const r of refs) this.reference(r);
    if (this.stars.some((m) => unlistedCall('python', `${m}.x`) !== 'pure'))
      this.actions.push({
        kind: 'dynamic',
        call: `from ${this.stars.join(', ')} import *`,
        why: 'imports every name of a module',
      });
    return this.actions;
  }

  importStatement(n: Node): void {
    for (const child of n.namedChildren) {
      if (child.type === 'dotted_name')
        this.names.bind(child.text.split('.')[0] as string, child.text.split('.')[0] as string);
      else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text;
        const alias = child.childForFieldName('alias')?.text;
        if (name && alias) this.names.bind(alias, name);
      }
    }
  }

  importFrom(n: Node): void {
    const moduleNode = n.childForFieldName('module_name');
    const module = moduleNode?.type === 'dotted_name' ? moduleNode.text : `(local)${moduleNode?.text ?? ''}`;
    for (const child of n.namedChildren) {
      if (child === moduleNode || child.id === moduleNode?.id) continue;
      if (child.type === 'wildcard_import') this.stars.push(module);
      else if (child.type === 'dotted_name') this.names.bind(child.text, `${module}.${child.text}`);
      else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text;
        const alias = child.childForFieldName('alias')?.text;
        if (name && alias) this.names.bind(alias, `${module}.${name}`);
      }
    }
  }

  /** What a name or attribute refers to: a qualified name, or an object of a known class. */
  ref(n: Node | null, depth = 0): Ref | null {
    if (!n || depth > 8) return null;
    switch (n.type) {
      case 'identifier': {
        const bound = this.names.binding(n.text);
        if (bound !== undefined) return { kind: 'name', name: bound };
        const assigned = this.names.value(n.text);
        if (assigned) return this.ref(assigned, depth + 1);
        if (BUILTINS.has(n.text)) return { kind: 'name', name: `builtins.${n.text}` };
        return null;
      }
      case 'attribute': {
        const attr = n.childForFieldName('attribute')?.text ?? '';
        const obj = this.ref(n.childForFieldName('object'), depth + 1);
        if (!obj) return null;
        if (obj.kind === 'name') return { kind: 'name', name: `${obj.name}.${attr}` };
        return { kind: 'name', name: `${obj.cls}.${attr}` };
      }
      case 'call': {
        const f = this.ref(n.childForFieldName('function'), depth + 1);
        if (f?.kind !== 'name') return f?.kind === 'instance' ? null : null;
        const args = this.args(n);
        if (
          f.name === 'builtins.getattr' ||
          f.name === 'builtins.__import__' ||
          f.name === 'importlib.import_module'
        ) {
          const target = this.literal(f.name === 'builtins.getattr' ? args.args[1] : args.args[0]);
          if (target === null) return null;
          if (f.name !== 'builtins.getattr') return { kind: 'name', name: target };
          const obj = this.ref(n.childForFieldName('arguments')?.namedChildren[0] ?? null, depth + 1);
          return obj?.kind === 'name' ? { kind: 'name', name: `${obj.name}.${target}` } : null;
        }
        const effect = effectOf('python', f.name);
        if (effect && 'construct' in effect)
          return { kind: 'instance', cls: f.name, self: args.args[0] ?? staticWordValue('.') };
        if (f.name.startsWith('pathlib.') && f.name in PATH_VALUES)
          return { kind: 'instance', cls: 'pathlib.Path', self: this.value(n, depth + 1) };
        return null;
      }
      case 'parenthesized_expression':
        return this.ref(n.namedChildren[0] ?? null, depth + 1);
      default:
        return null;
    }
  }

  literal(v: Value | undefined): string | null {
    return v?.kind === 'str' && v.word.dynamic.length === 0 ? v.word.value : null;
  }

  /** The value of an expression, as far as it is known without running it. */
  value(n: Node | null, depth = 0): Value {
    if (!n || depth > 8) return { kind: 'unknown', text: n?.text ?? '' };
    const unknown: Value = { kind: 'unknown', text: n.text };
    switch (n.type) {
      case 'string':
        return this.string(n, depth);
      case 'concatenated_string':
        return joinValues(
          n.namedChildren.map((c) => this.value(c, depth + 1)),
          '',
          n.text,
        );
      case 'integer': {
        const t = n.text.replace(/_/g, '').toLowerCase();
        const v = t.startsWith('0o') ? Number.parseInt(t.slice(2), 8) : Number(t);
        return Number.isFinite(v) ? { kind: 'num', value: v } : unknown;
      }
      case 'float':
        return { kind: 'num', value: Number(n.text) };
      case 'true':
      case 'false':
        return { kind: 'bool', value: n.type === 'true' };
      case 'list':
      case 'tuple':
        if (n.namedChildren.some((c) => c.type === 'list_splat')) return unknown;
        return { kind: 'list', items: n.namedChildren.map((c) => this.value(c, depth + 1)) };
      case 'dictionary': {
        const entries = new Map<string, Value>();
        for (const pair of n.namedChildren) {
          const key = this.literal(this.value(pair.childForFieldName('key'), depth + 1));
          if (pair.type === 'pair' && key !== null)
            entries.set(key, this.value(pair.childForFieldName('value'), depth + 1));
        }
        return { kind: 'dict', entries };
      }
      case 'parenthesized_expression':
        return this.value(n.namedChildren[0] ?? null, depth + 1);
      case 'identifier': {
        const assigned = this.names.value(n.text);
        return assigned ? this.value(assigned, depth + 1) : unknown;
      }
      case 'binary_operator': {
        const op = n.childForFieldName('operator')?.text;
        const left = this.value(n.childForFieldName('left'), depth + 1);
        const right = this.value(n.childForFieldName('right'), depth + 1);
        if (op === '+') return joinValues([left, right], '', n.text);
        if (op === '/' && this.ref(n.childForFieldName('left'), depth + 1)?.kind === 'instance')
          return joinValues([left, right], '/', n.text);
        return unknown;
      }
      case 'subscript': {
        const of = this.ref(n.childForFieldName('value'), depth + 1);
        const key = this.literal(this.value(n.childForFieldName('subscript'), depth + 1));
        if (of?.kind === 'name' && of.name === 'os.environ' && key === 'HOME') return staticWordValue('~');
        return unknown;
      }
      case 'call':
        return this.callValue(n, depth) ?? unknown;
      default:
        return unknown;
    }
  }

  callValue(n: Node, depth: number): Value | null {
    const fn = n.childForFieldName('function');
    // `….decode()` / `str(…, 'utf-8')` of bytes decoded below: the same text.
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'decode') {
      const inner = this.value(fn.childForFieldName('object'), depth + 1);
      if (this.literal(inner) !== null) return inner;
    }
    const f = this.ref(fn, depth + 1);
    if (f?.kind === 'instance') return null;
    const name = f?.name;
    const { args } = this.args(n, depth);
    if (name === 'os.path.join') return joinValues(args, '/', n.text);
    // A payload decoded from a literal is as known as the literal (`base64.b64decode('cm0g…')`).
    const decoded = DECODERS[name ?? ''];
    if (decoded) {
      const text = this.literal(args[0]);
      const out = text === null ? null : decoded(text);
      return out === null ? null : { ...staticWordValue(out), decoded: true };
    }
    if ((name === 'os.getenv' || name === 'os.environ.get') && this.literal(args[0]) === 'HOME')
      return staticWordValue('~');
    const result = name ? PATH_VALUES[name] : undefined;
    if (result === undefined) return null;
    const expands = name === 'os.path.expanduser' || name === 'pathlib.Path.expanduser';
    if (result === '$0') return expands ? home(args[0]) : (args[0] ?? staticWordValue('.'));
    if (result === '$self') {
      const obj = this.ref(n.childForFieldName('function')?.childForFieldName('object') ?? null, depth + 1);
      return obj?.kind === 'instance' ? (expands ? home(obj.self) : obj.self) : null;
    }
    return staticWordValue(result);
  }

  string(n: Node, depth: number): Value {
    const start = n.namedChildren.find((c) => c.type === 'string_start')?.text ?? '';
    const raw = /r/i.test(start);
    const f = /f/i.test(start);
    const parts: Value[] = [];
    for (const child of n.namedChildren) {
      if (child.type === 'string_content') {
        let text = raw ? child.text : decode(child.text);
        if (f) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        parts.push(staticWordValue(text));
      } else if (child.type === 'interpolation') {
        const inner = this.value(child.childForFieldName('expression'), depth + 1);
        parts.push(
          child.childForFieldName('format_specifier') ? { kind: 'unknown', text: child.text } : inner,
        );
      }
    }
    const joined = joinValues(parts, '', n.text);
    return joined.kind === 'str' && joined.word.dynamic.length === 0
      ? staticWordValue(literalPath(joined.word.value), n.text)
      : joined;
  }

  args(n: Node, depth = 0): { args: Value[]; options: Map<string, Value> } {
    const list = n.childForFieldName('arguments');
    const args: Value[] = [];
    const options = new Map<string, Value>();
    for (const a of list?.namedChildren ?? []) {
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text;
        if (name) options.set(name, this.value(a.childForFieldName('value'), depth + 1));
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat')
        args.push({ kind: 'unknown', text: a.text });
      else if (a.type !== 'comment') args.push(this.value(a, depth + 1));
    }
    return { args, options };
  }

  call(n: Node): void {
    const fn = n.childForFieldName('function');
    // `from_pretrained(…, trust_remote_code=True)`: code shipped with a downloaded model runs here.
    for (const a of n.childForFieldName('arguments')?.namedChildren ?? [])
      if (
        a.type === 'keyword_argument' &&
        a.childForFieldName('name')?.text === 'trust_remote_code' &&
        a.childForFieldName('value')?.type === 'true'
      )
        this.actions.push({
          kind: 'dynamic',
          call: shorten(n.text),
          why: 'runs code downloaded with a model (trust_remote_code=True)',
        });
    const ref = this.ref(fn);
    if (!ref && fn?.type === 'attribute' && this.untraced(n, fn)) return;
    if (!ref) {
      // `getattr(os, name)(…)`, `__import__(x).system(…)`: a name built at run time.
      const inner = fn?.type === 'call' ? this.ref(fn.childForFieldName('function')) : null;
      if (
        inner?.kind === 'name' &&
        /^(builtins\.(getattr|__import__)|importlib\.import_module)$/.test(inner.name)
      )
        this.actions.push({
          kind: 'dynamic',
          call: shorten(n.text),
          why: 'calls a function chosen at run time',
        });
      return;
    }
    const name = ref.kind === 'name' ? ref.name : ref.cls;
    const effect = effectOf('python', name);
    const { args, options } = this.args(n);
    const call: ResolvedCall = { name, args, options, text: shorten(n.text) };
    if (ref.kind === 'instance') return;
    const receiver = fn?.type === 'attribute' ? this.ref(fn.childForFieldName('object')) : null;
    if (receiver?.kind === 'instance') call.self = receiver.self;
    if (effect) {
      if ('resolve' in effect) {
        const target = this.literal(args[effect.resolve === 'attribute' ? 1 : 0]);
        const why = target === null ? 'reaches a name built at run time' : `reaches ${target} indirectly`;
        // `getattr(os, 'system')` is how code hides a call: never below high, even when the name is known.
        if (target === null || effect.resolve === 'attribute' || !PLAIN_IMPORTS.test(target))
          this.actions.push({ kind: 'dynamic', call: call.text, why });
        return;
      }
      this.actions.push(...applyEffect('python', effect, call, this.analyse));
      return;
    }
    if (name.startsWith('(local)') || !this.names.rooted(name)) return;
    const kind = unlistedCall('python', name);
    if (kind === 'opaque' && fn?.type === 'attribute' && this.untraced(n, fn)) return;
    // A library computing locally can still write a database (`df.to_sql(…)`).
    if (kind === 'local' && fn?.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      if (this.storeCall(n, fn, method)) return;
    }
    // A Django model's manager read (`User.objects.count()`, `.filter(…)`): a query, no effect.
    if (DJANGO_MANAGER_READ.test(name)) return;
    if (kind === 'opaque') this.actions.push(opaque(`${name}(…)`));
    else if (kind === 'local') this.actions.push({ kind: 'local', call: `${name}(…)` });
  }

  /**
   * A method of an object the catalog does not know: SQL handed to a driver is judged as SQL, a
   * method named for destroying (`delete_bucket`, `flushall`) is high. True when it was one.
   */
  untraced(n: Node, fn: Node): boolean {
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const text = shorten(n.text);
    if (this.storeCall(n, fn, method)) return true;
    if (sqlMethod('python', method)) {
      const sql = this.literal(this.args(n).args[0]);
      if (sql === null) return false;
      this.actions.push({
        kind: 'command',
        call: text,
        argv: [staticWord('psql'), staticWord('-c'), staticWord(sql)],
      });
      return true;
    }
    const fileEffect = UNTRACED_PATH_METHODS[method];
    const walked = method === 'unlink' ? this.walked(fn.childForFieldName('object')) : null;
    if (walked) {
      // `for p in Path.home().rglob('*'): p.unlink()` deletes what the listing yields: as find would.
      this.actions.push({ kind: 'command', call: text, argv: walked });
      return true;
    }
    if (fileEffect) {
      // `p.unlink()` on a path the reading cannot trace (`for p in Path('/var/log').glob('*')`):
      // pathlib's method on an unknown path — judged as the command with that path unknown.
      this.actions.push({
        kind: 'command',
        call: text,
        argv: [...fileEffect.map((w) => staticWord(w)), dynamicWord(text)],
      });
      return true;
    }
    if (this.djangoBulk(n, fn, method)) return true;
    if (!destroyingMethod('python', method)) return false;
    this.actions.push({ kind: 'dynamic', call: text, why: `calls ${method}() on a client not traced here` });
    return true;
  }

  /** A call that wipes or rewrites a data store (storeCalls.ts): its command. True when it was one. */
  storeCall(n: Node, fn: Node, method: string): boolean {
    const { args, options } = this.args(n);
    const receiver = fn.childForFieldName('object')?.text ?? '';
    const argv = storeCallCommand({ method, args, options, receiver, text: n.text });
    if (!argv) return false;
    this.actions.push({ kind: 'command', call: shorten(n.text), argv });
    return true;
  }

  /**
   * Django's ORM: `User.objects.all().delete()` and `User.objects.update(…)` reach every row — the
   * SQL they send is `DELETE FROM`/`UPDATE` with no WHERE; `.filter(…)`, `.exclude(…)`, `.get(…)`
   * narrow it to rows chosen at run time (high). True when the call was one of these.
   */
  djangoBulk(n: Node, fn: Node, method: string): boolean {
    if (method !== 'delete' && method !== 'update') return false;
    let narrowed = false;
    let object = fn.childForFieldName('object');
    for (let depth = 0; object && depth < 20; depth++) {
      if (object.type === 'call') {
        const inner = object.childForFieldName('function');
        const name = inner?.type === 'attribute' ? (inner.childForFieldName('attribute')?.text ?? '') : '';
        if (DJANGO_NARROWING.has(name)) narrowed = true;
        else if (!DJANGO_KEEPS_ROWS.has(name)) return false;
        object = inner?.childForFieldName('object') ?? null;
        continue;
      }
      if (object.type !== 'attribute' || object.childForFieldName('attribute')?.text !== 'objects')
        return false;
      const model = object.childForFieldName('object')?.text.split('.').pop() ?? '';
      if (!/^[A-Z]\w*$/.test(model)) return false;
      const table = model.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
      const text = shorten(n.text);
      if (narrowed) {
        const verb = method === 'delete' ? 'deletes' : 'updates';
        this.actions.push({
          kind: 'dynamic',
          call: text,
          why: `${verb} the ${model} rows a filter chooses at run time`,
        });
      } else {
        const sql = method === 'delete' ? `DELETE FROM ${table}` : `UPDATE ${table} SET changed = true`;
        this.actions.push({
          kind: 'command',
          call: text,
          argv: [staticWord('psql'), staticWord('-c'), staticWord(sql)],
        });
      }
      return true;
    }
    return false;
  }

  /**
   * The files a loop name walks, as the `find` that lists and deletes them: `X.rglob(P)` is `find X
   * -name P -delete`, `X.glob(P)` the same at depth 1, `X.iterdir()` every entry; null when the
   * name is not such a loop's, or its directory or pattern is not known.
   */
  walked(receiver: Node | null): Word[] | null {
    if (receiver?.type !== 'identifier') return null;
    const listing = this.loops.get(receiver.text);
    const fn = listing?.childForFieldName('function');
    if (!listing || fn?.type !== 'attribute') return null;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    if (!['rglob', 'glob', 'iterdir'].includes(method)) return null;
    const dir = this.pathOf(fn.childForFieldName('object'));
    const pattern = method === 'iterdir' ? '*' : this.literal(this.args(listing).args[0]);
    if (dir === null || pattern === null) return null;
    const depth =
      method === 'rglob' || pattern.includes('**') ? [] : [staticWord('-maxdepth'), staticWord('1')];
    const name = pattern.split('/').pop() ?? '*';
    return [staticWord('find'), dir, ...depth, staticWord('-name'), staticWord(name), staticWord('-delete')];
  }

  /** The path a `Path(…)` expression (or `Path.home()`, `Path.cwd()`) stands for, if known. */
  pathOf(n: Node | null): Word | null {
    if (!n) return null;
    if (n.type === 'call') {
      const called = this.ref(n.childForFieldName('function'));
      const name = called?.kind === 'name' ? called.name : null;
      if (name === 'pathlib.Path.home') return staticWord('~');
      if (name === 'pathlib.Path.cwd') return staticWord('.');
      if (name === 'pathlib.Path' || name === 'pathlib.PosixPath') {
        const v = this.args(n).args[0];
        return v?.kind === 'str' && v.word.dynamic.length === 0 ? v.word : null;
      }
    }
    const v = this.value(n);
    return v.kind === 'str' && v.word.dynamic.length === 0 ? v.word : null;
  }

  /** A dangerous function passed around instead of called (`map(os.remove, files)`), or the whole environment. */
  reference(n: Node): void {
    const parent = n.parent;
    if (!parent || (parent.type === 'attribute' && parent.childForFieldName('object')?.id === n.id)) {
      if (parent && n.type === 'attribute' && this.refName(n) === 'os.environ') this.environ(n, parent);
      return;
    }
    if (parent.type === 'call' && parent.childForFieldName('function')?.id === n.id) return;
    if (n.type === 'identifier' && parent.type === 'attribute') return;
    const name = this.refName(n);
    if (name === 'os.environ') return this.environ(n, parent);
    if (
      !name ||
      !['argument_list', 'list', 'tuple', 'pair', 'return_statement', 'lambda', 'keyword_argument'].includes(
        parent.type,
      )
    )
      return;
    const effect = effectOf('python', name);
    if (effect && !('safe' in effect) && !('construct' in effect) && !('local' in effect))
      this.actions.push({
        kind: 'dynamic',
        call: shorten(parent.text),
        why: `hands ${name} to other code to call`,
      });
  }

  refName(n: Node): string | null {
    const r = this.ref(n);
    return r?.kind === 'name' ? r.name : null;
  }

  /** `os.environ` as a whole (printed, copied, iterated) exposes every variable; one variable does not. */
  environ(n: Node, parent: Node): void {
    if (parent.type === 'subscript') return;
    if (parent.type === 'attribute') {
      const attr = parent.childForFieldName('attribute')?.text ?? '';
      if (!['items', 'copy', 'keys', 'values', '__repr__', '__str__'].includes(attr)) return;
    }
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.text === 'env') return;
    if (parent.type === 'dictionary_splat' && parent.parent?.parent?.type === 'pair') return;
    this.actions.push({ kind: 'command', call: shorten(parent.text), argv: [staticWord('printenv')] });
  }
}

/** expanduser: the literal `./~/x` (as Python reads a bare `~`) is the home directory again. */
function home(v: Value | undefined): Value {
  if (v?.kind !== 'str' || v.word.dynamic.length > 0) return v ?? staticWordValue('.');
  return staticWordValue(v.word.value.replace(/^\.\/~/, '~'), v.word.raw);
}

function staticWordValue(value: string, raw = value): Extract<Value, { kind: 'str' }> {
  return { kind: 'str', word: staticWord(value, raw) };
}

/** Strings (or numbers) joined with `sep`; any unknown part makes the whole dynamic. */
/** pathlib methods that change the file they are called on, by the command with the same effect. */
/** `<Model>.objects.<read>`: the manager's reading methods. */
const DJANGO_MANAGER_READ =
  /\.[A-Z]\w*\.objects\.(all|count|filter|exclude|get|first|last|exists|values|values_list|order_by|aggregate|annotate|in_bulk|iterator|latest|earliest|none|only|defer|select_related|prefetch_related|using|distinct|explain)$/;
/** QuerySet methods that choose fewer rows than the whole table. */
const DJANGO_NARROWING = new Set([
  'filter',
  'exclude',
  'get',
  'first',
  'last',
  'none',
  'in_bulk',
  'get_or_create',
]);
/** QuerySet methods that keep every row (ordering, loading, the database used). */
const DJANGO_KEEPS_ROWS = new Set([
  'all',
  'order_by',
  'select_related',
  'prefetch_related',
  'only',
  'defer',
  'using',
  'annotate',
  'distinct',
  'reverse',
  'select_for_update',
]);

const UNTRACED_PATH_METHODS: Readonly<Record<string, readonly string[]>> = {
  unlink: ['rm', '-f'],
  rmdir: ['rmdir'],
  write_text: ['tee'],
  write_bytes: ['tee'],
  chmod: ['chmod'],
  symlink_to: ['ln', '-s'],
  hardlink_to: ['ln'],
};

/** Decoding calls whose result is known when their argument is a literal. */
const DECODERS: Readonly<Record<string, (text: string) => string | null>> = {
  'base64.b64decode': (t) => base64Decode(t, 'base64'),
  'base64.standard_b64decode': (t) => base64Decode(t, 'base64'),
  'base64.urlsafe_b64decode': (t) => base64Decode(t, 'base64'),
  'base64.decodebytes': (t) => base64Decode(t, 'base64'),
  'base64.b32decode': (t) => base64Decode(t, 'base32'),
  'bytes.fromhex': hexDecode,
  'builtins.bytes.fromhex': hexDecode,
  'binascii.unhexlify': hexDecode,
  'binascii.a2b_hex': hexDecode,
  'binascii.a2b_base64': (t) => base64Decode(t, 'base64'),
};

export function joinValues(parts: readonly Value[], sep: string, text: string): Value {
  const out: string[] = [];
  let known = true;
  for (const p of parts) {
    if (p.kind === 'str' && p.word.dynamic.length === 0) out.push(p.word.value);
    else if (p.kind === 'num') out.push(String(p.value));
    else {
      known = false;
      out.push('${…}');
    }
  }
  if (!known) {
    // Unknown parts stand as `${…}` (a path ending in `/.bashrc` still names a start-up file);
    // the word stays dynamic, shown as the code wrote it.
    const word = dynamicWord(text);
    return {
      kind: 'str',
      word: { ...word, value: sep === '/' ? out.join('/').replace(/\/{2,}/g, '/') : out.join(sep) },
    };
  }
  const joined = staticWordValue(sep === '/' ? out.join('/').replace(/\/{2,}/g, '/') : out.join(sep), text);
  return parts.some((p) => p.kind === 'str' && p.decoded) ? { ...joined, decoded: true } : joined;
}

export function pythonActions(
  root: Node,
  analyse: (language: CodeLanguage, text: string) => CodeAction[],
): CodeAction[] {
  return new PythonCode(root, analyse).run();
}
