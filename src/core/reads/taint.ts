/**
 * Taint (issue 25): a session whose agent read untrusted or instruction-bearing text, within the
 * org's window (the last N commands, or the last M minutes — a read taints while either holds),
 * until a reviewer clears it. While tainted:
 *  - high-impact commands (secrets, exfiltration, deletion, persistence, remote code, network)
 *    are judged higher, with a reason that names the read;
 *  - nothing is auto-allowed beyond read-only;
 *  - wildcard whitelist entries allow only read-only commands (exact entries still allow).
 * Pure: the server hands in the reads, the session's command times and the clock.
 */
import type { Analysis } from '../analyzer/types.js';
import type { Reason } from '../../protocol/api.js';
import type { ReadView } from '../../protocol/reads.js';
import { maxTier, tierRank, type Tier } from '../../protocol/tiers.js';
import { isStrong } from './findings.js';

export interface TaintSettings {
  /** A read taints the session for this many later commands (0: not by count). */
  taintCommands: number;
  /** … and for this many minutes (0: not by time). */
  taintMinutes: number;
}

export interface TaintInput {
  /** The session's reads (observed and shell reads), any order. */
  reads: readonly ReadView[];
  /** When each command of the session was submitted (any order). */
  commandTimes: readonly string[];
  /** When a reviewer last cleared the taint; reads at or before it no longer count. */
  clearedAt: string | null;
  now: string;
}

export interface TaintingRead {
  read: ReadView;
  /** Commands submitted after the read. */
  commandsAgo: number;
  minutesAgo: number;
  /** Instruction-bearing (a strong finding, or any finding in untrusted text), not only untrusted. */
  strong: boolean;
}

export interface SessionTaint {
  active: boolean;
  /** The reads that taint the session now, newest first. */
  reads: TaintingRead[];
}

export const NO_TAINT: SessionTaint = { active: false, reads: [] };

/** Untrusted, or carrying instructions wherever it came from. */
export function readTaints(read: Pick<ReadView, 'trust' | 'findings'>): boolean {
  return read.trust === 'untrusted' || read.findings.some(isStrong);
}

export function strongRead(read: Pick<ReadView, 'trust' | 'findings'>): boolean {
  return read.findings.some(isStrong) || (read.trust === 'untrusted' && read.findings.length > 0);
}

export function sessionTaint(input: TaintInput, settings: TaintSettings): SessionTaint {
  const now = Date.parse(input.now);
  const cleared = input.clearedAt === null ? -Infinity : Date.parse(input.clearedAt);
  const times = input.commandTimes.map((t) => Date.parse(t));
  const reads: TaintingRead[] = [];
  for (const read of input.reads) {
    const at = Date.parse(read.at);
    if (!(at > cleared) || !readTaints(read)) continue;
    const commandsAgo = times.filter((t) => t > at).length;
    const minutesAgo = Math.max(0, (now - at) / 60_000);
    const byCount = settings.taintCommands > 0 && commandsAgo < settings.taintCommands;
    const byTime = settings.taintMinutes > 0 && minutesAgo < settings.taintMinutes;
    if (byCount || byTime) reads.push({ read, commandsAgo, minutesAgo, strong: strongRead(read) });
  }
  reads.sort((a, b) => b.read.at.localeCompare(a.read.at));
  return { active: reads.length > 0, reads };
}

/** Rule categories whose commands a tainted session judges higher, with what they do in words. */
const HIGH_IMPACT: Readonly<Record<string, string>> = {
  secrets: 'touches secrets',
  exfiltration: 'can send data off the machine',
  'remote-code': 'runs code from elsewhere',
  persistence: 'changes what runs later (persistence)',
  delete: 'deletes files',
  network: 'reaches the network',
  download: 'downloads into the environment',
};
/** Categories that are what an injected instruction usually wants: critical after instructions. */
const PAYOFF = new Set(['secrets', 'exfiltration', 'remote-code', 'persistence']);

