/**
 * A session's reads and taint, from the store (issue 25): reads the agent host reported, plus the
 * session's own allowed commands that brought outside text in (core/reads/shellReads.ts, with what
 * `expacti run` saw of their output). The gate asks only when the answer can change its decision:
 * a wildcard whitelist allow, a project-mode auto-allow, or a request a reviewer will see.
 */
import type { CommandAnalyzer } from '../../core/analyzer/types.js';
import type { ReadTrail, ReadView } from '../../protocol/reads.js';
import type { OrgSettings, RequestRecord, SessionReadRecord, TaintClear } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { shellReads } from '../../core/reads/shellReads.js';
import { classifyRead } from '../../core/reads/trust.js';
import { readTaints, sessionTaint, NO_TAINT, type SessionTaint } from '../../core/reads/taint.js';
import { stepOf } from './runtimeContext.js';

/** Requests and reads of a session looked at (newest). */
const SESSION_LOOKBACK = 200;
/** Reads shown in a trail: the tainting ones of the window first, then the latest others. */
const TRAIL_TAINTING = 10;
const TRAIL_OTHERS = 5;

export interface SessionReads {
  taint: SessionTaint;
  trail: ReadTrail;
}

export const NO_READS: SessionReads = { taint: NO_TAINT, trail: { tainted: false, reads: [] } };

export function readView(r: SessionReadRecord): ReadView {
  const view: ReadView = {
    at: r.at,
    host: r.host,
    tool: r.tool,
    kind: r.kind,
    source: r.source,
    size: r.size,
    sha256: r.sha256,
    trust: r.trust,
    trustWhy: r.trustWhy,
    findings: r.findings,
    taints: false,
  };
  if (r.error !== null) view.error = r.error;
  view.taints = readTaints(view);
  return view;
}

/** The reads an allowed request's command made (its output's findings, when `run` reported them). */
export function requestReads(analyzer: CommandAnalyzer, r: RequestRecord): ReadView[] {
  if (r.status !== 'approved') return [];
  const reads = shellReads(stepOf(analyzer, r).analysis, r.cwd);
  const scan = r.execution?.read;
  const observed = reads.find((x) => x.toStdout);
  return reads.map((x) => {
    const verdict = classifyRead({ kind: x.kind, source: x.source, cwd: r.cwd });
    const findings = scan && x === observed ? scan.findings : [];
    const view: ReadView = {
      at: r.createdAt,
      host: 'shell',
      tool: stepOf(analyzer, r).analysis.commands[x.command]?.program ?? 'shell',
      kind: x.kind,
      source: x.source,
      size: scan && x === observed ? scan.size : 0,
      sha256: scan && x === observed ? scan.sha256 : null,
      trust: verdict.trust,
      trustWhy: verdict.why,
      findings,
      taints: false,
      requestId: r.id,
    };
    view.taints = readTaints(view);
    return view;
  });
}

export interface TaintDeps {
  store: Store;
  analyzer: CommandAnalyzer;
}

/** The session's reads and taint as of `now` (an empty answer without a session). */
export async function loadSessionReads(
  deps: TaintDeps,
  orgId: string,
  session: string | null,
  now: string,
  settings: Pick<OrgSettings, 'taintCommands' | 'taintMinutes'>,
): Promise<SessionReads> {
  if (!session) return NO_READS;
  const [observed, requests, cleared] = await Promise.all([
    deps.store.listReads(orgId, session, SESSION_LOOKBACK),
    deps.store.listRequests(orgId, { session, limit: SESSION_LOOKBACK }),
    deps.store.taintCleared(orgId, session),
  ]);
  const reads = [...observed.map(readView), ...requests.flatMap((r) => requestReads(deps.analyzer, r))];
  const taint = sessionTaint(
    { reads, commandTimes: requests.map((r) => r.createdAt), clearedAt: cleared?.at ?? null, now },
    settings,
  );
  return { taint, trail: trailOf(reads, taint, cleared) };
}

function trailOf(reads: readonly ReadView[], taint: SessionTaint, cleared: TaintClear | null): ReadTrail {
  const tainting = taint.reads.slice(0, TRAIL_TAINTING).map((t) => t.read);
  const others = [...reads]
    .filter((r) => !tainting.includes(r))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, TRAIL_OTHERS);
  const shown = [...tainting, ...others].sort((a, b) => a.at.localeCompare(b.at));
  const trail: ReadTrail = { tainted: taint.active, reads: shown };
  if (cleared) trail.cleared = cleared;
  return trail;
}

/** Loads the session's reads once, on first need (the gate's fast path mostly never asks). */
export function lazySessionReads(
  deps: TaintDeps,
  orgId: string,
  session: string | null,
  now: string,
  settings: Pick<OrgSettings, 'taintCommands' | 'taintMinutes'>,
): () => Promise<SessionReads> {
  let loaded: Promise<SessionReads> | undefined;
  return () => (loaded ??= loadSessionReads(deps, orgId, session, now, settings));
}
