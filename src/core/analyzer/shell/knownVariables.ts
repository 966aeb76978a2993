/**
 * `X=/; rm -rf $X`, `a=rm; b=-rf; $a $b ~`: a variable set earlier in the same command line to a
 * static value, then used. The command is judged as written (a target or program only known at run
 * time: high) and with the values in place, the worse reading winning. The reading only adds: an
 * assignment the analysis cannot see (in a sourced file, a loop) never lowers what the text shows.
 */
import type { SimpleCommand, Word } from '../types.js';

/** Builtins that assign their `NAME=value` operands in the current shell. */
const DECLARERS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);

/** A value that reads the same when put back into a word: no quotes, expansions or operators. */
const PLAIN = /^[\w@%+=:,./~*?[\]{} -]*$/;

interface Known {
  value: string;
  /** The assignment's value started with an unquoted `~` (expanded when assigned). */
  tilde: boolean;
}

/** The variables assigned a static value by the commands before `upTo` (the last assignment wins). */
export function knownVariables(commands: readonly SimpleCommand[], upTo: number): Map<string, Known | null> {
  const vars = new Map<string, Known | null>();
  const set = (name: string, word: Word | null, text?: string) => {
    let value = word ? word.value : (text ?? '');
    let fixed = word ? word.dynamic.every((d) => d === 'tilde') : true;
    if (word && /^\(.*\)$/s.test(word.raw) && !/[$`"'\\]/.test(word.raw)) {
      // An array (`cmd=(rm -rf /)`): its elements, as `${cmd[@]}` gives them.
      value = word.raw.slice(1, -1).trim();
      fixed = true;
    } else if (word && !fixed && word.dynamic.every((d) => d === 'parameter')) {
      // Built from variables known here (`c=cu; c+=rl` is `${c}rl`).
      let known = true;
      value = value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
        const v = vars.get((a ?? b) as string);
        if (!v) known = false;
        return v?.value ?? '';
      });
      fixed = known && !/[$`]/.test(value);
    }
    vars.set(
      name,
      fixed && PLAIN.test(value) ? { value, tilde: word?.dynamic.includes('tilde') ?? false } : null,
    );
  };
  for (let i = 0; i < upTo && i < commands.length; i++) {
    const c = commands[i] as SimpleCommand;
    if (c.argv.length === 0) for (const a of c.assignments) set(a.name, a.value);
    else if (c.program !== null && DECLARERS.has(c.program) && c.wrappers.length === 0)
      for (const w of c.argv.slice(1)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
        if (!m) continue;
        if (w.dynamic.length > 0) vars.set(m[1] as string, null);
        else set(m[1] as string, null, m[2]);
      }
  }
  return vars;
}

/** `$X`, `${X}`, an array's elements `${X[@]}`/`${X[*]}`, and indirection `${!X}` (the variable X names). */
const REF =
  /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:\[[@*]\])?\}|\{!([A-Za-z_][A-Za-z0-9_]*)\})/;

/** `${!X}`: the value of the variable whose name X holds; `HOME` is the home directory. */
function indirect(vars: Map<string, Known | null>, name: string): Known | null | undefined {
  const target = vars.get(name)?.value;
  if (!target || !/^[A-Za-z_]\w*$/.test(target)) return undefined;
  if (target === 'HOME') return { value: '~', tilde: true };
  return vars.get(target);
}

/**
 * The words `w` becomes with known values in place, as bash expands them: a value in double quotes
 * stays one word; unquoted, it is split at blanks and its globs stay globs. Null when the word holds
 * anything else that is only known at run time, or a variable that is not known.
 */
