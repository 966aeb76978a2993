/**
 * Fuzzing the shell layer: random and mutated corpus commands never throw, stay within a time
 * bound, and garbage is never "parsed". Parsed input has a canonical form that is a fixed point.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyzeShell } from '../../src/core/analyzer/shell/analyzeShell.js';
import { loadShellParser } from '../../src/runtime/loadAnalyzer.js';
import type { ShellParser } from '../../src/core/analyzer/shell/analyzeShell.js';
import { commandKey } from '../../src/core/analyzer/shell/commandText.js';

const BOUND_MS = 50;
let unparsedCanonical = 0;
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
let parser: ShellParser;

before(async () => {
  parser = await loadShellParser();
});

function corpus(): string[] {
  const text = readFileSync(new URL('../corpus/pairs.tsv', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .flatMap((l) => l.split('\t').slice(0, 2))
    .map((c) => c.replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
}

/**
 * Analyses within the bound. The machine is shared (GC pauses, other processes): an input fails
 * only when its fastest of three runs is over the bound.
 */
function timed(text: string): ReturnType<typeof analyzeShell> {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const t0 = performance.now();
    const result = analyzeShell(parser, text);
    best = Math.min(best, performance.now() - t0);
    if (best <= BOUND_MS) return result;
  }
  assert.fail(`${best.toFixed(1)} ms for ${JSON.stringify(text.slice(0, 200))}`);
}

const META = [
  ';',
  '&',
  '|',
  '&&',
  '||',
  '$(',
  ')',
  '`',
  '"',
  "'",
  '\\',
  '\n',
  '<<',
  'EOF',
  '<(',
  '{',
  '}',
  '*',
  '~',
  '$',
  '#',
  ' ',
  '=',
  '>',
  '2>&1',
  '$((',
  '${',
  'sh -c ',
  'sudo ',
  'eval ',
];

const mutated = (commands: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...commands),
      fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...META)), { maxLength: 4 }),
    )
    .map(([text, edits]) => {
      let out = text;
      for (const [at, kind, insert] of edits) {
        const i = out.length === 0 ? 0 : at % (out.length + 1);
        if (kind === 0) out = out.slice(0, i) + out.slice(i + 1);
        else if (kind === 1) out = out.slice(0, i) + insert + out.slice(i + 1);
        else out = out.slice(0, i) + insert + out.slice(i);
      }
      return out;
    });

describe('analyzeShell under fuzzing', () => {
  it(`never throws and stays under ${BOUND_MS} ms on random text`, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        const a = timed(text);
        assert.equal(typeof a.parsed, 'boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it(`never throws and stays under ${BOUND_MS} ms on mutated corpus commands; parsed input has a stable canonical form`, () => {
    fc.assert(
      fc.property(mutated(corpus()), (text) => {
        const a = timed(text);
        if (!a.parsed) {
          assert.equal(a.canonical, null);
          return;
        }
        assert.notEqual(a.canonical, null);
        const again = analyzeShell(parser, a.canonical ?? '');
        // tree-sitter fails on a few canonical forms of odd input (a brace word as the program):
        // such a form cannot be stored as an entry, so nothing is allowed by it. Counted below.
        if (!again.parsed) {
          unparsedCanonical++;
          return;
        }
        assert.equal(again.canonical, a.canonical, `canonical not stable for ${JSON.stringify(text)}`);
        assert.deepEqual(
          again.commands.map(commandKey),
          a.commands.map(commandKey),
          `commands differ for ${JSON.stringify(text)}`,
        );
      }),
      { numRuns: RUNS },
    );
    assert.ok(unparsedCanonical <= RUNS / 100, `${unparsedCanonical} canonical forms did not parse`);
  });

  it('returns parsed: false for garbage (an unterminated quote)', () => {
    const chars = fc.constantFrom(...'abc xyz;|&()$`{}[]*?~=-_./0123456789\n\t'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 120 }), (parts) => {
        const a = timed(parts.join('') + ' "unterminated');
        assert.equal(a.parsed, false);
        assert.equal(a.canonical, null);
      }),
      { numRuns: RUNS },
    );
  });

  it('bounds adversarial input: 64 KiB, deep nesting, many commands', () => {
    const inputs = [
      'a'.repeat(64 * 1024),
      'echo ' + '"$('.repeat(5000) + 'x' + ')"'.repeat(5000),
      '('.repeat(20000) + 'x' + ')'.repeat(20000),
      '{ '.repeat(10000) + 'x' + '; }'.repeat(10000),
      Array.from({ length: 8000 }, (_, i) => `c${i}`).join(' && '),
      Array.from({ length: 6000 }, () => 'a |').join(' ') + ' b',
      'echo ' + "$'\\x41'".repeat(8000),
      'x=' + '${a:-'.repeat(3000) + '}'.repeat(3000),
      'sh -c "'.repeat(20) + 'ls' + '"'.repeat(20),
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      const a = analyzeShell(parser, text.slice(0, 64 * 1024));
      const ms = performance.now() - t0;
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms for ${JSON.stringify(text.slice(0, 40))}…`);
      assert.equal(typeof a.parsed, 'boolean');
    }
  });
});
