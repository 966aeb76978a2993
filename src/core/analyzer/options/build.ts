/**
 * Build tools: make (GNU make's options; operands — targets and VAR=value — keep their order, and
 * options after them are not merged, since BSD make reads them as targets), go (Go's flag package:
 * whole-word options of one or two dashes, flags before the packages) and diff.
 */
import {
  flag,
  grouped,
  optional,
  runs,
  value,
  writes,
  type CommandOptions,
  type OptionSpec,
} from './spec.js';

export const make: CommandOptions = {
  options: [
    // `-j` alone is "no limit"; `-j4` and `--jobs=4` a limit (a separate `-j 4` is not merged).
    optional('-j', '--jobs'),
    flag('-n', '--just-print', '--dry-run', '--recon'),
    flag('-k', '--keep-going'),
    flag('-s', '--silent', '--quiet'),
    flag('-B', '--always-make'),
    grouped('dir', value('-C', '--directory')),
    grouped('file', value('-f', '--file', '--makefile')),
    flag('-e', '--environment-overrides'),
    flag('-i', '--ignore-errors'),
    flag('-q', '--question'),
    flag('-r', '--no-builtin-rules'),
    flag('-R', '--no-builtin-variables'),
    grouped('print-dir', flag('-w', '--print-directory')),
    grouped('print-dir', flag('--no-print-directory')),
    optional('-O', '--output-sync'),
    optional('-l', '--load-average'),
  ],
  plainEnd: true,
};

const goBuildFlags: OptionSpec[] = [
  flag('-v'),
  flag('-x'),
  flag('-a'),
  flag('-race'),
  flag('-trimpath'),
  flag('-cover'),
  flag('-json'),
  value('-tags'),
  value('-mod'),
  value('-p'),
  value('-ldflags'),
  value('-gcflags'),
  writes(value('-o')),
  runs(value('-toolexec')),
];

const goTestFlags: OptionSpec[] = [
  ...goBuildFlags,
  grouped('run', value('-run')),
  grouped('skip', value('-skip')),
  grouped('bench', value('-bench')),
  value('-count'),
  value('-timeout'),
  value('-parallel'),
  value('-cpu'),
  value('-shuffle'),
  flag('-short'),
  flag('-failfast'),
  flag('-benchmem'),
  writes(value('-coverprofile')),
  runs(value('-exec')),
];

const goSub = (options: OptionSpec[]): CommandOptions => ({ options, singleDash: true });

export const go: CommandOptions = {
  options: [],
  singleDash: true,
  subcommands: {
    build: goSub(goBuildFlags),
    test: goSub(goTestFlags),
    vet: goSub([flag('-v'), flag('-x'), value('-tags'), flag('-json')]),
    install: goSub(goBuildFlags),
  },
};

export const diff: CommandOptions = {
  plainEnd: true,
  options: [
    // `-u` is `--unified` without a value (three lines of context); `-U N` is `--unified=N`.
    grouped('format', flag('-u')),
    grouped('format', value('-U')),
    grouped('format', optional('--unified')),
    grouped('format', flag('-c')),
    grouped('format', value('-C')),
    grouped('format', optional('--context')),
    grouped('format', flag('-y', '--side-by-side')),
    grouped('format', flag('-q', '--brief')),
    grouped('format', flag('--normal')),
    flag('-r', '--recursive'),
    flag('-N', '--new-file'),
    flag('-s', '--report-identical-files'),
    flag('-w', '--ignore-all-space'),
    flag('-b', '--ignore-space-change'),
    flag('-B', '--ignore-blank-lines'),
    flag('-i', '--ignore-case'),
    flag('-a', '--text'),
    flag('-p', '--show-c-function'),
    flag('--strip-trailing-cr'),
    optional('--color'),
    grouped('exclude', value('-x', '--exclude')),
    grouped('exclude', value('-X', '--exclude-from')),
  ],
};
