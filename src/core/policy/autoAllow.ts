/**
 * Scoped auto-allow (docs/policies.md): a command that cannot do harm inside the scope the kernel
 * holds it to runs without asking. Two kinds, decided on the analysis alone (pure):
 *
 * - read-only (on by default): every part safe — reads, prints, writes nothing — and nothing in it
 *   needs the network, local sockets or secrets. Runs with no write scope at all.
 * - project (the org's projectMode, off by default): every part at most low, writing only in the
 *   project and the temp dir, no network, no local sockets, no secrets. Runs confined to the project
 *   and temp dir, after a checkpoint of the project so that `expacti undo` restores it.
 *
 * Never high or critical, never unparsed input, never hidden characters, never a command whose
 * targets lie outside the project or temp dir.
 */
import type { Analysis } from '../analyzer/types.js';
import type { ExecScope } from '../../protocol/scope.js';
import { proposeScope } from '../confine/scope.js';

export type AutoAllowKind = 'read-only' | 'project';

export interface AutoAllowSettings {
  /** Read-only commands run without asking (default on). */
  autoAllowReadOnly: boolean;
  /** Low-tier commands that stay in the project run without asking, undoable (default off). */
  projectMode: boolean;
}

export interface AutoAllow {
  kind: AutoAllowKind;
  scope: ExecScope;
  /** Why, for the audit log, the agent and the reviewers. */
  reason: string;
}

const UNSAFE_CATEGORIES = new Set(['secrets', 'exfiltration', 'privilege', 'remote-code', 'persistence']);

export function autoAllow(
  analysis: Pick<Analysis, 'parsed' | 'commands' | 'risk' | 'findings' | 'canonical'>,
  settings: AutoAllowSettings,
): AutoAllow | null {
  if (!analysis.parsed || analysis.canonical === null || analysis.commands.length === 0) return null;
  if (analysis.findings.some((f) => f.tier === 'medium' || f.tier === 'high' || f.tier === 'critical'))
    return null;
  const categories = new Set((analysis.risk.categories ?? []).flat());
  if ([...categories].some((c) => UNSAFE_CATEGORIES.has(c))) return null;
  const proposed = proposeScope(analysis);
  const contained =
    proposed.network.mode === 'none' &&
    proposed.unix === 'none' &&
    proposed.read === 'default' &&
    proposed.readSecrets.length === 0 &&
    proposed.remove.length === 0 &&
    proposed.write.every((p) => p === '.' || p === '$TMP');
  if (!contained) return null;
  const tiers = analysis.risk.perCommand;
  const base = {
    read: 'default' as const,
    readSecrets: [],
    remove: [],
    network: { mode: 'none' as const, ports: [] },
    unix: 'none' as const,
    keepEnv: [],
  };
  if (settings.autoAllowReadOnly && analysis.risk.tier === 'safe' && tiers.every((t) => t === 'safe'))
    return {
      kind: 'read-only',
      scope: {
        ...base,
        write: [],
        why: ['auto-allowed read-only: it may read (not secrets), write nothing, reach no network'],
      },
      reason: 'read-only: every part only reads; it runs confined read-only (no writes, no network)',
    };
  if (
    settings.projectMode &&
    (analysis.risk.tier === 'safe' || analysis.risk.tier === 'low') &&
    tiers.every((t) => t === 'safe' || t === 'low')
  )
    return {
      kind: 'project',
      scope: {
        ...base,
        write: ['.', '$TMP'],
        why: [
          'auto-allowed in project mode: it may write the project and the temp dir only, after a checkpoint',
        ],
      },
      reason:
        'project mode: low risk, changes only the project and the temp dir; it runs confined there after a checkpoint (expacti undo restores it)',
    };
  return null;
}
