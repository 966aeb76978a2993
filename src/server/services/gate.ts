/**
 * Submitting a command: analyse it once, then allow it from the whitelist, forbid it by a deny
 * entry, or leave it pending for a reviewer — each outcome stored with its audit record in one
 * transaction before the agent hears of it.
 */
import type { CommandAnalyzer } from '../../core/analyzer/types.js';
import { forbiddenJustification } from '../../core/approval/justification.js';
import { whitelistDecision } from './whitelistDecision.js';
import { commandBytes, commandText } from '../../protocol/commandText.js';
import { LIMITS } from '../../protocol/api.js';
import type {
  ProbeRequest,
  SubmitNotCreatedResponse,
  SubmitRequestBody,
  SubmitResponse,
} from '../../protocol/index.js';
import { readBinding } from '../../core/context/binding.js';
import type { RequestRecord, WhitelistEntry } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../auth.js';
import { ApiError, tooManyRequests } from '../errors.js';
import { requestView } from '../views.js';
import type { HitCounter } from './hitCounter.js';
import type { SubmitLimiter } from './submitLimiter.js';
import type { OrgCache } from './orgCache.js';
import type { WhitelistCache } from './whitelistCache.js';
import { raiseView } from '../../core/context/raise.js';
import {
  awaitingCheck,
  boundEntries,
  probesFor,
  slotPackages,
  runsScriptFile,
  sessionSignals,
  stepOf,
} from './runtimeContext.js';
import { proposeScope } from '../../core/confine/scope.js';
import { entryScope, executePlan } from '../../core/confine/plan.js';
import { autoAllow } from '../../core/policy/autoAllow.js';
import { tierRank } from '../../protocol/tiers.js';
import type { ExecScope } from '../../protocol/scope.js';
import type { AnalysisView, Decision } from '../../protocol/index.js';
import { lazySessionReads } from './sessionTaint.js';
import { autoWithheldByTaint, observePlan, suspendedByTaint } from './taintGate.js';
import { pickUpTicket } from './tickets.js';
import type { PolicyService } from './policies.js';
import type { Notifier } from './notify/notifier.js';
import { policyDenial, policyFor, policyTimes } from './policyGate.js';
import { needsReviewers } from '../../core/policy/evaluate.js';
import { derivedOf } from '../analysisCache.js';
import { rememberJson } from '../../store/frozenJson.js';

export interface GateDeps {
  store: Store;
  analyzer: CommandAnalyzer;
  whitelists: WhitelistCache;
  orgs: OrgCache;
  hits: HitCounter;
  limiter: SubmitLimiter;
  now: () => Date;
  newId: () => string;
  dashboardUrl: (requestId: string) => string;
  /** The org's team policy (issue 11); absent: the default policy. */
  policies?: PolicyService;
  /** Announces requests that wait: their messages are queued with them, sent by its own loop. */
  notifier?: Notifier;
}

export interface SubmitOptions {
  /**
   * With onlyIfAllowedAtOnce: the caller does not run the command itself but hands the plan on to
   * what does (the native hook's answer rewrites it to `expacti exec-confined`, which confines,
   * checkpoints or refuses as the plan says, as after the Node hook): a plan that requires
   * confinement or an output scan then does not stop the at-once answer.
   */
  planRunsElsewhere?: boolean;
}

