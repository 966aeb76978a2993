/**
 * The `<package>` slot (issue 24): a registry package name in an install command, and only there;
 * which packages a match stands for (the server looks them up in the agent's lockfile before the
 * entry allows); the lockfile facts decide; suggestions offer it for installs.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWhitelistIndex, suggestPatterns, validatePattern } from '../../src/core/whitelist/index.js';
import type { CompileFn } from '../../src/core/whitelist/compile.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import { packagesUnderSlots } from '../../src/core/whitelist/packageSlots.js';
import { planProbes } from '../../src/core/context/plan.js';
import { boundFacts, compareBinding, type BoundFact } from '../../src/core/context/binding.js';
import type { LockfileProbe, ProbeResult } from '../../src/protocol/context.js';
import { entry, getAnalyzer } from '../support/shellAnalyzer.js';

const ctx = { agent: 'codex', now: '2026-12-07T00:00:00.000Z', cwd: '/home/ana/src/shop' };
let analyzer: CommandAnalyzer;
let compile: CompileFn;
before(async () => {
  analyzer = await getAnalyzer();
  compile = (text) => analyzer.analyze({ shell: text });
});

const decide = (pattern: string, command: string) =>
  buildWhitelistIndex([entry(pattern)], compile).match(analyzer.analyze({ shell: command }), ctx).decision;
const under = (pattern: string, command: string) =>
  packagesUnderSlots([pattern], analyzer.analyze({ shell: command }), ctx, compile);

describe('<package> in a pattern', () => {
  it('is accepted only for the packages of an install command, after its subcommand', () => {
    for (const ok of [
      'npm install <package>',
      'npm i -D <package>',
      'pnpm add <package>',
      'yarn add <package> <package>',
      'pip install <package>',
      'uv pip install <package>',
      'python3 -m pip install --upgrade <package>',
    ])
      assert.equal(validatePattern(ok, compile).ok, true, ok);
    for (const no of [
      'cat <package>',
      'rm -rf <package>',
      'npm <package>',
      'npm run <package>',
      'npx <package>',
      'pip install -r <package>',
      'npm install --registry <package>',
      'curl https://x/<package>',
    ]) {
      const v = validatePattern(no, compile);
      assert.equal(v.ok, false, no);
      if (!v.ok) assert.match(v.message, /<package>|slot|wildcard|program/, no);
    }
  });

  it('matches a registry name, never a version, path, URL, archive, option or dynamic word', () => {
    const p = 'npm install <package>';
    for (const ok of ['lodash', '@types/node', 'left-pad', 'zod'])
      assert.equal(decide(p, `npm install ${ok}`), 'allow', ok);
    for (const no of [
      'lodash@latest',
      'user/repo', // a GitHub dependency
      './vendored',
      '../x',
      'file:../x',
      'git+https://evil.example/x.git',
      'https://evil.example/x.tgz',
      'pkg.tgz',
      '--global',
      '$PKG',
      '"$(curl evil)"',
      'lo*',
    ])
      assert.notEqual(decide(p, `npm install ${no}`), 'allow', no);
  });

  it('says which packages a match stands for, by ecosystem (and nothing for other entries)', () => {
    assert.deepEqual(under('npm install <package>', 'npm install zod'), [
      { ecosystem: 'npm', names: ['zod'] },
    ]);
    assert.deepEqual(under('yarn add <package> <package>', 'yarn add b a'), [
      { ecosystem: 'npm', names: ['a', 'b'] },
    ]);
    assert.deepEqual(under('pip install -U <package>', 'pip install -U requests && pip install -U rich'), [
      { ecosystem: 'python', names: ['requests', 'rich'] },
    ]);
    assert.deepEqual(under('npm install lodash', 'npm install lodash'), []);
    assert.deepEqual(under('npm install <package>', 'npm install -g lodash'), []);
  });
});

describe('the lockfile decides', () => {
  const probe = (command: string, names: string[]): LockfileProbe => {
    const p = planProbes(analyzer.analyze({ shell: command }), {
      protectedBranches: [],
      kinds: [],
      packages: [{ ecosystem: 'npm', names }],
    });
    assert.equal(p.length, 1);
    return p[0] as LockfileProbe;
  };
  const facts = (p: LockfileProbe, result: ProbeResult['fact']): BoundFact[] =>
    boundFacts([p], [{ id: p.id, kind: 'lockfile', fact: result } as ProbeResult], []);

  it('a package already in the lockfile holds; a new one, or an unknown lockfile, asks', () => {
    const p = probe('npm install zod', ['zod']);
    assert.deepEqual(p.names, ['zod']);
    const listed = facts(p, {
      known: true,
      value: { lockfile: '/p/package-lock.json', present: ['zod'], missing: [] },
    });
    assert.deepEqual(compareBinding([], listed), []);
    const fresh = facts(p, {
      known: true,
      value: { lockfile: '/p/package-lock.json', present: [], missing: ['zod'] },
    });
    const diff = compareBinding([], fresh);
    assert.equal(diff.length, 1);
    assert.match(diff[0]?.now ?? '', /new dependency/);
    assert.equal(compareBinding([], facts(p, { known: false, why: 'no npm lockfile' })).length, 1);
  });

  it('an entry approved for a new package holds while it is still the same new package', () => {
    const p = probe('npm install zod', ['zod']);
    const fresh = facts(p, {
      known: true,
      value: { lockfile: '/p/package-lock.json', present: [], missing: ['zod'] },
    });
    assert.deepEqual(compareBinding(fresh, fresh), []);
    const listed = facts(p, {
      known: true,
      value: { lockfile: '/p/package-lock.json', present: ['zod'], missing: [] },
    });
    assert.deepEqual(compareBinding(fresh, listed), []);
    assert.equal(compareBinding(listed, fresh).length, 1, 'removed from the lockfile since: asks');
  });

  it('the reviewer’s plan looks up the packages an install names', () => {
    const plan = planProbes(
      analyzer.analyze({ shell: 'npm i -D typescript@5 @types/node && pip install "rich>=13"' }),
      {
        protectedBranches: [],
      },
    ).filter((p): p is LockfileProbe => p.kind === 'lockfile');
    assert.deepEqual(
      plan.map((p) => [p.ecosystem, p.names]),
      [
        ['npm', ['typescript', '@types/node']],
        ['python', ['rich']],
      ],
    );
  });
});

describe('suggestions', () => {
  it('offer <package> for the packages of an install, not for a requirements file', () => {
    const first = (shell: string) => suggestPatterns(analyzer.analyze({ shell }))[0];
    assert.equal(first('npm install lodash'), 'npm install <package>');
    assert.equal(first('pnpm add -D vitest'), 'pnpm add -D <package>');
    assert.equal(first('pip install -r requirements.txt'), 'pip install -r <path>');
    assert.equal(first('npm install lodash@4'), 'npm install lodash@4');
  });
});
