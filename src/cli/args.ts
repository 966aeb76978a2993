/**
 * Command lines. Every command describes itself once (a CommandSpec: usage, options, arguments,
 * examples, subcommands) and parses through here, so that each one answers `--help` / `-h` the
 * same way, and a bad command line gets one line naming the problem, the usage, and exit 64 —
 * never a stack trace. The same specs feed `expacti completion`.
 *
 * Small and dependency-free on purpose: the agent fast path (run, sh, hook) loads it too.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../protocol/exitCodes.js';
import { terminalSafe } from '../protocol/displayText.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** A required option: leaving it out is a usage error naming it. */
  required?: boolean;
  /** The value's placeholder in help and errors (NAME, SECONDS, …). */
  value?: string;
  /** Only the one-letter form exists (`sh -c`): its key is that letter. */
  shortOnly?: boolean;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** The name after `expacti`, e.g. "token create". */
  name: string;
  /** One line, for lists of commands. */
  summary: string;
  /** Usage lines, each without the leading `expacti `. */
  usage: readonly string[];
  options: O;
  /** Positional arguments: how many, and what to call them in errors. Absent: none. */
  arguments?: { name: string; min: number; max?: number };
  /** A paragraph printed under the usage in --help. */
  details?: string;
  examples: readonly string[];
}

/** A command with subcommands (`expacti token create|list|revoke`). */
export interface GroupSpec {
  name: string;
  summary: string;
  details?: string;
  subcommands: Readonly<Record<string, CommandSpec>>;
  examples: readonly string[];
}

export type AnySpec = CommandSpec | GroupSpec;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : string;
export type Values<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['multiple'] extends true ? Array<ValueOf<O[K]>> : ValueOf<O[K]>;
};

export interface Parsed<O extends OptionSpecs> {
  values: Values<O>;
  positionals: string[];
}

/** The command line was answered here (help printed, or a usage error): exit with this. */
export interface Answered {
  exit: number;
}

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

export function defineCommand<O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

export function isGroup(spec: AnySpec): spec is GroupSpec {
  return 'subcommands' in spec;
}

/** True when the arguments (before a `--`) ask for help. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Parses a command's arguments against its spec; prints help or a usage error and says so instead. */
export function parseCommand<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  args: readonly string[],
): Parsed<O> | Answered {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...toParseArgs(spec.options), help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    if (asksForHelp(args)) return help(spec);
    return usageError(spec, describeParseError(error, spec.options));
  }
  const { help: wantsHelp, ...values } = parsed.values as Record<string, unknown>;
  if (wantsHelp) return help(spec);
  const positionals = parsed.positionals;
  const expected = spec.arguments;
  if (!expected && positionals.length > 0)
    return usageError(spec, `unexpected argument "${positionals[0]}" (this command takes none)`);
  if (expected && positionals.length < expected.min) return usageError(spec, `missing ${expected.name}`);
  if (expected?.max !== undefined && positionals.length > expected.max)
    return usageError(spec, `unexpected argument "${positionals[expected.max]}"`);
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required && values[name] === undefined)
      return usageError(spec, `missing --${name}${option.value ? ` ${option.value}` : ''}`);
  }
  return { values: values as Values<O>, positionals };
}

/** Picks the subcommand named by the first argument; prints the group's help or a usage error instead. */
export function pickSubcommand(
  spec: GroupSpec,
  args: readonly string[],
): { name: string; spec: CommandSpec; rest: string[] } | Answered {
  const [first, ...rest] = args;
  const names = Object.keys(spec.subcommands);
  if (first === undefined) return usageError(spec, `missing the command: ${orList(names)}`);
  if (first === '--help' || first === '-h') return help(spec);
  const sub = spec.subcommands[first];
  if (!sub) {
    const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
    return usageError(spec, `${what}; give one of ${orList(names)} first`);
  }
  return { name: first, spec: sub, rest };
}

/**
 * Parses a picked subcommand's arguments, typed with the group's shared option table: each
 * subcommand declares a subset of it (`pick`), and refuses the rest.
 */
