/**
 * Package installs (`npm install lodash`, `pnpm add zod`, `pip install requests`): which package
 * manager, and which packages a command names. Used for the `<package>` whitelist slot (a package
 * already in the project's lockfile) and to show a reviewer which packages are new dependencies.
 * Pure: the lockfile itself is read on the agent side (agent/probes/lockfile.ts).
 */
import type { SimpleCommand, Word } from '../analyzer/types.js';

export type Ecosystem = 'npm' | 'python';

/**
 * Program → the subcommand paths that install or update named packages. A path is the literal
 * words after the program (`uv pip install`, `python -m pip install`).
 */
const INSTALLS: ReadonlyMap<string, { ecosystem: Ecosystem; paths: readonly string[][] }> = new Map([
  ['npm', { ecosystem: 'npm', paths: [['install'], ['i'], ['add'], ['update'], ['up'], ['upgrade']] }],
  ['pnpm', { ecosystem: 'npm', paths: [['add'], ['install'], ['i'], ['update'], ['up']] }],
  ['yarn', { ecosystem: 'npm', paths: [['add'], ['upgrade'], ['up']] }],
  ['bun', { ecosystem: 'npm', paths: [['add'], ['install'], ['i'], ['update']] }],
  ['pip', { ecosystem: 'python', paths: [['install']] }],
  ['pip3', { ecosystem: 'python', paths: [['install']] }],
  ['uv', { ecosystem: 'python', paths: [['add'], ['pip', 'install']] }],
  ['poetry', { ecosystem: 'python', paths: [['add']] }],
  ['pipenv', { ecosystem: 'python', paths: [['install']] }],
]);
const PYTHON = /^(python[0-9.]*)$/;
const PYTHON_PIP: readonly string[][] = [
  ['-m', 'pip', 'install'],
  ['-m', 'pip3', 'install'],
];

/** A registry package's name as written on the command line, no version, path, URL or archive. */
export const PACKAGE_NAME_SHAPE = '(?:@[A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*';
const PACKAGE_NAME = new RegExp(`^${PACKAGE_NAME_SHAPE}$`);
/** Archives and files (`pkg.tgz`, `requirements.txt`) are installed from disk, not the registry. */
const ARCHIVE = /\.(tgz|tar|tar\.gz|tar\.bz2|whl|zip|egg|txt|json|toml|cfg|lock|ya?ml|py|js)$/i;

/** Install options whose value is the next word (a file, URL, directory or name: never a package). */
// prettier-ignore
const VALUE_OPTIONS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-t', '--target', '--prefix', '-f', '--find-links', '--root', '--src', '--registry', '-w', '--workspace',
  '--filter', '-F', '--tag', '--cache', '--group', '-G', '--python', '-p', '--index', '--extra',
]);

/** Whether `argv[index]` is the value of an option before it (`-r requirements.txt`). */
export function isOptionValue(argv: readonly Pick<Word, 'value'>[], index: number): boolean {
  return VALUE_OPTIONS.has(argv[index - 1]?.value ?? '');
}

export function isPackageName(text: string): boolean {
  return text.length <= 214 && PACKAGE_NAME.test(text) && !ARCHIVE.test(text);
}

/** Where a command's package operands start, and its ecosystem; null if it installs nothing named. */
export function packageInstall(cmd: Pick<SimpleCommand, 'program' | 'argv'>): {
  ecosystem: Ecosystem;
  from: number;
} | null {
  const program = cmd.program ?? '';
  const spec = INSTALLS.get(program);
  const paths = spec?.paths ?? (PYTHON.test(program) ? PYTHON_PIP : null);
  if (!paths) return null;
  const words = cmd.argv.map((w) => (w.dynamic.length === 0 ? w.value : null));
  for (const path of paths) {
    if (path.every((p, i) => words[i + 1] === p))
      return { ecosystem: spec?.ecosystem ?? 'python', from: path.length + 1 };
  }
  return null;
}

/**
 * The package names a command installs, for a reviewer's view: static operands that look like
 * registry names, version specifiers cut off (`lodash@4` → `lodash`, `requests>=2` → `requests`).
 * Heuristic on purpose (an option's value may be taken for a name): only ever shown, or looked up.
 */
export function packageOperands(cmd: SimpleCommand): { ecosystem: Ecosystem; names: string[] } | null {
  const install = packageInstall(cmd);
  if (!install) return null;
  const names = new Set<string>();
  for (let i = install.from; i < cmd.argv.length; i++) {
    const w = cmd.argv[i] as Word;
    if (w.dynamic.length > 0 || w.value.startsWith('-') || isOptionValue(cmd.argv, i)) continue;
    const name = install.ecosystem === 'npm' ? npmName(w.value) : pythonName(w.value);
    if (name !== null && isPackageName(name)) names.add(name);
    if (names.size >= 50) break;
  }
  return names.size ? { ecosystem: install.ecosystem, names: [...names] } : null;
}

function npmName(spec: string): string | null {
  const at = spec.indexOf('@', 1);
  return at < 0 ? spec : spec.slice(0, at);
}

function pythonName(spec: string): string | null {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec)?.[0] ?? null;
}

/** How a Python index compares names (PEP 503): case-insensitive, runs of `-_.` are one `-`. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
