/** The risk rule table: every category's rules, and an index by program for fast lookup. */
import type { RiskRule } from './rule.js';
import type { Match } from './rule.js';
import { availabilityRules } from './rules/availability.js';
import { buildRules } from './rules/build.js';
import { cloudRules } from './rules/cloud.js';
import { containerRules } from './rules/containers.js';
import { databaseRules } from './rules/database.js';
import { deleteRules } from './rules/delete.js';
import { diskRules } from './rules/disk.js';
import { executionRules } from './rules/execution.js';
import { networkRules } from './rules/network.js';
import { packageRules } from './rules/packages.js';
import { persistenceRules } from './rules/persistence.js';
import { privilegeRules } from './rules/privilege.js';
import { publishRules } from './rules/publish.js';
import { readOnlyRules } from './rules/readOnly.js';
import { secretsRules } from './rules/secrets.js';
import { secretVariableRules } from './rules/secretVariables.js';
import { instanceMetadataRules } from './rules/instanceMetadata.js';
import { vcsRules } from './rules/vcs.js';
import { historyRules } from './rules/history.js';
import { hostingRules } from './rules/hosting.js';
import { scriptRules } from './rules/scripts.js';
import { localWriteRules } from './rules/localWrite.js';
import { kubernetesRules } from './rules/kubernetes.js';
import { datastoreRules } from './rules/datastores.js';
import { infrastructureRules } from './rules/infrastructure.js';
import { genericRules } from './rules/generic.js';
import { httpRules } from './rules/http.js';
import { serviceRules } from './rules/services.js';
import { frameworkRules } from './rules/frameworks.js';
import { tamperingRules } from './rules/tampering.js';
import { powershellRules } from './rules/powershell.js';
import { optionEffectRules } from './rules/optionEffects.js';
import { syncRules } from './rules/sync.js';
import { secretStoreRules } from './rules/secretStores.js';
import { windowsRules } from './rules/windows.js';
import { macosRules } from './rules/macos.js';
import { deviceRules } from './rules/devices.js';
import { nixRules } from './rules/nix.js';
import { kernelRules } from './rules/kernel.js';
import { identityRules } from './rules/identity.js';
import { dataVersioningRules } from './rules/dataVersioning.js';

export const RISK_RULES: readonly RiskRule[] = [
  ...readOnlyRules,
  ...buildRules,
  ...vcsRules,
  ...historyRules,
  ...hostingRules,
  ...scriptRules,
  ...localWriteRules,
  ...packageRules,
  ...networkRules,
  ...deleteRules,
  ...diskRules,
  ...privilegeRules,
  ...secretsRules,
  ...secretVariableRules,
  ...instanceMetadataRules,
  ...secretStoreRules,
  ...windowsRules,
  ...macosRules,
  ...deviceRules,
  ...nixRules,
  ...kernelRules,
  ...identityRules,
  ...dataVersioningRules,
  ...syncRules,
  ...persistenceRules,
  ...availabilityRules,
  ...containerRules,
  ...kubernetesRules,
  ...cloudRules,
  ...infrastructureRules,
  ...databaseRules,
  ...datastoreRules,
  ...publishRules,
  ...executionRules,
  ...httpRules,
  ...serviceRules,
  ...frameworkRules,
  ...tamperingRules,
  ...powershellRules,
  ...optionEffectRules,
  ...genericRules,
];

/** The programs a match can apply to, or null when it can apply to any program. */
export function programsOf(m: Match): string[] | null {
  if (m.program) return [...m.program];
  if (m.anyOf && m.anyOf.length > 0) {
    const out: string[] = [];
    for (const sub of m.anyOf) {
      const p = programsOf(sub);
      if (p === null) return null;
      out.push(...p);
    }
    return out;
  }
  return null;
}

export type RuleScope = 'program' | 'context' | 'fallback';

const scopes = new WeakMap<RiskRule, RuleScope>();

