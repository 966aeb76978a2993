import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadAnalyzer } from '../../src/runtime/loadAnalyzer.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import {
  assertRuleTable,
  RISK_RULES,
  RuleTableError,
  validateRules,
  type RiskRule,
} from '../../src/core/analyzer/risk/index.js';
import { createRiskAssessor } from '../../src/core/analyzer/risk/assess.js';
import { TIERS } from '../../src/protocol/tiers.js';

describe('the risk rule table', () => {
  let analyzer: CommandAnalyzer;
  const seen = new Map<string, ReturnType<CommandAnalyzer['analyze']>>();
  const analyze = (shell: string) => {
    let a = seen.get(shell);
    if (!a) seen.set(shell, (a = analyzer.analyze({ shell })));
    return a;
  };

  before(async () => {
    analyzer = await loadAnalyzer();
  });

  it('loads: every rule matches its examples and none of its counter-examples', () => {
    assert.deepEqual(validateRules(analyze), []);
  });

  it('covers every category the issue names, with stable unique ids', () => {
    const categories = new Set(RISK_RULES.map((r) => r.category));
    for (const c of [
      'read-only',
      'build-test',
      'vcs',
      'history-rewrite',
      'package-install',
      'download',
      'remote-code',
      'delete',
      'disk',
      'privilege',
      'permissions',
      'secrets',
      'exfiltration',
      'persistence',
      'availability',
      'containers',
      'kubernetes',
      'cloud',
      'infrastructure',
      'database',
      'publish',
    ] as const) {
      assert.ok(categories.has(c), `no rule in category ${c}`);
    }
    const ids = RISK_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(\.[a-z0-9-]+)+$/);
    for (const r of RISK_RULES)
      assert.ok(TIERS.includes(r.tier) && r.reason.length > 10 && r.examples.length > 0, r.id);
  });

  it('refuses a rule whose example does not match', () => {
    const broken: RiskRule = {
      id: 'test.broken',
      category: 'delete',
      tier: 'critical',
      reason: 'Deletes the home directory',
      match: { program: ['rm'], anyFlag: ['-r'] },
      examples: ['rm -rf ~', 'rmdir x'],
      counterExamples: [],
    };
    const problems = validateRules(analyze, [...RISK_RULES, broken]);
    assert.deepEqual(problems, [
      { rule: 'test.broken', example: 'rmdir x', problem: 'does not match its example' },
    ]);
    assert.throws(
      () => assertRuleTable(analyze, [...RISK_RULES, broken]),
      (e: unknown) => e instanceof RuleTableError && /test\.broken/.test(e.message),
    );
  });

  it('refuses a rule that matches its counter-example, a duplicate id and an unknown `unless`', () => {
    const rule: RiskRule = {
      id: 'read.files',
      category: 'read-only',
      tier: 'safe',
      reason: 'Lists files, duplicated on purpose',
      match: { program: ['ls'] },
      examples: ['ls'],
      counterExamples: ['ls -la'],
      unless: ['no.such-rule'],
    };
    const problems = validateRules(analyze, [...RISK_RULES, rule]).map((p) => p.problem);
    assert.ok(problems.includes('duplicate rule id'));
    assert.ok(problems.includes('matches its counter-example'));
    assert.ok(problems.includes('unless names an unknown rule no.such-rule'));
  });

  it('a table without the refused rule still assesses (an assessor can be built from any table)', () => {
    const assess = createRiskAssessor(RISK_RULES.filter((r) => r.id !== 'delete.unbounded'));
    const a = analyze('rm -rf ~');
    assert.notEqual(assess(a).tier, 'critical');
  });
});
