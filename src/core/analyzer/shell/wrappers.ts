/**
 * Programs that run another command, and how to find it: sudo, env, timeout, xargs, find -exec,
 * sh -c, eval, ssh, docker exec, kubectl exec, git global options, busybox, …
 */
import type { SimpleCommand, Word } from '../types.js';
import { isStatic, scanOptions, type OptionSpec } from './options.js';
import { shellUnwrap, SHELLS } from './shellWrappers.js';
import { toolUnwrap } from './toolWrappers.js';
import { parallelUnwrap, runnerUnwrap } from './runners.js';
import { powershellUnwrap } from './powershell.js';
import { cmdBuiltinUnwrap, cmdUnwrap } from './cmdExe.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `VAR=value` words (sudo, env, doas accept them before the command). */
function takeAssignments(
  argv: readonly Word[],
  from: number,
): { index: number; assignments: SimpleCommand['assignments'] } {
  const assignments: SimpleCommand['assignments'] = [];
  let i = from;
  for (; i < argv.length; i++) {
    const w = argv[i];
    if (!w) break;
    const eq = w.value.indexOf('=');
    if (eq <= 0 || !NAME.test(w.value.slice(0, eq))) break;
    const value = w.value.slice(eq + 1);
    assignments.push({
      name: w.value.slice(0, eq),
      value: {
        raw: w.raw.slice(eq + 1),
        value,
        dynamic: w.dynamic,
        quoted: w.quoted,
        canonical: w.canonical ?? value,
      },
    });
  }
  return { index: i, assignments };
}

/** Simple wrappers: options (per spec), then the command. */
const SIMPLE: Record<string, OptionSpec & { assignments?: boolean }> = {
  sudo: {
    value: [
      '-u',
      '-g',
      '-h',
      '-p',
      '-C',
      '-D',
      '-r',
      '-t',
      '-T',
      '-U',
      '-R',
      '--user',
      '--group',
      '--host',
      '--prompt',
      '--close-from',
      '--chdir',
      '--role',
      '--type',
      '--command-timeout',
      '--other-user',
      '--chroot',
    ],
    noCommand: [
      '-l',
      '--list',
      '-v',
      '--validate',
      '-k',
      '-K',
      '--reset-timestamp',
      '--remove-timestamp',
      '-e',
      '--edit',
      '-V',
      '--version',
      '-h',
      '--help',
    ],
    assignments: true,
  },
  doas: { value: ['-u', '-C'], assignments: false },
  pkexec: { value: ['--user'] },
  nohup: {},
  setsid: {},
  time: { value: ['-f', '-o', '--format', '--output'] },
  command: { noCommand: ['-v', '-V'] },
  builtin: {},
  exec: { value: ['-a'] },
  nice: { value: ['-n', '--adjustment'] },
  ionice: {
    value: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata', '--pid', '--pgid', '--uid'],
    noCommand: ['-p', '-P', '-u', '--pid', '--pgid', '--uid'],
  },
  timeout: { value: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
  stdbuf: { value: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  chrt: { value: ['-T', '-P', '-D'], noCommand: ['-p', '--pid'], positionals: 1 },
  taskset: { noCommand: ['-p', '--pid'], positionals: 1 },
  unbuffer: {},
  coproc: {},
  caffeinate: { value: ['-t', '-w'] },
  chroot: { value: ['--userspec', '--groups'], positionals: 1 },
  runuser: { value: ['-u', '-g', '-G', '--user', '--group'] },
};

function simple(
  cmd: SimpleCommand,
  program: string,
  spec: OptionSpec & { assignments?: boolean },
): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, spec);
  if (scan.noCommand || scan.dynamic) return { kind: 'none' };
  const taken = spec.assignments
    ? takeAssignments(cmd.argv, scan.index)
    : { index: scan.index, assignments: [] };
  if (taken.index >= cmd.argv.length) return { kind: 'none' };
  return {
    kind: 'argv',
    wrapper: wrapperOf(program, cmd.argv.slice(0, taken.index)),
    argv: cmd.argv.slice(taken.index),
    assignments: taken.assignments,
  };
}

