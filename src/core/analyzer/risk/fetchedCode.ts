/**
 * Code fetched from the network and run in the same command, in steps rather than through a pipe:
 * a file downloaded (`curl -o f`, `curl -O URL`, `wget URL`) then run; an archive downloaded and
 * unpacked, then a file from it run; a repository cloned, then a script in it run (or its `.envrc`
 * trusted with `direnv allow`). Only literal
 * paths are followed; `cd` between the steps is taken into account (CommandView.cwd).
 */
import type { CommandView } from './commandView.js';
import { INTERPRETERS } from './rules/network.js';

const RUNNERS = new Set([...INTERPRETERS, 'source', '.']);
const ELEVATORS = new Set(['sudo', 'doas', 'pkexec', 'run0', 'su']);
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|zip|tar\.(gz|bz2|xz|zst))$/i;

/** Where a fetch lands: a file, or a directory of fetched files (an unpacked archive, a clone). */
interface Fetched {
  index: number;
  path: string;
  dir: boolean;
}

/** The last path segment of a literal URL (what `curl -O` and `wget` name the file). */
function urlName(view: CommandView): string | null {
  const url = view.operands.find((w) => w.dynamic.length === 0 && /^(https?|ftp):\/\//.test(w.value));
  if (!url) return null;
  const path = url.value.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === '' || name === '.' || name === '..' ? null : decodeURIComponent(name);
}

const OUTPUT_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  curl: ['-o', '--output'],
  wget: ['-O', '--output-document'],
  aria2c: ['-o', '--out'],
  http: ['-o', '--output'],
  xh: ['-o', '--output'],
  'invoke-webrequest': ['-outfile'],
  iwr: ['-outfile'],
  'invoke-restmethod': ['-outfile'],
  irm: ['-outfile'],
};

/** Where a download lands: `curl -o F`, `wget -O F`, `curl URL > F`, `curl -O URL`, `wget URL`. */
export function downloadedTo(view: CommandView): string | null {
  const program = view.program;
  if (program === null) return null;
  const names = OUTPUT_OPTIONS[program];
  if (!names) return null;
  for (const f of view.flags)
    if (names.includes(f.name) && f.value && f.value.dynamic.length === 0 && f.value.value !== '-')
      return f.value.value;
  const out = view.cmd.redirects.find(
    (r) => (r.op === '>' || r.op === '>|') && (r.fd === null || r.fd === 1),
  );
  if (out) return out.target.dynamic.length === 0 ? out.target.value : null;
  const remoteName = view.flags.some((f) => f.name === '-O' || f.name === '--remote-name');
  if (program === 'curl' && remoteName) return urlName(view);
  const toStdout = view.flags.some((f) => f.name === '-O' || f.name === '--spider' || f.name === '-qO-');
  if (program === 'wget' && !toStdout) return urlName(view);
  return null;
}

/** A path as seen from the directory the command runs in (relative paths joined to its `cd`). */
function resolve(view: CommandView, path: string): string {
  if (path === '.' || path === './') return view.cwd ?? '.';
  const bare = path.replace(/^(\.\/)+/, '');
  if (path.startsWith('/') || path.startsWith('~') || view.cwd === null) return bare;
  return `${view.cwd.replace(/\/+$/, '')}/${bare}`;
}

/** The directory `git clone URL [DIR]` creates. */
function clonedInto(view: CommandView): string | null {
  if (view.program !== 'git' || view.subcommands[0]?.value !== 'clone') return null;
  const rest = view.operands.filter((w) => w !== view.subcommands[0]);
  const [url, dir] = rest;
  if (!url || url.dynamic.length > 0) return null;
  if (dir) return dir.dynamic.length === 0 ? dir.value : null;
  const name = url.value.replace(/\/+$/, '').replace(/\.git$/, '');
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf(':')) + 1) || null;
}

/** Unpacks `archive` here (or into -C DIR): the directory its files land in. */
function unpacks(view: CommandView, archive: string): string | null {
  const named = (w: { dynamic: unknown[]; value: string }) =>
    w.dynamic.length === 0 && resolve(view, w.value) === archive;
  if (view.program === 'tar') {
    const file = view.flags.find((f) => ['-f', '--file'].includes(f.name))?.value;
    const given = (file && named(file)) || view.operands.some(named);
    if (!given) return null;
    const into = view.flags.find((f) => ['-C', '--directory'].includes(f.name))?.value;
    return into ? (into.dynamic.length === 0 ? resolve(view, into.value) : null) : resolve(view, '.');
  }
  if (view.program === 'unzip' && view.operands.some(named)) {
    const into = view.flags.find((f) => f.name === '-d')?.value;
    return into ? (into.dynamic.length === 0 ? resolve(view, into.value) : null) : resolve(view, '.');
  }
  return null;
}

/** Every place the command line fetches code to, in order. */
function fetches(views: readonly CommandView[]): Fetched[] {
  const out: Fetched[] = [];
  for (const v of views) {
    const file = downloadedTo(v);
    if (file !== null) {
      const path = resolve(v, file);
      out.push({ index: v.index, path, dir: false });
      if (ARCHIVE.test(path))
        for (const u of views) {
          const into = u.index > v.index ? unpacks(u, path) : null;
          if (into !== null) out.push({ index: u.index, path: into, dir: true });
        }
    }
    const clone = clonedInto(v);
    if (clone !== null) out.push({ index: v.index, path: resolve(v, clone), dir: true });
  }
  return out;
}

/** The file a command runs: its program word given as a path, or an interpreter's script. */
function ranFile(view: CommandView): string | null {
  // `direnv allow [DIR]`: trusts DIR's .envrc, which the shell then runs on every `cd` into it.
  if (view.program === 'direnv' && ['allow', 'permit', 'grant'].includes(view.subcommands[0]?.value ?? '')) {
    const dir = view.operands.find((w) => w !== view.subcommands[0]);
    if (dir && dir.dynamic.length > 0) return null;
    const base = dir ? dir.value.replace(/\/+$/, '') : '.';
    return resolve(view, base.endsWith('.envrc') ? base : `${base}/.envrc`);
  }
  const word = view.cmd.argv[0];
  if (word && word.dynamic.length === 0 && word.value.includes('/')) return resolve(view, word.value);
  if (word && word.dynamic.length === 0 && /^\.\\/.test(word.raw))
    return resolve(view, word.raw.replace(/\\/g, '/'));
  const first = view.operands[0];
  if (view.program !== null && RUNNERS.has(view.program) && first && first.dynamic.length === 0)
    return resolve(view, first.value);
  return null;
}

function inside(file: string, f: Fetched): boolean {
  if (!f.dir) return file === f.path;
  if (f.path === '' || f.path === '.') return !file.startsWith('/') && !file.startsWith('~');
  return file.startsWith(`${f.path.replace(/\/+$/, '')}/`);
}

export interface FetchedRun {
  fetch: number;
  run: number;
  /** The run is under sudo (or another elevator): the fetched code runs as root. */
  elevated: boolean;
}

/** The first command that runs code fetched earlier in the same command line. */
export function runOfFetchedCode(views: readonly CommandView[]): FetchedRun | null {
  const fetched = fetches(views);
  if (fetched.length === 0) return null;
  for (const v of views) {
    const file = ranFile(v);
    if (file === null) continue;
    const f = fetched.find((x) => x.index < v.index && inside(file, x));
    if (f)
      return { fetch: f.index, run: v.index, elevated: v.cmd.wrappers.some((w) => ELEVATORS.has(w.program)) };
  }
  return null;
}
