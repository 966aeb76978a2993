/**
 * Loading a policy file (pure: the text and the analyzer are passed in). The YAML is parsed,
 * validated against the schema and checked for sense (unique rule names, auto-approve only for
 * low tiers, escalation before the timeout); then every rule's examples are analysed by the real
 * parser and must match (or not match) the rule — a policy whose examples fail is refused, with
 * the failing example named (shared/CONVENTIONS.md §5).
 */
import { load as parseYaml } from 'js-yaml';
import type { Analysis } from '../analyzer/types.js';
import { tierRank } from '../../protocol/tiers.js';
import { analysisFacts, type PolicyFacts } from './policyFacts.js';
import {
  durationSeconds,
  policySchema,
  type PolicyDocument,
  type PolicyExample,
  type PolicyRule,
} from './policySchema.js';
import { matchRule } from './ruleMatch.js';

export interface PolicyProblem {
  /** Where: a rule name, `rules[3]`, `notifications.channels[0]`, or `file`. */
  at: string;
  problem: string;
  example?: string;
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(readonly problems: PolicyProblem[]) {
    super(
      `the policy was refused: ${problems
        .slice(0, 10)
        .map((p) => `${p.at}: ${p.problem}${p.example ? ` (example: ${p.example})` : ''}`)
        .join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`,
    );
  }
}

export type PolicyAnalyzer = (shell: string) => Pick<Analysis, 'commands' | 'sql' | 'risk'>;

/** Facts an example is seen with: its command's analysis, and the runtime facts it names. */
export function exampleFacts(analyze: PolicyAnalyzer, example: PolicyExample): PolicyFacts {
  const ex = typeof example === 'string' ? { command: example } : example;
  const facts = analysisFacts(analyze(ex.command), {
    agent: ex.agent ?? 'agent',
    session: ex.session ?? null,
    host: ex.host ?? null,
    cwd: ex.cwd ?? '/',
    branch: ex.branch ?? null,
    tainted: ex.tainted ?? false,
  });
  if (ex.namespace !== undefined) facts.namespaces = [ex.namespace];
  if (ex.kubeContext !== undefined) facts.kubeContexts = [ex.kubeContext];
  if (ex.database !== undefined) facts.databases = [ex.database];
  if (ex.estimatedRows !== undefined) facts.estimatedRows = ex.estimatedRows;
  if (ex.symlinkTargets !== undefined) facts.symlinkTargets = ex.symlinkTargets;
  return facts;
}

const exampleText = (e: PolicyExample) => (typeof e === 'string' ? e : JSON.stringify(e));

function checkRule(rule: PolicyRule, analyze: PolicyAnalyzer): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const at = `rule ${rule.name}`;
  const e = rule.effect;
  if (Object.keys(rule.match).length === 0)
    problems.push({
      at,
      problem: 'match is empty: say what the rule applies to (tier, category, program, …)',
    });
  if (Object.keys(e).length === 0) problems.push({ at, problem: 'effect is empty: say what the rule does' });
  if (e.onTimeout === 'approve') {
    const tiers = rule.match.tier;
    if (!tiers || tiers.some((t) => tierRank(t) > tierRank('low')) || e.deny !== undefined)
      problems.push({
        at,
        problem:
          'onTimeout: approve is allowed only in a rule whose match.tier lists nothing above low (a timeout never approves anything riskier)',
      });
  }
  if (e.deny !== undefined && (e.approvals !== undefined || e.from || e.escalate || e.onTimeout))
    problems.push({
      at,
      problem: 'a rule that denies cannot also ask for approvals, escalation or a timeout',
    });
  if (e.escalate && e.timeout !== undefined) {
    const limit = durationSeconds(e.timeout);
    for (const s of e.escalate)
      if (durationSeconds(s.after) >= limit)
        problems.push({
          at,
          problem: `escalation to ${s.to} after ${s.after} comes at or after the timeout (${e.timeout})`,
        });
  }
  for (const ex of rule.examples.match) {
    const result = matchRule(rule.match, exampleFacts(analyze, ex));
    if (result !== 'yes')
      problems.push({
        at,
        example: exampleText(ex),
        problem:
          result === 'possible'
            ? 'this example should match, but it depends on a runtime fact the example does not give (add branch, namespace, estimatedRows, … to it)'
            : 'this example should match the rule, but does not',
      });
  }
  for (const ex of rule.examples.noMatch ?? []) {
    const result = matchRule(rule.match, exampleFacts(analyze, ex));
    if (result !== 'no')
      problems.push({
        at,
        example: exampleText(ex),
        problem:
          result === 'possible'
            ? 'this example should not match, but it might: it does not give the runtime fact the rule tests'
            : 'this example should not match the rule, but does',
      });
  }
  return problems;
}

/** Parses and checks a policy; throws PolicyError naming every problem (failing examples included). */
export function loadPolicy(source: string, analyze: PolicyAnalyzer): PolicyDocument {
  let raw: unknown;
  try {
    raw = parseYaml(source, { json: false });
  } catch (error) {
    throw new PolicyError([
      { at: 'file', problem: `not valid YAML: ${(error as Error).message.split('\n')[0]}` },
    ]);
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success)
    throw new PolicyError(
      parsed.error.issues.map((i) => ({
        at: i.path.length
          ? i.path
              .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
              .join('')
              .replace(/^\./, '')
          : 'file',
        problem: i.message,
      })),
    );
  const doc = parsed.data;
  const problems: PolicyProblem[] = [];
  const names = new Set<string>();
  for (const rule of doc.rules) {
    if (names.has(rule.name)) problems.push({ at: `rule ${rule.name}`, problem: 'two rules have this name' });
    names.add(rule.name);
    problems.push(...checkRule(rule, analyze));
  }
  const channels = new Set<string>();
  for (const c of doc.notifications?.channels ?? []) {
    if (channels.has(c.name))
      problems.push({ at: `channel ${c.name}`, problem: 'two channels have this name' });
    channels.add(c.name);
    if (c.type !== 'email' && (c.url === undefined) === (c.urlEnv === undefined))
      problems.push({ at: `channel ${c.name}`, problem: 'give exactly one of url and urlEnv' });
  }
  if (problems.length) throw new PolicyError(problems);
  return doc;
}

/** The groups a policy names (in from, route, escalate and channels), to check they exist. */
export function groupsNamed(doc: PolicyDocument): string[] {
  const out = new Set<string>();
  for (const r of doc.rules) {
    for (const g of [...(r.effect.from ?? []), ...(r.effect.route ?? [])]) out.add(g);
    for (const s of r.effect.escalate ?? []) out.add(s.to);
  }
  for (const c of doc.notifications?.channels ?? []) for (const g of c.groups ?? []) out.add(g);
  return [...out].sort();
}
