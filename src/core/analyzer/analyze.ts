/**
 * The command analyzer: shell text (or argv) → Analysis. Composition only: parse and unwrap
 * (shell/), SQL effects (sql/), risk (risk/), canonical form; plus the reviewer-facing view.
 * Parsers are loaded once by src/runtime/loadAnalyzer.ts and injected: this does no I/O.
 */
import type { AnalysisView, CommandInput } from '../../protocol/index.js';
import { suggestPatterns } from '../whitelist/suggest.js';
import type { AssessRiskFn, SqlEffectsFn, SqlParser } from './contracts.js';
import type { CodeParsers } from './code/types.js';
import { analyzeShell, type ShellParser } from './shell/analyzeShell.js';
import { commandText } from './shell/commandText.js';
import { quoteArgv } from './shell/quote.js';
import type { Analysis, CommandAnalyzer, Finding, RiskAssessment } from './types.js';

export interface AnalyzerOptions {
  shellParser: ShellParser;
  /** Grammars for inline code (python -c, node -e, heredocs into interpreters); optional. */
  codeParsers?: CodeParsers;
  sqlParser: SqlParser;
  sqlEffects: SqlEffectsFn;
  assessRisk: AssessRiskFn;
}

/** The shell text an input stands for (argv is quoted so bash would parse it back exactly). */
export function inputSource(input: CommandInput): string {
  return 'argv' in input ? quoteArgv(input.argv) : input.shell;
}

function failedRisk(commands: number, findings: Finding[], message: string): RiskAssessment {
  findings.push({ code: 'risk.error', message, tier: 'high' });
  return {
    tier: 'high',
    score: 70,
    reasons: [{ code: 'risk.error', message, tier: 'high' }],
    perCommand: Array.from({ length: commands }, () => 'high' as const),
  };
}

export function createCommandAnalyzer(options: AnalyzerOptions): CommandAnalyzer {
  const analyze = (input: CommandInput): Analysis => {
    const source = inputSource(input);
    const shell = analyzeShell(
      options.shellParser,
      source,
      options.codeParsers,
      'argv' in input ? input.argv : undefined,
    );
    const findings = [...shell.findings];
    let sql: Analysis['sql'] = [];
    try {
      sql = options.sqlEffects(shell.commands, source, options.sqlParser);
    } catch (error) {
      findings.push({ code: 'sql.error', message: `SQL analysis failed: ${String(error)}`, tier: 'high' });
    }
    let risk: RiskAssessment;
    try {
      risk = options.assessRisk({ commands: shell.commands, findings, sql });
      if (risk.perCommand.length !== shell.commands.length)
        throw new Error('perCommand does not match commands');
    } catch (error) {
      risk = failedRisk(shell.commands.length, findings, `risk assessment failed: ${String(error)}`);
    }
    return {
      input,
      source,
      parsed: shell.parsed,
      commands: shell.commands,
      findings,
      sql,
      canonical: shell.canonical,
      risk,
    };
  };
  return { analyze, view };
}

/** The reviewer/agent-facing view: summary lines, parts, and whitelist suggestions. */
export function view(analysis: Analysis): AnalysisView {
  const summary: string[] = [];
  if (!analysis.parsed) summary.push('The command could not be fully understood: it is never auto-allowed.');
  for (const s of analysis.sql) summary.push(s.summary);
  for (const f of analysis.findings) if (!summary.includes(f.message)) summary.push(f.message);
  return {
    tier: analysis.risk.tier,
    score: analysis.risk.score,
    reasons: analysis.risk.reasons,
    summary,
    parts: analysis.commands.map(commandText),
    partTiers: analysis.risk.perCommand,
    canonical: analysis.canonical,
    parsed: analysis.parsed,
    suggestions: suggestPatterns(analysis),
  };
}
