/**
 * What policy rules look at: facts taken from the analysis (tier, categories, programs, SQL) and
 * from the request and its runtime context (agent, session, cwd, branch, kube namespace, estimated
 * rows, symlink targets) — never the command's text. A runtime fact not collected yet is
 * `undefined` (unknown); one the agent could not collect is unknown too.
 */
import type { Analysis } from '../analyzer/types.js';
import type { RuntimeContext } from '../../protocol/context.js';
import type { Tier } from '../../protocol/tiers.js';

export interface PolicyFacts {
  tier: Tier;
  categories: string[];
  programs: string[];
  /** SQL statements, upper-case. */
  sql: string[];
  tables: string[];
  remote: boolean;
  agent: string;
  session: string | null;
  host: string | null;
  cwd: string;
  branch: string | null;
  tainted: boolean;
  /** Runtime context; undefined: not known (not collected, or the agent could not tell). */
  namespaces?: string[];
  kubeContexts?: string[];
  databases?: string[];
  estimatedRows?: number;
  symlinkTargets?: string[];
}

export interface RequestFacts {
  agent: string;
  session: string | null;
  host: string | null;
  cwd: string;
  branch: string | null;
  tainted?: boolean;
}

type AnalysisPart = Pick<Analysis, 'commands' | 'sql' | 'risk'>;

export function analysisFacts(analysis: AnalysisPart, request: RequestFacts): PolicyFacts {
  return {
    tier: analysis.risk.tier,
    categories: [...new Set((analysis.risk.categories ?? []).flat())],
    programs: [...new Set(analysis.commands.map((c) => c.program).filter((p): p is string => p !== null))],
    sql: [...new Set(analysis.sql.map((s) => s.statement.toUpperCase()))],
    tables: [...new Set(analysis.sql.flatMap((s) => s.tables))],
    remote: analysis.commands.some((c) => c.wrappers.some((w) => w.remote !== undefined)),
    agent: request.agent,
    session: request.session,
    host: request.host,
    cwd: request.cwd,
    branch: request.branch,
    tainted: request.tainted ?? false,
  };
}

/** Adds what the runtime context showed (probes the agent answered). */
export function withContext(facts: PolicyFacts, context: RuntimeContext | null | undefined): PolicyFacts {
  const probes = context?.probes ?? [];
  if (probes.length === 0) return facts;
  const out: PolicyFacts = { ...facts };
  const namespaces: string[] = [];
  const kubeContexts: string[] = [];
  const databases: string[] = [];
  const targets: string[] = [];
  let rows: number | undefined;
  let fsKnown = false;
  for (const p of probes) {
    if (!p.fact.known) continue;
    if (p.kind === 'kube') {
      namespaces.push(p.fact.value.namespace);
      if (p.fact.value.context) kubeContexts.push(p.fact.value.context);
    } else if (p.kind === 'sql') {
      databases.push(p.fact.value.server.database);
      for (const s of p.fact.value.statements)
        if (s.estimatedRows.known) rows = Math.max(rows ?? 0, s.estimatedRows.value);
    } else if (p.kind === 'git') {
      if (out.branch === null && p.fact.value.branch) out.branch = p.fact.value.branch;
    } else if (p.kind === 'fs') {
      fsKnown = true;
      for (const m of p.fact.value.matches) {
        targets.push(m.resolved);
        for (const hop of m.hops) targets.push(hop.to);
      }
    }
  }
  if (namespaces.length) out.namespaces = namespaces;
  if (kubeContexts.length) out.kubeContexts = kubeContexts;
  if (databases.length) out.databases = databases;
  if (rows !== undefined) out.estimatedRows = rows;
  if (fsKnown) out.symlinkTargets = targets;
  return out;
}
