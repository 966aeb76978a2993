/**
 * Package managers and test runners: npm and pnpm read their options anywhere on the line
 * (global ones after the subcommand too) and resolve subcommand aliases (`npm i` is `npm
 * install`); pytest is argparse (options anywhere); cargo is clap.
 */
import { counted, flag, grouped, inheriting, optional, value, writes, type CommandOptions } from './spec.js';

const npmOptions = [
  value('--prefix'),
  grouped('workspace', value('-w', '--workspace')),
  flag('--workspaces'),
  flag('-g', '--global'),
  value('--registry'),
  value('--loglevel'),
  flag('-y', '--yes'),
  flag('-f', '--force'),
  flag('--json'),
  flag('--no-audit'),
  flag('--no-fund'),
  flag('--legacy-peer-deps'),
  flag('--dry-run'),
  grouped('omit', value('--omit')),
  grouped('save', flag('-D', '--save-dev')),
  grouped('save', flag('-S', '--save', '--save-prod')),
  grouped('save', flag('-O', '--save-optional')),
  grouped('save', flag('--save-peer')),
  grouped('save', flag('--no-save')),
  flag('-E', '--save-exact'),
  flag('--ignore-scripts'),
  flag('--include-workspace-root'),
  flag('--if-present'),
  flag('--silent'),
];

const npmSub = inheriting;

export const npm: CommandOptions = {
  options: npmOptions,
  permute: true,
  aliases: {
    i: 'install',
    in: 'install',
    ins: 'install',
    inst: 'install',
    insta: 'install',
    instal: 'install',
    isnt: 'install',
    isnta: 'install',
    isntal: 'install',
    isntall: 'install',
    add: 'install',
    'clean-install': 'ci',
    ic: 'ci',
    'install-clean': 'ci',
    'isntall-clean': 'ci',
    t: 'test',
    tst: 'test',
    'run-script': 'run',
    rum: 'run',
    urn: 'run',
    unlink: 'uninstall',
    remove: 'uninstall',
    rm: 'uninstall',
    r: 'uninstall',
    un: 'uninstall',
    up: 'update',
    upgrade: 'update',
    udpate: 'update',
    ls: 'list',
    v: 'view',
    info: 'view',
    show: 'view',
    c: 'config',
    rb: 'rebuild',
    ddp: 'dedupe',
    s: 'search',
    se: 'search',
    find: 'search',
  },
  subcommands: {
    install: npmSub(),
    ci: npmSub(),
    test: npmSub(),
    run: npmSub(),
    uninstall: npmSub(),
    update: npmSub(),
    list: npmSub(value('--depth'), flag('--all'), flag('--long')),
    view: npmSub(),
    audit: npmSub(value('--audit-level')),
    outdated: npmSub(),
    publish: npmSub(value('--tag'), value('--access'), value('--otp')),
    pack: npmSub(),
    start: npmSub(),
    stop: npmSub(),
    restart: npmSub(),
    rebuild: npmSub(),
    dedupe: npmSub(),
    prune: npmSub(),
    doctor: npmSub(),
    search: npmSub(),
    whoami: npmSub(),
  },
};

const pnpmOptions = [
  grouped('filter', value('-F', '--filter')),
  flag('-r', '--recursive'),
  flag('-w', '--workspace-root'),
  grouped('save', flag('-D', '--save-dev')),
  grouped('save', flag('-P', '--save-prod')),
  grouped('save', flag('-O', '--save-optional')),
  flag('-E', '--save-exact'),
  grouped('lockfile', flag('--frozen-lockfile')),
  grouped('lockfile', flag('--no-frozen-lockfile')),
  flag('--prefer-offline'),
  flag('-g', '--global'),
  value('-C', '--dir'),
  flag('-s', '--silent'),
  flag('--if-present'),
  flag('--parallel'),
];

