import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildWhitelistIndex, suggestPatterns, validatePattern } from '../../src/core/whitelist/index.js';
import type { CompileFn } from '../../src/core/whitelist/compile.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import type { WhitelistEntry } from '../../src/store/records.js';
import { entry, getAnalyzer } from '../support/shellAnalyzer.js';

const ctx = { agent: 'claude', now: '2026-11-24T00:00:00.000Z' };
let analyzer: CommandAnalyzer;
let compile: CompileFn;

before(async () => {
  analyzer = await getAnalyzer();
  compile = (text) => analyzer.analyze({ shell: text });
});

function decide(entries: WhitelistEntry[], command: string, context = ctx): string {
  return buildWhitelistIndex(entries, compile).match(analyzer.analyze({ shell: command }), context).decision;
}

describe('buildWhitelistIndex: patterns', () => {
  it('allows one static word for *', () => {
    const e = [entry('cargo test -p *')];
    assert.equal(decide(e, 'cargo test -p core'), 'allow');
    assert.equal(decide(e, "cargo test -p 'my crate'"), 'allow');
    assert.equal(decide(e, 'cargo test -p core --release'), 'none');
    assert.equal(decide(e, 'cargo test -p'), 'none');
    assert.equal(decide(e, 'cargo test -p $CRATE'), 'none');
    assert.equal(decide(e, 'cargo test -p *'), 'none');
    assert.equal(decide(e, 'cargo test -p --all'), 'none');
  });

  it('allows any remaining static words for a final **', () => {
    const e = [entry('npm run test **')];
    assert.equal(decide(e, 'npm run test'), 'allow');
    assert.equal(decide(e, 'npm run test -- --coverage x'), 'allow');
    assert.equal(decide(e, 'npm run test $(id)'), 'none');
    assert.equal(decide(e, 'npm run lint'), 'none');
  });

  it('matches <glob:…> and <re:…> against one whole argument', () => {
    const e = [entry('npx prettier --write <glob:src/*.ts>'), entry('docker logs <re:web-[0-9]+>')];
    assert.equal(decide(e, 'npx prettier --write src/a.ts'), 'allow');
    assert.equal(decide(e, 'npx prettier --write src/a.tsx'), 'none');
    assert.equal(decide(e, 'docker logs web-12'), 'allow');
    assert.equal(decide(e, 'docker logs web-12x'), 'none');
    assert.equal(decide(e, 'docker logs xweb-12'), 'none');
  });

  it('never lets a wildcard allow a high or critical command, but an exact entry does', () => {
    assert.equal(decide([entry('git push --force origin *')], 'git push --force origin feature/x'), 'none');
    assert.equal(
      decide(
        [entry('git push --force origin feature/x', { exact: true })],
        'git push --force origin feature/x',
      ),
      'allow',
    );
    assert.equal(decide([entry('rm -rf *')], 'rm -rf ~'), 'none');
  });

  it('requires the same wrappers, env prefixes and redirects as the entry', () => {
    const e = [entry('cargo test -p *')];
    assert.equal(decide(e, 'sudo cargo test -p x'), 'none');
    assert.equal(decide(e, 'RUSTFLAGS=x cargo test -p x'), 'none');
    assert.equal(decide(e, 'cargo test -p x > out'), 'none');
    assert.equal(decide([entry('cargo test -p * > out.txt')], 'cargo test -p x > out.txt'), 'allow');
    assert.equal(decide([entry('timeout 60 cargo test -p *')], 'timeout 60 cargo test -p x'), 'allow');
    assert.equal(
      decide([entry('sudo apt-get install -y *')], 'sudo apt-get install -y jq'),
      'none',
      'sudo is high risk',
    );
  });

  it('keeps quoted program names apart from bare ones', () => {
    assert.equal(decide([entry('ls *')], '\\ls x'), 'none');
    assert.equal(decide([entry('ls *')], '/bin/ls x'), 'none');
  });
});