function expandWord(w: Word, vars: Map<string, Known | null>): Word[] | null {
  const raw = w.raw;
  const fields: Array<{ text: string; glob: boolean; tilde: boolean }> = [
    { text: '', glob: false, tilde: false },
  ];
  const cur = () => fields[fields.length - 1] as { text: string; glob: boolean; tilde: boolean };
  let inDouble = false;
  let used = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '"') {
      inDouble = !inDouble;
      continue;
    }
    if (ch === "'" && !inDouble) {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) return null;
      cur().text += raw.slice(i + 1, end);
      i = end;
      continue;
    }
    if (ch === '\\') {
      cur().text += raw[i + 1] ?? '';
      i++;
      continue;
    }
    if (ch === '`') return null;
    if (ch === '$') {
      const m = REF.exec(raw.slice(i));
      if (!m) return null;
      const known = m[3] === undefined ? vars.get((m[1] ?? m[2]) as string) : indirect(vars, m[3]);
      if (!known) return null;
      used = true;
      i += m[0].length - 1;
      // `"${a[@]}"` gives each element as its own word, quoted or not.
      if (inDouble && !m[0].endsWith('[@]}')) {
        cur().text += known.value;
        continue;
      }
      // Split at the blanks, and at the characters of IFS when the line set it (`IFS=,; $c`).
      const ifs = vars.get('IFS')?.value;
      const separators = ifs === undefined ? ' \t\n' : ifs;
      const parts =
        separators === ''
          ? [known.value]
          : known.value.split(new RegExp(`[${separators.replace(/[\\\]^-]/g, '\\$&')}]+`));
      parts.forEach((part, n) => {
        if (n > 0) fields.push({ text: '', glob: false, tilde: false });
        if (cur().text === '' && known.tilde && part.startsWith('~')) cur().tilde = true;
        cur().text += part;
        if (/[*?[]/.test(part)) cur().glob = true;
      });
      continue;
    }
    if (!inDouble && /[*?[]/.test(ch)) cur().glob = true;
    if (!inDouble && ch === '~' && cur().text === '' && i === 0) cur().tilde = true;
    cur().text += ch;
  }
  if (!used) return null;
  return fields
    .filter((f) => f.text !== '')
    .map((f) => {
      const dynamic: Word['dynamic'] = [];
      if (f.tilde) dynamic.push('tilde');
      if (f.glob) dynamic.push('glob');
      return { raw: f.text, value: f.text, dynamic, quoted: false, canonical: f.text };
    });
}

/** The command with the values of variables assigned earlier in place, or null when none apply. */
export function withKnownVariables(commands: readonly SimpleCommand[], cmd: SimpleCommand): Word[] | null {
  if (!cmd.argv.some((w) => w.dynamic.includes('parameter'))) return null;
  const vars = knownVariables(commands, commands.length);
  if (vars.size === 0) return null;
  const argv: Word[] = [];
  let changed = false;
  for (const w of cmd.argv) {
    if (!w.dynamic.includes('parameter')) {
      argv.push(w);
      continue;
    }
    const words = expandWord(w, vars);
    if (!words) {
      argv.push(w);
      continue;
    }
    changed = true;
    argv.push(...words);
  }
  return changed && argv.length > 0 ? argv : null;
}

/**
 * `alias ll='rm -rf'; ll ~/`: a command whose name an `alias` (or `hash -p FILE NAME`) earlier in
 * the same command line defined, with the alias's words in place of the name (zsh expands aliases in scripts; bash does
 * when `expand_aliases` is on). Found through the commands the alias bodies produced, whose wrapper
 * holds the `alias` words. Null when the name is not such an alias, or its value is not plain words.
 */
export function withKnownAlias(commands: readonly SimpleCommand[], cmd: SimpleCommand): Word[] | null {
  const first = cmd.argv[0];
  if (!first || first.dynamic.length > 0 || first.raw !== first.value || !/^[\w.-]+$/.test(first.value))
    return null;
  let value: string | null = null;
  for (const c of commands) {
    // `hash -p /bin/rm ls`: the name now runs that file, as an alias would.
    if (c.program === 'hash' && c.argv[1]?.value === '-p' && c.argv[3]?.value === first.value) {
      const path = c.argv[2];
      value = path && path.dynamic.length === 0 ? path.value : null;
    }
    for (const w of c.wrappers) {
      if (w.program !== 'alias') continue;
      for (const word of w.words.slice(1)) {
        const eq = word.indexOf('=');
        if (eq > 0 && word.slice(0, eq) === first.value) value = word.slice(eq + 1);
      }
    }
  }
  if (value === null || !PLAIN.test(value) || value.trim() === '') return null;
  const words = value
    .trim()
    .split(/[ \t]+/)
    .map((v): Word => ({
      raw: v,
      value: v,
      dynamic: v.startsWith('~') ? ['tilde'] : [],
      quoted: false,
      canonical: v,
    }));
  if (words[0]?.value === first.value) return null;
  return [...words, ...cmd.argv.slice(1)];
}

