/**
 * Typed slots of whitelist patterns (docs/whitelist.md): `<path>`, `<range>`, `<int>`, `<branch>`,
 * `<test>`, `<package>`. A slot is part of one word (`sed -n '<range>p'`, `--lines=<int>`) and matches only
 * static text of its type, judged on the word's value and the request's context — never a
 * substitution, glob or variable (the caller checks), never an option, never another program.
 *
 * Lexical by design: a `<path>` is inside the project as written (relative without `..` leaving
 * it, or absolute under the working directory); where it really points the confinement scope
 * enforces when the command runs. A `<package>` is the exception: it is allowed only in a package
 * manager's install command, and the entry allows only once the agent's lockfile facts show every
 * package it stands for already there (core/whitelist/packageSlots.ts).
 */
import { posix } from 'node:path';
import { classifyPath } from '../analyzer/risk/paths.js';
import { isProtectedBranch } from '../context/branches.js';
import { isPackageName, PACKAGE_NAME_SHAPE } from '../context/packages.js';

export const SLOT_TYPES = ['path', 'range', 'int', 'branch', 'test', 'package'] as const;
export type SlotType = (typeof SLOT_TYPES)[number];

export interface SlotContext {
  /** The request's working directory (the project, for `<path>`); unknown: absolute paths never match. */
  cwd?: string;
  /** The org's protected branch patterns (`<branch>` never matches them, nor the usual names). */
  protectedBranches?: readonly string[];
}

/** What a slot's text may look like before its type's own check (one word, no option). */
export const SLOT_SHAPES: Readonly<Record<SlotType, string>> = {
  path: '(?!-)[^\\0\\n]+',
  range: '\\d{1,9}(?:,(?:\\d{1,9}|\\+\\d{1,9}|\\$))?|\\$',
  int: '\\d{1,9}',
  branch: '[A-Za-z0-9_][A-Za-z0-9._/-]*',
  test: '[A-Za-z0-9_.][A-Za-z0-9_./:\\[\\],= -]*',
  // A registry name only (no version, path, URL or archive); that it is already in the project's
  // lockfile is checked on the agent's facts before the entry allows (a new dependency asks).
  package: PACKAGE_NAME_SHAPE,
};

/** Branch names that always stand for shared history, whatever the org protects. */
const ALWAYS_PROTECTED = [
  'main',
  'master',
  'trunk',
  'develop',
  'development',
  'production',
  'prod',
  'staging',
  'stable',
  'live',
  'gh-pages',
  'HEAD',
  'release/*',
  'releases/*',
  'hotfix/*',
];

/** The root, a top-level directory or a home directory is not a project: `<path>` matches nothing there. */
function isProjectDir(cwd: string): boolean {
  const parts = posix.normalize(cwd).split('/').filter(Boolean);
  if (parts.length < 2) return false;
  return !(parts.length === 2 && (parts[0] === 'home' || parts[0] === 'Users'));
}

/**
 * A path lexically inside the project: never leaving it, never a secret or startup file, never the
 * version control's own files.
 */
export function insideProject(path: string, cwd: string | undefined): boolean {
  if (path === '' || path.startsWith('-') || path.startsWith('~') || path.includes('\0')) return false;
  let relative: string;
  if (path.startsWith('/')) {
    if (!cwd || !isProjectDir(cwd)) return false;
    const root = posix.normalize(cwd).replace(/\/+$/, '');
    const normalized = posix.normalize(path);
    if (normalized !== root && !normalized.startsWith(root + '/')) return false;
    relative = normalized === root ? '.' : normalized.slice(root.length + 1);
  } else {
    if (cwd !== undefined && !isProjectDir(cwd)) return false;
    relative = posix.normalize(path);
  }
  if (relative === '..' || relative.startsWith('../')) return false;
  if (relative.split('/').some((p) => p === '.git')) return false;
  // Keys, credentials and the files agents and shells run at startup are never a slot's value.
  const classes = classifyPath({ raw: path, value: path, dynamic: [], quoted: false, canonical: path });
  return !classes.has('secret') && !classes.has('persistence');
}

function branchName(name: string, protectedBranches: readonly string[]): boolean {
  if (name.includes('..') || name.includes('//') || name.endsWith('/') || name.endsWith('.')) return false;
  if (name.endsWith('.lock') || name.includes('/.')) return false;
  return !isProtectedBranch(name, [...ALWAYS_PROTECTED, ...protectedBranches]);
}

/** A test selector: a name or expression, or a test file (inside the project) with `::` parts. */
function testSelector(text: string, cwd: string | undefined): boolean {
  const file = text.split('::')[0] ?? '';
  const looksLikePath = file.includes('/') || /\.[A-Za-z0-9]+$/.test(file);
  return !looksLikePath || insideProject(file, cwd);
}

/** Whether `text` (the part of a static word a slot stands for) is a value of the slot's type. */
export function slotAccepts(type: SlotType, text: string, ctx: SlotContext): boolean {
  if (!new RegExp(`^(?:${SLOT_SHAPES[type]})$`, 'u').test(text)) return false;
  switch (type) {
    case 'path':
      return insideProject(text, ctx.cwd);
    case 'branch':
      return branchName(text, ctx.protectedBranches ?? []);
    case 'test':
      return testSelector(text, ctx.cwd);
    case 'package':
      return isPackageName(text);
    default:
      return true;
  }
}

/** For deny entries: the slot's shape alone (a deny is as broad as its text says). */
export function slotShapeAccepts(type: SlotType, text: string): boolean {
  return new RegExp(`^(?:${SLOT_SHAPES[type]})$`, 'u').test(text);
}
