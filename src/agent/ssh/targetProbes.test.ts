import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type ssh2 from 'ssh2';
import { collectOnTarget, upstreamOf } from './targetProbes.js';

const probes = [
  { kind: 'fs', id: 'fs-1', path: '/srv/data', op: 'rm -r', walk: true, followFinal: false },
  { kind: 'git', id: 'git-1', protectedBranches: ['main'] },
  { kind: 'nonsense', id: 'x' },
];

describe('collectOnTarget', () => {
  it('reports every probe as "context unavailable" when the target cannot be read, and never throws', async () => {
    const conn = { sftp: (cb: (e: Error) => void) => cb(new Error('subsystem request failed')) };
    const body = await collectOnTarget(
      conn as unknown as ssh2.Client,
      { cwd: '/home/d', home: '/home/d' },
      probes,
    );
    assert.deepEqual(
      body.probes.map((p) => [p.id, p.fact.known, p.fact.known ? '' : p.fact.why]),
      [
        [
          'fs-1',
          false,
          "context unavailable: the target's files could not be read over SFTP (subsystem request failed)",
        ],
        [
          'git-1',
          false,
          "context unavailable: the target's files could not be read over SFTP (subsystem request failed)",
        ],
      ],
    );
  });

  it('gives up within its budget when the target does not answer', async () => {
    const conn = { sftp: () => undefined }; // never answers
    const started = Date.now();
    const body = await collectOnTarget(conn as unknown as ssh2.Client, { cwd: '/', home: '/' }, probes, 200);
    assert.ok(Date.now() - started < 1000);
    assert.ok(body.probes.every((p) => !p.fact.known && p.fact.why.startsWith('context unavailable')));
  });
});

describe('upstreamOf', () => {
  const config =
    '[core]\n\tbare = false\n[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n[branch "x"]\n\tremote = .\n\tmerge = refs/heads/main\n';
  it('reads the branch’s remote and merge from the git config', () => {
    assert.equal(upstreamOf(config, 'main'), 'origin/main');
    assert.equal(upstreamOf(config, 'x'), 'main');
    assert.equal(upstreamOf(config, 'other'), null);
  });
});
