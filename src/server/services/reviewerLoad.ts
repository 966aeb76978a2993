/**
 * Reviewer load (the Insights page; docs/policies.md): how often the gate asks a person, per 100
 * commands and per day; what passed without asking, by reason; and the shapes that ask most, each
 * with the typed pattern that would cover it (a one-click entry, previewed and checked against
 * past denials like any other). Plain data in, plain data out.
 */
import { tierRank, type Tier } from '../../protocol/tiers.js';
import type { RequestRecord, WhitelistEntry } from '../../store/records.js';

export type PassReason = 'read-only' | 'project' | 'typed pattern' | 'pattern' | 'exact entry';

export interface ReviewerLoad {
  /** Requests that waited for a person, per 100 requests, per day (null: no request that day). */
  promptsPer100: Array<{ day: string; value: number | null }>;
  /** Over the whole period. */
  prompts: number;
  commands: number;
  passed: Record<PassReason, number>;
  /** The shapes that asked most: their typed pattern (or exact form), how often, the worst tier. */
  shapes: Array<{ pattern: string; typed: boolean; prompts: number; tier: Tier; lastId: string }>;
}

const TYPED = /<(path|range|int|branch|test)>/;

/** Whether a person was asked: decided by a user, or left to expire, or still waiting. */
export function prompted(r: RequestRecord): boolean {
  if (r.status === 'pending' || r.status === 'expired') return true;
  return r.decision?.by.kind === 'user';
}

function passReason(r: RequestRecord, entries: ReadonlyMap<string, WhitelistEntry>): PassReason | null {
  if (r.status !== 'approved') return null;
  const by = r.decision?.by;
  if (by?.kind === 'policy' && by.rule.startsWith('auto-allow'))
    return by.rule.endsWith('project') ? 'project' : 'read-only';
  if (by?.kind !== 'whitelist') return null;
  const e = entries.get(by.entryId);
  if (!e || e.exact) return 'exact entry';
  return TYPED.test(e.pattern) ? 'typed pattern' : 'pattern';
}

export function computeReviewerLoad(
  records: readonly RequestRecord[],
  entries: readonly WhitelistEntry[],
  days: readonly string[],
): ReviewerLoad {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const perDay = new Map(days.map((d) => [d, { all: 0, asked: 0 }]));
  const passed: Record<PassReason, number> = {
    'read-only': 0,
    project: 0,
    'typed pattern': 0,
    pattern: 0,
    'exact entry': 0,
  };
  const shapes = new Map<string, ReviewerLoad['shapes'][number]>();
  let prompts = 0;
  for (const r of records) {
    const day = perDay.get(r.createdAt.slice(0, 10));
    if (day) day.all++;
    const reason = passReason(r, byId);
    if (reason) passed[reason]++;
    if (!prompted(r)) continue;
    prompts++;
    if (day) day.asked++;
    const top = r.analysis.suggestions[0];
    const pattern = top ?? r.analysis.canonical ?? r.commandText;
    const s = shapes.get(pattern) ?? {
      pattern,
      typed: TYPED.test(pattern),
      prompts: 0,
      tier: r.analysis.tier,
      lastId: r.id,
    };
    s.prompts++;
    if (tierRank(r.analysis.tier) > tierRank(s.tier)) s.tier = r.analysis.tier;
    shapes.set(pattern, s);
  }
  return {
    promptsPer100: [...perDay].map(([d, v]) => ({
      day: d,
      value: v.all === 0 ? null : Math.round((1000 * v.asked) / v.all) / 10,
    })),
    prompts,
    commands: records.length,
    passed,
    shapes: [...shapes.values()]
      .filter((s) => s.prompts > 1)
      .sort((a, b) => b.prompts - a.prompts)
      .slice(0, 10),
  };
}
