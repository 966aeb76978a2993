/**
 * The analyzer and the whitelist, as the server uses them: the parsers are loaded once per
 * process; every whitelist decision and pattern check goes through the analysis, never the text.
 */
import type { CommandAnalyzer } from '../core/analyzer/types.js';
import { buildWhitelistIndex, validatePattern, type CompileFn } from '../core/whitelist/index.js';
import { BENIGN_WORDS, benignInstance } from '../core/whitelist/compile.js';
import { TIERS } from '../protocol/tiers.js';
import { quoteArgv } from '../core/analyzer/shell/quote.js';
import type { CommandInput } from '../protocol/api.js';
import type { WhitelistEntry } from '../store/records.js';
import { loadAnalyzer } from '../runtime/loadAnalyzer.js';
import { assertRuleTable } from '../core/analyzer/risk/index.js';
import { cachedAnalyzer } from './analysisCache.js';
import type { BuildMatcher } from './services/whitelistCache.js';
import type { SlotContext } from '../core/whitelist/slots.js';

export type PatternVerdict = { ok: true; exact: boolean } | { ok: false; message: string };

export interface AnalysisParts {
  analyzer: CommandAnalyzer;
  buildMatcher: BuildMatcher;
  /** A valid pattern that would allow this very command for this agent (approve & whitelist). */
  checkPattern(pattern: string, command: CommandInput, agent: string, ctx?: SlotContext): PatternVerdict;
  /** A valid pattern (whitelist page, CLI). */
  validatePattern(pattern: string): PatternVerdict;
}

export async function loadAnalysisParts(): Promise<AnalysisParts> {
  const analyzer = cachedAnalyzer(await loadAnalyzer());
  // Every risk rule must still match its own examples (and not its counter-examples) under this
  // parser; a rule table that fails is refused here, so the server does not start with it.
  assertRuleTable((shell) => analyzer.analyze({ shell }));
  const compile: CompileFn = (text) => analyzer.analyze({ shell: text });
  const buildMatcher: BuildMatcher = (entries) => buildWhitelistIndex(entries, compile);

  const validate = (pattern: string): PatternVerdict => {
    const check = validatePattern(pattern, compile);
    if (!check.ok) return check;
    const instances = check.exact
      ? []
      : BENIGN_WORDS.map((w) => benignInstance(pattern, compile, w)).filter((i) => i !== null);
    const judged = instances.map((i) => ({ i, tier: analyzer.analyze({ argv: i }).risk.tier }));
    const least = judged.sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier))[0];
    const instance = least?.i;
    const tier = least?.tier;
    if (instance && (tier === 'high' || tier === 'critical'))
      return {
        ok: false,
        message: `this pattern can never allow anything: even \`${quoteArgv(instance)}\` (each wildcard as a plain word) is ${tier} risk, and high and critical commands are allowed only by exact entries — whitelist the exact commands instead`,
      };
    return { ok: true, exact: check.exact };
  };

  const checkPattern = (
    pattern: string,
    command: CommandInput,
    agent: string,
    ctx: SlotContext = {},
  ): PatternVerdict => {
    const check = validate(pattern);
    if (!check.ok) return check;
    const now = new Date().toISOString();
    const probe: WhitelistEntry = {
      id: 'candidate',
      orgId: '',
      effect: 'allow',
      pattern,
      exact: check.exact,
      agent: null,
      createdBy: '',
      createdFromRequest: null,
      createdAt: now,
      expiresAt: null,
      hits: 0,
      lastUsedAt: null,
      disabled: false,
      note: null,
      context: null,
    };
    const decision = buildMatcher([probe]).match(analyzer.analyze(command), { ...ctx, agent, now });
    if (decision.decision === 'allow') return check;
    return {
      ok: false,
      message: `this pattern would not allow the command being approved (${decision.decision === 'none' ? decision.why : 'denied'}); pick a pattern that covers it, or approve without --whitelist`,
    };
  };

  return { analyzer, buildMatcher, checkPattern, validatePattern: validate };
}
