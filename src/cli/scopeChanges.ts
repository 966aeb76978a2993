/** A reviewer's changes to a proposed scope from `expacti approve` flags (docs/confinement.md). */
import type { ExecScope } from '../protocol/scope.js';

export interface ScopeChanges {
  write?: string[] | undefined;
  delete?: string[] | undefined;
  read?: string | undefined;
  network?: string | undefined;
  localSockets?: string | undefined;
  keepEnv?: string[] | undefined;
}

/** The changed scope, or a message naming the flag that is wrong. */
export function changeScope(proposed: ExecScope, c: ScopeChanges): ExecScope | string {
  const scope: ExecScope = { ...proposed, why: [...proposed.why, 'changed by the reviewer'] };
  const absolute = (p: string) => p === '.' || p === '$TMP' || p.startsWith('/') || p.startsWith('~/');
  for (const p of [...(c.write ?? []), ...(c.delete ?? [])])
    if (!absolute(p)) return `scope paths are absolute, ~/…, . (the project) or $TMP: "${p}"`;
  if (c.write) scope.write = [...new Set([...scope.write, ...c.write])];
  if (c.delete) scope.remove = [...new Set([...scope.remove, ...c.delete])];
  if (c.read !== undefined) {
    if (c.read !== 'default' && c.read !== 'all') return '--read is default or all';
    scope.read = c.read;
  }
  if (c.network !== undefined) {
    if (c.network === 'none' || c.network === 'any') scope.network = { mode: c.network, ports: [] };
    else {
      const m = /^tcp:(\d+(?:,\d+)*)$/.exec(c.network);
      const ports = m?.[1]?.split(',').map(Number) ?? [];
      if (!m || ports.some((p) => p < 1 || p > 65535)) return '--network is none, any or tcp:PORT[,PORT…]';
      scope.network = { mode: 'tcp', ports };
    }
  }
  if (c.localSockets !== undefined) {
    if (c.localSockets !== 'none' && c.localSockets !== 'any') return '--local-sockets is none or any';
    scope.unix = c.localSockets;
  }
  if (c.keepEnv) scope.keepEnv = [...new Set([...scope.keepEnv, ...c.keepEnv])];
  return scope;
}
