import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createCommandAnalyzer, inputSource, view } from '../../src/core/analyzer/analyze.js';
import { loadShellParser, loadSqlParser } from '../../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import { getAnalyzer } from '../support/shellAnalyzer.js';

let analyzer: CommandAnalyzer;
before(async () => {
  analyzer = await getAnalyzer();
});

describe('createCommandAnalyzer', () => {
  it('analyses a shell string into commands, risk, SQL and a canonical form', () => {
    const a = analyzer.analyze({ shell: "psql -c 'DELETE FROM users'  &&  ls" });
    assert.equal(a.parsed, true);
    assert.equal(a.canonical, "psql -c 'DELETE FROM users' && ls");
    assert.deepEqual(
      a.commands.map((c) => c.program),
      ['psql', 'ls'],
    );
    assert.equal(a.risk.perCommand.length, 2);
    assert.ok(a.sql.some((s) => s.statement === 'DELETE' && s.command === 0));
  });

  it('quotes argv input so that it parses back to the same argv', () => {
    const input = { argv: ['git', 'commit', '-m', "it's $(done)"] };
    assert.equal(inputSource(input), "git commit -m 'it'\\''s $(done)'");
    const a = analyzer.analyze(input);
    assert.deepEqual(
      a.commands[0]?.argv.map((w) => w.value),
      input.argv,
    );
    assert.equal(a.commands.length, 1);
  });

  it('fails closed when the risk layer throws: every command is high', async () => {
    const broken = createCommandAnalyzer({
      shellParser: await loadShellParser(),
      sqlParser: await loadSqlParser(),
      sqlEffects: () => {
        throw new Error('boom');
      },
      assessRisk: () => {
        throw new Error('boom');
      },
    });
    const a = broken.analyze({ shell: 'ls && pwd' });
    assert.equal(a.risk.tier, 'high');
    assert.deepEqual(a.risk.perCommand, ['high', 'high']);
    assert.ok(a.findings.some((f) => f.code === 'sql.error'));
  });

  it('marks unparsed input and gives it no canonical form', () => {
    const a = analyzer.analyze({ shell: 'echo "unterminated' });
    assert.equal(a.parsed, false);
    assert.equal(a.canonical, null);
  });
});

describe('view', () => {
  it('shows parts, summary, tier and suggestions', () => {
    const v = view(analyzer.analyze({ shell: 'sudo bash -c "cargo test -p core" && cargo test -p core' }));
    assert.deepEqual(v.parts, ['sudo bash -c › cargo test -p core', 'cargo test -p core']);
    assert.equal(v.parsed, true);
    assert.deepEqual(v.suggestions, ["sudo bash -c 'cargo test -p core' && cargo test -p core"]);
  });

  it('says when a command could not be understood', () => {
    const v = view(analyzer.analyze({ shell: 'ls ;;' }));
    assert.equal(v.parsed, false);
    assert.match(v.summary[0] ?? '', /could not be fully understood/);
    assert.deepEqual(v.suggestions, []);
  });

  it('puts SQL summaries in the summary', () => {
    const v = analyzer.view(analyzer.analyze({ shell: "psql -c 'UPDATE users SET admin = true'" }));
    assert.ok(
      v.summary.some((s) => /UPDATE/i.test(s)),
      JSON.stringify(v.summary),
    );
  });
});
