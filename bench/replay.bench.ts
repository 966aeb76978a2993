/**
 * Reviewer load (issue 24): `expacti replay`'s figures over the session streams in
 * test/data/sessions/ — prompts per 100 commands in project mode and in the default mode, and the
 * count of high or critical commands let through without a reviewer (goal: none). Streams written
 * for the tests, not real agent logs: the routine ones show the ordinary case, the adversarial
 * ones the traps (each of their high and critical commands must be asked).
 */
import { readFileSync } from 'node:fs';
import { parseSessions } from '../src/replay/sessions.js';
import { replaySessions, type ReplayMode } from '../src/replay/replay.js';
import type { BenchRow } from './stats.js';

const STREAMS = [
  ['routine', 'test/data/sessions/routine.jsonl'],
  ['adversarial', 'test/data/sessions/agents.jsonl'],
] as const;

export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [name, file] of STREAMS) {
    const sessions = parseSessions(readFileSync(file, 'utf8'));
    const figures: Record<ReplayMode, { per100: number; leaked: number; ms: number }> = {
      default: { per100: 0, leaked: 0, ms: 0 },
      project: { per100: 0, leaked: 0, ms: 0 },
    };
    for (const mode of ['project', 'default'] as const) {
      const t0 = performance.now();
      const r = await replaySessions(sessions, { mode });
      figures[mode] = {
        per100: r.promptsPer100,
        leaked: r.autoAllowedHighOrCritical.length,
        ms: performance.now() - t0,
      };
    }
    const commands = sessions.reduce((n, s) => n + s.cmds.length, 0);
    rows.push({
      name: `replay, ${name} streams (${commands} commands): prompts per 100, project mode (default mode)`,
      result: `${figures.project.per100} (${figures.default.per100})`,
      ...(name === 'routine' ? { goal: '≤ 10 in project mode', met: figures.project.per100 <= 10 } : {}),
      note: `${(figures.project.ms / commands).toFixed(1)} ms per command replayed`,
    });
    rows.push({
      name: `replay, ${name} streams: high or critical let through without a reviewer (both modes)`,
      result: String(figures.project.leaked + figures.default.leaked),
      goal: 'none',
      met: figures.project.leaked + figures.default.leaked === 0,
    });
  }
  return rows;
}
