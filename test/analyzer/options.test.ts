/**
 * The option table (src/core/analyzer/options): which spellings it proves equal, and which it
 * refuses to merge; the files and programs options write and run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeArgv } from '../../src/core/analyzer/options/normalize.js';
import { optionEffects } from '../../src/core/analyzer/options/effects.js';
import { tableSplit } from '../../src/core/analyzer/risk/tableView.js';
import type { Word } from '../../src/core/analyzer/types.js';
import { shellOf } from '../support/shellAnalyzer.js';

const words = (...values: string[]): Word[] =>
  values.map((value) => ({ raw: value, value, dynamic: [], quoted: false }));
const normal = (...values: string[]): string | null =>
  normalizeArgv(words(...values))
    ?.map((w) => w.value)
    .join(' ') ?? null;

describe('normalizeArgv', () => {
  it('writes each option once, by its preferred name, values as the next word, sorted', () => {
    assert.equal(normal('ls', '-al', 'src'), 'ls -a -l src');
    assert.equal(normal('ls', '--all', '-l', '--', 'src'), 'ls -a -l src');
    assert.equal(normal('grep', '--recursive', '-n', '--regexp=foo', 'src'), 'grep -n -r foo src');
    assert.equal(normal('head', '-20', 'f'), 'head -n 20 f');
    assert.equal(normal('git', 'log', 'main', '--oneline', '-5'), 'git log --oneline -n 5 main');
  });

  it('resolves subcommand aliases and takes global options anywhere where the program does', () => {
    assert.equal(normal('npm', 'i', 'zod', '--save-dev'), 'npm install -D zod');
    assert.equal(normal('kubectl', '-n', 'prod', 'get', 'po'), 'kubectl get -n prod pods');
    assert.equal(normal('docker', 'ps', '--all'), 'docker container ls -a');
    assert.equal(normal('cargo', 't', '-p', 'core'), 'cargo test -p core');
  });

  it('keeps the order of options that override one another, and of repeated values', () => {
    assert.equal(normal('ls', '-l', '-1'), 'ls -l -1');
    assert.equal(normal('rm', '-i', '-f', 'x'), 'rm -i -f x');
    assert.equal(normal('sed', '-e', 'b', '-e', 'a', 'f'), 'sed -e b -e a f');
    assert.equal(normal('pytest', '-v', '-v'), 'pytest -v -v');
  });

  it('keeps -- where it means more than the end of options, and where an operand needs it', () => {
    assert.equal(normal('git', 'checkout', '--', 'main'), 'git checkout -- main');
    assert.equal(normal('rm', '-f', '--', '-x'), 'rm -f -- -x');
    assert.equal(normal('npm', 'run', 'build', '--', '-u'), 'npm run build -- -u');
  });

  it('reads the spellings a program documents as one command', () => {
    // npm/pnpm/yarn test runs the test script through run-script
    assert.equal(normal('npm', 'run', 'test', '--', '-u'), 'npm test -- -u');
    assert.equal(normal('npm', 'run', 'test:unit'), 'npm run test:unit');
    // bare subcommands: only when nothing follows
    assert.equal(normal('git', 'stash'), 'git stash push');
    assert.equal(normal('git', 'stash', 'pop'), null);
    assert.equal(normal('yarn'), 'yarn install');
    assert.equal(normal('yarn', '--frozen-lockfile'), 'yarn --frozen-lockfile');
    // HEAD's ancestry, as the first operand of a subcommand that reads a revision
    assert.equal(normal('git', 'reset', '--hard', 'HEAD^'), 'git reset --hard HEAD~1');
    assert.equal(normal('git', 'reset', '--hard', '@~'), 'git reset --hard HEAD~1');
    assert.equal(normal('git', 'show', 'HEAD^^~3^2~1'), 'git show HEAD~5^2~1');
    assert.equal(normal('git', 'show', 'HEAD^0'), 'git show HEAD^0');
    assert.equal(normal('git', 'add', 'HEAD^'), 'git add HEAD^');
    assert.equal(normal('git', 'diff', 'HEAD', '--', 'HEAD^'), 'git diff HEAD -- HEAD^');
    // shorthands and implied options
    assert.equal(normal('git', 'log', '--pretty=oneline', '--abbrev-commit'), 'git log --oneline');
    assert.equal(normal('git', 'log', '--pretty=oneline'), 'git log --pretty=oneline');
    assert.equal(
      normal('git', 'log', '--oneline', '--format=%H'),
      'git log --abbrev-commit --pretty=oneline --pretty=tformat:%H',
    );
    assert.equal(normal('git', 'tag', 'v1', '-m', 'x'), 'git tag -a -m x v1');
    assert.equal(normal('git', 'tag', '-s', 'v1', '-m', 'x'), 'git tag -s -m x v1');
    assert.equal(normal('rg', '-uu', 'k'), 'rg --hidden --no-ignore k');
    assert.equal(normal('rg', '-uuu', 'k'), 'rg -u -u -u k');
    // psql's operands are the database, then the user, each only when its option is not given
    assert.equal(normal('psql', 'shop', 'app'), 'psql -U app -d shop');
    assert.equal(normal('psql', '-d', 'shop', 'app'), 'psql -U app -d shop');
    assert.equal(normal('psql', '-d', 'shop', '-U', 'app', 'extra'), 'psql -U app -d shop extra');
  });

  it('reads make, go and diff, and git ranges and formats, as those programs document them', () => {
    assert.equal(normal('make', '--jobs=4', '--dry-run', 'deploy'), 'make -j4 -n deploy');
    assert.equal(normal('make', 'deploy', '-n'), null); // BSD make reads -n after a target as a target
    assert.equal(normal('go', 'test', '--run=TestX', './...'), 'go test -run TestX ./...');
    assert.equal(normal('go', 'test', '-rv', './...'), null); // no clusters in Go's flag package
    assert.equal(normal('diff', '--unified=5', 'a', 'b'), 'diff -U 5 a b');
    assert.equal(normal('diff', '--unified', 'a', 'b'), 'diff -u a b');
    assert.equal(normal('git', 'diff', 'HEAD^..'), 'git diff HEAD~1 HEAD');
    assert.equal(normal('git', 'diff', 'a...b'), 'git diff a...b');
    assert.equal(normal('git', 'log', '--format=%h %s'), 'git log --pretty=tformat:%h %s');
    assert.equal(normal('git', 'rm', '--cached', '--', '.env'), 'git rm --cached .env');
    assert.equal(normal('grep', '-e', '-v', 'f'), 'grep -- -v f');
  });

  it('orders find tests only where order cannot matter', () => {
    assert.equal(normal('find', '.', '-type', 'f', '-name', '*.log'), 'find . -name *.log -type f');
    assert.equal(normal('find', '.', '!', '-path', './x', '-print'), 'find . -not -path ./x');
    assert.equal(normal('find', '.', '-name', 'a', '-a', '-maxdepth', '1'), 'find . -maxdepth 1 -name a');
    assert.equal(normal('find', '.', '-name', 'a', '-delete'), null);
    assert.equal(normal('find', '.', '-print', '-name', 'a'), null);
    assert.equal(normal('find', '.', '-name', 'a', '-o', '-name', 'b'), null);
    assert.equal(normal('find', '-name', 'a'), null);
    assert.equal(normal('find', '.', '-daystart', '-mtime', '1'), null);
    assert.equal(normal('find', '.', '-name'), null);
  });

  it('proves nothing for an option it does not list, an unknown subcommand or program, or an option after an operand of a program that does not permute', () => {
    assert.equal(normal('ls', '--al'), null);
    assert.equal(normal('ls', 'src', '-l'), null);
    assert.equal(normal('git', 'frobnicate', '-x'), null);
    assert.equal(normal('mytool', '-ab'), null);
    assert.equal(normal('sed', '-i', 's/a/b/', 'f'), null);
    assert.equal(normal('tail', '--follow=name', 'f'), null);
  });

  it('never moves an option across a word known only at run time', async () => {
    const [before] = (await shellOf('ls -la $DIR')).commands;
    assert.deepEqual(
      normalizeArgv(before?.argv ?? [])?.map((w) => w.value),
      ['ls', '-a', '-l', '$DIR'],
    );
    const [after] = (await shellOf('ls $DIR -la')).commands;
    assert.equal(normalizeArgv(after?.argv ?? []), null);
  });
});

describe('optionEffects', () => {
  it('lists the files options write and the programs they run', () => {
    assert.deepEqual(
      optionEffects(words('sort', '-o', 'out.txt', 'in')).writes.map((w) => w.value),
      ['out.txt'],
    );
    assert.deepEqual(
      optionEffects(words('git', 'diff', '--output=d.patch')).writes.map((w) => w.value),
      ['d.patch'],
    );
    assert.deepEqual(
      optionEffects(words('curl', '-sSo', 'x', 'https://x.io')).writes.map((w) => w.value),
      [],
    );
    assert.deepEqual(
      optionEffects(words('curl', '-o', 'x', 'https://x.io')).writes.map((w) => w.value),
      ['x'],
    );
    assert.deepEqual(
      optionEffects(words('find', '.', '-fprint', 'list.txt')).writes.map((w) => w.value),
      ['list.txt'],
    );
    assert.deepEqual(
      optionEffects(words('rg', '--pre', './x.sh', 'TODO')).runs.map((w) => w.value),
      ['./x.sh'],
    );
  });
});

describe('tableSplit (what rules see for programs the table covers)', () => {
  const split = (...values: string[]) => {
    const argv = words(...values);
    const r = tableSplit({ argv } as never);
    return (
      r && {
        flags: r.flags.map((f) => (f.value ? `${f.name}=${f.value.value}` : f.name)),
        operands: r.operands.map((w) => w.value),
      }
    );
  };

  it('knows per subcommand whether an option takes a value', () => {
    // git log -S takes the string to search; git restore -S is --staged.
    assert.deepEqual(split('git', 'log', '-S', 'needle', '--oneline')?.operands, ['log']);
    assert.deepEqual(split('git', 'restore', '-S', 'src/a.ts')?.operands, ['restore', 'src/a.ts']);
  });

  it('lists every name of an option, so a rule naming either spelling sees it', () => {
    const flags = split('git', 'restore', '-SW', '.')?.flags ?? [];
    assert.ok(flags.includes('--worktree') && flags.includes('-W') && flags.includes('--staged'));
  });

  it('proves nothing for an option it does not list (the per-program syntax reads it)', () => {
    assert.equal(split('git', 'restore', '--no-such-option', '.'), null);
    assert.equal(split('pulumi', 'destroy'), null);
    assert.equal(split('terraform', 'destroy', '-no-such-option'), null);
  });
});
