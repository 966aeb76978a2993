/**
 * Loads the parsers once (tree-sitter-bash, -python, -javascript and -ruby wasm; libpg-query wasm) and returns the pure analyzer
 * (src/core/analyzer/analyze.ts). Used by the server and `expacti check`; never by `expacti run`.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { Language, Parser } from 'web-tree-sitter';
import { loadModule, parseSync, scanSync } from 'libpg-query';
import { createCommandAnalyzer } from '../core/analyzer/analyze.js';
import type { AssessRiskFn, SqlEffectsFn, SqlParser } from '../core/analyzer/contracts.js';
import type { ShellParser } from '../core/analyzer/shell/analyzeShell.js';
import type { CodeParsers } from '../core/analyzer/code/types.js';
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
  shellParser ??= grammarParser(
    'tree-sitter-bash/tree-sitter-bash.wasm',
    'git status && ls -la "$HOME" | head -n 5',
  ).then(budgeted);
  return shellParser;
}

let codeParsers: Promise<CodeParsers> | null = null;

/**
 * A tree-sitter grammar shipped as wasm by an npm package, with a parser set to it. One parse
 * without a budget warms it up: the first parse after loading compiles the wasm further and, on a
 * busy machine, could exceed the budget and leave a harmless command "not understood".
 */
function grammarParser(wasmPath: string, warmUp: string): Promise<Parser> {
  const next = grammarLoads.then(async () => {
    await Parser.init();
    const language = await Language.load(await readFile(require.resolve(wasmPath)));
    const parser = new Parser();
    parser.setLanguage(language);
    parser.parse(warmUp)?.delete();
    return parser;
  });
  grammarLoads = next.catch(() => undefined);
  return next;
}

/**
 * Grammars load one after another: web-tree-sitter links each grammar's wasm into one shared
 * module, and two links in flight at once were seen to yield a language whose version reads 0
 * ("Incompatible language version 0") on a busy machine — a server that then refused to start.
 */
let grammarLoads: Promise<unknown> = Promise.resolve();

/** A parse within the time budget; a cancelled parse is reset so it does not resume on the next call. */
function budgeted(parser: Parser): { parse(text: string): ReturnType<Parser['parse']> } {
  return {
    parse(text: string) {
      const deadline = performance.now() + PARSE_BUDGET_MS;
      const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
      if (!tree) parser.reset();
      return tree;
    },
  };
}

/** The Python, JavaScript, Ruby and PHP grammars for inline code, loaded once per process. */
export function loadCodeParsers(): Promise<CodeParsers> {
  codeParsers ??= (async () => {
    const [python, javascript, ruby, php] = await Promise.all([
      grammarParser('tree-sitter-python/tree-sitter-python.wasm', 'import os\nprint(os.listdir("."))\n'),
      grammarParser(
        'tree-sitter-javascript/tree-sitter-javascript.wasm',
        'const fs = require("fs");\nfs.readdirSync(".");\n',
      ),
      grammarParser('tree-sitter-ruby/tree-sitter-ruby.wasm', 'require "fileutils"\nputs Dir.entries(".")\n'),
      // The grammar without HTML: `php -r` code has no `<?php` tag (a leading one still parses).
      grammarParser('tree-sitter-php/tree-sitter-php_only.wasm', 'echo json_encode(scandir("."));\n'),
    ]);
    return {
      python: budgeted(python),
      javascript: budgeted(javascript),
      ruby: budgeted(ruby),
      php: budgeted(php),
    };
  })();
  return codeParsers;
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
  const [shell, sql, code] = await Promise.all([loadShellParser(), loadSqlParser(), loadCodeParsers()]);
  return createCommandAnalyzer({
    shellParser: shell,
    codeParsers: code,
    sqlParser: sql,
    sqlEffects: options.sqlEffects ?? sqlEffects,
    assessRisk: options.assessRisk ?? assessRisk,
  });
}
