/**
 * The gate's three questions about what the agent read (issue 25), kept apart from the gate so
 * that its call sites stay one line each: is a wildcard whitelist allow suspended, is an
 * auto-allow withheld, and should the agent scan this command's output. The session's reads are
 * loaded only when the answer depends on them.
 */
import type { Analysis } from '../../core/analyzer/types.js';
import type { ObservePlan } from '../../protocol/reads.js';
import type { AutoAllow } from '../../core/policy/autoAllow.js';
import { readOnlyCommand, suspendedAllow } from '../../core/reads/taint.js';
import { shellReads } from '../../core/reads/shellReads.js';
import { classifyRead } from '../../core/reads/trust.js';
import type { SessionReads } from './sessionTaint.js';

type Match =
  { decision: 'allow'; entries: ReadonlyArray<{ exact: boolean; id: string }> } | { decision: string };

/** Why a whitelist allow is suspended (a wildcard entry, a tainted session, more than a read); else null. */
export async function suspendedByTaint(
  reads: () => Promise<SessionReads>,
  match: Match,
  analysis: Pick<Analysis, 'parsed' | 'risk'>,
): Promise<string | null> {
  if (match.decision !== 'allow' || !('entries' in match)) return null;
  if (readOnlyCommand(analysis) || match.entries.every((e) => e.exact)) return null;
  return suspendedAllow((await reads()).taint, match.entries, analysis);
}

/** Why an auto-allow is withheld: beyond read-only, nothing is auto-allowed in a tainted session. */
export async function autoWithheldByTaint(
  reads: () => Promise<SessionReads>,
  auto: AutoAllow | null,
): Promise<string | null> {
  if (!auto || auto.kind === 'read-only') return null;
  const { taint } = await reads();
  return taint.active
    ? `not auto-allowed (${auto.kind}): the session read untrusted or instruction-bearing text; only read-only commands are auto-allowed until a reviewer clears the taint`
    : null;
}

/** The read whose text this command prints, when it brings outside text in: the agent scans its output. */
export function observePlan(
  analysis: Pick<Analysis, 'commands' | 'risk'>,
  cwd: string,
): ObservePlan | undefined {
  const reads = shellReads(analysis, cwd).filter((r) => r.toStdout);
  const read =
    reads.find((r) => classifyRead({ kind: r.kind, source: r.source, cwd }).trust === 'untrusted') ??
    reads[0];
  return read ? { kind: read.kind, source: read.source } : undefined;
}
