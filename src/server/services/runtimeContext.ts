/**
 * Runtime context on the server (issue 4): which probes a pending request needs, the session's
 * multi-step signals at submit, and — when the agent reports — the risk the facts add and the
 * check of a context-bound whitelist entry (same context → allowed by the entry; changed → a
 * reviewer sees the difference).
 */
import { proposeScope } from '../../core/confine/scope.js';
import { entryScope } from '../../core/confine/plan.js';
import type { Analysis, CommandAnalyzer } from '../../core/analyzer/types.js';
import { whitelistDecision } from './whitelistDecision.js';
import { assessContext, type ScriptJudge } from '../../core/context/assess.js';
import { scriptAsShell } from '../../core/context/scripts.js';
import {
  BINDABLE_KINDS,
  boundFacts,
  compareBinding,
  isPackageFact,
  readBinding,
  type ContextBinding,
} from '../../core/context/binding.js';
import { planProbes } from '../../core/context/plan.js';
import { hasPackageSlot, packagesUnderSlots, type PackageNeed } from '../../core/whitelist/packageSlots.js';
import type { SlotContext } from '../../core/whitelist/slots.js';
import { assessSequence, type SessionStep } from '../../core/context/sequence.js';
import { assessTaint, NO_TAINT, type SessionTaint } from '../../core/reads/taint.js';
import { classifyPath } from '../../core/analyzer/risk/paths.js';
import { maxTier } from '../../protocol/tiers.js';
import type {
  AttachContextBody,
  BindingCheck,
  ProbeRequest,
  ProbeResult,
  RequestView,
  RuntimeContext,
} from '../../protocol/index.js';
import type { OrgSettings, RequestRecord, WhitelistEntry } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../auth.js';
import { conflict, notFound } from '../errors.js';
import { requestView } from '../views.js';
import type { HitCounter } from './hitCounter.js';
import type { OrgCache } from './orgCache.js';
import { claimWindowEnd } from './tickets.js';
import type { PolicyService } from './policies.js';
import { refinePolicy } from './policyContext.js';

export interface ContextDeps {
  store: Store;
  analyzer: CommandAnalyzer;
  orgs: OrgCache;
  hits: HitCounter;
  now: () => Date;
  /** An allow by a context-bound entry is an approval like any other: claimed within this window. */
  claimWindowMs: number;
  /** The org's team policy (issue 11): the context settles rules on runtime facts. */
  policies?: PolicyService;
}

/** Earlier commands of the session that sequence rules look at. */
const SESSION_WINDOW = 20;

/** Script files the command runs, judged by the same analyzer as inline code (core/context/scripts.ts). */
export function scriptJudge(analyzer: CommandAnalyzer): ScriptJudge {
  return (language, content) => {
    const a = analyzer.analyze({ shell: scriptAsShell(language, content) });
    return { tier: a.risk.tier, reasons: a.risk.reasons };
  };
}

/**
 * Probes for a request a reviewer will see; for a context-bound entry's check, only what binds
 * (and the lockfile for the packages its `<package>` slots stand for).
 */
export function probesFor(
  analysis: Analysis,
  settings: OrgSettings,
  bindingCheck: boolean,
  packages: readonly PackageNeed[] = [],
): ProbeRequest[] {
  if (!bindingCheck) return planProbes(analysis, { protectedBranches: settings.protectedBranches });
  // Repository state is not bound (only a push's target is): the check asks only for what compares.
  const plan = planProbes(analysis, {
    protectedBranches: settings.protectedBranches,
    kinds: BINDABLE_KINDS,
    walk: false,
    packages,
  });
  return plan.filter((p) => p.kind !== 'git' || p.push !== undefined);
}

/** The command runs a script file whose content a whitelist entry must be checked against. */
export function runsScriptFile(analysis: Analysis): boolean {
  return planProbes(analysis, { protectedBranches: [], kinds: ['script'], walk: false }).length > 0;
}

/**
 * The entries among those that allowed a command that are bound to a context — the context they
 * were approved in, or the lockfile their `<package>` slots need.
 */
export function boundEntries(entries: readonly WhitelistEntry[]): WhitelistEntry[] {
  return entries.filter((e) => readBinding(e.context) !== null || hasPackageSlot(e.pattern));
}

/** The packages the `<package>` slots of these entries stand for in this command. */
export function slotPackages(
  analyzer: CommandAnalyzer,
  patterns: readonly string[],
  analysis: Analysis,
  ctx: SlotContext,
): PackageNeed[] {
  return packagesUnderSlots(patterns, analysis, ctx, (text) => analyzer.analyze({ shell: text }));
}

export function awaitingCheck(entries: readonly WhitelistEntry[]): BindingCheck {
  return {
    entries: entries.map((e) => ({
      id: e.id,
      pattern: e.pattern,
      approvedBy: e.createdBy,
      approvedAt: e.createdAt,
    })),
    outcome: 'awaiting',
    differences: [],
  };
}

