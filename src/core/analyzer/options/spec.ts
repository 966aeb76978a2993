/**
 * The shape of the option table (options/table.ts): for the programs agents use most, which
 * options are flags and which take a value, their short and long names, which ones write files
 * or run programs, and how the program reads its command line. The canonical form merges only
 * spellings this table proves the program reads identically; anything it does not list keeps
 * today's conservative form.
 */

export interface OptionSpec {
  /** Every name of the option, the preferred spelling first: `['-a', '--all']`. */
  names: readonly string[];
  /**
   * 'flag' (default): no value. 'value': a value, attached (`-n5`, `--lines=5`) or the next word.
   * 'optional': a value only when attached (`--color=auto`; `--color auto` is the flag and an operand).
   */
  arity?: 'flag' | 'value' | 'optional';
  /**
   * Options that override one another keep their order (`ls -l -1`: the last format wins); so do
   * repeated value options of one name (`sed -e a -e b`). Others are sorted.
   */
  group?: string;
  /** Each occurrence counts (`-v -v`): repeats are kept. Other repeated flags mean the flag once. */
  counts?: boolean;
  /** What the option does beyond reading: writes the file named by its value, or runs a program. */
  effect?: 'writes' | 'runs';
  /**
   * A flag the program documents as shorthand for others of the same command (`git branch -D` is
   * `--delete --force`, `cat -A` is `-vET`, `git log --oneline` is `--pretty=oneline
   * --abbrev-commit`): read as those. A `--name=value` entry is an option given that value.
   */
  expands?: readonly string[];
}

export interface CommandOptions {
  options: readonly OptionSpec[];
  /**
   * Options may follow operands (GNU getopt_long, git, cobra, npm): true only where every platform
   * the agent may run on reads them so. Otherwise an option-like word after an operand makes the
   * spelling unproven (GNU ls reads `ls src -l` as an option, BSD ls as a file).
   */
  permute?: boolean;
  /** `-NUM` is this option's value (`head -20` is `head -n 20`). */
  numberOption?: string;
  /** Subcommands with their own options (the parent's options stay valid where `inherit` is set). */
  subcommands?: Readonly<Record<string, CommandOptions>>;
  /**
   * The subcommand the program documents as what it does when nothing follows (`git stash` is
   * `git stash push`, `yarn` is `yarn install`). Read so only when no word at all follows.
   */
  bare?: string;
  /** Other spellings of a subcommand: `i` → `install`, `ps` → `container ls`. */
  aliases?: Readonly<Record<string, string | readonly string[]>>;
  /** Options of the parent (global options) are accepted after the subcommand too. */
  inherit?: boolean;
  /**
   * `--` only ends the options: written where no operand needs it, it changes nothing and is
   * dropped. Elsewhere it keeps its place (git reads `main` before `--` as a revision, after it
   * as a path; npm and cargo hand what follows it to the program they run).
   */
  plainEnd?: boolean;
  /**
   * The first operand ends the options: the words after it are a command and its arguments
   * (`docker exec api ls -la`), kept as they are.
   */
  operandEnds?: boolean;
  /**
   * Go's flag package: an option is a whole word of one or two dashes (`-run X`, `--run=X`), never
   * a cluster; the table lists each by its one-dash name.
   */
  singleDash?: boolean;
  /**
   * The first word may be the old-style cluster (`tar czf out.tgz dir`): letters without a dash,
   * the values of those that take one read from the words after it, in order.
   */
  oldStyle?: boolean;
}

/** Shorthands for the table. */
export const flag = (...names: string[]): OptionSpec => ({ names });
export const value = (...names: string[]): OptionSpec => ({ names, arity: 'value' });
export const optional = (...names: string[]): OptionSpec => ({ names, arity: 'optional' });
export const grouped = (group: string, spec: OptionSpec): OptionSpec => ({ ...spec, group });
export const writes = (spec: OptionSpec): OptionSpec => ({ ...spec, effect: 'writes' });
export const runs = (spec: OptionSpec): OptionSpec => ({ ...spec, effect: 'runs' });
export const counted = (spec: OptionSpec): OptionSpec => ({ ...spec, counts: true });
export const shorthand = (name: string, ...expands: string[]): OptionSpec => ({ names: [name], expands });
/** A subcommand that reads options anywhere and accepts its parent's too (cobra, npm, pip). */
export const inheriting = (...options: OptionSpec[]): CommandOptions => ({
  options,
  permute: true,
  inherit: true,
});
