/**
 * Tools that run commands: xargs, find -exec, ssh host CMD, adb shell CMD, docker/podman exec, kubectl/oc exec,
 * and git's global options (-c key=value, -C dir: kept as a wrapper layer so rules see them).
 */
import { containerRun } from './containerMounts.js';
import { adbShell } from './deviceShell.js';
import { fanOutUnwrap } from './fanOut.js';
import type { SimpleCommand, Word } from '../types.js';
import { gitAliasCall, GIT_VALUE_OPTIONS } from './gitAlias.js';
import { isStatic, scanOptions } from './options.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

function dynamicWord(raw: string): Word {
  return { raw, value: raw, dynamic: ['parameter'], quoted: false, canonical: raw };
}

/** GNU and BSD xargs: options with a value, and those whose value can only be attached. */
export const XARGS_OPTIONS = {
  value: [
    '-a',
    '-d',
    '-E',
    '-I',
    '-J',
    '-L',
    '-n',
    '-P',
    '-R',
    '-S',
    '-s',
    '--arg-file',
    '--delimiter',
    '--max-args',
    '--max-procs',
    '--max-chars',
    '--process-slot-var',
  ],
  optional: ['-e', '-i', '-l', '--eof', '--replace', '--max-lines'],
};

/** The replace string of `-I R`, `-J R`, `-i[R]` or `--replace[=R]` (alone: `{}`), if any. */
export function xargsReplaceString(seen: ReadonlyMap<string, string | true>): string | undefined {
  const given = seen.get('-I') ?? seen.get('-J');
  if (typeof given === 'string' && given !== '') return given;
  const optional = seen.get('--replace') ?? seen.get('-i');
  if (optional === undefined) return undefined;
  return optional === true || optional === '' ? '{}' : optional;
}

function xargs(cmd: SimpleCommand): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, XARGS_OPTIONS);
  if (scan.dynamic) return { kind: 'script', wrapper: wrapperOf('xargs', cmd.argv), text: null };
  const wrapper = wrapperOf('xargs', cmd.argv.slice(0, scan.index));
  const rest = cmd.argv.slice(scan.index);
  const echo: Word = { raw: 'echo', value: 'echo', dynamic: [], quoted: false, canonical: 'echo' };
  const base = rest.length > 0 ? rest : [echo];
  const replace = xargsReplaceString(scan.seen);
  if (replace !== undefined) {
    // Each occurrence of the replace string becomes an input item: unknown before it runs.
    const argv = base.map((w) =>
      w.value.includes(replace) ? { ...w, dynamic: [...w.dynamic, 'parameter' as const] } : w,
    );
    return { kind: 'argv', wrapper, argv, assignments: [] };
  }
  // Input items are appended to the command: unknown before it runs.
  return { kind: 'argv', wrapper, argv: [...base, dynamicWord('…')], assignments: [] };
}

const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** Predicates that only narrow what find visits (no operator can widen a -name around them). */
const FIND_NARROWING = new Set([
  '-type',
  '-maxdepth',
  '-mindepth',
  '-mtime',
  '-mmin',
  '-size',
  '-newer',
  '-user',
]);

/**
 * What `{}` stands for when find has one literal root, at most one -name/-iname test and nothing
 * else that could widen it (no -o, parentheses; a negated test only narrows): the root itself
 * without a name test, else a
 * path named so somewhere below the root, written
 * as the glob `ROOT/**\/NAME` (`find . -name node_modules -exec rm -rf {} +` removes
 * `./**\/node_modules`, regenerable; `find ~ -name id_rsa -exec cat {} \;` reads a key).
 */