/** Builtins that set or drop a variable named by an operand, or run text that may. */
const SETTERS = new Set([
  'read',
  'mapfile',
  'readarray',
  'getopts',
  'unset',
  'let',
  'printf',
  'declare',
  'typeset',
]);
const RUNS_TEXT = new Set(['source', '.', 'eval']);
/** Variable names a word refers to (`$X`, `${X}`, `${X:-d}`, `${!X}`), outside single quotes. */
const NAMES = /\$\{?!?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * `DIST=./dist; rm -rf "$DIST"`: the command with its variables' values in place, when each value
 * is certain: the variable is assigned once in the text, to a static value, by a statement that
 * always runs before this command (extraction's `unconditional`: the top level, not after `&&` or
 * `||`, not in if, case, a loop or a function), nothing before it can change it (no `read`,
 * `unset`, `source`, `eval` or call of a function defined here; IFS untouched), and this command
 * is not in a loop or function body that could run after a later change. The command is then
 * judged only with the values (the text shows what runs); otherwise both readings are judged.
 */
export function withCertainVariables(
  commands: readonly SimpleCommand[],
  unconditional: ReadonlySet<SimpleCommand>,
  functions: ReadonlyMap<string, string>,
  cmd: SimpleCommand,
): Word[] | null {
  if (cmd.placement.some((p) => p === 'loop-body' || p === 'endless-loop-body' || p === 'function-body'))
    return null;
  const names = new Set<string>();
  for (const w of cmd.argv) {
    if (!w.dynamic.includes('parameter')) continue;
    if (w.dynamic.some((d) => d === 'command-substitution' || d === 'process-substitution')) return null;
    for (const m of w.raw.replace(/'[^']*'/g, '').matchAll(NAMES)) names.add(m[1] as string);
  }
  if (names.size === 0) return null;
  const setters = new Map<string, SimpleCommand[]>();
  for (const c of commands) {
    if (c.program !== null && (RUNS_TEXT.has(c.program) || functions.has(c.program))) return null;
    for (const a of c.argv.length === 0 ? c.assignments : []) {
      if (a.name === 'IFS') return null;
      setters.set(a.name, [...(setters.get(a.name) ?? []), c]);
    }
    if (c.program !== null && (SETTERS.has(c.program) || DECLARERS.has(c.program)))
      for (const w of c.argv.slice(1)) {
        const name = /^([A-Za-z_]\w*)/.exec(w.value)?.[1];
        if (name && names.has(name)) setters.set(name, [...(setters.get(name) ?? []), c, c]);
        if (w.dynamic.length > 0) return null;
      }
  }
  for (const name of names) {
    const list = setters.get(name) ?? [];
    const only = list[0];
    if (list.length !== 1 || !only || !unconditional.has(only)) return null;
    const value = only.assignments.find((a) => a.name === name)?.value;
    if (!value || value.dynamic.some((d) => d !== 'tilde') || !PLAIN.test(value.value)) return null;
  }
  return withKnownVariables(commands, cmd);
}

/** Loop words the reading takes in turn, at most. */
const MAX_LOOP_WORDS = 16;
/**
 * `for f in a.txt *.log; do rm -- "$f"; done`: the loop's commands with its variable in place, one
 * reading per word of the list, when the list is static words or globs (a glob stays a glob: the
 * variable takes each file it matches) and nothing in the loop assigns the variable. The command is
 * then judged only with those values. Null otherwise (the variable stays unknown).
 */
export function withLoopValues(commands: readonly SimpleCommand[], cmd: SimpleCommand): Word[][] | null {
  if (!cmd.placement.includes('loop-body') || cmd.placement.includes('function-body')) return null;
  const refs = cmd.argv.filter((w) => w.dynamic.includes('parameter'));
  if (refs.length === 0) return null;
  let name: string | null = null;
  for (const w of refs) {
    if (w.dynamic.some((d) => d !== 'parameter')) return null;
    for (const m of w.raw.replace(/'[^']*'/g, '').matchAll(NAMES)) {
      if (name !== null && m[1] !== name) return null;
      name = m[1] as string;
    }
  }
  if (name === null) return null;
  // The innermost loop over `name` whose statement holds this command.
  const loop = [...commands]
    .reverse()
    .find(
      (c) =>
        c.program === 'for' &&
        c.argv[1]?.value === name &&
        c.span.start <= cmd.span.start &&
        c.span.end >= cmd.span.end,
    );
  if (!loop || loop.argv[2]?.value !== 'in') return null;
  const words = loop.argv.slice(3);
  if (words.length === 0 || words.length > MAX_LOOP_WORDS) return null;
  if (words.some((w) => /\s/.test(w.value) || w.dynamic.some((d) => d !== 'glob' && d !== 'brace')))
    return null;
  // Nothing inside the loop may set the variable or run text that could.
  for (const c of commands) {
    if (c.span.start < loop.span.start || c.span.end > loop.span.end || c === loop) continue;
    if (c.assignments.some((a) => a.name === name) && c.argv.length === 0) return null;
    if (
      c.program !== null &&
      (RUNS_TEXT.has(c.program) || SETTERS.has(c.program) || DECLARERS.has(c.program))
    )
      return null;
  }
  const out: Word[][] = [];
  for (const value of words) {
    const vars = new Map<string, Known | null>([[name, { value: value.value, tilde: false }]]);
    const argv: Word[] = [];
    for (const w of cmd.argv) {
      if (!w.dynamic.includes('parameter')) {
        argv.push(w);
        continue;
      }
      const fields = expandWord(w, vars);
      if (!fields) return null;
      // The variable takes each name the glob matches: the word stands for those names.
      for (const f of fields) argv.push({ ...f, dynamic: [...new Set([...f.dynamic, ...value.dynamic])] });
    }
    out.push(argv);
  }
  return out;
}
