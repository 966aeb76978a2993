/**
 * The shape of a risk rule: data evaluated by one generic matcher (match.ts). A rule names a
 * category, a tier, a sentence for reviewers, what it matches, and example commands it must and
 * must not match; validate.ts refuses a table whose examples fail (shared/CONVENTIONS.md §5).
 */
import type { DynamicKind, Placement } from '../types.js';
import type { Tier } from '../../../protocol/index.js';
import type { PathClass } from './paths.js';

export type Category =
  | 'read-only'
  | 'build-test'
  | 'vcs'
  | 'history-rewrite'
  | 'package-install'
  | 'download'
  | 'remote-code'
  | 'delete'
  | 'disk'
  | 'privilege'
  | 'permissions'
  | 'secrets'
  | 'exfiltration'
  | 'persistence'
  | 'availability'
  | 'containers'
  | 'kubernetes'
  | 'cloud'
  | 'infrastructure'
  | 'database'
  | 'publish'
  | 'execution'
  | 'local-write'
  | 'network';

/** A test on one word (an operand, a flag value, a redirect target) or on stdin text. */
export type ArgTest =
  | { kind: 'path'; classes: readonly PathClass[]; strip?: RegExp }
  | { kind: 'equals'; values: readonly string[]; ignoreCase?: boolean }
  | { kind: 'pattern'; regex: RegExp }
  | { kind: 'dynamic'; kinds?: readonly DynamicKind[] }
  | { kind: 'not'; test: ArgTest }
  | { kind: 'any'; tests: readonly ArgTest[] }
  | { kind: 'all'; tests: readonly ArgTest[] };

/** One flag with its aliases: ['-r', '-R', '--recursive']. Short flags match inside clusters (-rf). */
export type FlagGroup = readonly string[];

/** Which SQL effects of the command (sql/) the rule looks at; every given field must hold. */
export interface SqlTest {
  statements?: readonly string[];
  hasWhere?: boolean;
  readOnly?: boolean;
  /** A note such as 'explain-analyze', 'data-modifying-cte', 'parse-error'. */
  note?: string;
  /** Some table it reads or writes has one of these names (lower case, with or without its schema). */
  tables?: readonly string[];
}

/**
 * What a rule matches on one simple command. Every given field must hold (AND); omitted fields
 * don't constrain. Lists inside a field are alternatives (OR).
 */
