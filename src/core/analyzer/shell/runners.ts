/**
 * Runners: programs whose job is to run another command — package runners (`npx`, `uvx`,
 * `poetry run`), secret injectors (`op run --`, `doppler run --`), environment managers (`mise
 * exec`, `nvm exec`), sandboxes and tracers (`firejail`, `strace`), terminal multiplexers (`tmux
 * new 'cmd'`) and parallel runners (`parallel`, `sem`, `concurrently`). As data: where the command
 * starts, and whether it is an argv or shell text.
 */
import type { SimpleCommand, Word } from '../types.js';
import { isStatic, scanOptions } from './options.js';
import { packageBinAt } from './packageBins.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

export interface Runner {
  /** Words that must come first (one list of alternatives per position): `exec`, `run`, `dlx`. */
  sub?: ReadonlyArray<readonly string[]>;
  /** Options that take a value (before and after the subcommand). */
  value?: readonly string[];
  /** Long options that take more than one word, with how many (`bwrap --bind SRC DEST`: 2). */
  multi?: Readonly<Record<string, number>>;
  /** Plain words before the command (`aws-vault exec PROFILE cmd`, `gosu USER cmd`). */
  positionals?: number;
  /** The first word names a package whose program runs (`npx cowsay@1 hi` runs cowsay). */
  packageSpec?: boolean;
  /** Options whose value is shell text (`npx -c 'cmd'`, `nix-shell --run 'cmd'`, `nodemon --exec`). */
  textOption?: readonly string[];
  /** Options after which the rest of the words are the command (`nix develop -c cmd args`). */
  argvOption?: readonly string[];
  /** The command is shell text: the remaining words are joined (`watchexec 'make test'`, `tmux new 'x'`). */
  text?: boolean;
  /** Every remaining word is its own shell command (`concurrently 'a' 'b'`, `hyperfine 'a' 'b'`). */
  eachText?: boolean;
  /** The wrapper's name for rules: package runners that may download are all `npx`, `uvx` or `pipx`. */
  as?: string;
  /** The program is an alias of a command with fixed words (`rimraf x` is `rm -rf x`). */
  means?: readonly string[];
}

const ENV_FILE = ['-f', '--file', '--env-file', '-e', '--environment'];

