/**
 * Tools that run one command on many machines: `ansible HOSTS -m shell -a 'CMD'` (and the default
 * `command` module), `salt TARGET cmd.run 'CMD'`, `pdsh -w HOSTS CMD`, `clush -w HOSTS CMD`,
 * `pssh -h FILE CMD`, `knife ssh QUERY CMD`. The command is judged as what runs on each host (through a remote wrapper,
 * as `ssh host CMD` is); other modules and functions are left to the rule table.
 */
import type { SimpleCommand, Word } from '../types.js';
import { isStatic, scanOptions } from './options.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

const ANSIBLE_VALUE = [
  '-i',
  '--inventory',
  '-m',
  '--module-name',
  '-a',
  '--args',
  '-u',
  '--user',
  '-f',
  '--forks',
  '-l',
  '--limit',
  '-e',
  '--extra-vars',
  '-b',
  '--become-user',
  '--become-method',
  '-T',
  '--timeout',
  '-c',
  '--connection',
  '--private-key',
  '-M',
  '--module-path',
  '-P',
  '--poll',
  '-B',
  '--background',
  '--vault-password-file',
];

/** Modules whose `-a` is a command line (no -m: `command`, ansible's default when -a is given). */
const ANSIBLE_COMMAND_MODULES = /^(ansible\.builtin\.|ansible\.legacy\.)?(shell|command|raw)$/;

function optionValue(argv: readonly Word[], names: readonly string[]): Word | null | undefined {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i] as Word;
    if (names.includes(w.value)) return argv[i + 1] ?? null;
    const long = names.find((n) => n.startsWith('--') && w.value.startsWith(n + '='));
    if (long) return { ...w, value: w.value.slice(long.length + 1) };
  }
  return undefined;
}

function ansible(cmd: SimpleCommand): Unwrapped {
  const module = optionValue(cmd.argv, ['-m', '--module-name']);
  const args = optionValue(cmd.argv, ['-a', '--args']);
  if (!args) return { kind: 'none' };
  if (
    module === null ||
    (module !== undefined && (!isStatic(module) || !ANSIBLE_COMMAND_MODULES.test(module.value)))
  )
    return { kind: 'none' };
  const scan = scanOptions(cmd.argv, 1, { value: ANSIBLE_VALUE });
  const hosts = cmd.argv[scan.index]?.value ?? 'hosts';
  const wrapper = wrapperOf('ansible', cmd.argv, `ansible hosts ${hosts}`);
  return { kind: 'script', wrapper, text: isStatic(args) ? args.value : null };
}

function salt(cmd: SimpleCommand, program: string): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, {
    value: ['-t', '--timeout', '-E', '-G', '-L', '-N', '-C', '--out', '-b', '--batch-size', '--tgt-type'],
  });
  const target = cmd.argv[scan.index];
  const fn = cmd.argv[scan.index + 1];
  if (!target || !fn || !/^cmd\.(run|shell|run_all|run_stdout|exec_code)$/.test(fn.value))
    return { kind: 'none' };
  const rest = cmd.argv.slice(scan.index + 2);
  const wrapper = wrapperOf(program, cmd.argv.slice(0, scan.index + 2), `${program} minions ${target.value}`);
  if (rest.length === 0) return { kind: 'none' };
  return { kind: 'script', wrapper, text: rest.every(isStatic) ? rest.map((w) => w.value).join(' ') : null };
}

/** pdsh/clush/pssh: options, then the command words (joined and run by each host's shell). */
function parallelShell(cmd: SimpleCommand, program: string): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, {
    value: [
      '-w',
      '-x',
      '-g',
      '-X',
      '-l',
      '-R',
      '-f',
      '-t',
      '-u',
      '-h',
      '-H',
      '-p',
      '-O',
      '-o',
      '-e',
      '-P',
      '--hosts',
      '--user',
      '--par',
      '--timeout',
      '-b',
    ],
  });
  const rest = cmd.argv.slice(scan.index);
  if (scan.dynamic || rest.length === 0) return { kind: 'none' };
  const wrapper = wrapperOf(program, cmd.argv.slice(0, scan.index), `${program} hosts`);
  return { kind: 'script', wrapper, text: rest.every(isStatic) ? rest.map((w) => w.value).join(' ') : null };
}

const KNIFE_VALUE = new Set([
  '-x',
  '--ssh-user',
  '-P',
  '--ssh-password',
  '-p',
  '--ssh-port',
  '-i',
  '--ssh-identity-file',
  '-a',
  '--attribute',
  '-C',
  '--concurrency',
  '-G',
  '--ssh-gateway',
  '-c',
  '--config',
  '-E',
  '--environment',
]);

/** `knife ssh QUERY 'CMD' [options]`: CMD runs on every node the search finds. */
function knife(cmd: SimpleCommand): Unwrapped {
  if (cmd.argv[1]?.value !== 'ssh') return { kind: 'none' };
  const operands: Word[] = [];
  for (let i = 2; i < cmd.argv.length; i++) {
    const w = cmd.argv[i] as Word;
    if (w.dynamic.length === 0 && w.value.startsWith('-')) {
      if (KNIFE_VALUE.has(w.value)) i++;
      continue;
    }
    operands.push(w);
  }
  const [query, command] = operands;
  if (!query || !command) return { kind: 'none' };
  const wrapper = wrapperOf('knife', cmd.argv.slice(0, 2), `knife nodes ${query.value}`);
  return { kind: 'script', wrapper, text: isStatic(command) ? command.value : null };
}

export function fanOutUnwrap(cmd: SimpleCommand, program: string): Unwrapped {
  switch (program) {
    case 'ansible':
      return ansible(cmd);
    case 'salt':
    case 'salt-ssh':
      return salt(cmd, program);
    case 'knife':
      return knife(cmd);
    case 'pdsh':
    case 'clush':
    case 'pssh':
    case 'parallel-ssh':
      return parallelShell(cmd, program);
    default:
      return { kind: 'none' };
  }
}
