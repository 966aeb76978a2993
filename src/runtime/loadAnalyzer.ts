/**
 * Loads the parsers once (tree-sitter-bash wasm, libpg-query wasm) and returns the pure analyzer
 * (src/core/analyzer/analyze.ts). Used by the server and `expacti check`; never by `expacti run`.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { Language, Parser } from 'web-tree-sitter';
import { loadModule, parseSync, scanSync } from 'libpg-query';
import { createCommandAnalyzer } from '../core/analyzer/analyze.js';
import type { AssessRiskFn, SqlEffectsFn, SqlParser } from '../core/analyzer/contracts.js';
import type { ShellParser } from '../core/analyzer/shell/analyzeShell.js';
import type { CommandAnalyzer } from '../core/analyzer/types.js';
import { assessRisk } from '../core/analyzer/risk/index.js';
import { sqlEffects } from '../core/analyzer/sql/index.js';

const require = createRequire(import.meta.url);

let shellParser: Promise<ShellParser> | null = null;

/** Wall-clock budget for one parse: tree-sitter gives up (the command is "not parsed") after it. */
export const PARSE_BUDGET_MS = 100;
let sqlParser: Promise<SqlParser> | null = null;

/** The bash parser, loaded once per process. */
export function loadShellParser(): Promise<ShellParser> {
  shellParser ??= (async () => {
    await Parser.init();
    const wasm = await readFile(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(text: string) {
        const deadline = performance.now() + PARSE_BUDGET_MS;
        const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
        // A cancelled parse would otherwise resume on the next call.
        if (!tree) parser.reset();
        return tree;
      },
    };
  })();
  return shellParser;
}

/** The PostgreSQL parser, loaded once per process. */
export function loadSqlParser(): Promise<SqlParser> {
  sqlParser ??= (async () => {
    await loadModule();
    return { parse: parseSync, scan: scanSync };
  })();
  return sqlParser;
}

export interface LoadAnalyzerOptions {
  /** Replace the SQL or risk layer (tests). */
  sqlEffects?: SqlEffectsFn;
  assessRisk?: AssessRiskFn;
}

export async function loadAnalyzer(options: LoadAnalyzerOptions = {}): Promise<CommandAnalyzer> {
  const [shell, sql] = await Promise.all([loadShellParser(), loadSqlParser()]);
  return createCommandAnalyzer({
    shellParser: shell,
    sqlParser: sql,
    sqlEffects: options.sqlEffects ?? sqlEffects,
    assessRisk: options.assessRisk ?? assessRisk,
  });
}
