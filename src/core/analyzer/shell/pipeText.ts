/**
 * The text a command reads on standard input, when the analysis can compute it: a heredoc or
 * here-string, or the output of the stages before it — literal `echo`/`printf`/`cat <<EOF` text,
 * passed through `base64 -d`, `base32 -d`, `xxd -r -p`, `rev`, `tac` or `cat`. This is how
 * `echo cm0gLXJmIH4= | base64 -d | sh` is judged by what it runs (`rm -rf ~`).
 */
import type { SimpleCommand, Word } from '../types.js';
import { base64Decode, hexDecode } from '../textDecode.js';

export interface PipeText {
  text: string;
  /** Some stage transformed the text (decoded, reversed): the command line hides what runs. */
  decoded: boolean;
}

/** Output longer than this is not computed (the input limit is 64 KiB anyway). */
const MAX_TEXT = 64 * 1024;

/**
 * A word whose text the output carries as written: static, or only with expansions that, written
 * back, mean the same to a reader of the output (`echo ~ | xargs rm -rf` feeds the home directory).
 */
function isStaticWord(w: Word | undefined): w is Word {
  return (
    w !== undefined &&
    w.dynamic.every((d) => d === 'tilde' || d === 'glob' || d === 'brace' || d === 'extglob')
  );
}

/** printf's escapes and `%s`-only formats, as bash's printf reads them; null for anything else. */
function printfText(args: readonly Word[]): string | null {
  if (!args.every(isStaticWord) || args.length === 0) return null;
  const [format, ...rest] = args.map((w) => w.value) as [string, ...string[]];
  const escapes = (s: string) =>
    s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{4}|[nrtabfv\\'"]|c)/g, (_m, e: string) => {
      if (e.startsWith('x')) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      if (e.startsWith('u')) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v' };
      return map[e] ?? e;
    });
  const conversions = format.match(/%[^%]/g) ?? [];
  if (conversions.some((c) => c !== '%s')) return null;
  if (conversions.length === 0) return escapes(format).replace(/%%/g, '%');
  let out = '';
  let i = 0;
  do {
    out += escapes(format).replace(/%%|%s/g, (m) => (m === '%%' ? '%' : (rest[i++] ?? '')));
  } while (i < rest.length);
  return out;
}

function echoText(args: readonly Word[]): string | null {
  if (!args.every(isStaticWord)) return null;
  let i = 0;
  let interpret = false;
  let newline = true;
  while (i < args.length && /^-[neE]+$/.test(args[i]?.value ?? '')) {
    const v = args[i]?.value ?? '';
    if (v.includes('n')) newline = false;
    if (v.includes('e')) interpret = true;
    i++;
  }
  const text = args
    .slice(i)
    .map((w) => w.value)
    .join(' ');
  const body = interpret
    ? (printfText([{ raw: text, value: text, dynamic: [], quoted: true }]) ?? text)
    : text;
  return newline ? `${body}\n` : body;
}

function base64Encode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const flag = (args: readonly Word[], ...names: string[]) =>
  args.some(
    (w) =>
      names.includes(w.value) ||
      (/^-[a-zA-Z]+$/.test(w.value) && names.some((n) => n.length === 2 && w.value.includes(n.charAt(1)))),
  );

/** What a filter stage outputs for `input`; null when it cannot be computed. */
function transform(cmd: SimpleCommand, input: string): PipeText | null {
  return transformText(cmd.program, cmd.argv.slice(1), input);
}

/** What `program args` outputs for `input` when it is a filter the analysis computes; null otherwise. */
export function transformText(program: string | null, args: readonly Word[], input: string): PipeText | null {
  switch (program) {
    case 'cat':
    case 'tee':
      return { text: input, decoded: false };
    case 'base64':
    case 'base32':
    case 'basenc': {
      const decode = flag(args, '-d', '-D', '--decode');
      if (!decode) return program === 'base64' ? { text: base64Encode(input), decoded: true } : null;
      const text = base64Decode(input, program === 'base32' ? 'base32' : 'base64');
      return text === null ? null : { text, decoded: true };
    }
    case 'xxd': {
      if (!flag(args, '-r') || !flag(args, '-p')) return null;
      const text = hexDecode(input);
      return text === null ? null : { text, decoded: true };
    }
    case 'rev':
      return { text: input.replace(/[^\n]+/g, (line) => [...line].reverse().join('')), decoded: true };
    case 'tac':
      return { text: input.replace(/\n$/, '').split('\n').reverse().join('\n') + '\n', decoded: true };
    default:
      return null;
  }
}

