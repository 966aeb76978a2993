/**
 * assessRisk: every simple command is matched against the rule table; its tier is the highest
 * matching rule (a command no rule covers is `low`: an ordinary local program), raised by findings
 * about it. The whole is the highest command, raised by findings about the input and by
 * combination rules. Never throws.
 */
import type { Reason, Tier } from '../../../protocol/index.js';
import { maxTier, tierRank } from '../../../protocol/tiers.js';
import type { Finding, RiskAssessment, SimpleCommand, SqlEffect, Word } from '../types.js';
import type { AssessRiskFn } from '../contracts.js';
import { COMBO_RULES, type ComboRule } from './combos.js';
import { viewCommand, type CommandView } from './commandView.js';
import { programName } from '../shell/buildCommand.js';
import { compiledMatch, matches, type MatchCheck, type MatchContext } from './match.js';
import type { Category, RiskRule } from './rule.js';
import { scoreFor } from './score.js';
import { indexRules, RISK_RULES, type Feature, type IndexedRule, type RuleIndex } from './table.js';
import { rulesValueTurnsOn, takesPathOperands, unknownParts } from './dynamicArguments.js';
import { PROGRAMS } from './programs.js';

/** Minimum tiers of the shell layer's findings when a finding carries none. */
const FINDING_TIERS: Record<string, Tier> = {
  'parse.error': 'high',
  'limit.size': 'high',
  'limit.depth': 'high',
  'limit.commands': 'high',
  'exec.dynamic-command': 'high',
  'exec.arithmetic-substitution': 'high',
  'exec.arbitrary-code': 'high',
  'exec.decoded-pipe': 'critical',
  'exec.stdin-script': 'high',
  'exec.script-file': 'medium',
  'find.delete': 'medium',
  'text.hidden-characters': 'medium',
  'code.read': 'safe',
  'code.opaque': 'medium',
  'code.local': 'low',
  'shell.function-call': 'safe',
};

interface Hit {
  code: string;
  /** Built only for the reasons shown (most hits are never displayed). */
  message: () => string;
  tier: Tier;
  weight: number;
  command: number | null;
}

export interface CommandJudgement {
  view: CommandView;
  tier: Tier;
  hits: Hit[];
  categories: Set<Category>;
}

function sqlSuffix(rule: RiskRule, sql: SqlEffect[], index: number): string {
  if (rule.category !== 'database') return '';
  const lines = sql
    .filter((e) => e.command === index && (!e.readOnly || rule.tier === 'safe'))
    .map((e) => e.summary);
  return lines.length > 0 ? ` (${[...new Set(lines)].join('; ')})` : '';
}

function ruleHit(rule: RiskRule, view: CommandView, sql: SqlEffect[], prefix = ''): Hit {
  return {
    code: rule.id,
    message: () => `${prefix}${rule.reason}${sqlSuffix(rule, sql, view.index)}: ${view.display()}`,
    tier: rule.tier,
    weight: rule.weight ?? 10,
    command: view.index,
  };
}

function infoHit(code: string, message: string, tier: Tier, weight: number, command: number | null): Hit {
  return { code, message: () => message, tier, weight, command };
}

function findingHit(f: Finding, command: number | null): Hit {
  const tier = f.tier ?? FINDING_TIERS[f.code] ?? 'medium';
  return infoHit(f.code, f.message, tier, tier === 'critical' ? 15 : 10, command);
}

const FEATURES: readonly Feature[] = [
  'redirect',
  'assignment',
  'wrapper',
  'dynamic',
  'stdin',
  'sql',
  'finding',
];

interface Candidates {
  items: IndexedRule[];
  /** The compiled test of each item (without the program test where the program is known to match). */
  checks: MatchCheck[];
}

const candidateCache = new WeakMap<RuleIndex, Map<string, Candidates>>();