export interface Match {
  /** Program basenames. Omitted: any program, including one that cannot be known. */
  program?: readonly string[];
  /** The program cannot be known before it runs (variable, substitution). */
  dynamicProgram?: boolean;
  /** Runs no program at all: only redirects or assignments (`> log.txt`, `X=1`). */
  bare?: boolean;
  /** The program word itself (argv[0]) passes: e.g. invoked by a path (`./deploy.sh`). */
  programWord?: ArgTest;
  /** Leading operands (subcommands): per position, a list of alternatives or a word test. */
  sub?: ReadonlyArray<readonly string[] | ArgTest>;
  /**
   * Some word in subcommand position passes: one of the first leading operands that look like
   * command words (`wrangler r2 bucket delete x` → r2, bucket, delete), for programs without rules.
   */
  subcommand?: ArgTest;
  /**
   * Some flag's name passes (`--delete`, `--drop-database`), for programs without rules; the option
   * word as written is tested too (`-purge`), before any `--`.
   */
  flagName?: ArgTest;
  /** Some file an option of the command writes passes (`sort -o F`, `find -fprint F`; options/table.ts). */
  writesTo?: ArgTest;
  /** An option of the command runs a program (`rg --pre P`, `git rebase -x C`). */
  optionRuns?: boolean;
  /** Each group must be present. */
  flags?: readonly FlagGroup[];
  /** At least one of these flags is present. */
  anyFlag?: FlagGroup;
  /** None of these flags is present. */
  noFlag?: FlagGroup;
  /**
   * A flag of `flag` comes before every flag of `before` (or none of those is given): for programs
   * that read their options in order (`find . -delete -name x` deletes before it filters).
   */
  flagBefore?: { flag: FlagGroup; before: FlagGroup };
  /** One of these flags is present with a value that passes the test. */
  flagValue?: { flags: FlagGroup; test: ArgTest };
  /** Some operand after `sub` passes. */
  operand?: ArgTest;
  /** Some operand after an end-of-options `--` passes (git pathspecs: `git checkout main -- src`). */
  pathspec?: ArgTest;
  /** There is at least one operand after `sub`, and every one passes. */
  everyOperand?: ArgTest;
  /** Some operand after `sub` other than the last passes (the sources of cp, mv, scp, rsync). */
  sourceOperand?: ArgTest;
  /** The last operand passes (the destination of cp, mv, scp, rsync). */
  lastOperand?: ArgTest;
  /** There are at most this many operands after `sub`. */
  maxOperands?: number;
  /** There are at least this many operands after `sub` (`git checkout main a.ts`: a ref and paths). */
  minOperands?: number;
  /** Some argument (operand or flag value) passes. */
  anyWord?: ArgTest;
  /** Unwrapped from one of these wrappers (sudo, ssh, docker, …). */
  wrapper?: readonly string[];
  /** With `wrapper`: some word of that wrapper's own (after its name) passes (`uvx --from git+…`). */
  wrapperWord?: ArgTest;
  /** Runs on another machine or in a container (ssh host CMD, docker exec, kubectl exec). */
  remote?: boolean;
  /** Some redirect passes: write (> >> &> >| <>), read (<), and its target. */
  redirect?: { write?: boolean; read?: boolean; ops?: readonly string[]; target?: ArgTest };
  /** In a pipeline after one of these programs. */
  upstream?: readonly string[];
  /** Its output goes straight into one of these programs (the next stage of its pipeline). */
  downstream?: readonly string[];
  /** Reads a pipe (not the first stage of a pipeline). */
  piped?: boolean;
  /** An env prefix with one of these names (and a value passing the test). */
  assignment?: { names: readonly string[]; value?: ArgTest };
  /** A finding with one of these codes is attached to the command. */
  finding?: readonly string[];
  /** Some SQL effect of the command passes. */
  sql?: SqlTest;
  /** The text the command reads on stdin (heredoc, here-string, echoed/printf'd upstream) passes. */
  stdin?: ArgTest;
  placement?: readonly Placement[];
  /** Any one of these sub-matches holds (in addition to the fields above). */
  anyOf?: readonly Match[];
  /** None of these sub-matches holds. */
  noneOf?: readonly Match[];
}

export interface RiskRule {
  /** Stable code shown to reviewers and used in reasons: `delete.home`. */
  id: string;
  category: Category;
  tier: Tier;
  /** A sentence a reviewer understands: "Recursively deletes the home directory". */
  reason: string;
  match: Match;
  /** Commands (shell text) this rule must match (some simple command in each). */
  examples: readonly string[];
  /** Commands it must not match. */
  counterExamples: readonly string[];
  /**
   * Rules about what the program itself does are waived for a dry run or a help request of a
   * known program (`git clean -n`, `rm --help`); 'context' rules (redirects, wrappers, env, stdin)
   * still apply. 'fallback' rules apply only to a command no 'program' rule matched (a program
   * without a table entry, or a use of one the table does not cover), and are waived like 'program'
   * rules for a dry run or help. Default: 'program' when `match.program` is given, else 'context'.
   */
  scope?: 'program' | 'context' | 'fallback';
  /**
   * Ids of more specific rules that take precedence: when one of them matches the same command,
   * this rule does not apply (`vcs.local-write` yields to `vcs.read-list` for `git branch -a`).
   */
  unless?: readonly string[];
  /** 0–19: where in its tier's score band the rule sits (default 10). */
  weight?: number;
}
