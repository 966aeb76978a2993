/**
 * The seams between the shell layer (shell/), the SQL layer (sql/) and the risk layer (risk/).
 * analyze.ts composes them: parse → unwrap → sqlEffects → assessRisk → canonical.
 *
 * sql/index.ts exports `sqlEffects: SqlEffectsFn`; risk/index.ts exports `assessRisk: AssessRiskFn`.
 * Both are pure: the parsers are loaded once by src/runtime/loadAnalyzer.ts and injected.
 */
import type { ParseResult, ScanResult } from 'libpg-query';
import type { Finding, RiskAssessment, SimpleCommand, SqlEffect } from './types.js';

/** The PostgreSQL parser (libpg-query, loaded with loadModule()), used synchronously. */
export interface SqlParser {
  /** libpg-query parseSync: throws on a syntax error. */
  parse(sql: string): ParseResult;
  /** libpg-query scanSync: tokens including comments (to see `-- WHERE …`). */
  scan(sql: string): ScanResult;
}

/**
 * What each SQL client command (psql -c, mysql -e, sqlite3 db "…", heredocs, echoed stdin) would
 * do. `commands` is Analysis.commands (already unwrapped); `source` the analysed shell text.
 * SqlEffect.command is an index into `commands`. Must never throw (a SQL parse error is an effect
 * with statement 'UNKNOWN' and readOnly false, or simply no effect plus a risk reason).
 */
export type SqlEffectsFn = (commands: SimpleCommand[], source: string, parser: SqlParser) => SqlEffect[];

/**
 * Tier, score and reasons for the whole analysis, and one tier per command (same order as
 * `commands`). Findings carry a minimum tier (Finding.tier) that the result must respect; findings
 * with `command` set raise that command's perCommand tier, those without raise the whole.
 * Must never throw.
 */
export type AssessRiskFn = (input: {
  commands: SimpleCommand[];
  findings: Finding[];
  sql: SqlEffect[];
}) => RiskAssessment;