/** The rules to try for a command: its program's list plus the rules its features can trigger. */
function candidates(index: RuleIndex, view: CommandView, ctx: MatchContext): Candidates {
  const c = view.cmd;
  const present = [
    c.redirects.length > 0,
    c.assignments.length > 0,
    c.wrappers.length > 0,
    view.program === null && c.argv.length > 0,
    view.stdin !== null,
    ctx.sql.some((e) => e.command === view.index),
    ctx.findings.some((f) => f.command === view.index),
  ];
  let mask = 0;
  for (let i = 0; i < present.length; i++) if (present[i]) mask |= 1 << i;
  // Each (program, features) pair gets its list once: the table does not change after indexing.
  const key = `${mask}\u0000${view.program ?? ''}`;
  let cache = candidateCache.get(index);
  if (!cache) candidateCache.set(index, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const base = view.program !== null ? (index.byProgram.get(view.program) ?? index.always) : index.always;
  const extra: IndexedRule[] = [];
  FEATURES.forEach((f, i) => {
    if ((mask & (1 << i)) === 0) return;
    for (const item of index.byFeature.get(f) ?? [])
      if (!base.includes(item) && !extra.includes(item)) extra.push(item);
  });
  const items = extra.length > 0 ? [...base, ...extra] : base;
  const program = view.program;
  const checks = items.map((item) =>
    compiledMatch(item.rule.match, program !== null && (item.rule.match.program?.includes(program) ?? false)),
  );
  const out: Candidates = { items, checks };
  if (cache.size >= 10_000) cache.clear();
  cache.set(key, out);
  return out;
}

/** Words an unknown program puts before the command it runs (`retry 3 x`, `mytool run -- x`). */
const RUNNER_WORDS = /^(run|exec|x|do|with|wrap|invoke|spawn|launch|cmd|command|--|\d+(\.\d+)?[smh]?)$/;

/**
 * The command an unknown program may run: the words after `--`, or after its options and words
 * such as `run`/`exec`/a count, when they start with a program the table knows.
 */
function runsCommand(index: RuleIndex, cmd: SimpleCommand): SimpleCommand | null {
  const argv = cmd.argv;
  const dash = argv.findIndex((w, i) => i > 0 && w.value === '--');
  let at = dash > 0 ? dash + 1 : -1;
  if (at < 0) {
    const known = (w: Word | undefined) =>
      w !== undefined && index.known.has(programName(w.value.slice(w.value.lastIndexOf('/') + 1)));
    let i = 1;
    while (i < argv.length && i <= 5) {
      const v = argv[i]?.value ?? '';
      if (RUNNER_WORDS.test(v)) {
        i++;
        continue;
      }
      if (!v.startsWith('-')) break;
      i++;
      // The word after an option may be its value (`chpst -u nobody CMD`), unless it names a program.
      const next = argv[i];
      if (next && !v.includes('=') && !next.value.startsWith('-') && !known(next) && known(argv[i + 1])) i++;
    }
    at = i;
  }
  const first = argv[at];
  if (!first || first.dynamic.length > 0) return null;
  const name = programName(first.value.slice(first.value.lastIndexOf('/') + 1));
  if (!index.known.has(name) || name === cmd.program) return null;
  const wrapper = {
    program: cmd.program ?? '?',
    words: argv.slice(0, at).map((w) => w.value),
    argv: argv.slice(0, at),
  };
  return { ...cmd, argv: argv.slice(at), program: name, wrappers: [...cmd.wrappers, wrapper] };
}

/** Judge one command against the table. Exported for the load-time validator. */
export function judgeCommand(
  index: RuleIndex,
  view: CommandView,
  ctx: MatchContext,
  nested = false,
  all: readonly SimpleCommand[] = [view.cmd],
): CommandJudgement {
  const hits: Hit[] = [];
  const categories = new Set<Category>();
  const known = view.program !== null && index.known.has(view.program);
  const inert = known ? view.inert : null;
  const matched: IndexedRule[] = [];
  const { items, checks } = candidates(index, view, ctx);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as IndexedRule;
    if (inert && item.scope !== 'context') continue;
    if ((checks[i] as MatchCheck)(view, ctx)) matched.push(item);
  }
  let programHits = 0;
  for (const { rule, scope } of matched) {
    if (scope === 'fallback') continue;
    if (rule.unless && matched.some((m) => rule.unless?.includes(m.rule.id))) continue;
    hits.push(ruleHit(rule, view, ctx.sql));
    categories.add(rule.category);
    if (scope === 'program') programHits++;
  }
  // Rules for programs the table does not cover (or uses of them it does not): the general ones.
  if (programHits === 0 && view.program !== null) {
    for (const { rule, scope } of matched) {
      if (scope !== 'fallback') continue;
      hits.push(ruleHit(rule, view, ctx.sql));
      categories.add(rule.category);
      programHits++;
    }
  }
  // A program without rules told to run another command: judged as if it does.
  const inner = nested || known || view.program === null ? null : runsCommand(index, view.cmd);
  if (inner) {
    const judged = judgeCommand(index, viewCommand(inner, [inner], 0), { findings: [], sql: [] }, true);
    for (const h of judged.hits) {
      if (tierRank(h.tier) <= tierRank('low')) continue;
      hits.push({
        ...h,
        command: view.index,
        message: () => `If ${view.program ?? '?'} runs its arguments as a command: ${h.message()}`,
      });
    }
    for (const c of judged.categories) categories.add(c);
  }
  if (known && !inert) dynamicArgumentHits(view, items, checks, ctx, all, hits, categories);
  if (view.program === null && view.cmd.argv.length === 0) {
    // Only assignments or redirects (`X=1`, `> f`): judged by the rules about those.
    if (hits.length === 0) {
      hits.push(
        infoHit(
          'info.no-program',
          'Only sets variables or opens files; runs no program',
          'safe',
          0,
          view.index,
        ),
      );
    }
  } else if (view.program === null) {
    // Judge an unknown program by the worst that `rm` would do with the same arguments.
    const stand = { ...view, program: 'rm' };
    for (const { rule } of index.byProgram.get('rm') ?? []) {
      if (rule.tier !== 'critical' || !matches(rule.match, stand, ctx)) continue;
      hits.push(ruleHit(rule, view, ctx.sql, 'If the unknown program deletes: '));
      categories.add(rule.category);
    }
  } else if (inert) {
    const help = inert === 'help';
    const text = help
      ? 'Prints help or version and runs nothing'
      : 'A dry run: reports what it would do and changes nothing';
    hits.push({
      code: help ? 'info.help' : 'info.dry-run',
      message: () => `${text}: ${view.display()}`,
      tier: 'safe',
      weight: 0,
      command: view.index,
    });
  } else if (programHits === 0) {
    const program = view.program;

    hits.push({
      code: known ? 'program.unmatched' : 'program.unknown',
      message: () =>
        known
          ? `No rule covers this use of ${program}; judged as an ordinary local command: ${view.display()}`
          : `${program} is not in the rule table; judged as an ordinary local command: ${view.display()}`,
      tier: 'low',
      weight: 5,
      command: view.index,
    });
  }
  for (const f of ctx.findings) if (f.command === view.index) hits.push(findingHit(f, view.index));
  let tier: Tier = 'safe';
  for (const h of hits) tier = maxTier(tier, h.tier);
  return { view, tier, hits, categories };
}