/**
 * Multi-step signals from the earlier commands of the same session (newest SESSION_WINDOW), and
 * what the session read (issue 25): files the agent host reported reading count as steps (reading
 * `.env` with an editor tool, then `curl -d @-`, is the same exfiltration), and a tainted session
 * judges high-impact commands higher (core/reads/taint.ts).
 */
export async function sessionSignals(
  deps: Pick<ContextDeps, 'store' | 'analyzer'>,
  orgId: string,
  session: string | null,
  now: SessionStep,
  taint: SessionTaint = NO_TAINT,
) {
  if (!session) return undefined;
  const rows = await deps.store.listRequests(orgId, { session, limit: SESSION_WINDOW });
  const observed = taint.reads.length || rows.length ? await observedFileSteps(deps, orgId, session) : [];
  const earlier = [...rows.map((r) => ({ at: r.createdAt, step: stepOf(deps.analyzer, r) })), ...observed]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((x) => x.step);
  const sequence = earlier.length ? assessSequence(earlier, now) : undefined;
  const tainted = assessTaint(taint, now.analysis);
  if (!tainted) return sequence;
  if (!sequence) return tainted;
  return { tier: maxTier(sequence.tier, tainted.tier), reasons: [...sequence.reasons, ...tainted.reasons] };
}

/** Files the agent host reported reading, as the `cat` steps they amount to (for sequence rules). */
async function observedFileSteps(
  deps: Pick<ContextDeps, 'store' | 'analyzer'>,
  orgId: string,
  session: string,
): Promise<Array<{ at: string; step: SessionStep }>> {
  const reads = await deps.store.listReads(orgId, session, SESSION_WINDOW);
  return reads
    .filter(
      (r) =>
        r.kind === 'file' &&
        r.source.startsWith('/') &&
        classifyPath({ raw: r.source, value: r.source, dynamic: [], quoted: false }).has('secret'),
    )
    .map((r) => {
      const analysis = deps.analyzer.analyze({ argv: ['cat', r.source] });
      return {
        at: r.at,
        step: {
          analysis,
          reasonCodes: analysis.risk.reasons.map((x) => x.code),
          allowedBy: 'reviewer' as const,
          cwd: r.cwd ?? '/',
          text: `${r.tool} ${r.source} (reported by the ${r.host} hook)`,
        },
      };
    });
}

/** Analyses of recent requests by id: a session's steps are looked at again on every new command. */
const analyses = new Map<string, Analysis>();
const ANALYSIS_CACHE = 5000;

function analysed(analyzer: CommandAnalyzer, r: Pick<RequestRecord, 'id' | 'command'>): Analysis {
  let a = analyses.get(r.id);
  if (!a) {
    a = analyzer.analyze(r.command);
    if (analyses.size >= ANALYSIS_CACHE) analyses.delete(analyses.keys().next().value as string);
    analyses.set(r.id, a);
  }
  return a;
}

export function stepOf(
  analyzer: CommandAnalyzer,
  r: Pick<RequestRecord, 'id' | 'command' | 'analysis' | 'decision' | 'cwd' | 'commandText' | 'status'>,
  analysis?: Analysis,
): SessionStep {
  const by = r.status === 'approved' ? r.decision?.by.kind : undefined;
  return {
    analysis: analysis ?? analysed(analyzer, r),
    reasonCodes: r.analysis.reasons.map((x) => x.code),
    allowedBy: by === 'whitelist' ? 'whitelist' : by === 'user' ? 'reviewer' : null,
    cwd: r.cwd,
    text: r.commandText,
  };
}

/** The binding a new whitelist entry keeps, from the context its request was approved in. */
export function bindingFor(
  analyzer: CommandAnalyzer,
  request: RequestRecord,
  settings: OrgSettings,
): ContextBinding | null {
  const probes = request.context?.probes;
  if (!probes?.length) return null;
  const asked = planProbes(analyzer.analyze(request.command), {
    protectedBranches: settings.protectedBranches,
    kinds: BINDABLE_KINDS,
  });
  const facts = boundFacts(asked, probes, settings.protectedBranches, scriptJudge(analyzer));
  return facts.length ? { version: 1, facts } : null;
}

type Agent = Extract<Principal, { kind: 'agent' }>;