function foundPath(cmd: SimpleCommand, execAt: number): Word | null {
  const root = cmd.argv[1];
  if (!root || root.dynamic.some((d) => d !== 'tilde') || root.value.startsWith('-')) return null;
  let name: string | null = null;
  for (let i = 2; i < execAt; i++) {
    const w = cmd.argv[i] as Word;
    const next = cmd.argv[i + 1];
    if (w.dynamic.length > 0) return null;
    // A negated test only leaves files out (`-not -name .env.example`): {} is no wider for it.
    const negatedTest =
      next?.value === '-name' || next?.value === '-iname' || FIND_NARROWING.has(next?.value ?? '');
    if ((w.value === '!' || w.value === '-not') && negatedTest && cmd.argv[i + 2]) {
      i += 2;
      continue;
    }
    if ((w.value === '-name' || w.value === '-iname') && name === null && next && next.dynamic.length === 0) {
      name = next.value;
      i++;
    } else if (FIND_NARROWING.has(w.value) && next) i++;
    else if (w.value !== '-prune' && w.value !== '-print') return null;
  }
  // No name test: {} ranges over the root itself and everything below it.
  if (name === null)
    return { raw: '{}', value: root.value, dynamic: [...root.dynamic], quoted: false, canonical: '{}' };
  if (name.includes('/')) return null;
  const value = `${root.value.replace(/\/+$/, '')}/**/${name}`;
  return { raw: '{}', value, dynamic: [...root.dynamic, 'glob'], quoted: false, canonical: '{}' };
}

function find(cmd: SimpleCommand): Unwrapped {
  const execs: Array<{ wrapper: ReturnType<typeof wrapperOf>; argv: Word[] }> = [];
  let deletes = false;
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i];
    if (!w) continue;
    if (w.value === '-delete') deletes = true;
    if (!FIND_EXEC.has(w.value)) continue;
    let end = i + 1;
    while (end < cmd.argv.length && cmd.argv[end]?.value !== ';' && cmd.argv[end]?.value !== '+') end++;
    const found = foundPath(cmd, i);
    const argv = cmd.argv
      .slice(i + 1, end)
      .map((a) =>
        a.value === '{}' && found
          ? found
          : a.value.includes('{}')
            ? { ...a, dynamic: [...a.dynamic, 'parameter' as const] }
            : a,
      );
    if (argv.length > 0) execs.push({ wrapper: wrapperOf('find', cmd.argv.slice(0, i + 1)), argv });
    i = end;
  }
  if (execs.length === 0 && !deletes) return { kind: 'none' };
  return { kind: 'find', execs, deletes };
}

const SSH_VALUE = [
  '-b',
  '-c',
  '-D',
  '-E',
  '-e',
  '-F',
  '-I',
  '-i',
  '-J',
  '-L',
  '-l',
  '-m',
  '-O',
  '-o',
  '-p',
  '-Q',
  '-R',
  '-S',
  '-W',
  '-w',
  '-B',
];

function ssh(cmd: SimpleCommand): Unwrapped {
  let scan = scanOptions(cmd.argv, 1, { value: SSH_VALUE });
  // Options in a variable (`ssh $SSH_OPTS host 'cmd'`): the host is the next word.
  for (
    let n = 0;
    n < 3 && scan.dynamic && /^-|OPT|ARG|FLAG|SSH_/i.test(cmd.argv[scan.index]?.value ?? '');
    n++
  )
    scan = scanOptions(cmd.argv, scan.index + 1, { value: SSH_VALUE });
  const host = cmd.argv[scan.index];
  // A host only known when it runs (`ssh $h 'cmd'`, `xargs -I{} ssh {} 'cmd'`) still runs the
  // command after it.
  if (!host || (scan.dynamic && isStatic(host))) return { kind: 'none' };
  const rest = cmd.argv.slice(scan.index + 1);
  if (rest.length === 0) return { kind: 'none' };
  const wrapper = wrapperOf('ssh', cmd.argv.slice(0, scan.index + 1), host.value);
  // ssh joins the remaining words with spaces; the remote shell parses the result.
  if (rest.some((w) => !isStatic(w))) return { kind: 'script', wrapper, text: null };
  return { kind: 'script', wrapper, text: rest.map((w) => w.value).join(' ') };
}

/**
 * `docker compose run|exec [options] SERVICE CMD…` (and `docker-compose`): CMD runs in the
 * service's container, with the volumes the compose file mounts — project data, often.
 */
function composeExec(cmd: SimpleCommand, program: string, at: number): Unwrapped {
  const verb = cmd.argv[at]?.value;
  if (verb !== 'run' && verb !== 'exec') return { kind: 'none' };
  const scan = scanOptions(cmd.argv, at + 1, {
    value: [
      '-e',
      '--env',
      '-u',
      '--user',
      '-w',
      '--workdir',
      '--name',
      '--entrypoint',
      '-p',
      '--publish',
      '-v',
      '--volume',
      '-l',
      '--label',
      '--index',
      '--cap-add',
      '--cap-drop',
    ],
    positionals: 1,
  });
  if (scan.dynamic || scan.index >= cmd.argv.length) return { kind: 'none' };
  const service = cmd.argv[scan.index - 1]?.value ?? '';
  const wrapper = wrapperOf(program, cmd.argv.slice(0, scan.index), `compose service ${service}`);
  return { kind: 'argv', wrapper, argv: cmd.argv.slice(scan.index), assignments: [] };
}

