import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { shellOf } from '../support/shellAnalyzer.js';
import { quoteArgv, quoteWord } from '../../src/core/analyzer/shell/quote.js';
import { commandKey } from '../../src/core/analyzer/shell/commandText.js';

function corpusCommands(): string[] {
  const out: string[] = [];
  for (const file of ['pairs.tsv', 'tiers.tsv']) {
    let text: string;
    try {
      text = readFileSync(new URL(`../corpus/${file}`, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n')) {
      if (row.trim() === '' || row.startsWith('#')) continue;
      const cols = row.split('\t');
      const commands = file === 'pairs.tsv' ? cols.slice(0, 2) : cols.slice(0, 1);
      for (const c of commands) out.push(c.replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
    }
  }
  return out;
}

describe('canonical form', () => {
  const same: Array<[string, string]> = [
    ['npm  test ;', 'npm test'],
    ['echo \'a b\' "c" d\\ e', "echo 'a b' c 'd e'"],
    ['a&&b||c', 'a && b || c'],
    ['a\nb', 'a; b'],
    ["echo '*'", "echo '*'"],
    ['echo *', 'echo *'],
    ['\\rm x', "'rm' x"],
    ["r''m x", "'rm' x"],
    ['echo "it\'s"', "echo 'it'\\''s'"],
    ['echo "$HOME/x"', 'echo "$HOME"/x'],
    ['echo "$HOME"\'/x\'', 'echo "$HOME"/x'],
    ['if a\nthen b\nfi', 'if a; then b; fi'],
    ['X=1  Y="2 3" cmd >out 2>&1', "X=1 Y='2 3' cmd >out 2>&1"],
    ['ls `pwd`', 'ls $(pwd)'],
    ["cat <<-'E'\n\tx\n\tE", "cat <<'EOF'\nx\nEOF\n"],
  ];
  for (const [input, expected] of same) {
    it(`writes ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, async () => {
      assert.equal((await shellOf(input)).canonical, expected);
    });
  }

  it('is a fixed point and keeps the commands, for every corpus command', async () => {
    let checked = 0;
    for (const text of corpusCommands()) {
      const first = await shellOf(text);
      if (!first.parsed || first.canonical === null) continue;
      const second = await shellOf(first.canonical);
      assert.equal(
        second.parsed,
        true,
        `canonical of ${JSON.stringify(text)} does not parse: ${first.canonical}`,
      );
      assert.equal(second.canonical, first.canonical, `not a fixed point: ${JSON.stringify(text)}`);
      assert.deepEqual(
        second.commands.map(commandKey),
        first.commands.map(commandKey),
        `commands differ for ${JSON.stringify(text)}`,
      );
      checked++;
    }
    assert.ok(checked >= 150, `checked ${checked}`);
  });

  it('is null when the command cannot be parsed', async () => {
    assert.equal((await shellOf('echo "')).canonical, null);
  });
});

describe('quoteArgv', () => {
  it('quotes each word so bash reads back the same argv', async () => {
    const argv = ['rm', '-rf', 'a b', "it's", '*', '$HOME', '', 'x\ny', '~', 'if'];
    const a = await shellOf(quoteArgv(argv));
    assert.deepEqual(
      a.commands[0]?.argv.map((w) => w.value),
      argv,
    );
    assert.ok(a.commands[0]?.argv.every((w) => w.dynamic.length === 0));
  });

  it('leaves safe words bare', () => {
    assert.equal(quoteArgv(['git', 'commit', '-m', 'msg']), 'git commit -m msg');
    assert.equal(quoteWord('a=b,c:d/e.f@g%h+i'), 'a=b,c:d/e.f@g%h+i');
  });

  it('quotes a program that bash would read as a keyword or an assignment', () => {
    assert.equal(quoteArgv(['if', 'x']), "'if' x");
    assert.equal(quoteArgv(['A=1', 'x']), "'A=1' x");
  });
});
