import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadAnalyzer } from '../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer } from '../src/core/analyzer/types.js';
import { TIERS } from '../src/protocol/tiers.js';
import { readTierCorpus } from './corpusTiers.js';

describe('tier corpus (test/corpus/tiers.tsv)', () => {
  let analyzer: CommandAnalyzer;
  const cases = readTierCorpus();

  before(async () => {
    analyzer = await loadAnalyzer();
  });

  it('holds at least 400 commands covering every tier', () => {
    assert.ok(cases.length >= 400, `only ${cases.length} commands`);
    for (const tier of TIERS)
      assert.ok(
        cases.some((c) => c.tier === tier),
        `no ${tier} case`,
      );
  });

  it('gives every command its expected tier (all mismatches listed at once)', () => {
    const mismatches: string[] = [];
    for (const c of cases) {
      const risk = analyzer.analyze({ shell: c.command }).risk;
      if (risk.tier !== c.tier) {
        const top = risk.reasons[0];
        mismatches.push(
          `line ${c.line}: ${JSON.stringify(c.command)} expected ${c.tier}, got ${risk.tier} (${top ? `${top.code}: ${top.message}` : 'no reason'}) — ${c.why}`,
        );
      }
    }
    assert.equal(
      mismatches.length,
      0,
      `${mismatches.length} of ${cases.length} mismatches:\n${mismatches.join('\n')}`,
    );
  });

  it('keeps every score inside its tier band', () => {
    const bands = {
      safe: [0, 19],
      low: [20, 39],
      medium: [40, 59],
      high: [60, 79],
      critical: [80, 100],
    } as const;
    for (const c of cases) {
      const { tier, score } = analyzer.analyze({ shell: c.command }).risk;
      const [lo, hi] = bands[tier];
      assert.ok(score >= lo && score <= hi, `${c.command}: ${tier} ${score}`);
    }
  });
});