function env(cmd: SimpleCommand): Unwrapped {
  // `env - cmd` is `env -i cmd` (an empty environment); the bare `-` is an option here.
  const first = cmd.argv[1];
  const from = first && first.value === '-' && first.dynamic.length === 0 ? 2 : 1;
  const scan = scanOptions(cmd.argv, from, {
    value: [
      '-u',
      '-C',
      '-S',
      '-P',
      '--unset',
      '--chdir',
      '--split-string',
      '--default-signal',
      '--ignore-signal',
      '--block-signal',
    ],
  });
  if (scan.dynamic) return { kind: 'none' };
  const split = scan.seen.get('-S') ?? scan.seen.get('--split-string');
  const taken = takeAssignments(cmd.argv, scan.index);
  const wrapper = wrapperOf('env', cmd.argv.slice(0, taken.index));
  if (typeof split === 'string') {
    // env -S splits its string into words (with quotes and escapes) and runs them: read it as shell.
    const splitWord = cmd.argv.find((w) => w.value === split || w.value.endsWith(split));
    const rest = cmd.argv.slice(taken.index);
    if ((splitWord && !isStatic(splitWord)) || rest.some((w) => !isStatic(w)))
      return { kind: 'script', wrapper, text: null };
    const text = [split, ...rest.map((w) => w.canonical ?? w.value)].join(' ');
    return { kind: 'script', wrapper, text };
  }
  if (taken.index >= cmd.argv.length) return { kind: 'none' };
  return { kind: 'argv', wrapper, argv: cmd.argv.slice(taken.index), assignments: taken.assignments };
}

function busybox(cmd: SimpleCommand): Unwrapped {
  const applet = cmd.argv[1];
  if (!isStatic(applet) || applet.value.startsWith('-')) return { kind: 'none' };
  return {
    kind: 'argv',
    wrapper: wrapperOf('busybox', cmd.argv.slice(0, 1)),
    argv: cmd.argv.slice(1),
    assignments: [],
  };
}

function watch(cmd: SimpleCommand): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, { value: ['-n', '--interval', '-q', '--equexit'] });
  if (scan.dynamic || scan.index >= cmd.argv.length) return { kind: 'none' };
  const wrapper = wrapperOf('watch', cmd.argv.slice(0, scan.index));
  const rest = cmd.argv.slice(scan.index);
  if (scan.seen.has('-x') || scan.seen.has('--exec'))
    return { kind: 'argv', wrapper, argv: rest, assignments: [] };
  // watch joins its arguments with spaces and runs them with sh -c.
  if (rest.some((w) => !isStatic(w))) return { kind: 'script', wrapper, text: null };
  return { kind: 'script', wrapper, text: rest.map((w) => w.value).join(' ') };
}

function evalWords(cmd: SimpleCommand): Unwrapped {
  const rest = cmd.argv.slice(1);
  if (rest.length === 0) return { kind: 'none' };
  const wrapper = wrapperOf('eval', cmd.argv.slice(0, 1));
  if (rest.every((w) => isStatic(w)))
    return { kind: 'script', wrapper, text: rest.map((w) => w.value).join(' ') };
  // Substitutions whose output the analysis computes: judged by it, and never below high (partial).
  // Outside double quotes the output splits into fields, which eval joins with spaces again.
  if (rest.every((w) => w.dynamic.length === 0 || w.known !== undefined || w.knownFields !== undefined))
    return {
      kind: 'script',
      wrapper,
      text: rest.map((w) => w.known ?? w.knownFields?.join(' ') ?? w.value).join(' '),
      partial: true,
    };
  return { kind: 'script', wrapper, text: null };
}

function su(cmd: SimpleCommand): Unwrapped {
  // su takes options anywhere (su - root -c CMD): look for -c / --command over all words.
  const wrapper = wrapperOf('su', cmd.argv);
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i] as Word;
    if (!isStatic(w)) return { kind: 'script', wrapper, text: null };
    let text: Word | undefined;
    if (w.value === '-c' || w.value === '--command' || w.value === '--session-command')
      text = cmd.argv[i + 1];
    else if (/^--(session-)?command=/.test(w.value))
      text = { ...w, value: w.value.slice(w.value.indexOf('=') + 1) };
    else if (/^-c./.test(w.value)) text = { ...w, value: w.value.slice(2) };
    else continue;
    return { kind: 'script', wrapper, text: isStatic(text) ? text.value : null };
  }
  return { kind: 'none' };
}

