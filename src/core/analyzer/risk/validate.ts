/**
 * Load-time check of the rule table (shared/CONVENTIONS.md §5): every rule must match each of its
 * examples and none of its counter-examples, as the real parser sees them. The parser is injected
 * (the core does no I/O); src/runtime/loadAnalyzer.ts calls assertRuleTable once at start-up and
 * refuses to build an analyzer from a table that fails.
 */
import { TIERS } from '../../../protocol/tiers.js';
import type { Finding, SimpleCommand, SqlEffect } from '../types.js';
import { judgeCommand } from './assess.js';
import { COMBO_RULES, type ComboRule } from './combos.js';
import { viewCommand } from './commandView.js';
import { matches } from './match.js';
import type { RiskRule } from './rule.js';
import { indexRules, programsOf, RISK_RULES, ruleScope, type RuleIndex } from './table.js';

/** Parses shell text into what the risk layer reads. */
export type ExampleAnalyzer = (shell: string) => {
  commands: SimpleCommand[];
  findings: Finding[];
  sql: SqlEffect[];
};

export interface RuleProblem {
  rule: string;
  example?: string;
  problem: string;
}

function ruleMatches(rule: RiskRule, index: RuleIndex, analysis: ReturnType<ExampleAnalyzer>): boolean {
  const { byId, known } = index;
  const ctx = { findings: analysis.findings, sql: analysis.sql };
  return analysis.commands.some((cmd, i) => {
    const view = viewCommand(cmd, analysis.commands, i);
    const inert = view.program !== null && known.has(view.program) ? view.inert : null;
    const applies = (r: RiskRule): boolean =>
      !(inert && ruleScope(r) !== 'context') && matches(r.match, view, ctx);
    if (!applies(rule)) return false;
    // A fallback rule applies only where no rule about the program itself does.
    if (ruleScope(rule) === 'fallback') {
      if (view.program === null) return false;
      const own = index.byProgram.get(view.program) ?? [];
      if (own.some((r) => r.scope === 'program' && applies(r.rule))) return false;
    }
    // A more specific rule named in `unless` takes precedence.
    return !(rule.unless ?? []).some((id) => {
      const other = byId.get(id);
      return other !== undefined && applies(other);
    });
  });
}

function comboMatches(
  rule: ComboRule,
  rules: readonly RiskRule[],
  analysis: ReturnType<ExampleAnalyzer>,
): boolean {
  const index = indexRules(rules);
  const ctx = { findings: analysis.findings, sql: analysis.sql };
  const judged = analysis.commands.map((cmd, i) =>
    judgeCommand(index, viewCommand(cmd, analysis.commands, i), ctx),
  );
  return (
    rule.find({ views: judged.map((j) => j.view), categories: judged.map((j) => j.categories) }) !== null
  );
}

/** Every problem with the table, in order; empty when the table is sound. */
export function validateRules(
  analyze: ExampleAnalyzer,
  rules: readonly RiskRule[] = RISK_RULES,
  combos: readonly ComboRule[] = COMBO_RULES,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const index = indexRules(rules);
  const byId = index.byId;
  const ids = new Set<string>();
  const safely = (example: string): ReturnType<ExampleAnalyzer> | null => {
    try {
      return analyze(example);
    } catch {
      return null;
    }
  };
  const check = (
    id: string,
    examples: readonly string[],
    counter: readonly string[],
    test: (a: ReturnType<ExampleAnalyzer>) => boolean,
  ): void => {
    if (ids.has(id)) problems.push({ rule: id, problem: 'duplicate rule id' });
    ids.add(id);
    if (examples.length === 0) problems.push({ rule: id, problem: 'has no examples' });
    for (const example of examples) {
      const a = safely(example);
      if (!a) problems.push({ rule: id, example, problem: 'example could not be analysed' });
      else if (!test(a)) problems.push({ rule: id, example, problem: 'does not match its example' });
    }
    for (const example of counter) {
      const a = safely(example);
      if (!a) problems.push({ rule: id, example, problem: 'counter-example could not be analysed' });
      else if (test(a)) problems.push({ rule: id, example, problem: 'matches its counter-example' });
    }
  };
  for (const rule of rules) {
    if (!(TIERS as readonly string[]).includes(rule.tier))
      problems.push({ rule: rule.id, problem: `unknown tier ${rule.tier}` });
    if (rule.weight !== undefined && (rule.weight < 0 || rule.weight > 19))
      problems.push({ rule: rule.id, problem: 'weight outside 0–19' });
    const upper = (programsOf(rule.match) ?? []).filter((p) => p !== p.toLowerCase());
    if (upper.length > 0)
      problems.push({
        rule: rule.id,
        problem: `program names are looked up in lower case: ${upper.join(', ')}`,
      });
    for (const id of rule.unless ?? [])
      if (!byId.has(id)) problems.push({ rule: rule.id, problem: `unless names an unknown rule ${id}` });
    check(rule.id, rule.examples, rule.counterExamples, (a) => ruleMatches(rule, index, a));
  }
  for (const combo of combos)
    check(combo.id, combo.examples, combo.counterExamples, (a) => comboMatches(combo, rules, a));
  return problems;
}

export class RuleTableError extends Error {
  readonly code = 'risk.rule-table-invalid';
  constructor(readonly problems: RuleProblem[]) {
    super(
      `The risk rule table is refused: ${problems.length} problem(s)\n` +
        problems
          .map(
            (p) =>
              `  ${p.rule}: ${p.problem}${p.example !== undefined ? ` — ${JSON.stringify(p.example)}` : ''}`,
          )
          .join('\n'),
    );
    this.name = 'RuleTableError';
  }
}

/**
 * Throws RuleTableError when any rule fails its examples (fail closed: no analyzer from a broken
 * table). A failure is checked twice more before it counts: a rule that is wrong fails every time,
 * while a parse that ran out of its time budget on a busy machine (the example then reads as "not
 * understood") does not repeat — and must not keep a server from starting.
 */
export function assertRuleTable(
  analyze: ExampleAnalyzer,
  rules: readonly RiskRule[] = RISK_RULES,
  combos: readonly ComboRule[] = COMBO_RULES,
): void {
  let problems = validateRules(analyze, rules, combos);
  for (let again = 0; again < 2 && problems.length > 0; again++) {
    const key = (p: RuleProblem) => `${p.rule}\u0000${p.problem}\u0000${p.example ?? ''}`;
    const still = new Set(validateRules(analyze, rules, combos).map(key));
    problems = problems.filter((p) => still.has(key(p)));
  }
  if (problems.length > 0) throw new RuleTableError(problems);
}
