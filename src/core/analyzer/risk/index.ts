/** Risk scoring: a rule table (rules/*.ts) evaluated by one generic matcher. */
export { assessRisk, createRiskAssessor } from './assess.js';
export {
  validateRules,
  assertRuleTable,
  RuleTableError,
  type RuleProblem,
  type ExampleAnalyzer,
} from './validate.js';
export { RISK_RULES } from './table.js';
export { COMBO_RULES } from './combos.js';
export { SCORE_BANDS, scoreFor } from './score.js';
export type { RiskRule, Match, ArgTest, Category } from './rule.js';