export function parseSubcommand<O extends OptionSpecs>(
  picked: { spec: CommandSpec; rest: readonly string[] },
  _shared: O,
): Parsed<O> | Answered {
  return parseCommand(picked.spec, picked.rest) as Parsed<O> | Answered;
}

/** Some of a shared option table. */
export function pick<O extends OptionSpecs, K extends keyof O>(options: O, ...names: K[]): Pick<O, K> {
  const out = {} as Pick<O, K>;
  for (const name of names) out[name] = options[name];
  return out;
}

/** Prints the spec's help on stdout. */
export function help(spec: AnySpec): Answered {
  process.stdout.write(terminalSafe(helpText(spec)));
  return { exit: 0 };
}

/** Prints "expacti NAME: PROBLEM" and the usage on stderr; exit 64. */
export function usageError(spec: AnySpec, problem: string): Answered {
  process.stderr.write(terminalSafe(usageErrorText(spec, problem)));
  return { exit: EXIT.usage };
}

export function usageErrorText(spec: AnySpec, problem: string): string {
  return `expacti ${spec.name}: ${problem}\n${usageLines(spec).join('\n')}\n(expacti ${spec.name} --help for more)\n`;
}

export function usageLines(spec: AnySpec): string[] {
  const lines = isGroup(spec)
    ? [`${spec.name} <${Object.keys(spec.subcommands).join('|')}> [options]`]
    : spec.usage;
  return lines.map((line, i) => `${i === 0 ? 'usage: ' : '       '}expacti ${line}`);
}

export function helpText(spec: AnySpec): string {
  const out = [`expacti ${spec.name} — ${spec.summary}`, '', ...usageLines(spec)];
  if (spec.details) out.push('', spec.details);
  if (isGroup(spec)) {
    const width = Math.max(...Object.keys(spec.subcommands).map((n) => n.length));
    out.push('', 'commands:');
    for (const [name, sub] of Object.entries(spec.subcommands))
      out.push(`  ${name.padEnd(width)}  ${sub.summary}`);
  } else {
    const rows = [
      ...Object.entries(spec.options).map(([name, o]) => [optionLabel(name, o), describeOption(o)]),
      [optionLabel('help', HELP_OPTION), HELP_OPTION.description],
    ];
    const width = Math.max(...rows.map(([label]) => (label as string).length));
    out.push('', 'options:', ...rows.map(([label, text]) => `  ${(label as string).padEnd(width)}  ${text}`));
  }
  out.push('', spec.examples.length === 1 ? 'example:' : 'examples:', ...spec.examples.map((e) => `  ${e}`));
  if (isGroup(spec)) out.push('', `expacti ${spec.name} <command> --help shows each command's options.`);
  return out.join('\n') + '\n';
}

function optionLabel(name: string, o: OptionSpec): string {
  const value = o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : '';
  if (o.shortOnly) return `-${name}${value}`;
  return o.short ? `-${o.short}, --${name}${value}` : `    --${name}${value}`;
}

function describeOption(o: OptionSpec): string {
  return `${o.description}${o.required ? ' (required)' : ''}${o.multiple ? ' (repeatable)' : ''}`;
}

function toParseArgs(
  options: OptionSpecs,
): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(options)) {
    out[name] = { type: o.type };
    if (o.short) out[name].short = o.short;
    if (o.multiple) out[name].multiple = true;
  }
  return out;
}

/** node:util's parse errors, as one line that names the option. */
function describeParseError(error: unknown, options: OptionSpecs): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  // node names the option as '--name', '-n' or '-n, --name <value>': take the long form when given.
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const flag = /--[^\s,]+/.exec(quoted)?.[0] ?? /^-\S+/.exec(quoted)?.[0] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const spec = options[flag.replace(/^--/, '')];
    const placeholder = spec?.value ?? 'VALUE';
    if (message.includes('does not take an argument')) return `option ${flag} takes no value`;
    if (message.includes('ambiguous'))
      return `option ${flag} needs a value; to give one that starts with a dash, write ${flag}=-…`;
    return `option ${flag} needs a value (${flag} ${placeholder})`;
  }
  return message.split('\n')[0] ?? message;
}

function orList(names: readonly string[]): string {
  return names.length < 2
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] as string}`;
}
