/**
 * Equivalence pairs written blind (test/corpus/pairs-holdout.tsv): a whitelist holding only the
 * approved command must never allow a "different" candidate, and must recognise at least the share
 * of "same" candidates it did when the set was added (a floor: a regression fails, progress raises it).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildWhitelistIndex } from '../../src/core/whitelist/index.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import { entry, getAnalyzer } from '../support/shellAnalyzer.js';

/** Recognised "same" pairs when the floor was last set (157 of 173, three blind sets, ninth session). */
const SAME_FLOOR = 157;

const decode = (t: string) =>
  t.replace(/\\([nt\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));

function readPairs() {
  const text = readFileSync(new URL('../corpus/pairs-holdout.tsv', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((row) => row.trim() !== '' && !row.startsWith('#'))
    .map((row, i) => {
      const [approved, candidate, kind, why] = row.split('\t');
      if (!approved || !candidate || (kind !== 'same' && kind !== 'different'))
        throw new Error(`pairs-holdout.tsv row ${i + 1}: expected 4 tab-separated columns`);
      return { approved: decode(approved), candidate: decode(candidate), same: kind === 'same', why };
    });
}

describe('blind equivalence pairs (pairs-holdout.tsv)', () => {
  const pairs = readPairs();
  let analyzer: CommandAnalyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });

  const allowed = (approvedText: string, candidateText: string): boolean => {
    const approved = analyzer.analyze({ shell: approvedText });
    const index = buildWhitelistIndex([entry(approved.canonical ?? '', { exact: true })], (t: string) =>
      analyzer.analyze({ shell: t }),
    );
    const decision = index.match(analyzer.analyze({ shell: candidateText }), {
      agent: 'a',
      now: '2026-12-07T00:00:00Z',
    });
    return decision.decision === 'allow';
  };

  it('allows no candidate that could behave differently', () => {
    const falseAllows = pairs
      .filter((p) => !p.same && allowed(p.approved, p.candidate))
      .map((p) => `${p.approved}  ->  ${p.candidate}  (${p.why})`);
    assert.deepEqual(falseAllows, []);
  });

  it(`recognises at least ${SAME_FLOOR} of the equivalent spellings`, () => {
    const same = pairs.filter((p) => p.same);
    const recognised = same.filter((p) => allowed(p.approved, p.candidate)).length;
    assert.ok(recognised >= SAME_FLOOR, `${recognised} of ${same.length} recognised`);
  });
});
