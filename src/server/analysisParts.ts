// TEMPORARY stand-in until the analyzer lands (replaced before commit).
import type { Analysis, CommandAnalyzer } from '../core/analyzer/types.js';
import type { CommandInput } from '../protocol/api.js';
import { commandText } from '../protocol/commandText.js';
import type { BuildMatcher } from './services/whitelistCache.js';

export interface AnalysisParts {
  analyzer: CommandAnalyzer;
  buildMatcher: BuildMatcher;
  checkPattern(pattern: string, command: CommandInput, agent: string): { ok: true; exact: boolean } | { ok: false; message: string };
  validatePattern(pattern: string): { ok: true; exact: boolean } | { ok: false; message: string };
}

export async function loadAnalysisParts(): Promise<AnalysisParts> {
  const analyzer: CommandAnalyzer = {
    analyze(input): Analysis {
      const text = 'argv' in input ? commandText(input) : input.shell;
      return { input, source: text, parsed: true, commands: [], findings: [], sql: [], canonical: text, risk: { tier: 'medium', score: 50, reasons: [], perCommand: [] } };
    },
    view(a) {
      return { tier: a.risk.tier, score: a.risk.score, reasons: a.risk.reasons, summary: [], parts: [a.source], canonical: a.canonical, parsed: a.parsed, suggestions: [] };
    },
  };
  return {
    analyzer,
    buildMatcher: (entries) => ({
      match(analysis, { agent, now }) {
        const e = entries.find((x) => x.pattern === analysis.canonical && !x.disabled && (x.agent === null || x.agent === agent) && (x.expiresAt === null || x.expiresAt > now));
        return e ? (e.effect === 'deny' ? { decision: 'deny', entry: e, command: 0 } : { decision: 'allow', entries: [e] }) : { decision: 'none', why: 'no entry' };
      },
    }),
    checkPattern: () => ({ ok: true, exact: true }),
    validatePattern: () => ({ ok: true, exact: true }),
  };
}