export async function submit(
  deps: GateDeps,
  agent: Extract<Principal, { kind: 'agent' }>,
  body: SubmitRequestBody,
  options: SubmitOptions = {},
): Promise<SubmitResponse | SubmitNotCreatedResponse> {
  const bytes = commandBytes(body.command);
  if (bytes > LIMITS.commandBytes) {
    throw new ApiError(
      'payload_too_large',
      `the command is ${bytes} bytes; the limit is ${LIMITS.commandBytes}. Put long scripts in a file and run the file.`,
      'command',
    );
  }
  const org = await deps.orgs.get(agent.orgId);
  const limits = {
    perToken: org.settings.submitsPerMinutePerToken,
    perOrg: org.settings.submitsPerMinutePerOrg,
  };
  // A submission that may end in "not created" (onlyIfAllowedAtOnce) is counted only when it
  // creates its request: the Node path's submission that follows it counts once, as always.
  const onlyAtOnce = body.onlyIfAllowedAtOnce === true;
  if (onlyAtOnce) deps.limiter.check(agent.orgId, agent.tokenId, agent.name, limits);
  else deps.limiter.admit(agent.orgId, agent.tokenId, agent.name, limits);
  const analysis = deps.analyzer.analyze(body.command);
  // Both are the same for every submission of the same command: computed once, shared (frozen),
  // and the view's JSON text is written once for all the records that store it.
  const shared = derivedOf(analysis, VIEW, () =>
    rememberJson({ ...deps.analyzer.view(analysis), scope: proposeScope(analysis) }),
  );
  let proposed: ExecScope = shared.scope;
  let view: AnalysisView = shared;
  // Its scope resolved elsewhere than reviewed when it was about to run: a reviewer looks again.
  const moved = body.scopeResolved && Object.keys(body.scopeResolved).length > 0 ? body.scopeResolved : null;
  if (moved) {
    proposed = { ...proposed, resolved: { ...moved } };
    view = raiseView(
      { ...view, scope: proposed },
      {
        tier: 'high',
        reasons: [
          {
            code: 'scope.resolved-elsewhere',
            message: `paths of its scope resolve elsewhere than when it was reviewed: ${Object.entries(moved)
              .map(([p, to]) => `${p} → ${to}`)
              .join(', ')}`,
            tier: 'high',
          },
        ],
      },
    );
  }
  const now = deps.now();
  const at = now.toISOString();
  const id = deps.newId();
  const matcher = await deps.whitelists.get(agent.orgId);
  const matched = matcher.match(analysis, {
    agent: agent.name,
    now: at,
    cwd: body.cwd,
    session: body.session ?? null,
    protectedBranches: org.settings.protectedBranches,
  });
  // What the agent read (issue 25), loaded only when a decision below depends on it.
  const reads = lazySessionReads(deps, agent.orgId, body.session ?? null, at, org.settings);
  const suspended = await suspendedByTaint(reads, matched, analysis);
  // The org's team policy (issue 11): a rule may deny it, or demand reviewers the whitelist cannot stand in for.
  const applied = await policyFor(
    deps.policies,
    agent.orgId,
    analysis,
    {
      agent: agent.name,
      session: body.session ?? null,
      host: body.host ?? null,
      cwd: body.cwd,
      branch: body.gitBranch ?? null,
    },
    async () => (await reads()).taint.active,
  );
  const policyHolds = applied !== null && needsReviewers(applied);
  const match: typeof matched =
    policyHolds && matched.decision === 'allow'
      ? {
          decision: 'none',
          why: `policy rule${applied.rules.length === 1 ? '' : 's'} ${applied.rules.map((r) => r.name).join(', ')}: reviewers decide, the whitelist does not apply`,
        }
      : moved && matched.decision === 'allow'
        ? {
            decision: 'none',
            why: 'its scope resolves elsewhere than it was approved for: a reviewer must look again',
          }
        : suspended
          ? { decision: 'none', why: suspended }
          : matched;
  // An entry bound to the context it was approved in allows only after the agent shows the same
  // context; so does any entry over a command that runs a script file (its content is checked).
  const bound =
    match.decision === 'allow'
      ? derivedOf(analysis, RUNS_SCRIPT, () => runsScriptFile(analysis))
        ? match.entries
        : boundEntries(match.entries)
      : [];

  // onlyIfAllowedAtOnce: anything but a whitelist allow is left to the full client, before any
  // state changes (no ticket is picked up, nothing is stored).
  if (onlyAtOnce && !(match.decision === 'allow' && bound.length === 0))
    return notCreated(
      match.decision === 'allow'
        ? 'its whitelist entry is bound to a context the agent must show first'
        : 'not allowed at once by a whitelist entry',
    );

  // The same command again from a session whose earlier attempt became an approval ticket: its
  // decision — looked up only when the command would not pass at once anyway (a whitelisted
  // command is allowed by the org's own rules; the hot path pays no ticket lookup).
  if (body.session && !body.askReviewer && !moved && !(match.decision === 'allow' && bound.length === 0)) {
    const picked = await pickUpTicket(deps, agent, {
      session: body.session,
      command: body.command,
      commandText: commandText(body.command),
      canonical: view.canonical,
      cwd: body.cwd,
    });
    if (picked) return picked;
  }

  const record: RequestRecord = {
    id,
    orgId: agent.orgId,
    agentTokenId: agent.tokenId,
    agentName: agent.name,
    command: body.command,
    commandText: commandText(body.command),
    cwd: body.cwd,
    host: body.host ?? null,
    osUser: body.osUser ?? null,
    session: body.session ?? null,
    gitBranch: body.gitBranch ?? null,
    reason: body.reason ?? null,
    analysis: view,
    // Only probe results from the agent; assessments and binding checks are the server's own.
    context: body.context?.probes ? { probes: body.context.probes } : null,
    status: 'pending',
    createdAt: at,
    expiresAt: new Date(now.getTime() + org.settings.approvalTimeoutSeconds * 1000).toISOString(),
    decision: null,
    claimBy: null,
    execution: null,
  };
  if (applied) {
    const times = policyTimes(applied, now, org.settings.approvalTimeoutSeconds);
    record.policy = applied;
    record.expiresAt = times.expiresAt;
    record.escalateAt = times.escalateAt;
  }
  const actor = { kind: 'agent' as const, id: agent.tokenId, name: agent.name };
  const auditData = {
    command: record.commandText,
    cwd: record.cwd,
    host: record.host,
    session: record.session,
    tier: view.tier,
    score: view.score,
  };

  // A whitelisted command that reaches out of the machine is looked at in its session first: after
  // a secret was read there (or untrusted text, issue 25), sending data out is judged again.
  const sequence =
    match.decision === 'allow' && bound.length === 0 && reachesOut(proposed)
      ? await sessionSignals(
          deps,
          agent.orgId,
          record.session,
          stepOf(deps.analyzer, record, analysis),
          (await reads()).taint,
        )
      : undefined;
  const overruled = sequence !== undefined && tierRank(sequence.tier) >= tierRank('high');

  if (onlyAtOnce && overruled)
    return notCreated(
      'the whitelist would allow it, but what this session did before sends it to a reviewer',
    );
  if (match.decision === 'allow' && bound.length === 0 && !overruled) {
    const scope = entryScope(match.entries, proposed);
    const plan = executePlan(scope, view.tier, org.settings);
    const observe = observePlan(analysis, body.cwd);
    if (onlyAtOnce) {
      if (plan.required && !options.planRunsElsewhere)
        return notCreated('the org requires it to run confined');
      if (observe && !options.planRunsElsewhere) return notCreated('what it prints is to be scanned');
      deps.limiter.admit(agent.orgId, agent.tokenId, agent.name, limits);
    }
    const decision = whitelistDecision(match.entries, (e) => e.hits + deps.hits.unflushed(e.id), at);
    decision.scope = scope;
    const first = match.entries[0] as WhitelistEntry;
    record.status = 'approved';
    record.decision = decision;
    record.execution = { startedAt: at, finishedAt: null, exitCode: null, signal: null, durationMs: null };
    await deps.store.insertRequest(record, [
      {
        ts: at,
        orgId: agent.orgId,
        actor: { kind: 'whitelist', id: first.id, name: first.createdBy },
        action: 'request.allowed',
        subject: id,
        data: { ...auditData, entries: match.entries.map((e) => e.id), by: actor },
      },
    ]);
    for (const e of match.entries) deps.hits.record(e.id, at);
    return {
      request: requestView(record),
      exec: {
        command: body.command,
        confine: plan,
        ...(observe ? { observe } : {}),
      },
      dashboardUrl: deps.dashboardUrl(id),
    };
  }

  if (applied?.deny && match.decision !== 'deny') {
    record.status = 'denied';
    record.decision = policyDenial(applied, at);
    record.escalateAt = null;
    await deps.store.insertRequest(record, [
      { ts: at, orgId: agent.orgId, actor, action: 'request.created', subject: id, data: auditData },
      {
        ts: at,
        orgId: agent.orgId,
        actor: { kind: 'policy', id: String(applied.version), name: `policy rule ${applied.deny.rule}` },
        action: 'request.denied',
        subject: id,
        data: { rule: applied.deny.rule, version: applied.version, message: applied.deny.message },
      },
    ]);
    return { request: requestView(record), dashboardUrl: deps.dashboardUrl(id) };
  }

  if (match.decision === 'deny') {
    const e = match.entry;
    record.status = 'denied';
    record.decision = {
      outcome: 'denied',
      by: { kind: 'policy', rule: `whitelist deny entry ${e.id}` },
      note: e.note ?? undefined,
      justification: forbiddenJustification(e.pattern, e.createdBy, e.note),
      at,
    };
    if (record.decision.note === undefined) delete record.decision.note;
    await deps.store.insertRequest(record, [
      { ts: at, orgId: agent.orgId, actor, action: 'request.created', subject: id, data: auditData },
      {
        ts: at,
        orgId: agent.orgId,
        actor: { kind: 'policy', id: e.id, name: e.createdBy },
        action: 'request.denied',
        subject: id,
        data: { entry: e.id, pattern: e.pattern },
      },
    ]);
    return { request: requestView(record), dashboardUrl: deps.dashboardUrl(id) };
  }

  // Scoped auto-allow: a command that cannot do harm inside the scope the kernel will hold it to.
  const auto =
    match.decision === 'none' && !moved && !body.askReviewer && bound.length === 0 && !policyHolds
      ? autoAllow(analysis, org.settings)
      : null;
  const withheld = await autoWithheldByTaint(reads, auto);
  if (auto && !withheld && !(await sessionBroke(deps, agent.orgId, record.session))) {
    const decision: Decision = {
      outcome: 'approved',
      by: { kind: 'policy', rule: `auto-allow ${auto.kind}` },
      justification: `auto-allowed (${auto.reason})`,
      at,
      scope: auto.scope,
    };
    record.status = 'approved';
    record.decision = decision;
    record.execution = { startedAt: at, finishedAt: null, exitCode: null, signal: null, durationMs: null };
    await deps.store.insertRequest(record, [
      {
        ts: at,
        orgId: agent.orgId,
        actor: { kind: 'policy', id: null, name: `auto-allow ${auto.kind}` },
        action: 'request.allowed',
        subject: id,
        data: { ...auditData, autoAllow: auto.kind, reason: auto.reason, scope: auto.scope, by: actor },
      },
    ]);
    const plan = executePlan(auto.scope, view.tier, org.settings);
    plan.required = !org.settings.autoAllowUnconfined;
    if (auto.kind === 'project') plan.checkpoint = true;
    const observe = observePlan(analysis, body.cwd);
    return {
      request: requestView(record),
      exec: { command: body.command, confine: plan, ...(observe ? { observe } : {}) },
      dashboardUrl: deps.dashboardUrl(id),
    };
  }

  await withinPendingLimit(deps, agent, org.settings.maxPendingPerAgent);
  const contextCheck = bound.length > 0;
  if (contextCheck) record.context = { binding: awaitingCheck(bound) };
  const { taint, trail } = await reads();
  const signals = await sessionSignals(
    deps,
    agent.orgId,
    record.session,
    stepOf(deps.analyzer, record, analysis),
    taint,
  );
  if (signals) record.analysis = view = raiseView(view, signals);
  if (trail.tainted || trail.reads.length > 0) record.analysis = view = { ...view, reads: trail };
  const why = overruled
    ? `the whitelist would allow it, but not after what this session did before (${sequence.reasons.map((r) => r.code).join(', ')}): a reviewer decides`
    : contextCheck
      ? `context-bound entr${bound.length === 1 ? 'y' : 'ies'} ${bound.map((e) => e.id).join(', ')}: checking the context`
      : withheld
        ? withheld
        : match.decision === 'none'
          ? match.why
          : 'not allowed';
  // Its first notifications are stored in the same transaction as the request (issue 11): a crash
  // between the two cannot leave it waiting unannounced. Sending them is the notifier's loop.
  const outbox = (await deps.notifier?.outbox('pending', record)) ?? undefined;
  await deps.store.insertRequest(
    record,
    [
      {
        ts: at,
        orgId: agent.orgId,
        actor,
        action: 'request.created',
        subject: id,
        data: {
          ...auditData,
          tier: view.tier,
          score: view.score,
          whitelist: why,
          ...(signals?.reasons.length ? { sequence: signals.reasons.map((r) => r.code) } : {}),
          ...(taint.active ? { tainted: taint.reads.length } : {}),
          ...(applied
            ? {
                policy: {
                  version: applied.version,
                  rules: applied.rules.map((r) => r.name),
                  requirements: applied.requirements,
                },
              }
            : {}),
        },
      },
    ],
    outbox,
  );
  if (outbox) deps.notifier?.poke();
  const packages = contextCheck
    ? slotPackages(
        deps.analyzer,
        bound.map((e) => e.pattern),
        analysis,
        { cwd: body.cwd, protectedBranches: org.settings.protectedBranches },
      )
    : [];
  const probes = probesFor(analysis, org.settings, contextCheck, packages);
  if (contextCheck) knownScripts(probes, bound);
  const response: SubmitResponse = { request: requestView(record), dashboardUrl: deps.dashboardUrl(id) };
  if (probes.length) {
    response.probes = probes;
    response.probeBudgetMs = PROBE_BUDGET_MS;
  }
  if (contextCheck) response.contextCheck = true;
  return response;
}