/** The text a command produces from no input: echo, printf, `cat <<EOF`. */
function source(cmd: SimpleCommand): PipeText | null {
  return sourceText(cmd.program, cmd.argv.slice(1));
}

/** What `program args` prints from no input when it is echo or printf of literal words; null otherwise. */
export function sourceText(program: string | null, args: readonly Word[]): PipeText | null {
  if (program === 'echo') {
    const t = echoText(args);
    return t === null ? null : { text: t, decoded: false };
  }
  if (program === 'printf') {
    const t = printfText(args);
    return t === null ? null : { text: t, decoded: args.some((w) => /\\(x|[0-7]|u)/.test(w.value)) };
  }
  return null;
}

/** Text fed by a heredoc or here-string on the command itself. */
function redirectInput(cmd: SimpleCommand): string | null {
  for (const r of [...cmd.redirects].reverse()) {
    if (r.heredoc) {
      if (r.heredoc.quoted || !/[$`]/.test(r.heredoc.body)) return r.heredoc.body;
      // An unquoted body whose only expansion is the home directory: `$HOME/x` is `~/x` wherever
      // the text is used later (a script it writes runs with the same home). Anything else: unknown.
      const homed = r.heredoc.body.replace(/\$\{HOME\}|\$HOME(?![\w])/g, '~');
      return /[$`\\]/.test(homed) ? null : homed;
    }
    if (r.op === '<<<') return isStaticWord(r.target) ? `${r.target.value}\n` : null;
    if (r.op === '<') return null;
  }
  return null;
}

/** Command indexes by pipeline id and stage, rebuilt when the list grows (it only grows). */
const stagesCache = new WeakMap<
  readonly SimpleCommand[],
  { length: number; stages: Map<string, number[]> }
>();

function stagesOf(commands: readonly SimpleCommand[]): Map<string, number[]> {
  const cached = stagesCache.get(commands);
  if (cached && cached.length === commands.length) return cached.stages;
  const stages = new Map<string, number[]>();
  commands.forEach((c, i) => {
    if (c.pipeline?.id === undefined) return;
    const key = `${c.pipeline.id}:${c.pipeline.index}`;
    const list = stages.get(key);
    if (list) list.push(i);
    else stages.set(key, [i]);
  });
  stagesCache.set(commands, { length: commands.length, stages });
  return stages;
}

/** The one command of the stage before `cmd` in its pipeline, among those recorded so far; -1 if not one. */
function upstreamOf(commands: readonly SimpleCommand[], cmd: SimpleCommand, at: number): number {
  const p = cmd.pipeline;
  if (!p || p.index === 0 || p.id === undefined) return -1;
  const stage = (stagesOf(commands).get(`${p.id}:${p.index - 1}`) ?? []).filter((j) => j < at);
  // A stage of several commands (`{ a; b; } | sh`): its output is not one command's.
  return stage.length === 1 ? (stage[0] as number) : -1;
}

/**
 * What `commands[at]` (or `cmd`, about to be recorded at `at`) reads on stdin, when computable.
 * Follows the pipeline back through filters to a literal source, at most 8 stages.
 */
export function pipeInput(
  commands: readonly SimpleCommand[],
  cmd: SimpleCommand,
  at: number,
  depth = 0,
): PipeText | null {
  if (depth > 8) return null;
  const own = redirectInput(cmd);
  if (own !== null) return { text: own, decoded: false };
  const up = upstreamOf(commands, cmd, at);
  if (up < 0) return null;
  const stage = commands[up] as SimpleCommand;
  const produced = source(stage);
  if (produced) return produced.text.length > MAX_TEXT ? null : produced;
  const input = pipeInput(commands, stage, up, depth + 1);
  if (!input) return null;
  const out = transform(stage, input.text);
  if (!out || out.text.length > MAX_TEXT) return null;
  return { text: out.text, decoded: input.decoded || out.decoded };
}

/** What a command writes to its standard output, when computable (echo, printf, filters of known input). */
export function commandOutput(
  commands: readonly SimpleCommand[],
  cmd: SimpleCommand,
  at: number,
): PipeText | null {
  const produced = source(cmd);
  if (produced) return produced;
  const input = pipeInput(commands, cmd, at);
  if (!input) return null;
  const out = transform(cmd, input.text);
  return out && { text: out.text, decoded: input.decoded || out.decoded };
}