/**
 * A subcommand, or options, that only a run-time value decides (risk/dynamicArguments.ts): the
 * command is judged by what that value could make it.
 */
function dynamicArgumentHits(
  view: CommandView,
  items: readonly IndexedRule[],
  checks: readonly MatchCheck[],
  ctx: MatchContext,
  all: readonly SimpleCommand[],
  hits: Hit[],
  categories: Set<Category>,
): void {
  // Most commands have no operand known only at run time: nothing to do for them.
  if (!view.operands.some((w) => w.dynamic.length > 0)) return;
  const program = view.program as string;
  const first = view.operands[0];
  if (first && PROGRAMS[program]?.subcommands === true && !view.afterDashDash.includes(first)) {
    if (unknownParts(first, view.cmd, all, view.index)) {
      hits.push({
        code: 'exec.dynamic-subcommand',
        message: () =>
          `What ${program} is told to do (${first.raw}) is only known when it runs: any ${program} command, including its destructive ones: ${view.display()}`,
        tier: 'high',
        weight: 12,
        command: view.index,
      });
      categories.add('execution');
      return;
    }
  }
  const rules: RiskRule[] = [];
  const byRule = new Map<RiskRule, MatchCheck>();
  items.forEach((item, i) => {
    if (item.scope === 'fallback' || hits.some((h) => h.code === item.rule.id)) return;
    rules.push(item.rule);
    byRule.set(item.rule, checks[i] as MatchCheck);
  });
  for (const w of view.operands) {
    const unknown = w.dynamic.length === 0 ? null : unknownParts(w, view.cmd, all, view.index);
    if (!unknown) continue;
    const turned = rulesValueTurnsOn(
      view,
      w,
      rules,
      (rule, variant) => (byRule.get(rule) as MatchCheck)(variant, ctx),
      unknown.variable && takesPathOperands(program),
    );
    // The worst that one value could do, as one reason; at least high, never more on a guess.
    const worst = turned.sort(
      (a, b) =>
        tierRank(b.rule.tier) - tierRank(a.rule.tier) || (b.rule.weight ?? 10) - (a.rule.weight ?? 10),
    )[0];
    if (!worst) continue;
    const { rule, words } = worst;
    hits.push({
      code: rule.id,
      message: () =>
        `If ${w.raw} expands to ${words.join(' ')} (its value is only known when it runs): ${rule.reason}: ${view.display()}`,
      tier: 'high',
      weight: rule.weight ?? 10,
      command: view.index,
    });
    // Not added to the command's categories: combinations judge what the text shows, not a guess.
  }
}

