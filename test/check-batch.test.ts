import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { loadAnalyzer } from '../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer } from '../src/core/analyzer/types.js';
import { createBatchChecker, runBatch } from '../src/cli/checkBatch.js';

describe('createBatchChecker (expacti check --jsonl, in process)', () => {
  let analyzer: CommandAnalyzer;
  let check: ReturnType<typeof createBatchChecker>;

  before(async () => {
    analyzer = await loadAnalyzer();
    check = createBatchChecker(analyzer);
  });

  it('answers tier, score, reasons and allowed for a command', () => {
    const out = check(JSON.stringify({ cmd: 'rm -rf ~' }));
    assert.ok('tier' in out);
    assert.equal(out.tier, 'critical');
    assert.ok(out.score >= 80);
    assert.equal(out.allowed, false);
    assert.deepEqual(Object.keys(out.reasons[0] ?? {}).sort(), ['code', 'message']);
  });

  it('allows only what exact entries of the allowed list would auto-allow', () => {
    const allowed = (cmd: string, list: string[]) => {
      const out = check(JSON.stringify({ cmd, allowed: list }));
      return 'allowed' in out ? out.allowed : null;
    };
    assert.equal(allowed('npm test', ['npm test']), true);
    assert.equal(allowed('npm  test ;', ['npm test']), true);
    assert.equal(allowed('npm test && rm -rf ~', ['npm test']), false);
    assert.equal(allowed('git status > ~/.bashrc', ['git status']), false);
    assert.equal(allowed('git status && npm test', ['git status', 'npm test']), true);
    assert.equal(allowed('npm test', []), false);
    assert.equal(allowed('ls $(rm -rf ~)', ['ls $(rm -rf ~)']), true);
    assert.equal(allowed('ls "unterminated', ['ls "unterminated']), false);
  });

  it('answers a malformed line with an error object, never a throw', () => {
    const code = (line: string) => {
      const out = check(line);
      return 'error' in out ? out.error.code : null;
    };
    assert.equal(code('{'), 'check.invalid-json');
    assert.equal(code('"just a string"'), 'check.invalid-input');
    assert.equal(code('null'), 'check.invalid-input');
    assert.equal(code('{"cmd": ["ls"]}'), 'check.invalid-input');
    assert.equal(code('{"cmd": "ls", "allowed": [1]}'), 'check.invalid-input');
    assert.equal(code('x'.repeat(600 * 1024)), 'check.too-large');
  });

  it('keeps input order and skips blank lines', async () => {
    const lines: string[] = [];
    const n = await runBatch(
      analyzer,
      Readable.from(['{"cmd":"ls"}\n\n', 'oops\n{"cmd":"sudo ls"}\n']),
      (l) => lines.push(l),
    );
    assert.equal(n, 3);
    const parsed = lines.map((l) => JSON.parse(l) as { tier?: string; error?: unknown });
    assert.equal(parsed[0]?.tier, 'safe');
    assert.ok(parsed[1]?.error);
    assert.equal(parsed[2]?.tier, 'high');
  });
});
