/**
 * The golden pairs corpus (test/corpus/pairs.tsv): a whitelist holding only the approved command
 * (as an exact entry) must allow every "same" candidate and no "different" one.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildWhitelistIndex } from '../../src/core/whitelist/index.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import { entry, getAnalyzer } from '../support/shellAnalyzer.js';

interface Pair {
  line: number;
  approved: string;
  candidate: string;
  same: boolean;
  why: string;
}

function decode(text: string): string {
  return text.replace(/\\([nt\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

/** Only `\n` and `\t` are escapes; a backslash before anything else is kept (shell escapes). */
function decodeCommand(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

export function readPairs(): Pair[] {
  const text = readFileSync(new URL('../corpus/pairs.tsv', import.meta.url), 'utf8');
  const pairs: Pair[] = [];
  text.split('\n').forEach((row, i) => {
    if (row.trim() === '' || row.startsWith('#')) return;
    const [approved, candidate, kind, why] = row.split('\t');
    if (approved === undefined || candidate === undefined || (kind !== 'same' && kind !== 'different')) {
      throw new Error(`pairs.tsv line ${i + 1}: expected 4 tab-separated columns`);
    }
    pairs.push({
      line: i + 1,
      approved: decodeCommand(approved),
      candidate: decodeCommand(candidate),
      same: kind === 'same',
      why: decode(why ?? ''),
    });
  });
  return pairs;
}

describe('whitelist equivalence corpus (pairs.tsv)', () => {
  const pairs = readPairs();
  let analyzer: CommandAnalyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });

  it('has at least 150 pairs, both kinds', () => {
    assert.ok(pairs.length >= 150, `${pairs.length} pairs`);
    assert.ok(pairs.some((p) => p.same) && pairs.some((p) => !p.same));
  });

  for (const p of pairs) {
    const verb = p.same ? 'allows' : 'does not allow';
    it(`${verb} ${JSON.stringify(p.candidate)} after approving ${JSON.stringify(p.approved)} (${p.why})`, () => {
      const approved = analyzer.analyze({ shell: p.approved });
      assert.equal(
        approved.parsed,
        true,
        `line ${p.line}: the approved command must parse: ${JSON.stringify(approved.findings)}`,
      );
      const compile = (text: string) => analyzer.analyze({ shell: text });
      const index = buildWhitelistIndex([entry(approved.canonical ?? '', { exact: true })], compile);
      assert.deepEqual(index.invalid, []);
      const decision = index.match(analyzer.analyze({ shell: p.candidate }), {
        agent: 'a',
        now: '2026-11-24T00:00:00Z',
      });
      assert.equal(
        decision.decision,
        p.same ? 'allow' : decision.decision === 'deny' ? 'deny' : 'none',
        `line ${p.line}: ${JSON.stringify(decision)}`,
      );
    });
  }
});