export const pnpm: CommandOptions = {
  options: pnpmOptions,
  permute: true,
  aliases: {
    i: 'install',
    rm: 'remove',
    uninstall: 'remove',
    un: 'remove',
    up: 'update',
    upgrade: 'update',
    t: 'test',
    ls: 'list',
  },
  subcommands: {
    install: npmSub(),
    add: npmSub(),
    remove: npmSub(),
    update: npmSub(),
    test: npmSub(),
    run: npmSub(),
    list: npmSub(value('--depth')),
    why: npmSub(),
    outdated: npmSub(),
    audit: npmSub(),
  },
};

export const yarn: CommandOptions = {
  // "Running yarn with no command will run yarn install."
  bare: 'install',
  options: [flag('-D', '--dev'), flag('--frozen-lockfile'), flag('--immutable'), flag('-s', '--silent')],
  permute: true,
  subcommands: { add: npmSub(), remove: npmSub(), install: npmSub(), run: npmSub(), test: npmSub() },
};

export const pytest: CommandOptions = {
  permute: true,
  plainEnd: true,
  options: [
    grouped('verbosity', counted(flag('-q', '--quiet'))),
    grouped('verbosity', counted(flag('-v', '--verbose'))),
    flag('-x', '--exitfirst'),
    flag('-s'),
    grouped('select', value('-k')),
    grouped('mark', value('-m')),
    value('--maxfail'),
    value('--tb'),
    value('-n', '--numprocesses'),
    grouped('plugin', value('-p')),
    flag('--lf', '--last-failed'),
    flag('--ff', '--failed-first'),
    flag('--co', '--collect-only'),
    grouped('cov', optional('--cov')),
    grouped('cov-report', value('--cov-report')),
    value('--durations'),
    flag('-l', '--showlocals'),
    value('-r'),
    flag('--disable-warnings'),
    flag('--no-header'),
    grouped('warnings', value('-W')),
    flag('--pdb'),
    flag('--sw', '--stepwise'),
    writes(value('--junitxml', '--junit-xml')),
    value('-c'),
  ],
};

const cargoOptions = [
  flag('-r', '--release'),
  grouped('package', value('-p', '--package')),
  flag('--all-features'),
  grouped('features', value('-F', '--features')),
  flag('--no-default-features'),
  grouped('verbosity', flag('-q', '--quiet')),
  grouped('verbosity', counted(flag('-v', '--verbose'))),
  flag('--workspace', '--all'),
  flag('--lib'),
  flag('--bins'),
  flag('--tests'),
  value('-j', '--jobs'),
  value('--target'),
  flag('--locked'),
  flag('--offline'),
  flag('--frozen'),
];

export const cargo: CommandOptions = {
  options: [],
  aliases: { b: 'build', c: 'check', t: 'test', r: 'run', d: 'doc', rm: 'remove' },
  subcommands: Object.fromEntries(
    ['build', 'check', 'test', 'run', 'doc', 'clippy', 'bench', 'remove', 'fmt'].map((s) => [
      s,
      { options: cargoOptions, permute: true },
    ]),
  ),
};

/** pip: optparse reads options anywhere; `-r` and `-c` files keep their order. */
const pipInstall = (): CommandOptions =>
  inheriting(
    grouped('requirement', value('-r', '--requirement')),
    grouped('requirement', value('-c', '--constraint')),
    grouped('editable', value('-e', '--editable')),
    flag('-U', '--upgrade'),
    flag('--user'),
    flag('--no-deps'),
    flag('--pre'),
    flag('--force-reinstall'),
    flag('--no-cache-dir'),
    value('-i', '--index-url'),
    grouped('extra-index', value('--extra-index-url')),
    value('-t', '--target'),
  );

export const pip: CommandOptions = {
  permute: true,
  options: [
    counted(flag('-q', '--quiet')),
    counted(flag('-v', '--verbose')),
    flag('--disable-pip-version-check'),
  ],
  subcommands: {
    install: pipInstall(),
    uninstall: inheriting(flag('-y', '--yes'), grouped('requirement', value('-r', '--requirement'))),
    list: inheriting(flag('-o', '--outdated'), value('--format')),
    freeze: inheriting(),
    show: inheriting(flag('-f', '--files')),
  },
};