function containerExec(cmd: SimpleCommand, program: string): Unwrapped {
  let at = 1;
  if (program === 'docker-compose' || program === 'podman-compose') return composeExec(cmd, program, 1);
  if (cmd.argv[1]?.value === 'compose') return composeExec(cmd, program, 2);
  if (cmd.argv[1]?.value === 'container') at = 2;
  if (cmd.argv[at]?.value === 'run') return containerRun(cmd, program, at);
  if (cmd.argv[at]?.value !== 'exec') return { kind: 'none' };
  const scan = scanOptions(cmd.argv, at + 1, {
    value: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys'],
    positionals: 1,
  });
  if (scan.dynamic || scan.index >= cmd.argv.length) return { kind: 'none' };
  const container = cmd.argv[scan.index - 1]?.value ?? '';
  const wrapper = wrapperOf(program, cmd.argv.slice(0, scan.index), `${program} container ${container}`);
  return { kind: 'argv', wrapper, argv: cmd.argv.slice(scan.index), assignments: [] };
}

const KUBE_VALUE = [
  '-n',
  '--namespace',
  '-c',
  '--container',
  '--context',
  '--kubeconfig',
  '-f',
  '--filename',
  '--pod-running-timeout',
  '--cluster',
  '--user',
  '-s',
  '--server',
  '--as',
  '--token',
];

function kubeExec(cmd: SimpleCommand, program: string): Unwrapped {
  const pre = scanOptions(cmd.argv, 1, { value: KUBE_VALUE });
  const at = pre.index;
  if (pre.dynamic || cmd.argv[at]?.value !== 'exec') return { kind: 'none' };
  const scan = scanOptions(cmd.argv, at + 1, { value: KUBE_VALUE, positionals: 1 });
  const dash = cmd.argv.findIndex((w, i) => i > at && w.value === '--');
  const start = dash >= 0 ? dash + 1 : scan.index;
  if (scan.dynamic || start >= cmd.argv.length) return { kind: 'none' };
  const pod =
    dash >= 0 ? scanOptions(cmd.argv.slice(0, dash), at + 1, { value: KUBE_VALUE }).index : scan.index - 1;
  const wrapper = wrapperOf(
    program,
    cmd.argv.slice(0, start),
    `${program} pod ${cmd.argv[pod]?.value ?? '?'}`,
  );
  return { kind: 'argv', wrapper, argv: cmd.argv.slice(start), assignments: [] };
}

const GIT_VALUE = [...GIT_VALUE_OPTIONS];

/**
 * `git submodule [--quiet] foreach [--recursive] CMD…`: git runs CMD with the shell in every
 * submodule (the words joined, as `sh -c`).
 */
function submoduleForeach(argv: readonly Word[], at: number): Unwrapped | null {
  let i = at;
  if (argv[i]?.value !== 'submodule') return null;
  i++;
  while (argv[i]?.value === '--quiet' || argv[i]?.value === '-q') i++;
  if (argv[i]?.value !== 'foreach') return null;
  i++;
  while (argv[i]?.value === '--recursive' || argv[i]?.value === '--quiet' || argv[i]?.value === '-q') i++;
  const rest = argv.slice(i);
  if (rest.length === 0) return null;
  const wrapper = wrapperOf('git', argv.slice(0, i));
  if (rest.some((w) => !isStatic(w))) return { kind: 'script', wrapper, text: null };
  return { kind: 'script', wrapper, text: rest.map((w) => w.value).join(' ') };
}

