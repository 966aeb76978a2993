/**
 * Whose text a read brought in. Untrusted: the web, search results, other services' tools, issue
 * and PR text, packages, files outside the project, and dependencies' files inside it
 * (node_modules, vendored code). The project's own files are trusted — their content can still
 * taint a session when it carries instructions (core/reads/taint.ts). Pure: paths are compared as
 * text (the agent side reports them absolute).
 */
import { posix } from 'node:path';
import type { ReadKind, ReadTrust } from '../../protocol/reads.js';

export interface TrustVerdict {
  trust: ReadTrust;
  why: string;
}

/** Path segments that hold someone else's code even inside the project. */
const DEPENDENCY_DIRS = new Set([
  'node_modules',
  'vendor',
  'third_party',
  'third-party',
  'site-packages',
  'dist-packages',
  '.venv',
  'venv',
  'bower_components',
  'Pods',
  '.cargo',
  '.gradle',
  '.m2',
  '.yarn',
]);

const within = (parent: string, child: string) =>
  child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);

export function classifyRead(read: { kind: ReadKind; source: string; cwd?: string | null }): TrustVerdict {
  switch (read.kind) {
    case 'url':
      return { trust: 'untrusted', why: 'web content' };
    case 'search':
      return { trust: 'untrusted', why: 'web search results' };
    case 'tool':
      return { trust: 'untrusted', why: "another service's tool output" };
    case 'issue':
      return { trust: 'untrusted', why: 'issue or pull-request text' };
    case 'package':
      return { trust: 'untrusted', why: "packages: someone else's code" };
    case 'command':
      return { trust: 'project', why: "the output of the agent's own command" };
    case 'file':
      return classifyPath(read.source, read.cwd ?? null);
  }
}

export function classifyPath(path: string, project: string | null): TrustVerdict {
  const absolute = path.startsWith('/') || path.startsWith('~');
  if (!absolute && project === null) return { trust: 'untrusted', why: 'a file whose project is unknown' };
  const full = path.startsWith('~') ? posix.normalize(path) : posix.resolve(project ?? '/', path);
  if (full.split('/').some((segment) => DEPENDENCY_DIRS.has(segment)))
    return { trust: 'untrusted', why: "a dependency's file" };
  if (project === null || path.startsWith('~') || !within(posix.normalize(project), full))
    return { trust: 'untrusted', why: 'a file outside the project' };
  return { trust: 'project', why: 'a project file' };
}
