/**
 * Typed slots (`<path>`, `<range>`, `<int>`, `<branch>`, `<test>`) and compound patterns: each slot
 * matches only static text of its type in the request's context — never an option, a substitution,
 * a glob, another program, a path leaving the project, a protected branch — and high or critical
 * commands stay exact-only.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildWhitelistIndex, suggestPatterns, validatePattern } from '../../src/core/whitelist/index.js';
import type { CompileFn } from '../../src/core/whitelist/compile.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import type { WhitelistEntry } from '../../src/store/records.js';
import { entry, getAnalyzer } from '../support/shellAnalyzer.js';

const ctx = {
  agent: 'codex',
  now: '2026-12-06T00:00:00.000Z',
  cwd: '/home/ana/src/shop',
  protectedBranches: ['deploy', 'env/*'],
};
let analyzer: CommandAnalyzer;
let compile: CompileFn;

before(async () => {
  analyzer = await getAnalyzer();
  compile = (text) => analyzer.analyze({ shell: text });
});

function decide(entries: WhitelistEntry[], command: string, context: typeof ctx | object = ctx): string {
  return buildWhitelistIndex(entries, compile).match(analyzer.analyze({ shell: command }), {
    ...ctx,
    ...context,
  }).decision;
}

describe('typed slots', () => {
  it('<path> matches paths inside the project only, judged lexically', () => {
    const e = [entry('rm -f <path>')];
    for (const ok of ['build/app.o', 'src/a b.ts', './x', 'dist/../build/y', '/home/ana/src/shop/tmp/z'])
      assert.equal(decide(e, `rm -f '${ok}'`), 'allow', ok);
    for (const no of [
      '../other/x',
      'src/../../x',
      '/etc/hosts',
      '/home/ana/src/shopping/x', // a sibling with the same prefix
      '.git/config',
      '.env',
      'CLAUDE.md',
      '-rf',
    ])
      assert.notEqual(decide(e, `rm -f '${no}'`), 'allow', no);
    assert.equal(decide(e, 'rm -f $TARGET'), 'none', 'a variable is never a slot');
    assert.equal(decide(e, 'rm -f build/*.o'), 'none', 'a glob is never a slot');
    assert.equal(decide(e, 'rm -f ~/x'), 'none');
    assert.equal(decide(e, 'rm -f a b'), 'none', 'one slot is one word');
  });

  it('<path> matches nothing where the working directory is not a project (/, a home, a top-level dir)', () => {
    const e = [entry('rm -f <path>')];
    for (const cwd of ['/', '/home/ana', '/root', '/tmp', '/Users/ana'])
      assert.equal(decide(e, 'rm -f x.o', { cwd }), 'none', cwd);
  });

  it('<range> and <int> are parts of a word when written so', () => {
    const e = [entry("sed -n '<range>p' <path>"), entry('head -n <int> <path>')];
    assert.equal(decide(e, "sed -n '1,200p' src/app.ts"), 'allow');
    assert.equal(decide(e, 'sed -n 40,+20p src/app.ts'), 'allow');
    assert.equal(decide(e, "sed -n '5p' README.md"), 'allow');
    assert.equal(decide(e, "sed -n '1,200w /tmp/x' src/app.ts"), 'none', 'another sed command');
    assert.equal(decide(e, "sed -n '1,200p;e id' src/app.ts"), 'none');
    assert.equal(decide(e, "sed -n '1,200p' /etc/passwd"), 'none');
    assert.equal(decide(e, 'head -n 40 package.json'), 'allow');
    assert.equal(decide(e, 'head -n x package.json'), 'none');
  });

  it('<branch> never matches a protected branch, the org’s or the usual ones', () => {
    const e = [entry('git push origin <branch>'), entry('git checkout -b <branch>')];
    assert.equal(decide(e, 'git push origin feature/login'), 'allow');
    assert.equal(decide(e, 'git checkout -b fix-123'), 'allow');
    for (const b of [
      'main',
      'master',
      'deploy',
      'env/prod',
      'release/1.2',
      'HEAD',
      'a..b',
      '+main',
      'x:main',
    ])
      assert.notEqual(decide(e, `git push origin '${b}'`), 'allow', b);
  });

  it('<test> takes names and project test files with selectors', () => {
    const e = [entry('pytest -q <test>')];
    assert.equal(decide(e, 'pytest -q tests/test_api.py::test_get'), 'allow');
    assert.equal(decide(e, "pytest -q 'tests/test_api.py::TestUser::test_x[1-2]'"), 'allow');
    assert.equal(decide(e, 'pytest -q test_login'), 'allow');
    assert.equal(decide(e, 'pytest -q ../elsewhere/test_x.py'), 'none');
    assert.equal(decide(e, 'pytest -q --pdb'), 'none');
  });

  it('a slot never stands for the program, and high or critical commands stay exact-only', () => {
    assert.equal(validatePattern('<path> --version', compile).ok, false);
    const e = [entry('git push <branch> <branch>')];
    assert.equal(decide(e, 'git push --force feature x'), 'none');
    assert.equal(decide([entry('chmod 755 <path>')], 'chmod 755 bin/run'), 'allow');
    assert.equal(decide([entry('rm -rf <path>')], 'rm -rf src'), 'none', 'rm -rf of a source tree is high');
  });

  it('a deny entry with a slot matches the slot’s shape anywhere, and dynamic words too', () => {
    const e = [entry('git push origin <branch>', { effect: 'deny' })];
    assert.equal(decide(e, 'git push origin feature/x'), 'deny');
    assert.equal(decide(e, 'git push origin main'), 'deny');
    assert.equal(decide(e, 'git push origin $B'), 'deny');
  });
});

describe('compound patterns', () => {
  it('match when every part matches its command, in the same shape', () => {
    const e = [entry("nl -ba <path> | sed -n '<range>p'")];
    assert.equal(decide(e, "nl -ba src/server/app.ts | sed -n '1,160p'"), 'allow');
    assert.equal(decide(e, 'nl -ba src/a.ts|sed -n 5,9p'), 'allow');
    assert.equal(decide(e, "nl -ba src/a.ts; sed -n '1,160p'"), 'none', 'not a pipeline');
    assert.equal(decide(e, "nl -ba src/a.ts | sed -n '1,160p' | sh"), 'none');
    assert.equal(decide(e, "nl -ba /etc/shadow | sed -n '1,160p'"), 'none');
  });

  it('let a part read the pipe where a single-command entry could not', () => {
    const e = [entry('git diff <path> | python3 -c <path>')];
    // python3 -c with a path-shaped program text is not static code: the analysis judges it, the shape holds it.
    assert.equal(decide(e, 'git diff src | python3 -m json.tool'), 'none');
    const lines = [entry('git log --oneline -n <int> | wc -l')];
    assert.equal(decide(lines, 'git log --oneline -n 30 | wc -l'), 'allow');
  });
});

describe('typed suggestions (offered first)', () => {
  const first = (shell: string) => suggestPatterns(analyzer.analyze({ shell }))[0];
  it('generalise what agents vary between otherwise equal commands, and nothing else', () => {
    const cases: Array<[string, string]> = [
      ["nl -ba src/server/app.ts | sed -n '1,120p'", 'nl -ba <path> | sed -n <range>p'],
      ["sed -n '1,200p' src/app.ts", 'sed -n <range>p <path>'],
      ['git push origin feature/x', 'git push origin <branch>'],
      ['git checkout -b fix/login-42', 'git checkout -b <branch>'],
      ['pytest -q tests/test_api.py::test_get', 'pytest -q <test>'],
      ['head -n 50 README.md', 'head -n <int> <path>'],
      ['grep -rn TODO src/', 'grep -rn TODO <path>'],
      ['cat package.json | jq .scripts', 'cat <path> | jq .scripts'], // a jq filter stays literal
    ];
    for (const [command, typed] of cases) assert.equal(first(command), typed, command);
  });

  it('offer none for high or critical commands, code runners, or commands with nothing typed', () => {
    for (const command of [
      'git push origin main',
      'python scripts/gen.py',
      'bash -c "ls src"',
      'npm test',
      "git commit -m 'fix: x'",
      'ls $DIR/src',
    ]) {
      const analysis = analyzer.analyze({ shell: command });
      assert.equal(first(command), analysis.canonical, command);
    }
  });

  it('cover the command they came from, and not one leaving the project', () => {
    const typed = first("nl -ba src/app.ts | sed -n '1,80p'") as string;
    assert.equal(decide([entry(typed)], "nl -ba src/app.ts | sed -n '1,80p'"), 'allow');
    assert.equal(decide([entry(typed)], "nl -ba lib/other.ts | sed -n '200,260p'"), 'allow');
    assert.equal(decide([entry(typed)], "nl -ba ../../.ssh/id_rsa | sed -n '1,80p'"), 'none');
  });
});
