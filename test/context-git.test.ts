/**
 * The git probe against real repositories with a file:// remote: branch, upstream, dirty state,
 * and the remote commits a force push would discard (from local refs only), protected branches.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { collectProbes } from '../src/agent/probes/collect.js';
import type { GitFact, GitProbe } from '../src/protocol/context.js';

let root: string;
let remote: string;
let mine: string;
let theirs: string;
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: '',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
const commit = (cwd: string, file: string, message: string) => {
  writeFileSync(join(cwd, file), message);
  git(cwd, 'add', file);
  git(cwd, 'commit', '-q', '-m', message);
};
const protectedBranches = ['main', 'master', 'release/*'];

async function probe(p: Omit<GitProbe, 'kind' | 'id' | 'protectedBranches'>, cwd = mine): Promise<GitFact> {
  const { probes } = await collectProbes([{ kind: 'git', id: 'git-1', protectedBranches, ...p }], {
    cwd,
    env: { ...env, HOME: root },
    budgetMs: 5000,
  });
  const r = probes[0];
  assert.ok(r?.kind === 'git' && r.fact.known, JSON.stringify(r));
  return r.fact.value;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'expacti-ctx-git-'));
  env.HOME = root;
  remote = join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  mine = join(root, 'mine');
  theirs = join(root, 'theirs');
  git(root, 'clone', '-q', `file://${remote}`, mine);
  git(mine, 'checkout', '-q', '-b', 'main');
  commit(mine, 'a.txt', 'first');
  git(mine, 'push', '-q', '-u', 'origin', 'main');
  git(root, 'clone', '-q', `file://${remote}`, theirs);
  // A colleague pushes two commits; we fetch them (so our remote-tracking ref knows), then rewrite.
  commit(theirs, 'b.txt', 'colleague fix');
  commit(theirs, 'c.txt', 'colleague feature');
  git(theirs, 'push', '-q', 'origin', 'main');
  git(mine, 'fetch', '-q', 'origin');
  commit(mine, 'd.txt', 'my rewrite');
  writeFileSync(join(mine, 'dirty.txt'), 'uncommitted');
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('probeGit', () => {
  it('reports root, branch, upstream and dirty files without touching the index', async () => {
    const index = readFileSync(join(mine, '.git', 'index'));
    const g = await probe({});
    assert.deepEqual(
      [g.root, g.branch, g.upstream, g.dirty],
      [mine, 'main', 'origin/main', { known: true, value: 1 }],
    );
    assert.deepEqual(readFileSync(join(mine, '.git', 'index')), index, 'the index was not rewritten');
  });

  it('lists the remote commits a force push to a protected branch would discard', async () => {
    const refsBefore = git(mine, 'for-each-ref');
    const g = await probe({ push: { remote: 'origin', refspecs: ['main'], force: true, delete: false } });
    assert.ok(g.push?.known);
    const t = g.push.value.targets[0];
    assert.equal(g.push.value.remote, 'origin');
    assert.equal(g.push.value.remoteUrl, `file://${remote}`);
    assert.deepEqual([t?.branch, t?.force, t?.protected], ['main', true, true]);
    assert.ok(t?.discarded.known);
    assert.equal(t.discarded.value.count, 2);
    assert.deepEqual(
      t.discarded.value.commits.map((c) => c.replace(/^\w+ /, '')),
      ['colleague feature', 'colleague fix'],
    );
    assert.equal(t.discarded.value.trackingRef, 'origin/main');
    assert.equal(git(mine, 'for-each-ref'), refsBefore, 'no fetch, no ref changed');
    assert.equal(
      git(remote, 'log', '--format=%s', '-1', 'main'),
      'colleague feature',
      'the remote is untouched',
    );
  });

  it('resolves an implicit push (no refspec) to the upstream branch, and +refspec as force', async () => {
    const implicit = await probe({ push: { remote: null, refspecs: [], force: false, delete: false } });
    assert.ok(implicit.push?.known);
    assert.deepEqual(
      [
        implicit.push.value.targets[0]?.branch,
        implicit.push.value.targets[0]?.force,
        implicit.push.value.targets[0]?.protected,
      ],
      ['main', false, true],
    );
    const plus = await probe({
      push: { remote: 'origin', refspecs: ['+HEAD:feature/x'], force: true, delete: false },
    });
    assert.ok(plus.push?.known);
    const t = plus.push.value.targets[0];
    assert.deepEqual([t?.source, t?.branch, t?.protected], ['main', 'feature/x', false]);
    assert.deepEqual(t?.discarded, {
      known: false,
      why: 'no remote-tracking ref refs/remotes/origin/feature/x (never fetched): what the remote holds is unknown',
    });
  });

  it('says why it cannot know, outside a repository', async () => {
    const { probes } = await collectProbes([{ kind: 'git', id: 'git-1', protectedBranches }], {
      cwd: root,
      env,
      budgetMs: 5000,
    });
    assert.equal(probes[0]?.fact.known, false);
    assert.match(probes[0]?.fact.known === false ? probes[0].fact.why : '', /not inside a git repository/);
  });
});