function git(cmd: SimpleCommand): Unwrapped {
  const scan = scanOptions(cmd.argv, 1, { value: GIT_VALUE });
  const foreach = scan.dynamic ? null : submoduleForeach(cmd.argv, scan.index);
  if (foreach) return foreach;
  if (scan.index <= 1 || scan.index >= cmd.argv.length) return { kind: 'none' };
  const program = cmd.argv[0];
  if (!program) return { kind: 'none' };
  const options = cmd.argv.slice(0, scan.index);
  const alias = scan.dynamic ? null : gitAliasCall(cmd.argv, scan.index);
  if (alias?.kind === 'shell') {
    // The alias runs shell text, like `sh -c`: the git words (the alias name, its arguments) wrap it.
    return { kind: 'script', wrapper: wrapperOf('git', cmd.argv), text: alias.text, partial: alias.partial };
  }
  if (alias?.kind === 'git') {
    // git re-runs itself with the expansion and the same options (aliases of aliases are resolved
    // already; an expansion that starts with options keeps the outer ones before it).
    const wrapper = wrapperOf('git', cmd.argv.slice(0, scan.index + 1));
    const head = alias.options ? options : [program];
    const argv = [...head, ...alias.words, ...cmd.argv.slice(scan.index + 1)];
    return { kind: 'argv', wrapper, argv, assignments: [] };
  }
  const wrapper = wrapperOf('git', options);
  return { kind: 'argv', wrapper, argv: [program, ...cmd.argv.slice(scan.index)], assignments: [] };
}

/**
 * `node …/expacti.js SUB …`: the expacti CLI started through Node (a hook's rewritten command looks
 * like this). Read as `expacti SUB …` as well as judged as a script Node runs, the worse winning:
 * a local file of that name could be anything.
 */
function expactiScript(cmd: SimpleCommand): Unwrapped | null {
  const script = cmd.argv[1];
  if (!script || script.dynamic.length > 0 || !/(^|\/)expacti(\.[cm]?js)?$/.test(script.value)) return null;
  const name: Word = { raw: 'expacti', value: 'expacti', dynamic: [], quoted: false, canonical: 'expacti' };
  return {
    kind: 'find',
    execs: [{ wrapper: wrapperOf('node', cmd.argv.slice(0, 2)), argv: [name, ...cmd.argv.slice(2)] }],
    deletes: false,
  };
}

/** java's options that take the next word (the class path, a module, a system property file). */
const JAVA_VALUE = [
  '-cp',
  '-classpath',
  '--class-path',
  '-p',
  '--module-path',
  '--add-modules',
  '-javaagent',
];

/**
 * `java [options] -jar TOOL.jar ARGS…`: a command-line tool shipped as a jar (`jenkins-cli.jar
 * delete-job x`). Read as the program TOOL with ARGS as well (its subcommands then meet the
 * general rule for programs without rules), the java command itself judged too.
 */
function javaJar(cmd: SimpleCommand): Unwrapped | null {
  const argv = cmd.argv;
  for (let i = 1; i < argv.length; i++) {
    const v = (argv[i] as Word).value;
    if (v === '-jar') {
      const jar = argv[i + 1];
      if (!jar || jar.dynamic.length > 0) return null;
      const name = jar.value.replace(/^.*\//, '').replace(/(-[\d.]+)?\.jar$/, '');
      if (!/^[\w.-]+$/.test(name)) return null;
      const tool: Word = { raw: name, value: name, dynamic: [], quoted: false, canonical: name };
      return {
        kind: 'find',
        execs: [{ wrapper: wrapperOf('java', argv.slice(0, i + 2)), argv: [tool, ...argv.slice(i + 2)] }],
        deletes: false,
      };
    }
    if (JAVA_VALUE.includes(v)) i++;
    else if (!v.startsWith('-')) return null;
  }
  return null;
}

export function toolUnwrap(cmd: SimpleCommand, program: string): Unwrapped {
  switch (program) {
    case 'xargs':
      return xargs(cmd);
    case 'find':
      return find(cmd);
    case 'ssh':
      return ssh(cmd);
    case 'adb':
      return adbShell(cmd);
    case 'node':
    case 'nodejs':
      return expactiScript(cmd) ?? fanOutUnwrap(cmd, program);
    case 'java':
      return javaJar(cmd) ?? fanOutUnwrap(cmd, program);
    case 'docker':
    case 'podman':
    case 'nerdctl':
    case 'docker-compose':
    case 'podman-compose':
      return containerExec(cmd, program);
    case 'kubectl':
    case 'oc':
      return kubeExec(cmd, program);
    case 'git':
      return git(cmd);
    default:
      return fanOutUnwrap(cmd, program);
  }
}