function comboHit(rule: ComboRule, views: CommandView[], involved: number[]): Hit {
  const parts = () => involved.map((i) => views[i]?.display() ?? '').join(' … ');
  return {
    code: rule.id,
    message: () => `${rule.reason}: ${parts()}`,
    tier: rule.tier,
    weight: rule.weight ?? 10,
    command: null,
  };
}

function toReasons(hits: Hit[], tier: Tier): Reason[] {
  const seen = new Set<string>();
  const sorted = [...hits].sort(
    (a, b) => tierRank(b.tier) - tierRank(a.tier) || (a.command ?? -1) - (b.command ?? -1),
  );
  const out: Reason[] = [];
  for (const h of sorted) {
    if (tier !== 'safe' && h.tier === 'safe') continue;
    const message = h.message();
    const key = `${h.code}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: h.code, message, tier: h.tier });
    if (out.length >= 12) break;
  }
  return out;
}

export function createRiskAssessor(
  rules: readonly RiskRule[] = RISK_RULES,
  combos: readonly ComboRule[] = COMBO_RULES,
): AssessRiskFn {
  const index = indexRules(rules);
  return function assess({ commands, findings, sql }): RiskAssessment {
    try {
      return assessWith(index, combos, commands, findings, sql);
    } catch (error) {
      // Never throw: an internal failure is judged as the worst case, with the reason.
      const message = error instanceof Error ? error.message : String(error);
      return {
        tier: 'critical',
        score: 100,
        reasons: [
          {
            code: 'risk.internal-error',
            message: `The risk analysis failed (${message}); treat as critical`,
            tier: 'critical',
          },
        ],
        perCommand: commands.map(() => 'critical'),
      };
    }
  };
}

function assessWith(
  index: RuleIndex,
  combos: readonly ComboRule[],
  commands: SimpleCommand[],
  findings: Finding[],
  sql: SqlEffect[],
): RiskAssessment {
  const ctx: MatchContext = { findings, sql };
  const judged: CommandJudgement[] = [];
  const hits: Hit[] = [];
  const perCommand: Tier[] = [];
  for (let i = 0; i < commands.length; i++) {
    const j = judgeCommand(
      index,
      viewCommand(commands[i] as SimpleCommand, commands, i),
      ctx,
      false,
      commands,
    );
    judged.push(j);
    for (const h of j.hits) hits.push(h);
    perCommand.push(j.tier);
  }
  for (const f of findings) {
    if (f.command === undefined || f.command < 0 || f.command >= commands.length)
      hits.push(findingHit(f, null));
  }
  const views = judged.map((j) => j.view);
  for (const rule of combos) {
    const involved = rule.find({ views, categories: judged.map((j) => j.categories) });
    if (!involved) continue;
    hits.push(comboHit(rule, views, involved));
    for (const i of involved) perCommand[i] = maxTier(perCommand[i] ?? 'safe', rule.tier);
  }
  if (commands.length === 0 && hits.length === 0) {
    hits.push(infoHit('info.nothing-runs', 'Nothing runs (empty input or only comments)', 'safe', 0, null));
  }
  let tier: Tier = 'safe';
  for (const h of hits) tier = maxTier(tier, h.tier);
  const weights = hits.filter((h) => h.tier === tier).map((h) => h.weight);
  return {
    tier,
    score: scoreFor(tier, weights),
    reasons: toReasons(hits, tier),
    perCommand,
    categories: judged.map((j) => [...j.categories]),
  };
}

export const assessRisk: AssessRiskFn = createRiskAssessor();
