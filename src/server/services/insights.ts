/**
 * Aggregates for the dashboard's Insights page, computed from the org's requests of the last N
 * days: outcomes per day, whitelist hit rate per day, time to a human decision, riskiest commands
 * and agents. Plain data in, plain data out.
 */
import { tierRank } from '../../protocol/tiers.js';
import type { Tier } from '../../protocol/tiers.js';
import type { RequestRecord, WhitelistEntry } from '../../store/records.js';
import { computeReviewerLoad, type ReviewerLoad } from './reviewerLoad.js';

export interface DayInsight {
  day: string;
  autoAllowed: number;
  approved: number;
  denied: number;
  expired: number;
  pending: number;
  /** Auto-allowed share of all decided requests that day (0–1); null when none was decided. */
  hitRate: number | null;
  /** Median seconds from submission to a reviewer's decision; null when nobody decided. */
  medianDecisionSeconds: number | null;
}

export interface Insights {
  days: number;
  from: string;
  to: string;
  total: number;
  perDay: DayInsight[];
  medianDecisionSeconds: number | null;
  riskiestCommands: Array<{
    commandText: string;
    tier: Tier;
    score: number;
    count: number;
    denied: number;
    lastId: string;
  }>;
  riskiestAgents: Array<{
    agent: string;
    requests: number;
    highOrCritical: number;
    denied: number;
    maxTier: Tier;
    meanScore: number;
  }>;
  /** How often a person was asked, why the rest passed, what asks most (reviewerLoad.ts). */
  load: ReviewerLoad;
}

type Outcome = 'autoAllowed' | 'approved' | 'denied' | 'expired' | 'pending';

export function outcomeOf(r: RequestRecord): Outcome {
  if (r.status === 'pending') return 'pending';
  if (r.status === 'expired') return 'expired';
  if (r.status === 'denied') return 'denied';
  const by = r.decision?.by;
  const auto = by?.kind === 'whitelist' || (by?.kind === 'policy' && by.rule.startsWith('auto-allow'));
  return auto ? 'autoAllowed' : 'approved';
}

export function computeInsights(
  records: RequestRecord[],
  now: Date,
  days: number,
  entries: readonly WhitelistEntry[] = [],
): Insights {
  const end = startOfDay(now);
  const first = new Date(end.getTime() - (days - 1) * 86_400_000);
  const perDay = new Map<string, DayInsight>();
  const waits = new Map<string, number[]>();
  for (let t = first.getTime(); t <= end.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    perDay.set(day, {
      day,
      autoAllowed: 0,
      approved: 0,
      denied: 0,
      expired: 0,
      pending: 0,
      hitRate: null,
      medianDecisionSeconds: null,
    });
    waits.set(day, []);
  }
  const allWaits: number[] = [];
  const commands = new Map<string, Insights['riskiestCommands'][number]>();
  const agents = new Map<string, Insights['riskiestAgents'][number] & { scoreSum: number }>();

  for (const r of records) {
    const day = r.createdAt.slice(0, 10);
    const bucket = perDay.get(day);
    if (!bucket) continue;
    const outcome = outcomeOf(r);
    bucket[outcome]++;
    if (r.decision?.by.kind === 'user') {
      const seconds = (Date.parse(r.decision.at) - Date.parse(r.createdAt)) / 1000;
      if (Number.isFinite(seconds) && seconds >= 0) {
        waits.get(day)?.push(seconds);
        allWaits.push(seconds);
      }
    }
    if (outcome === 'autoAllowed') continue; // the riskiest lists are about what humans had to look at
    const { tier, score } = r.analysis;
    const c = commands.get(r.commandText) ?? {
      commandText: r.commandText,
      tier,
      score,
      count: 0,
      denied: 0,
      lastId: r.id,
    };
    c.count++;
    if (outcome === 'denied') c.denied++;
    if (score > c.score) Object.assign(c, { score, tier });
    commands.set(r.commandText, c);
    const a = agents.get(r.agentName) ?? {
      agent: r.agentName,
      requests: 0,
      highOrCritical: 0,
      denied: 0,
      maxTier: 'safe',
      meanScore: 0,
      scoreSum: 0,
    };
    a.requests++;
    a.scoreSum += score;
    if (tierRank(tier) >= tierRank('high')) a.highOrCritical++;
    if (outcome === 'denied') a.denied++;
    if (tierRank(tier) > tierRank(a.maxTier)) a.maxTier = tier;
    agents.set(r.agentName, a);
  }

  for (const d of perDay.values()) {
    const decided = d.autoAllowed + d.approved + d.denied + d.expired;
    d.hitRate = decided === 0 ? null : d.autoAllowed / decided;
    d.medianDecisionSeconds = median(waits.get(d.day) ?? []);
  }
  const riskiestCommands = [...commands.values()]
    .sort((x, y) => y.score - x.score || y.count - x.count)
    .slice(0, 10);
  const riskiestAgents = [...agents.values()]
    .map(({ scoreSum, ...a }) => ({ ...a, meanScore: Math.round(scoreSum / a.requests) }))
    .sort(
      (x, y) =>
        y.highOrCritical - x.highOrCritical ||
        tierRank(y.maxTier) - tierRank(x.maxTier) ||
        y.meanScore - x.meanScore,
    )
    .slice(0, 10);
  return {
    days,
    from: first.toISOString(),
    to: now.toISOString(),
    total: records.length,
    perDay: [...perDay.values()],
    medianDecisionSeconds: median(allWaits),
    riskiestCommands,
    riskiestAgents,
    load: computeReviewerLoad(records, entries, [...perDay.keys()]),
  };
}

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const v = sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round((v ?? 0) * 10) / 10;
}
