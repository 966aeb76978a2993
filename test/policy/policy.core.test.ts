/**
 * The team policy core (issue 11): loading (schema, sense, examples checked by the real parser),
 * evaluation on the analysis and runtime facts, and the vote tally.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getAnalyzer } from '../support/shellAnalyzer.js';
import { loadPolicy, PolicyError, type PolicyAnalyzer } from '../../src/core/policy/loadPolicy.js';
import { DEFAULT_POLICY, evaluatePolicy, needsReviewers } from '../../src/core/policy/evaluate.js';
import { analysisFacts, withContext } from '../../src/core/policy/policyFacts.js';
import { tallyVotes, voteRefusal } from '../../src/core/policy/tally.js';
import type { AppliedPolicy, VoteView } from '../../src/protocol/policy.js';
import type { RuntimeContext } from '../../src/protocol/context.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

let analyze: PolicyAnalyzer;
let full: Awaited<ReturnType<typeof getAnalyzer>>;
before(async () => {
  full = await getAnalyzer();
  analyze = (shell) => full.analyze({ shell });
});

export const PROD_SQL = `
version: 1
rules:
  - name: prod-sql-two-dbas
    description: critical SQL on production needs two DBAs
    match:
      minTier: critical
      category: [database]
      database: [prod, "prod_*"]
    effect:
      approvals: 2
      from: [dba]
      route: [dba]
      whitelist: forbid
      timeout: 10m
      escalate: [{ after: 2m, to: oncall }]
    examples:
      match:
        - { command: "psql -c 'DROP TABLE users'", database: prod }
      noMatch:
        - { command: "psql -c 'select 1'", database: prod }
        - { command: "psql -c 'DROP TABLE users'", database: staging }
  - name: no-force-push
    match: { program: [git], category: [history-rewrite] }
    effect: { deny: "force pushes are not allowed; open a pull request" }
    examples:
      match: ["git push --force origin main"]
      noMatch: ["git push origin feature"]
`;

const facts = (shell: string, extra: Partial<Parameters<typeof analysisFacts>[1]> = {}) =>
  analysisFacts(full.analyze({ shell }), {
    agent: 'ci',
    session: null,
    host: null,
    cwd: '/srv/app',
    branch: null,
    ...extra,
  });

describe('loadPolicy', () => {
  it('accepts a policy whose examples all hold', () => {
    const doc = loadPolicy(PROD_SQL, analyze);
    assert.deepEqual(
      doc.rules.map((r) => r.name),
      ['prod-sql-two-dbas', 'no-force-push'],
    );
  });

  it('accepts the example policies in the docs (docs/policies.md, docs/notifications.md)', () => {
    for (const [file, heading] of [
      ['docs/policies.md', '### An example'],
      ['docs/notifications.md', 'To hear of every request that follows an untrusted read'],
    ] as const) {
      const text = readFileSync(resolve(import.meta.dirname, '../..', file), 'utf8');
      const start = text.indexOf('```yaml', text.indexOf(heading)) + '```yaml'.length;
      const yaml = text.slice(start, text.indexOf('```', start));
      const doc = loadPolicy(yaml.startsWith('\nversion') ? yaml : `version: 1${yaml}`, analyze);
      assert.ok(doc.rules.length > 0, file);
    }
  });

  it('refuses a policy whose example does not match, naming the rule and the example', () => {
    const bad = PROD_SQL.replace(
      'noMatch: ["git push origin feature"]',
      'noMatch: ["git push -f origin main"]',
    );
    assert.throws(
      () => loadPolicy(bad, analyze),
      (e: unknown) =>
        e instanceof PolicyError &&
        e.problems.some(
          (p) =>
            p.at === 'rule no-force-push' &&
            p.example === 'git push -f origin main' &&
            /should not match/.test(p.problem),
        ),
    );
  });

  it('refuses an example that depends on a runtime fact it does not give', () => {
    const bad = PROD_SQL.replace(
      `- { command: "psql -c 'DROP TABLE users'", database: prod }`,
      `- "psql -c 'DROP TABLE users'"`,
    );
    assert.throws(
      () => loadPolicy(bad, analyze),
      (e: unknown) =>
        e instanceof PolicyError && /runtime fact/.test(e.message) && /DROP TABLE users/.test(e.message),
    );
  });

  it('refuses schema errors with their place, and YAML errors', () => {
    assert.throws(
      () =>
        loadPolicy(
          'version: 1\nrules:\n  - name: x\n    match: { tier: [severe] }\n    effect: { approvals: 2 }\n    examples: { match: [ls] }\n',
          analyze,
        ),
      (e: unknown) =>
        e instanceof PolicyError && e.problems.some((p) => p.at.startsWith('rules[0].match.tier')),
    );
    assert.throws(() => loadPolicy('version: 1\nrules: [', analyze), /not valid YAML/);
    assert.throws(() => loadPolicy('version: 2\n', analyze), PolicyError);
  });

  it('refuses auto-approve at the timeout for anything above low', () => {
    const text = `version: 1
rules:
  - name: lenient
    match: { tier: [low, medium] }
    effect: { onTimeout: approve, timeout: 5m }
    examples: { match: ["rm -rf build"] }
`;
    assert.throws(() => loadPolicy(text, analyze), /onTimeout: approve is allowed only/);
    assert.doesNotThrow(() => loadPolicy(text.replace('[low, medium]', '[low]'), analyze));
  });

  it('refuses an escalation at or after the timeout, and two rules of one name', () => {
    const text = `version: 1
rules:
  - name: a
    match: { tier: [critical] }
    effect: { timeout: 2m, escalate: [{ after: 5m, to: oncall }] }
    examples: { match: ["rm -rf /"] }
  - name: a
    match: { tier: [safe] }
    effect: { route: [x] }
    examples: { match: [ls] }
`;
    assert.throws(
      () => loadPolicy(text, analyze),
      (e: unknown) =>
        e instanceof PolicyError &&
        e.problems.some((p) => /escalation to oncall/.test(p.problem)) &&
        e.problems.some((p) => /two rules/.test(p.problem)),
    );
  });
});

describe('evaluatePolicy', () => {
  it('reproduces today under the default policy: one approval from anyone, the org timeout, whitelisting allowed', () => {
    const applied = evaluatePolicy(DEFAULT_POLICY, facts('rm -rf build'));
    assert.deepEqual(applied.requirements, []);
    assert.equal(applied.timeoutSeconds, null);
    assert.equal(applied.whitelist, 'allow');
    assert.equal(applied.onTimeout, 'deny');
    assert.equal(needsReviewers(applied), false);
  });

  it('applies a rule on the analysis and the runtime database, never the text', () => {
    const policy = { version: 3, document: loadPolicy(PROD_SQL, analyze) };
    const drop = facts("psql -c 'DROP TABLE users'");
    // Before the context arrives the database is unknown: the rule holds conservatively.
    const early = evaluatePolicy(policy, drop);
    assert.deepEqual(early.rules, [{ name: 'prod-sql-two-dbas', match: 'possible' }]);
    assert.deepEqual(early.requirements, [{ rule: 'prod-sql-two-dbas', approvals: 2, from: ['dba'] }]);
    assert.equal(early.whitelist, 'forbid');
    assert.equal(early.timeoutSeconds, 600);
    assert.deepEqual(early.escalate, [{ afterSeconds: 120, to: 'oncall' }]);
    const context = (database: string): RuntimeContext => ({
      probes: [
        {
          id: 'sql0',
          kind: 'sql',
          fact: {
            known: true,
            value: {
              server: { host: 'db', port: 5432, database, user: 'app' },
              statements: [],
            },
          },
        },
      ],
    });
    assert.equal(evaluatePolicy(policy, withContext(drop, context('prod_eu'))).rules[0]?.match, 'yes');
    assert.deepEqual(evaluatePolicy(policy, withContext(drop, context('staging'))).rules, []);
    // The same words in an echo are not SQL: nothing applies.
    assert.deepEqual(evaluatePolicy(policy, facts("echo 'DROP TABLE users'")).rules, []);
  });

  it('denies by a rule that surely matches', () => {
    const policy = { version: 1, document: loadPolicy(PROD_SQL, analyze) };
    const applied = evaluatePolicy(policy, facts('git push --force origin main'));
    assert.deepEqual(applied.deny, {
      rule: 'no-force-push',
      message: 'force pushes are not allowed; open a pull request',
    });
  });

  it('never approves at the timeout above low, even when a rule says so', () => {
    const doc = loadPolicy(
      `version: 1
rules:
  - name: low-ok
    match: { tier: [low] }
    effect: { onTimeout: approve, timeout: 1m }
    examples: { match: ["npm test"] }
`,
      analyze,
    );
    assert.equal(evaluatePolicy({ version: 1, document: doc }, facts('npm test')).onTimeout, 'approve');
    const forged = { ...facts('npm test'), tier: 'high' as const };
    assert.equal(evaluatePolicy({ version: 1, document: doc }, forged).onTimeout, 'deny');
  });

  it('matches cwd and branch globs', () => {
    const doc = loadPolicy(
      `version: 1
rules:
  - name: release
    match: { cwd: ["/srv/**"], branch: ["release/*"] }
    effect: { approvals: 2 }
    examples:
      match: [{ command: "npm test", cwd: /srv/app, branch: release/1.2 }]
      noMatch: [{ command: "npm test", cwd: /home/x, branch: release/1.2 }, { command: "npm test", cwd: /srv/app, branch: main }]
`,
      analyze,
    );
    assert.equal(doc.rules.length, 1);
  });
});

describe('tallyVotes', () => {
  const applied: AppliedPolicy = {
    version: 1,
    rules: [{ name: 'r', match: 'yes' }],
    requirements: [{ rule: 'r', approvals: 2, from: ['dba'] }],
    route: [],
    timeoutSeconds: null,
    onTimeout: 'deny',
    escalate: [],
    whitelist: 'forbid',
  };
  const vote = (userId: string, groups: string[]): VoteView => ({
    userId,
    name: userId,
    vote: 'approve',
    at: '2026-12-07T00:00:00.000Z',
    groups,
  });

  it('needs N distinct approvers from the group; the same person twice counts once', () => {
    assert.equal(tallyVotes(applied, [vote('ana', ['dba'])]).progress.summary, '1 of 2 approvals (from dba)');
    assert.equal(tallyVotes(applied, [vote('ana', ['dba']), vote('ana', ['dba'])]).satisfied, false);
    assert.equal(tallyVotes(applied, [vote('ana', ['dba']), vote('bo', [])]).satisfied, false);
    const done = tallyVotes(applied, [vote('ana', ['dba']), vote('cy', ['dba', 'sre'])]);
    assert.equal(done.satisfied, true);
    assert.equal(done.progress.summary, '2 of 2 approvals (from dba)');
  });

  it('refuses the requester and non-members', () => {
    const requester = { agentName: 'ana-laptop', osUser: 'ana', tokenUserId: null };
    assert.match(
      voteRefusal(applied, { userId: 'u1', name: 'ana', groups: ['dba'] }, requester) ?? '',
      /requester/,
    );
    assert.match(
      voteRefusal(applied, { userId: 'u2', name: 'bo', groups: [] }, requester) ?? '',
      /only members of dba/,
    );
    assert.equal(voteRefusal(applied, { userId: 'u3', name: 'cy', groups: ['dba'] }, requester), null);
  });
});