export function ruleScope(rule: RiskRule): RuleScope {
  let scope = scopes.get(rule);
  if (!scope) {
    scope = rule.scope ?? (programsOf(rule.match) === null ? 'context' : 'program');
    scopes.set(rule, scope);
  }
  return scope;
}

/** Features of a command that a match cannot hold without (at least one of them). */
export type Feature = 'redirect' | 'sql' | 'assignment' | 'wrapper' | 'finding' | 'dynamic' | 'stdin';

/**
 * What a command must have for the match to hold: one of these features, or one of these
 * programs. null when the match may hold for any command. Used to skip rules cheaply.
 */
export interface Needs {
  features: Set<Feature>;
  programs: Set<string>;
}

export function needs(m: Match): Needs | null {
  const one = (f: Feature): Needs => ({ features: new Set([f]), programs: new Set() });
  if (m.redirect) return one('redirect');
  if (m.sql) return one('sql');
  if (m.assignment) return one('assignment');
  if (m.wrapper || m.remote === true) return one('wrapper');
  if (m.finding) return one('finding');
  if (m.dynamicProgram === true) return one('dynamic');
  if (m.bare === true) return one('redirect');
  if (m.stdin) return one('stdin');
  if (m.program) return { features: new Set(), programs: new Set(m.program) };
  if (m.anyOf && m.anyOf.length > 0) {
    const out: Needs = { features: new Set(), programs: new Set() };
    for (const b of m.anyOf) {
      const n = needs(b);
      if (n === null) return null;
      for (const f of n.features) out.features.add(f);
      for (const p of n.programs) out.programs.add(p);
    }
    return out;
  }
  return null;
}

/** A rule with what the index worked out about it once. */
export interface IndexedRule {
  rule: RiskRule;
  scope: RuleScope;
}

export interface RuleIndex {
  rules: readonly RiskRule[];
  /** Every rule that can apply to a command running this program (any-program rules without needs included). */
  byProgram: Map<string, IndexedRule[]>;
  /** Rules that can apply to any program and need nothing in particular (for unknown programs). */
  always: IndexedRule[];
  /** Any-program rules that need a feature of the command (a redirect, SQL, an env prefix…). */
  byFeature: Map<Feature, IndexedRule[]>;
  /** Every program some rule names: "known" programs, whose --help and dry runs are trusted. */
  known: Set<string>;
  byId: Map<string, RiskRule>;
}

export function indexRules(rules: readonly RiskRule[]): RuleIndex {
  const byProgram = new Map<string, IndexedRule[]>();
  const always: IndexedRule[] = [];
  const byFeature = new Map<Feature, IndexedRule[]>();
  const known = new Set<string>();
  const add = <K>(map: Map<K, IndexedRule[]>, key: K, item: IndexedRule) => {
    const list = map.get(key);
    if (list) {
      if (!list.includes(item)) list.push(item);
    } else map.set(key, [item]);
  };
  const gatedByProgram: Array<[string, IndexedRule]> = [];
  for (const rule of rules) {
    const item: IndexedRule = { rule, scope: ruleScope(rule) };
    const programs = programsOf(rule.match);
    if (programs !== null) {
      for (const p of programs) {
        known.add(p);
        add(byProgram, p, item);
      }
      continue;
    }
    const n = needs(rule.match);
    if (n === null) {
      always.push(item);
      continue;
    }
    for (const f of n.features) add(byFeature, f, item);
    for (const p of n.programs) gatedByProgram.push([p, item]);
  }
  for (const [p, item] of gatedByProgram) add(byProgram, p, item);
  // Rules every command is matched against come last in each program's list.
  for (const [p, list] of byProgram) byProgram.set(p, [...list, ...always.filter((a) => !list.includes(a))]);
  return { rules, byProgram, always, byFeature, known, byId: new Map(rules.map((r) => [r.id, r])) };
}
