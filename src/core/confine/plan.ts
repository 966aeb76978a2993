/**
 * How an allowed command is to run (protocol/scope.ts ExecutePlan), from its scope, its tier and
 * the org's settings; and the union of several entries' scopes (a compound allowed by two
 * whitelist entries runs with what both were approved for). Pure data.
 */
import type { ExecScope, ExecutePlan } from '../../protocol/scope.js';
import type { Tier } from '../../protocol/tiers.js';
import { tierRank } from '../../protocol/tiers.js';

export interface ConfineSettings {
  confineRequiredFrom: Tier | null;
  recordEffects: boolean;
}

export function executePlan(scope: ExecScope, tier: Tier, settings: ConfineSettings): ExecutePlan {
  const from = settings.confineRequiredFrom;
  return {
    scope,
    required: from !== null && tierRank(tier) >= tierRank(from),
    record: settings.recordEffects,
  };
}

const NET_ORDER = ['none', 'tcp', 'any'] as const;
const union = <T>(...lists: T[][]): T[] => [...new Set(lists.flat())];

export function mergeScopes(scopes: readonly ExecScope[]): ExecScope | null {
  const [first, ...rest] = scopes;
  if (!first) return null;
  return rest.reduce<ExecScope>(
    (a, b) => {
      const mode =
        NET_ORDER[Math.max(NET_ORDER.indexOf(a.network.mode), NET_ORDER.indexOf(b.network.mode))] ?? 'any';
      const merged: ExecScope = {
        read: a.read === 'all' || b.read === 'all' ? 'all' : 'default',
        readSecrets: union(a.readSecrets, b.readSecrets),
        write: union(a.write, b.write),
        remove: union(a.remove, b.remove),
        network: {
          mode,
          ports: mode === 'tcp' ? union(a.network.ports, b.network.ports).sort((x, y) => x - y) : [],
        },
        unix: a.unix === 'any' || b.unix === 'any' ? 'any' : 'none',
        keepEnv: union(a.keepEnv, b.keepEnv),
        why: union(a.why, b.why),
      };
      if (a.resolved || b.resolved) merged.resolved = { ...a.resolved, ...b.resolved };
      return merged;
    },
    { ...first },
  );
}

/**
 * The scope a whitelisted command runs in: what its entries were approved with (all of them, for a
 * compound), and the proposed scope for entries from before confinement or added without one.
 */
export function entryScope(
  entries: ReadonlyArray<{ scope?: ExecScope | null }>,
  proposed: ExecScope,
): ExecScope {
  return mergeScopes(entries.map((e) => e.scope ?? proposed)) ?? proposed;
}