describe('buildWhitelistIndex: compounds', () => {
  it('allows a compound whose every command is allowed', () => {
    const e = [entry('npm ci', { exact: true }), entry('npm test **')];
    assert.equal(decide(e, 'npm ci && npm test'), 'allow');
    assert.equal(decide(e, 'npm ci && npm test && rm -rf ~'), 'none');
  });

  it('allows a compound exactly', () => {
    assert.equal(decide([entry('npm ci && npm test', { exact: true })], 'npm ci  &&  npm test'), 'allow');
    assert.equal(decide([entry('npm ci && npm test', { exact: true })], 'npm ci'), 'none');
  });

  it('allows a text filter reading a pipe, but not another program', () => {
    const e = [
      entry('git log --oneline', { exact: true }),
      entry('head -20', { exact: true }),
      entry('echo FLUSHALL', { exact: true }),
      entry('redis-cli', { exact: true }),
    ];
    assert.equal(decide(e, 'git log --oneline | head -20'), 'allow');
    assert.equal(decide(e, 'echo FLUSHALL | redis-cli'), 'none');
    assert.equal(
      decide([entry('echo FLUSHALL | redis-cli', { exact: true })], 'echo FLUSHALL | redis-cli'),
      'allow',
    );
  });

  it('needs an entry for every substitution', () => {
    const e = [entry('echo "$(git rev-parse HEAD)"', { exact: true })];
    assert.equal(decide(e, 'echo "$(git rev-parse HEAD)"'), 'allow');
    assert.equal(decide([entry('echo *')], 'echo $(git rev-parse HEAD)'), 'none');
  });

  it('never allows what cannot be parsed', () => {
    assert.equal(decide([entry('ls **')], 'ls "'), 'none');
  });
});

describe('buildWhitelistIndex: deny, scope and time', () => {
  it('lets a deny entry win over an allow entry', () => {
    const e = [entry('git push **'), entry('git push origin main', { effect: 'deny', exact: true })];
    assert.equal(decide(e, 'git push origin feature/x'), 'allow');
    assert.equal(decide(e, 'git push origin main'), 'deny');
  });

  it('applies a deny entry under wrappers, env prefixes, paths and quoting', () => {
    const e = [entry('rm -rf *', { effect: 'deny' })];
    for (const command of [
      'sudo rm -rf /x',
      'X=1 /bin/rm -rf a',
      "bash -c 'rm -rf $HOME'",
      '\\rm -rf "b"',
      'ls && rm -rf c',
    ]) {
      assert.equal(decide(e, command), 'deny', command);
    }
    assert.equal(decide(e, 'rm -f x'), 'none');
  });

  it('says which command a deny entry matched', () => {
    const index = buildWhitelistIndex([entry('curl **', { effect: 'deny' })], compile);
    const d = index.match(analyzer.analyze({ shell: 'ls && curl x' }), ctx);
    assert.equal(d.decision, 'deny');
    assert.equal(d.decision === 'deny' ? d.command : -1, 1);
  });

  it('applies agent-scoped entries only to that agent', () => {
    const e = [entry('npm test', { agent: 'ci-bot', exact: true })];
    assert.equal(decide(e, 'npm test', { ...ctx, agent: 'ci-bot' }), 'allow');
    assert.equal(decide(e, 'npm test', { ...ctx, agent: 'claude' }), 'none');
  });

  it('ignores expired and disabled entries', () => {
    assert.equal(
      decide([entry('npm test', { exact: true, expiresAt: '2026-11-23T00:00:00.000Z' })], 'npm test'),
      'none',
    );
    assert.equal(
      decide([entry('npm test', { exact: true, expiresAt: '2026-11-25T00:00:00.000Z' })], 'npm test'),
      'allow',
    );
    assert.equal(decide([entry('npm test', { exact: true, disabled: true })], 'npm test'), 'none');
  });

  it('explains a non-match in words', () => {
    const index = buildWhitelistIndex([entry('npm test', { exact: true })], compile);
    const d = index.match(analyzer.analyze({ shell: 'npm test && rm -rf ~' }), ctx);
    assert.equal(d.decision, 'none');
    assert.match(d.decision === 'none' ? d.why : '', /rm -rf ~/);
  });

  it('reports entries whose pattern does not compile, and skips them', () => {
    const index = buildWhitelistIndex([entry('ls "'), entry('ls')], compile);
    assert.equal(index.invalid.length, 1);
    assert.equal(index.size, 1);
  });
});

