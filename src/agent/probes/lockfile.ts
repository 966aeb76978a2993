/**
 * The lockfile probe: which of the packages a command installs the project already depends on.
 * The nearest lockfile of the ecosystem from the working directory upwards (stopping at the
 * repository root), read bounded and never written. Each format is read for names only.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { LockfileFact, LockfileProbe } from '../../protocol/context.js';
import { normalizePythonName } from '../../core/context/packages.js';
import type { ProbeEnv } from './types.js';

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_LEVELS = 12;

/** In the order a package manager would prefer them. */
const LOCKFILES: Readonly<Record<LockfileProbe['ecosystem'], readonly string[]>> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'],
  python: ['uv.lock', 'poetry.lock', 'Pipfile.lock', 'requirements.txt'],
};

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function findLockfile(cwd: string, names: readonly string[]): Promise<string | null> {
  let dir = resolve(cwd);
  for (let level = 0; level < MAX_LEVELS; level++) {
    for (const name of names) if (await exists(join(dir, name))) return join(dir, name);
    // The repository root is as far as a project goes.
    if (await exists(join(dir, '.git'))) return null;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
  return null;
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** npm's lockfiles: every installed package's name from `packages` keys and v1 `dependencies`. */
function npmLockNames(text: string): Set<string> {
  const lock = JSON.parse(text) as {
    packages?: Record<string, { name?: string }>;
    dependencies?: Record<string, unknown>;
  };
  const names = new Set<string>();
  for (const key of Object.keys(lock.packages ?? {})) {
    const at = key.lastIndexOf('node_modules/');
    if (at >= 0) names.add(key.slice(at + 'node_modules/'.length));
  }
  for (const key of Object.keys(lock.dependencies ?? {})) names.add(key);
  return names;
}

/** Python lockfiles: every locked name, normalized (PEP 503). */
function pythonLockNames(file: string, text: string): Set<string> {
  const names: string[] = [];
  if (file.endsWith('Pipfile.lock')) {
    const lock = JSON.parse(text) as { default?: Record<string, unknown>; develop?: Record<string, unknown> };
    names.push(...Object.keys(lock.default ?? {}), ...Object.keys(lock.develop ?? {}));
  } else if (file.endsWith('requirements.txt')) {
    for (const line of text.split('\n')) {
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
      if (m?.[1]) names.push(m[1]);
    }
  } else {
    for (const m of text.matchAll(/^name\s*=\s*"([^"]+)"/gm)) if (m[1]) names.push(m[1]);
  }
  return new Set(names.map(normalizePythonName));
}

/** Whether a text lockfile (pnpm, yarn, bun) lists the npm package `name`. */
function listedInText(file: string, text: string, name: string): boolean {
  const n = escapeRe(name);
  if (file.endsWith('yarn.lock')) return new RegExp(`(^|, )"?${n}@`, 'm').test(text);
  if (file.endsWith('bun.lock')) return new RegExp(`"${n}":\\s*\\[`).test(text);
  // pnpm: `  /lodash@4.17.21:` (v6+), `  /lodash/4.17.21:` (v5), importers' `      lodash:`.
  return new RegExp(`^\\s+['"]?/?${n}(@|/\\d|['"]?:\\s*$)`, 'm').test(text);
}

export async function probeLockfile(p: LockfileProbe, env: ProbeEnv): Promise<LockfileFact> {
  const file = await findLockfile(env.cwd, LOCKFILES[p.ecosystem]);
  if (!file)
    throw new Error(`no ${p.ecosystem} lockfile in ${env.cwd} or above it (up to the repository root)`);
  const size = (await stat(file)).size;
  if (size > MAX_BYTES) throw new Error(`${file} is ${size} bytes: too large to read`);
  const text = await readFile(file, 'utf8');
  let listed: (name: string) => boolean;
  if (p.ecosystem === 'python') {
    const names = pythonLockNames(file, text);
    listed = (name) => names.has(normalizePythonName(name));
  } else if (file.endsWith('.json')) {
    const names = npmLockNames(text);
    listed = (name) => names.has(name);
  } else listed = (name) => listedInText(file, text, name);
  const asked = p.names.slice(0, 50);
  return {
    lockfile: file,
    present: asked.filter(listed),
    missing: asked.filter((n) => !listed(n)),
  };
}
