/**
 * Hidden characters as a risk finding of their own (text.hidden-characters), and the whitelist
 * never allowing a command that carries them.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWhitelistIndex, validatePattern } from '../../src/core/whitelist/index.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import type { CommandInput } from '../../src/protocol/api.js';
import { HOSTILE_COMMANDS } from '../support/hostileText.js';
import { entry, getAnalyzer } from '../support/shellAnalyzer.js';

let analyzer: CommandAnalyzer;
before(async () => {
  analyzer = await getAnalyzer();
});

function hidden(input: CommandInput): { tier: string; finding?: string; message?: string } {
  const a = analyzer.analyze(input);
  const f = a.findings.find((x) => x.code === 'text.hidden-characters');
  return { tier: a.risk.tier, finding: f?.tier, message: f?.message };
}

const TIERS = ['safe', 'low', 'medium', 'high', 'critical'];
const atLeast = (tier: string, min: string) => TIERS.indexOf(tier) >= TIERS.indexOf(min);

describe('the hidden-characters finding', () => {
  for (const h of HOSTILE_COMMANDS.filter((x) => !/HTML|javascript|two lines/.test(x.name))) {
    it(`judges "${h.name}" at least medium, with a reason of its own`, () => {
      const r = hidden({ shell: h.text });
      assert.ok(r.finding, `a finding for ${JSON.stringify(h.text)}`);
      assert.ok(atLeast(r.tier, 'medium'), `${r.tier} for ${JSON.stringify(h.text)}`);
    });
  }

  const high: Array<[string, string]> = [
    ['rm -rf ~/important # \x1b[2K\rls -la', 'text after a CR in a comment overprints the command'],
    ['rm -rf ./build\rls', 'a bare CR hides a low-tier destructive command'],
    ['ls # \u202e ~ fr- mr', 'a bidi override, even in a comment'],
    ['r\u043c -rf ~/x', 'a program name with a Cyrillic letter'],
    ['ls\u200b -la', 'a program name with a zero-width space'],
    ['\uff4c\uff53', 'a fullwidth program name'],
    ["cat <<'EOF' > x.txt\r\nhello\nEOF\n", 'a CR ends a word (bash writes to a file named x.txt<CR>)'],
  ];
  for (const [text, why] of high)
    it(`is high when ${why}`, () => assert.equal(hidden({ shell: text }).finding, 'high'));

  const medium: Array<[string, string]> = [
    ['ls -la \u200b', 'a zero-width space between words'],
    ['git commit -m "fix\u200b"', 'a zero-width space inside quotes'],
    ['ls -la # note\u00a0here', 'a no-break space in a comment'],
    ['ls\t-la', 'a bare tab'],
  ];
  for (const [text, why] of medium)
    it(`is medium for ${why}`, () => assert.equal(hidden({ shell: text }).finding, 'medium'));

  const none: Array<[string, string]> = [
    ['git commit -m "café déjà vu"', 'accented letters'],
    ['git commit -m "Исправлена ошибка"', 'another script inside quotes'],
    ['git commit -m "family 👨\u200d👩\u200d👧"', 'the joiner inside an emoji in quotes'],
    ["printf 'a\tb'", 'a tab inside quotes'],
    ["echo 'x\u00a0y'", 'a no-break space inside quotes'],
    ['echo "\u05e9\u05dc\u05d5\u05dd\u200f!"', 'a right-to-left mark beside Hebrew in quotes'],
    ["cat <<'EOF' > x.txt\nhello\r\nworld\r\nEOF\n", 'CRLF line ends inside a heredoc body'],
    ["printf '\\e[31mred\\e[0m'", 'escapes written as text (visible)'],
  ];
  for (const [text, why] of none)
    it(`is not raised for ${why}`, () => assert.equal(hidden({ shell: text }).finding, undefined));

  it('looks at argv words for argv input (quoted as $-strings in the source)', () => {
    assert.equal(hidden({ argv: ['echo', 'ok\x1b[2K\rls'] }).finding, 'high');
    assert.equal(hidden({ argv: ['r\u043c', '-rf', '/'] }).finding, 'high');
    assert.equal(hidden({ argv: ['git', 'commit', '-m', 'Исправлена'] }).finding, undefined);
  });

  it('names the characters and where they are, without the raw characters', () => {
    const r = hidden({ shell: 'rm -rf ~/important # \x1b[2K\rls -la' });
    assert.match(r.message ?? '', /U\+001B ESCAPE, U\+000D CARRIAGE RETURN in a comment/);
  });
});

describe('the whitelist and hidden characters', () => {
  const decide = (patterns: string[], command: string, exact = false) =>
    buildWhitelistIndex(
      patterns.map((p) => entry(p, { exact })),
      (t) => analyzer.analyze({ shell: t }),
    ).match(analyzer.analyze({ shell: command }), { agent: 'a', now: 0 }).decision;

  it('never lets a wildcard match a word with hidden characters', () => {
    assert.equal(decide(['git commit -m *'], 'git commit -m "fix"'), 'allow');
    assert.equal(decide(['git commit -m *'], 'git commit -m "fix\u200b"'), 'none');
    assert.equal(decide(['echo **'], 'echo ok \x1b[31mred'), 'none');
  });

  it('does not allow a command whose hidden characters sit in a comment, even by an exact entry', () => {
    assert.equal(decide(['ls -la'], 'ls -la'), 'allow');
    assert.equal(decide(['ls -la'], 'ls -la # \x1b[2K\rok'), 'none');
    assert.equal(decide(['ls -la'], 'ls -la # \x1b[2K\rok', true), 'none');
  });

  it('still applies deny entries to such commands', () => {
    const index = buildWhitelistIndex([entry('rm **', { effect: 'deny' })], (t) =>
      analyzer.analyze({ shell: t }),
    );
    const d = index.match(analyzer.analyze({ shell: 'rm -rf ~/x # \r' }), { agent: 'a', now: 0 });
    assert.equal(d.decision, 'deny');
  });

  it('refuses a pattern that contains hidden characters, saying why', () => {
    const r = validatePattern('echo "a\u202eb"', (t) => analyzer.analyze({ shell: t }));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /hidden characters/);
  });
});
