/**
 * The helper's record (JSON lines, one per watched call) as an EffectsRecord: each operation marked
 * allowed or not by the resolved scope (the kernel enforced the same), the attempts outside it in
 * words an agent can act on. Bounded.
 */
import { sep } from 'node:path';
import type { EffectEntry, EffectsRecord, ExecScope } from '../../protocol/scope.js';
import type { ResolvedScope } from './resolveScope.js';

export const MAX_ENTRIES = 2000;
const WRITES = new Set(['write', 'create', 'mkdir', 'rename', 'truncate', 'symlink', 'link', 'open']);

const under = (path: string, root: string) =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

function tilde(path: string, home: string | undefined): string {
  return home && under(path, home) ? `~${path.slice(home.length)}` : path;
}

function allowed(e: EffectEntry, scope: ExecScope, resolved: ResolvedScope): boolean {
  const path = e.path ?? '';
  if (e.op === 'connect') {
    if (e.family === 'unix') return scope.unix === 'any';
    if (scope.network.mode === 'any') return true;
    return scope.network.mode === 'tcp' && e.port !== undefined && scope.network.ports.includes(e.port);
  }
  if (e.op === 'exec') return !resolved.readDenied.some((d) => under(path, d));
  const roots = e.op === 'delete' ? [...resolved.writeRoots, ...resolved.removeRoots] : resolved.writeRoots;
  if (path.startsWith('/dev/')) return true;
  const ok = roots.some((r) => under(path, r));
  return e.op === 'rename' ? ok && roots.some((r) => under(e.to ?? '', r)) : ok;
}

const VERBS: Record<EffectEntry['op'], string> = {
  write: 'write',
  create: 'create',
  open: 'open',
  delete: 'delete',
  rename: 'rename',
  mkdir: 'create the directory',
  exec: 'run',
  connect: 'connect to',
  truncate: 'truncate',
  symlink: 'create the link',
  link: 'create the link',
};

function describe(e: EffectEntry, home: string | undefined): string {
  if (e.op === 'connect')
    return e.family === 'unix'
      ? `connect to the local socket ${tilde(e.path ?? '', home)}`
      : `connect to ${e.addr ?? '?'} port ${e.port ?? '?'}`;
  return `${VERBS[e.op]} ${tilde(e.path ?? '', home)}`;
}

export function readEffects(
  text: string,
  scope: ExecScope,
  resolved: ResolvedScope,
  home: string | undefined,
): EffectsRecord {
  const entries: EffectEntry[] = [];
  const violations = new Set<string>();
  let dropped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (raw['summary'] === true) {
      dropped += Number(raw['dropped'] ?? 0);
      continue;
    }
    const e: EffectEntry = { op: raw['op'] as EffectEntry['op'], allowed: true };
    if (typeof raw['path'] === 'string') e.path = raw['path'];
    for (const k of ['to', 'target'] as const) if (typeof raw[k] === 'string') e.to = raw[k] as string;
    if (raw['family'] === 'inet' || raw['family'] === 'inet6' || raw['family'] === 'unix')
      e.family = raw['family'];
    if (typeof raw['addr'] === 'string') e.addr = raw['addr'];
    if (typeof raw['port'] === 'number') e.port = raw['port'];
    if (!(e.op in VERBS)) continue;
    if (WRITES.has(e.op) || e.op === 'delete' || e.op === 'exec' || e.op === 'connect')
      e.allowed = allowed(e, scope, resolved);
    if (!e.allowed) violations.add(describe(e, home));
    // Repeats of the same operation on the same path say nothing new.
    const last = entries[entries.length - 1];
    if (last && last.op === e.op && last.path === e.path && last.to === e.to && last.port === e.port)
      continue;
    if (entries.length < MAX_ENTRIES) entries.push(e);
    else dropped++;
  }
  return { entries, dropped, violations: [...violations].slice(0, 50) };
}

/** What the agent reads after a violation: what was refused, and how to ask for more. */
export function violationMessage(record: EffectsRecord, scopeLine: string): string {
  const what = record.violations
    .slice(0, 5)
    .map((v) => `tried to ${v}`)
    .join('; ');
  const more = record.violations.length > 5 ? ` (and ${record.violations.length - 5} more)` : '';
  return `the command ${what}${more}, outside the scope approved for it (${scopeLine}); the kernel refused it. If it needs more, ask for a wider scope: run it again with --reason saying what it must write or reach.`;
}