const TIERS: readonly Tier[] = ['safe', 'low', 'medium', 'high', 'critical'];
const oneUp = (t: Tier): Tier => TIERS[Math.min(TIERS.length - 1, tierRank(t) + 1)] as Tier;

const VERBS: Readonly<Record<ReadView['kind'], string>> = {
  file: 'read',
  url: 'fetched',
  search: 'searched the web for',
  tool: 'got tool output from',
  issue: 'read issue or PR text with',
  package: 'installed packages with',
  command: 'ran',
};

const short = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function ago(t: TaintingRead): string {
  if (t.commandsAgo === 0) return 'just before this command';
  return `${t.commandsAgo} command${t.commandsAgo === 1 ? '' : 's'} ago`;
}

/** The sentence naming a read, for reasons: "the agent fetched https://… 2 commands ago (…)". */
export function describeRead(t: TaintingRead): string {
  const r = t.read;
  const what = r.findings.length
    ? `it contains ${r.findings.map((f) => f.message).join(', ')}`
    : `it is untrusted (${r.trustWhy})`;
  const where = r.trust === 'untrusted' && r.findings.length ? ` (${r.trustWhy})` : '';
  return `the agent ${VERBS[r.kind]} \`${short(r.source)}\`${where} ${ago(t)}; ${what}`;
}

/** The tier and reason taint adds to a command, or nothing when it is not high-impact or not tainted. */
export function assessTaint(
  taint: SessionTaint,
  analysis: Pick<Analysis, 'risk'>,
): { tier: Tier; reasons: Reason[] } | undefined {
  if (!taint.active) return undefined;
  const categories = new Set((analysis.risk.categories ?? []).flat());
  const impact = Object.keys(HIGH_IMPACT).filter((c) => categories.has(c));
  if (impact.length === 0) return undefined;
  const named = taint.reads.find((t) => t.strong) ?? (taint.reads[0] as TaintingRead);
  const base = analysis.risk.tier;
  let tier: Tier;
  if (named.strong) {
    tier = impact.some((c) => PAYOFF.has(c)) || tierRank(base) >= tierRank('high') ? 'critical' : 'high';
  } else tier = maxTier(oneUp(base), 'medium');
  tier = maxTier(tier, base);
  const does = impact.map((c) => HIGH_IMPACT[c]).join(', ');
  const others =
    taint.reads.length > 1
      ? ` (and ${taint.reads.length - 1} more untrusted read${taint.reads.length > 2 ? 's' : ''})`
      : '';
  return {
    tier,
    reasons: [
      {
        code: named.strong ? 'taint.instructions' : 'taint.untrusted-read',
        message: `possible prompt injection: ${describeRead(named)}${others}; this command ${does}`,
        tier,
      },
    ],
  };
}

/** The command only reads (safe in every part, fully parsed): what a tainted session still lets through. */
export function readOnlyCommand(analysis: Pick<Analysis, 'parsed' | 'risk'>): boolean {
  return (
    analysis.parsed && analysis.risk.tier === 'safe' && analysis.risk.perCommand.every((t) => t === 'safe')
  );
}

/** Why a whitelist allow by these entries is suspended while tainted; null when it stands. */
export function suspendedAllow(
  taint: SessionTaint,
  entries: ReadonlyArray<{ exact: boolean; id?: string }>,
  analysis: Pick<Analysis, 'parsed' | 'risk'>,
): string | null {
  if (!taint.active || readOnlyCommand(analysis)) return null;
  const wildcard = entries.filter((e) => !e.exact);
  if (wildcard.length === 0) return null;
  const named = taint.reads[0] as TaintingRead;
  return `wildcard whitelist entr${wildcard.length === 1 ? 'y' : 'ies'} ${wildcard.map((e) => e.id ?? '?').join(', ')} ${wildcard.length === 1 ? 'is' : 'are'} suspended for all but read-only commands while the session is tainted (${describeRead(named)}); a reviewer can clear the taint`;
}