function flock(cmd: SimpleCommand): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, {
    value: ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'],
    positionals: 1,
  });
  if (scan.dynamic) return { kind: 'none' };
  const text = scan.seen.get('-c') ?? scan.seen.get('--command');
  if (typeof text === 'string') return { kind: 'script', wrapper: wrapperOf('flock', cmd.argv), text };
  if (scan.index >= cmd.argv.length) {
    // flock FILE -c STR puts -c after the lock file.
    const c = cmd.argv.findIndex((w) => w.value === '-c' || w.value === '--command');
    const t = c >= 0 ? cmd.argv[c + 1] : undefined;
    if (t)
      return { kind: 'script', wrapper: wrapperOf('flock', cmd.argv), text: isStatic(t) ? t.value : null };
    return { kind: 'none' };
  }
  const next = cmd.argv[scan.index];
  if (next && (next.value === '-c' || next.value === '--command')) {
    const t = cmd.argv[scan.index + 1];
    return { kind: 'script', wrapper: wrapperOf('flock', cmd.argv), text: isStatic(t) ? t.value : null };
  }
  return {
    kind: 'argv',
    wrapper: wrapperOf('flock', cmd.argv.slice(0, scan.index)),
    argv: cmd.argv.slice(scan.index),
    assignments: [],
  };
}

/** `trap ACTION SIGNAL…`: ACTION is shell text run later (on exit, on a signal). */
function trap(cmd: SimpleCommand): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, { noCommand: ['-l', '-p'] });
  const action = cmd.argv[scan.index];
  if (
    scan.noCommand ||
    !action ||
    cmd.argv.length <= scan.index + 1 ||
    action.value === '-' ||
    action.value === ''
  ) {
    return { kind: 'none' };
  }
  return {
    kind: 'script',
    wrapper: wrapperOf('trap', [...cmd.argv.slice(0, scan.index), ...cmd.argv.slice(scan.index + 1)]),
    text: isStatic(action) ? action.value : null,
  };
}

/** `script -c CMD [file]` runs CMD with a shell. */
function script(cmd: SimpleCommand): Unwrapped {
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i] as Word;
    let text: Word | undefined;
    if (w.value === '-c' || w.value === '--command') text = cmd.argv[i + 1];
    else if (w.value.startsWith('--command=')) text = { ...w, value: w.value.slice('--command='.length) };
    else if (/^-[a-zA-Z]*c$/.test(w.value)) text = cmd.argv[i + 1];
    else continue;
    return {
      kind: 'script',
      wrapper: wrapperOf('script', cmd.argv),
      text: isStatic(text) ? text.value : null,
    };
  }
  return { kind: 'none' };
}

/** `alias NAME='text'`: the text runs wherever NAME is used later (judged now, used or not). */
function alias(cmd: SimpleCommand): Unwrapped {
  const bodies: string[] = [];
  for (const w of cmd.argv.slice(1)) {
    const eq = w.value.indexOf('=');
    if (eq <= 0) continue;
    if (!isStatic(w)) return { kind: 'script', wrapper: wrapperOf('alias', cmd.argv), text: null };
    bodies.push(w.value.slice(eq + 1));
  }
  if (bodies.length === 0) return { kind: 'none' };
  return { kind: 'script', wrapper: wrapperOf('alias', cmd.argv), text: bodies.join('\n') };
}

export function unwrapOnce(cmd: SimpleCommand): Unwrapped {
  const program = cmd.program;
  if (program === null || cmd.argv.length === 0) return { kind: 'none' };
  const spec = SIMPLE[program];
  if (spec) return simple(cmd, program, spec);
  switch (program) {
    case 'env':
      return env(cmd);
    case 'busybox':
      return busybox(cmd);
    case 'watch':
      return watch(cmd);
    case 'eval':
      return evalWords(cmd);
    case 'su':
      return su(cmd);
    case 'flock':
      return flock(cmd);
    case 'trap':
      return trap(cmd);
    case 'script':
      return script(cmd);
    case 'parallel':
      return parallelUnwrap(cmd);
    case 'alias':
      return alias(cmd);
    default:
      if (SHELLS.has(program)) return shellUnwrap(cmd, program);
      return (
        runnerUnwrap(cmd) ??
        cmdBuiltinUnwrap(cmd) ??
        powershellUnwrap(cmd) ??
        cmdUnwrap(cmd) ??
        toolUnwrap(cmd, program)
      );
  }
}
