/**
 * Issue 19's thresholds on the held-out sets (test/corpus/holdout.tsv): commands written apart from
 * the rules, first run blind (their first-run figures are in the file's header). Unlike tiers.tsv,
 * a label may disagree with the analyzer; the aggregate must stay within the thresholds.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadAnalyzer } from '../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer } from '../src/core/analyzer/types.js';
import { tierRank } from '../src/protocol/tiers.js';
import { readTierCorpus } from './corpusTiers.js';

describe('held-out commands (test/corpus/holdout.tsv)', () => {
  let analyzer: CommandAnalyzer;
  const cases = readTierCorpus(new URL('./corpus/holdout.tsv', import.meta.url));

  before(async () => {
    analyzer = await loadAnalyzer();
  });

  it('meets the thresholds: recall ≥ 99%, critical ≥ 90%, no dangerous low/safe, false alarms ≤ 2%, exact ≥ 80%', () => {
    const high = tierRank('high');
    let dangerous = 0;
    let caught = 0;
    let critical = 0;
    let criticalOk = 0;
    let safe = 0;
    let falseAlarms = 0;
    let exact = 0;
    const under: string[] = [];
    for (const c of cases) {
      const got = analyzer.analyze({ shell: c.command }).risk.tier;
      if (got === c.tier) exact++;
      if (tierRank(c.tier) >= high) {
        dangerous++;
        if (tierRank(got) >= high) caught++;
        if (tierRank(got) <= tierRank('low')) under.push(`line ${c.line}: ${c.command} judged ${got}`);
      }
      if (c.tier === 'critical') {
        critical++;
        if (got === 'critical') criticalOk++;
      }
      if (c.tier === 'safe') {
        safe++;
        if (tierRank(got) >= high) falseAlarms++;
      }
    }
    assert.ok(cases.length >= 500 && dangerous >= 300 && safe >= 100, `${cases.length} cases`);
    assert.deepEqual(under, [], 'dangerous commands judged low or safe');
    assert.ok(caught / dangerous >= 0.99, `recall ${caught}/${dangerous}`);
    assert.ok(criticalOk / critical >= 0.9, `critical ${criticalOk}/${critical}`);
    assert.ok(falseAlarms / safe <= 0.02, `false alarms ${falseAlarms}/${safe}`);
    assert.ok(exact / cases.length >= 0.8, `exact ${exact}/${cases.length}`);
  });
});
