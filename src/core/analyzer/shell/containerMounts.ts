/**
 * `docker run -v HOST:CTR IMAGE CMD…` (podman, nerdctl): CMD runs in a fresh container, so its
 * paths are the container's own — except under a bind mount, where they are the host's. When CMD
 * names a path under one (`docker run -v "$HOME":/h alpine rm -rf /h`), it is judged as the same
 * command on the host path (`rm -rf "$HOME"`). A command that touches no mounted path is not
 * unwrapped: what it does stays inside the container.
 */
import type { SimpleCommand, Word } from '../types.js';
import { scanOptions } from './options.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

// prettier-ignore
const RUN_VALUE = [
  '-v', '--volume', '--mount', '-e', '--env', '--env-file', '-w', '--workdir', '--name', '-p', '--publish',
  '--network', '--net', '--entrypoint', '-u', '--user', '--platform', '-h', '--hostname', '-l', '--label',
  '--cap-add', '--cap-drop', '--device', '-m', '--memory', '--cpus', '--restart', '--pull', '--add-host',
  '--dns', '--log-driver', '--log-opt', '--security-opt', '--tmpfs', '--ulimit', '--volumes-from', '--ipc',
  '--pid', '--gpus', '--shm-size', '--stop-signal', '--runtime', '--cidfile', '--group-add', '--expose',
  '--label-file', '--cgroupns', '--uts', '--userns', '--sysctl', '--health-cmd', '--mac-address', '--ip',
];

interface Bind {
  host: Word;
  target: string;
}

/** A host path as a mount source: absolute, home, relative or a variable (not a named volume). */
function hostPath(w: Word): boolean {
  return /^([/~.]|\$)/.test(w.value);
}

function part(w: Word, value: string): Word {
  return { raw: value, value, dynamic: w.dynamic, quoted: w.quoted, canonical: value };
}

/** `HOST:CTR[:ro]` of -v, or `type=bind,source=HOST,target=CTR` of --mount. */
function bindOf(option: string, w: Word): Bind | null {
  if (option === '--mount') {
    const fields = new Map(
      w.value.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const),
    );
    const source = fields.get('source') ?? fields.get('src');
    const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
    if (fields.get('type') !== 'bind' || !source || !target) return null;
    const host = part(w, source);
    return hostPath(host) ? { host, target: target.replace(/\/+$/, '') || '/' } : null;
  }
  const at = w.value.indexOf(':', w.value.startsWith('$') ? w.value.indexOf('}') + 1 : 0);
  if (at <= 0) return null;
  const host = part(w, w.value.slice(0, at));
  const target = w.value.slice(at + 1).split(':')[0] ?? '';
  if (!hostPath(host) || !target.startsWith('/')) return null;
  return { host, target: target.replace(/\/+$/, '') || '/' };
}

/** The word on the host for a container path under a bind mount, or null. */
function mapped(w: Word, binds: readonly Bind[]): Word | null {
  if (w.dynamic.length > 0 || !w.value.startsWith('/')) return null;
  let best: Bind | null = null;
  for (const b of binds) {
    const under = w.value === b.target || w.value.startsWith(b.target === '/' ? '/' : `${b.target}/`);
    if (under && (!best || b.target.length > best.target.length)) best = b;
  }
  if (!best) return null;
  const rest = best.target === '/' ? w.value : w.value.slice(best.target.length);
  if (rest === '') return best.host;
  const value = `${best.host.value.replace(/\/+$/, '')}${rest.startsWith('/') ? '' : '/'}${rest}`;
  return { raw: value, value, dynamic: best.host.dynamic, quoted: best.host.quoted, canonical: value };
}

export function containerRun(cmd: SimpleCommand, program: string, at: number): Unwrapped {
  if (cmd.argv[at]?.value !== 'run') return { kind: 'none' };
  const binds: Bind[] = [];
  let entrypoint: Word | undefined;
  for (let i = at + 1; i < cmd.argv.length; i++) {
    const v = cmd.argv[i]?.value ?? '';
    if (!v.startsWith('-')) break;
    const eq = v.indexOf('=');
    const [name, value] =
      v.startsWith('--') && eq > 0
        ? [v.slice(0, eq), cmd.argv[i] && part(cmd.argv[i] as Word, v.slice(eq + 1))]
        : [v, RUN_VALUE.includes(v) ? cmd.argv[++i] : undefined];
    if (!value) continue;
    if (name === '-v' || name === '--volume' || name === '--mount') {
      const b = bindOf(name, value);
      if (b) binds.push(b);
    }
    if (name === '--entrypoint') entrypoint = value;
  }
  if (binds.length === 0) return { kind: 'none' };
  const scan = scanOptions(cmd.argv, at + 1, { value: RUN_VALUE, positionals: 1 });
  if (scan.dynamic || scan.index > cmd.argv.length) return { kind: 'none' };
  const inner = [...(entrypoint ? [entrypoint] : []), ...cmd.argv.slice(scan.index)];
  const argv = inner.map((w) => mapped(w, binds) ?? w);
  if (inner.length === 0 || argv.every((w, i) => w === inner[i])) return { kind: 'none' };
  // `docker run` itself is judged too (host access, privileges); the command then on host paths.
  const wrapper = wrapperOf(program, cmd.argv.slice(0, scan.index));
  return { kind: 'find', execs: [{ wrapper, argv }], deletes: false };
}