describe('validatePattern', () => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['(npm ci; npm test *)', /plain lists and pipelines/],
    ['echo $(npm test *)', /plain lists and pipelines/],
    ['sed -n "<range>p$X" f', /plain text/],
    ['* test', /program/],
    ['npm test ** x', /last word/],
    ['docker logs <re:(>', /regular expression/],
    ['npm test > <glob:*.log>', /only in arguments/],
    ['ls "', /parse/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text)} with a message`, () => {
      const r = validatePattern(text, compile);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.message, message);
    });
  }

  it('accepts exact commands and patterns, saying which', () => {
    assert.deepEqual(validatePattern("git  commit -m 'x'", compile), {
      ok: true,
      exact: true,
      canonical: 'git commit -m x',
    });
    const p = validatePattern('cargo test -p *', compile);
    assert.equal(p.ok && p.exact, false);
  });
});

describe('suggestPatterns', () => {
  it('offers the exact form, then wildcards, narrowest first', () => {
    assert.deepEqual(suggestPatterns(analyzer.analyze({ shell: 'cargo test -p core' })), [
      'cargo test -p core',
      'cargo test -p *',
      'cargo test **',
    ]);
  });

  it('never wildcards the subcommand alone', () => {
    assert.deepEqual(suggestPatterns(analyzer.analyze({ shell: 'npm test' })), ['npm test']);
  });

  it('offers only the exact form for high-risk commands, compounds and shell text', () => {
    assert.deepEqual(suggestPatterns(analyzer.analyze({ shell: 'rm -rf ~/x/y' })).length, 1);
    assert.deepEqual(suggestPatterns(analyzer.analyze({ shell: 'npm ci && npm test' })), [
      'npm ci && npm test',
    ]);
    assert.deepEqual(suggestPatterns(analyzer.analyze({ shell: "bash -c 'cargo test -p x'" })).length, 1);
  });

  it('offers nothing for what cannot be parsed', () => {
    assert.deepEqual(suggestPatterns(analyzer.analyze({ shell: 'ls "' })), []);
  });

  it('offers only patterns that are valid and allow the command they came from', () => {
    for (const command of [
      'cargo test -p core',
      'sudo apt-get install -y jq',
      'docker logs -f web',
      'NODE_ENV=test npx jest src/a.test.ts',
      'kubectl get pods -n dev',
    ]) {
      const analysis = analyzer.analyze({ shell: command });
      for (const s of suggestPatterns(analysis)) {
        assert.equal(validatePattern(s, compile).ok, true, s);
        assert.equal(
          buildWhitelistIndex([entry(s)], compile).match(analysis, ctx).decision,
          'allow',
          `${s} should allow ${command}`,
        );
      }
    }
  });
});

describe('checkPattern', () => {
  it('accepts a pattern that covers the command', async () => {
    const { checkPattern } = await import('../../src/core/whitelist/index.js');
    const r = checkPattern('cargo test -p *', analyzer.analyze({ shell: 'cargo test -p core' }), compile);
    assert.equal(r.ok, true);
  });

  it('refuses a pattern that does not cover the command, saying why', async () => {
    const { checkPattern } = await import('../../src/core/whitelist/index.js');
    const r = checkPattern(
      'cargo test -p *',
      analyzer.analyze({ shell: 'cargo test -p core && rm -rf ~' }),
      compile,
    );
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /does not cover/);
  });

  it('refuses a wildcard for a high-risk command', async () => {
    const { checkPattern } = await import('../../src/core/whitelist/index.js');
    const r = checkPattern(
      'git push --force origin *',
      analyzer.analyze({ shell: 'git push --force origin feature/x' }),
      compile,
    );
    assert.equal(r.ok, false);
  });
});