export async function attachRuntimeContext(
  deps: ContextDeps,
  agent: Agent,
  id: string,
  body: AttachContextBody,
): Promise<RequestView> {
  const record = await deps.store.getRequest(agent.orgId, id);
  if (!record || record.agentTokenId !== agent.tokenId) throw notFound('request');
  if (record.status !== 'pending')
    throw conflict(`request ${id} is already ${record.status}: context is only taken while it is pending`);
  if (record.context?.collected) throw conflict(`context for request ${id} was already reported`);
  const org = await deps.orgs.get(agent.orgId);
  const settings = org.settings;
  const check = record.context?.binding;
  const analysis = deps.analyzer.analyze(record.command);
  const packages = check
    ? slotPackages(
        deps.analyzer,
        check.entries.map((e) => e.pattern),
        analysis,
        { cwd: record.cwd, protectedBranches: settings.protectedBranches },
      )
    : [];
  const asked = probesFor(analysis, settings, check !== undefined, packages);
  // Only what was asked, in the order asked; anything asked and not reported is shown as unknown.
  const results: ProbeResult[] = asked.map(
    (p) =>
      body.probes.find((r) => r.id === p.id && r.kind === p.kind) ??
      ({ id: p.id, kind: p.kind, fact: { known: false, why: 'the agent did not report it' } } as ProbeResult),
  );
  const at = deps.now().toISOString();
  const judgeScript = scriptJudge(deps.analyzer);
  const assessment = assessContext(asked, results, {
    protectedBranches: settings.protectedBranches,
    textTier: record.analysis.tier,
    judgeScript,
  });
  const context: RuntimeContext = {
    ...record.context,
    probes: results,
    collected: { at, elapsedMs: Math.round(body.elapsedMs), budgetMs: Math.round(body.budgetMs) },
    assessment,
  };
  // The scope with what the facts showed: glob matches as they are now, the database's port.
  context.scope = proposeScope({ ...analysis, context });

  let allowBy: WhitelistEntry[] | null = null;
  if (check) {
    const now = boundFacts(asked, results, settings.protectedBranches, judgeScript);
    const entries = (
      await Promise.all(check.entries.map((e) => deps.store.getWhitelistEntry(agent.orgId, e.id)))
    ).filter(
      (e): e is WhitelistEntry => e !== null && !e.disabled && (e.expiresAt === null || e.expiresAt > at),
    );
    // A compound command may be allowed by several entries: their facts together are the approved context.
    const approved = new Map(
      entries.flatMap((e) => readBinding(e.context)?.facts ?? []).map((f) => [f.key, f]),
    );
    // Entries without a binding are checked for the script files the command runs and the
    // packages their slots stand for, nothing else.
    const compared = entries.some((e) => readBinding(e.context))
      ? now
      : now.filter((f) => f.hash !== undefined || isPackageFact(f));
    const differences =
      entries.length === check.entries.length ? compareBinding([...approved.values()], compared) : [];
    const gone = entries.length !== check.entries.length;
    const same = !gone && differences.length === 0;
    context.binding = {
      ...check,
      outcome: same ? 'same' : 'changed',
      differences: gone
        ? [
            {
              key: 'entry',
              label: 'whitelist entry',
              approved: 'present',
              now: 'removed, disabled or expired since',
            },
          ]
        : differences,
    };
    if (same) allowBy = entries;
    else {
      const shown = context.binding.differences
        .slice(0, 3)
        .map((d) => `${d.label}: ${d.approved} → ${d.now}`);
      assessment.reasons.push({
        code: 'context.changed',
        message: `context changed since the whitelist entry was approved (${shown.join('; ')})`,
      });
    }
  }
  const actor = { kind: 'agent' as const, id: agent.tokenId, name: agent.name };
  const unknown = results.filter((r) => !r.fact.known).length;
  const ok = await deps.store.attachContext(agent.orgId, id, context, [
    {
      ts: at,
      orgId: agent.orgId,
      actor,
      action: 'request.context',
      subject: id,
      data: {
        probes: results.length,
        unknown,
        tier: assessment.tier,
        reasons: assessment.reasons.map((r) => r.code),
        binding: context.binding?.outcome ?? null,
      },
    },
  ]);
  if (!ok) throw conflict(`request ${id} was decided while its context was being collected`);
  await refinePolicy(deps, { ...record, context }, analysis, at);
  if (allowBy?.length) await allowByEntries(deps, agent, { ...record, context }, allowBy, at);
  const latest = await deps.store.getRequest(agent.orgId, id);
  if (!latest) throw notFound('request');
  return requestView(latest);
}

/** The context matched: the entries allow it, as on the fast path (the agent then claims it). */
async function allowByEntries(
  deps: ContextDeps,
  agent: Agent,
  record: RequestRecord,
  entries: WhitelistEntry[],
  at: string,
): Promise<void> {
  const first = entries[0] as WhitelistEntry;
  const decision = whitelistDecision(
    entries,
    (e) => e.hits + deps.hits.unflushed(e.id),
    at,
    'the context matches the one it was approved in',
  );
  const proposed = record.context?.scope ?? record.analysis.scope;
  if (proposed) decision.scope = entryScope(entries, proposed);
  const result = await deps.store.decideRequest(
    agent.orgId,
    record.id,
    'approved',
    decision,
    [
      {
        ts: at,
        orgId: agent.orgId,
        actor: { kind: 'whitelist', id: first.id, name: first.createdBy },
        action: 'request.allowed',
        subject: record.id,
        data: {
          entries: entries.map((e) => e.id),
          contextChecked: true,
          by: { kind: 'agent', id: agent.tokenId, name: agent.name },
        },
      },
    ],
    { claimBy: claimWindowEnd(at, deps.claimWindowMs, record) },
  );
  if (result.ok) for (const e of entries) deps.hits.record(e.id, at);
}