// prettier-ignore
export const RUNNERS: Readonly<Record<string, Runner>> = {
  npx: { value: ['-p', '--package', '--cache', '--userconfig', '--registry', '-w', '--workspace'], packageSpec: true, textOption: ['-c', '--call'] },
  pnpx: { value: ['-p', '--package'], packageSpec: true, as: 'npx' },
  bunx: { value: ['-p', '--package'], packageSpec: true, as: 'npx' },
  'npm exec': { value: ['-p', '--package', '-w', '--workspace'], packageSpec: true, textOption: ['-c', '--call'], as: 'npx' },
  'npm x': { value: ['-p', '--package', '-w', '--workspace'], packageSpec: true, textOption: ['-c', '--call'], as: 'npx' },
  'pnpm dlx': { value: ['-p', '--package'], packageSpec: true, as: 'npx' },
  'pnpm exec': { value: ['--filter', '-F', '-C', '--dir'] },
  'yarn dlx': { value: ['-p', '--package'], packageSpec: true, as: 'npx' },
  'yarn exec': {},
  'bun x': { value: ['-p', '--package'], packageSpec: true, as: 'npx' },
  rimraf: { means: ['rm', '-rf'], value: ['--glob', '--preserve-root'] },
  'del-cli': { means: ['rm', '-rf'] },
  shx: {},
  uvx: { value: ['--from', '--with', '-p', '--python', '--index-url'], packageSpec: true },
  'uv run': { value: ['--with', '-p', '--python', '--project', '--directory', '--package', '--extra', '--group', '--env-file', '--index-url', '--with-requirements'] },
  'uv tool run': { value: ['--from', '--with', '-p', '--python'], packageSpec: true, as: 'uvx' },
  'pipx run': { value: ['--spec', '--python', '--pip-args'], packageSpec: true, as: 'pipx' },
  'poetry run': { value: ['-C', '--directory', '-P', '--project'] },
  'pipenv run': {},
  'pdm run': { value: ['-p', '--project'] },
  'rye run': {},
  'hatch run': {},
  'conda run': { value: ['-n', '--name', '-p', '--prefix', '--cwd'] },
  'mamba run': { value: ['-n', '--name', '-p', '--prefix'] },
  'micromamba run': { value: ['-n', '--name', '-p', '--prefix'] },
  'bundle exec': { value: ['--gemfile'] },
  'dotnet exec': {},
  'devbox run': { value: ['-c', '--config'] },
  'nix develop': { argvOption: ['-c', '--command'], value: ['-i', '--impure'] },
  'nix shell': { argvOption: ['-c', '--command'] },
  'nix-shell': { textOption: ['--run', '--command'], value: ['-p', '--packages', '-A', '-I'] },
  dotenv: { value: ['-e', '-c', '-v', '-p'] },
  // cross-env VAR=value … CMD: an env prefix spelled for Windows shells.
  'cross-env': { means: ['env'] },
  'cross-env-shell': { means: ['sh', '-c'], text: true },
  'dotenvx run': { value: ENV_FILE },
  'env-cmd': { value: [...ENV_FILE, '-r', '--rc-file'] },
  'op run': { value: ['--env-file', '--account'] },
  'doppler run': { value: ['-p', '--project', '-c', '--config', '--token'], textOption: ['--command'] },
  'infisical run': { value: ['--env', '--path', '--projectId', '--token'], textOption: ['--command'] },
  'chamber exec': { positionals: 1 },
  'aws-vault exec': { positionals: 1, value: ['-d', '--duration', '--region'] },
  'direnv exec': { positionals: 1 },
  'mise exec': { value: ['-C', '--cd'] },
  'mise x': { value: ['-C', '--cd'] },
  'asdf exec': {},
  'rbenv exec': {},
  'pyenv exec': {},
  'nodenv exec': {},
  'nvm exec': { positionals: 1 },
  'fnm exec': { value: ['--using'] },
  'volta run': { value: ['--node', '--npm', '--yarn', '--pnpm', '--env'] },
  // expacti's own entry points run the command they are given (what a hook's rewrite looks like).
  'expacti run': { value: ['--reason', '-r'], textOption: ['-c'] },
  'expacti sh': { textOption: ['-c'] },
  'expacti exec-confined': { value: ['--request', '--plan'], textOption: ['-c'] },
  'expacti-fast run': { value: ['--reason', '-r'], textOption: ['-c'] },
  'expacti-fast sh': { textOption: ['-c'] },
  'expacti-fast exec-confined': { value: ['--request', '--plan'], textOption: ['-c'] },
  'expacti-sh': { textOption: ['-c'] },
  // Namespaces, groups, users and containers entered to run one command.
  'ip netns exec': { positionals: 1 },
  'machinectl shell': { positionals: 1, value: ['--uid', '-E', '--setenv'] },
  'systemd-nspawn': { value: ['-D', '--directory', '-i', '--image', '-M', '--machine', '-u', '--user', '--bind', '--bind-ro', '-E', '--setenv', '--chdir', '--network-interface', '--network-bridge', '-p', '--port', '--private-users', '--resolv-conf', '--timezone', '--link-journal', '-U'] },
  sg: { positionals: 1, textOption: ['-c'], text: true },
  chpst: { value: ['-u', '-U', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-t', '-b'] },
  's6-setuidgid': { positionals: 1 },
  's6-applyuidgid': { value: ['-u', '-g', '-G'] },
  cgexec: { value: ['-g'] },
  'sandbox-exec': { value: ['-f', '-n', '-p', '-D'] },
  // macOS `arch -x86_64 CMD` runs CMD (without operands it only prints the architecture).
  arch: { multi: { '-arch': 1, '-e': 1, '-d': 1 } },
  // bubblewrap: the sandbox is only as narrow as its binds (`--bind / /` gives the whole machine).
  bwrap: {
    value: ['--dir', '--tmpfs', '--proc', '--dev', '--chdir', '--unsetenv', '--uid', '--gid', '--hostname', '--perms', '--size', '--lock-file', '--remount-ro', '--mqueue', '--exec-label', '--file-label', '--info-fd', '--json-status-fd', '--sync-fd', '--block-fd', '--userns-block-fd', '--seccomp', '--add-seccomp-fd', '--userns', '--userns2', '--pidns', '--cap-add', '--cap-drop', '--args', '--argv0', '--overlay-src', '--tmp-overlay', '--ro-overlay'],
    multi: { '--bind': 2, '--bind-try': 2, '--ro-bind': 2, '--ro-bind-try': 2, '--dev-bind': 2, '--dev-bind-try': 2, '--symlink': 2, '--setenv': 2, '--chmod': 2, '--file': 2, '--bind-data': 2, '--ro-bind-data': 2, '--overlay': 3 },
  },
  firejail: { value: ['--profile', '--private', '--whitelist', '--blacklist', '--net'] },
  proxychains: { value: ['-f'] },
  proxychains4: { value: ['-f'] },
  torsocks: { value: ['-u', '-p', '-a', '-P'] },
  torify: {},
  strace: { value: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-O', '-P', '-S', '-X'] },
  ltrace: { value: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-n'] },
  valgrind: {},
  fakeroot: { value: ['-l', '--lib', '--faked', '-s', '-i'] },
  catchsegv: {},
  'xvfb-run': { value: ['-n', '--server-num', '-s', '--server-args', '-e', '--error-file', '-f', '--auth-file', '-p'] },
  'dbus-run-session': { value: ['--config-file', '--dbus-daemon'] },
  unshare: { value: ['--map-user', '--map-group', '-S', '--setuid', '-G', '--setgid', '-R', '--root', '-w', '--wd'] },
  nsenter: { value: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '-r', '--root', '-w', '--wd'] },
  'systemd-run': { value: ['-p', '--property', '-u', '--unit', '--uid', '--gid', '-E', '--setenv', '-M', '--machine', '--working-directory', '--slice', '--on-active', '--on-calendar'] },
  gosu: { positionals: 1 },
  'su-exec': { positionals: 1 },
  setpriv: { value: ['--reuid', '--regid', '--groups', '--inh-caps', '--bounding-set', '--securebits', '--selinux-label', '--apparmor-profile'] },
  chronic: {},
  sem: { value: ['-j', '--jobs', '--id', '--timeout'], text: true },
  watchexec: { value: ['-w', '--watch', '-e', '--exts', '-i', '--ignore', '-f', '--filter', '-d', '--debounce', '-s', '--signal', '--shell'], text: true },
  nodemon: { textOption: ['--exec', '-x'], value: ['-w', '--watch', '-e', '--ext', '-i', '--ignore', '--delay', '--signal'] },
  entr: {},
  'tmux new-session': { value: ['-s', '-n', '-t', '-c', '-x', '-y', '-F', '-e', '-f'], text: true },
  'tmux new': { value: ['-s', '-n', '-t', '-c', '-x', '-y', '-F', '-e', '-f'], text: true },
  'tmux new-window': { value: ['-n', '-t', '-c', '-F', '-e'], text: true },
  'tmux neww': { value: ['-n', '-t', '-c', '-F', '-e'], text: true },
  'tmux split-window': { value: ['-t', '-c', '-l', '-p', '-F', '-e'], text: true },
  'tmux splitw': { value: ['-t', '-c', '-l', '-p', '-F', '-e'], text: true },
  'tmux respawn-pane': { value: ['-t', '-c', '-e'], text: true },
  'tmux send-keys': { value: ['-t', '-N'], text: true },
  'tmux send': { value: ['-t', '-N'], text: true },
  screen: { value: ['-S', '-c', '-e', '-p', '-t', '-T', '-h'] },
  concurrently: { value: ['-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-k', '--max-processes', '-s', '--success'], eachText: true },
  'npm-run-all': {},
  hyperfine: { value: ['-w', '--warmup', '-r', '--runs', '-m', '--min-runs', '-M', '--max-runs', '-n', '--command-name', '--export-json', '--export-markdown', '--export-csv', '-S', '--shell', '-u', '--time-unit'], eachText: true, textOption: ['-p', '--prepare', '-c', '--cleanup', '-s', '--setup'] },
};

/** Expansions the outer shell applies that the inner shell, given the canonical word, applies the same. */
const REPEATABLE = new Set(['tilde', 'glob', 'brace', 'extglob']);

/** A word as shell text the inner shell reads back the same; null when it holds run-time values. */
function asText(w: Word): string | null {
  if (w.dynamic.length === 0) return w.value;
  return w.dynamic.every((d) => REPEATABLE.has(d)) ? (w.canonical ?? w.raw) : null;
}

/** Words joined as shell text (`sem rm -rf ~`); `partial` when some hold run-time values. */
function joinText(words: readonly Word[], sep: string): { text: string; partial: boolean } {
  let partial = false;
  const parts = words.map((w) => {
    const t = asText(w);
    if (t === null) partial = true;
    return t ?? w.canonical ?? w.raw;
  });
  return { text: parts.join(sep), partial };
}

/** tmux keys named in send-keys (`Enter`, `C-m`): not part of the text typed. */
const KEY_NAMES = /^(Enter|C-m|C-j|KPEnter|Escape|C-c|Space|Tab)$/;

/** `cowsay@1.2.0` → cowsay, `@scope/tool@latest` → tool (the bin of a package is usually its name). */
function packageProgram(w: Word): Word {
  if (!isStatic(w)) return w;
  let name = w.value.replace(/^(@[^/]+\/[^@]+|[^@]+)@.*$/, '$1');
  name = name.replace(/^@[^/]+\//, '');
  return { ...w, value: name, canonical: name };
}

/** Programs that have a runner entry, alone or with subcommands (looked up before any scan). */
const RUNNER_PROGRAMS: ReadonlySet<string> = new Set(
  Object.keys(RUNNERS).map((k) => k.slice(0, (k + ' ').indexOf(' '))),
);

/** The runner key for a command (`npm exec`, `tmux new`, `npx`) and where its own words start. */
function runnerOf(cmd: SimpleCommand): { key: string; runner: Runner; at: number } | null {
  const program = cmd.program;
  if (program === null || !RUNNER_PROGRAMS.has(program)) return null;
  // Options of the tool itself may come before its subcommand (`pnpm --filter web exec tsc`).
  const pre = scanOptions(cmd.argv, 1, { value: ['--filter', '-F', '-C', '--dir', '-L', '-S', '-f'] });
  for (const at of [1, pre.index]) {
    const a = cmd.argv[at]?.value;
    const b = cmd.argv[at + 1]?.value;
    if (a !== undefined && b !== undefined && RUNNERS[`${program} ${a} ${b}`])
      return { key: `${program} ${a} ${b}`, runner: RUNNERS[`${program} ${a} ${b}`] as Runner, at: at + 2 };
    if (a !== undefined && RUNNERS[`${program} ${a}`])
      return { key: `${program} ${a}`, runner: RUNNERS[`${program} ${a}`] as Runner, at: at + 1 };
  }
  const bin = packageBinAt(program, cmd.argv, pre.index);
  if (bin > 0) return { key: `${program} run`, runner: {}, at: bin };
  const own = RUNNERS[program];
  return own ? { key: program, runner: own, at: 1 } : null;
}

export function runnerUnwrap(cmd: SimpleCommand): Unwrapped | null {
  const found = runnerOf(cmd);
  if (!found) return null;
  const { key, runner, at } = found;
  // The runner table's keys are `program` or `program sub…`: the wrapper is named after the program.
  const program = runner.as ?? (cmd.program as string);
  const argv = cmd.argv;
  const wrapper = (end: number) => wrapperOf(program, argv.slice(0, end));
  // An option carrying the command as text, or after which the rest is the command.
  for (let i = at; i < argv.length; i++) {
    const w = argv[i] as Word;
    if (w.value === '--') break;
    const name = w.value.split('=', 1)[0] as string;
    if (runner.textOption?.includes(name)) {
      const text = w.value.includes('=') ? { ...w, value: w.value.slice(name.length + 1) } : argv[i + 1];
      return { kind: 'script', wrapper: wrapperOf(program, argv), text: isStatic(text) ? text.value : null };
    }
    if (runner.argvOption?.includes(w.value) && i + 1 < argv.length)
      return { kind: 'argv', wrapper: wrapper(i + 1), argv: argv.slice(i + 1), assignments: [] };
  }
  if (runner.means) {
    const fixed = runner.means.map((v): Word => ({
      raw: v,
      value: v,
      dynamic: [],
      quoted: false,
      canonical: v,
    }));
    return { kind: 'argv', wrapper: wrapper(1), argv: [...fixed, ...argv.slice(1)], assignments: [] };
  }
  const scan = scanOptions(argv, at, {
    value: runner.value ?? [],
    positionals: runner.positionals ?? 0,
    multi: runner.multi,
  });
  if (scan.dynamic && scan.index < argv.length && argv[scan.index]?.value.startsWith('-'))
    return { kind: 'script', wrapper: wrapperOf(program, argv), text: null };
  let start = scan.index;
  if (start >= argv.length) return null;
  if (argv[start]?.value === '--') start++;
  const rest = argv
    .slice(start)
    .filter((w, i, all) => !(key.includes('send') && i === all.length - 1 && KEY_NAMES.test(w.value)));
  if (rest.length === 0) return null;
  if (runner.eachText || runner.text) {
    // tmux, sem and watchexec join their words with spaces; concurrently and hyperfine run each.
    const { text, partial } = joinText(rest, runner.eachText ? '\n' : ' ');
    return { kind: 'script', wrapper: wrapperOf(program, argv), text, partial };
  }
  const explicitPackage = scan.seen.has('-p') || scan.seen.has('--package') || scan.seen.has('--from');
  const inner =
    runner.packageSpec && !explicitPackage ? [packageProgram(rest[0] as Word), ...rest.slice(1)] : rest;
  return { kind: 'argv', wrapper: wrapper(start), argv: inner, assignments: [] };
}

/** GNU parallel's replacement strings: each becomes an input item, unknown before it runs. */
const REPLACEMENT = /\{(\d+|[./#%]|\/\/|\/\.|\.\.|\d+[./]|)\}/g;
export const PARALLEL_VALUE = [
  '-j',
  '--jobs',
  '-S',
  '--sshlogin',
  '--joblog',
  '--results',
  '--tag',
  '-d',
  '--delimiter',
  '-a',
  '--arg-file',
  '--timeout',
  '--delay',
  '--memfree',
  '-n',
  '--max-args',
  '-N',
  '-I',
  '--colsep',
  '--retries',
  '--halt',
  '--load',
];
const SOURCES = new Set([':::', '::::', ':::+', '::::+']);

/**
 * `parallel CMD ::: a b` runs `CMD a` and `CMD b` through a shell; without `:::` the items come from
 * standard input. The command is shell text in which `{}` and friends stand for the items.
 */
export function parallelUnwrap(cmd: SimpleCommand): Unwrapped {
  const argv = cmd.argv;
  const scan = scanOptions(argv, 1, { value: PARALLEL_VALUE });
  const wrapper = wrapperOf('parallel', argv);
  if (scan.dynamic) return { kind: 'script', wrapper, text: null };
  const rest = argv.slice(scan.index);
  const source = rest.findIndex((w) => SOURCES.has(w.value));
  const template = source >= 0 ? rest.slice(0, source) : rest;
  const items = source >= 0 ? rest.slice(source + 1).filter((w) => !SOURCES.has(w.value)) : [];
  const one = source >= 0 && rest.slice(source + 1).every((w) => !SOURCES.has(w.value));
  // Items known here (one `:::` list, literal words): each command is spelled out.
  const quote = (w: Word) => (w.dynamic.length === 0 ? `'${w.value.replace(/'/g, "'\\''")}'` : asText(w));
  const known = items.map(quote);
  const spelled = one && items.length <= 16 && known.every((k) => k !== null);
  if (template.length === 0) {
    // The items themselves are the commands (`parallel ::: 'make a' 'make b'`); from stdin, unknown.
    if (!spelled) return { kind: 'script', wrapper, text: null };
    const lines = items.map((w) => asText(w));
    return lines.every((l) => l !== null)
      ? { kind: 'script', wrapper, text: lines.join('\n') }
      : { kind: 'script', wrapper, text: null };
  }
  // GNU parallel joins the command's words with spaces for a shell (`-q` quotes them instead).
  // Where the two readings differ (`parallel bash -c 'git reset --hard' ::: x`), both are judged.
  const joined = joinText(template, ' ');
  const quotedTemplate = template.map((w) => quote(w) ?? w.canonical ?? w.raw).join(' ');
  const readings = scan.seen.has('-q') || scan.seen.has('--quote') ? [quotedTemplate] : [joined.text];
  if (
    !readings.includes(quotedTemplate) &&
    template.length > 1 &&
    template.slice(1).some((w) => /[\s;&|<>()$`'"\\*?[\]{}#~]/.test(w.value))
  )
    readings.push(quotedTemplate);
  const fill = (text: string, item: string) => {
    const uses = REPLACEMENT.test(text);
    REPLACEMENT.lastIndex = 0;
    return uses ? text.replace(REPLACEMENT, () => item) : `${text} ${item}`;
  };
  if (spelled && items.length > 0) {
    const lines = readings.flatMap((text) => known.map((item) => fill(text, item as string)));
    return { kind: 'script', wrapper, text: lines.join('\n'), partial: joined.partial };
  }
  const unknown = readings.map((text) => fill(text, '"$PARALLEL_ITEM"')).join('\n');
  return { kind: 'script', wrapper, text: unknown, partial: joined.partial };
}