/** Slots of derivedOf (analysisCache.ts). */
const VIEW = Symbol('view with proposed scope');
const RUNS_SCRIPT = Symbol('runs a script file');

/** The answer to an onlyIfAllowedAtOnce submission that would not run at once as asked. */
function notCreated(why: string): SubmitNotCreatedResponse {
  return { created: false, why };
}

/**
 * Script files a bound entry was approved with: the agent sends only their hash when it is
 * unchanged (the whitelisted path stays small), their content when it changed.
 */
function knownScripts(probes: ProbeRequest[], entries: readonly WhitelistEntry[]): void {
  const facts = entries.flatMap((e) => readBinding(e.context)?.facts ?? []);
  for (const p of probes) {
    if (p.kind !== 'script') continue;
    const hash = facts.find((f) => f.key === `script:${p.path}`)?.hash;
    if (hash !== undefined) p.knownHash = hash;
  }
}

/**
 * A runaway agent cannot bury the reviewers: one agent name may have this many requests waiting at
 * once (the org's maxPendingPerAgent); beyond it a submission is refused with 429 and what to do.
 * Checked only on the way to a reviewer (the whitelisted path pays nothing); replicas may each let
 * one more through in a race, so the limit is firm to within the number of replicas.
 */
async function withinPendingLimit(
  deps: GateDeps,
  agent: Extract<Principal, { kind: 'agent' }>,
  limit: number,
): Promise<void> {
  const waiting = await deps.store.listRequests(agent.orgId, {
    status: 'pending',
    agent: agent.name,
    limit,
  });
  if (waiting.length < limit) return;
  throw tooManyRequests(
    `agent "${agent.name}" already has ${limit} requests waiting for a reviewer (the org's limit): wait for their decisions, or stop the ones nobody will run, before sending more`,
    30,
    { pending: waiting.length, limit },
  );
}

/** The command's scope lets it reach another machine or a local service. */
function reachesOut(scope: ExecScope): boolean {
  return scope.network.mode !== 'none' || scope.unix !== 'none';
}

/** What the agent may spend collecting facts (it may choose less). */
const PROBE_BUDGET_MS = 300;

/**
 * A command of this session broke the scope it was auto-allowed with: the session gets no more
 * auto-allows (reviewers see each of its commands) until it ends.
 */
async function sessionBroke(deps: GateDeps, orgId: string, session: string | null): Promise<boolean> {
  if (!session) return false;
  const recent = await deps.store.listRequests(orgId, { session, limit: 200 });
  return recent.some(
    (r) =>
      r.decision?.by.kind === 'policy' &&
      r.decision.by.rule.startsWith('auto-allow') &&
      (r.execution?.effects?.violations.length ?? 0) > 0,
  );
}
