/**
 * The shell layer's entry point: shell text → every simple command that can run (unwrapped),
 * findings, and the canonical form. Pure apart from the injected parser; never throws on input.
 */
import type { Finding, SimpleCommand } from '../types.js';
import type { CodeParsers } from '../code/types.js';
import { canonicalScript } from './canonical.js';
import { Extraction, TOP_FRAME, type ShellParser } from './extraction.js';
import { EXEC_ARITHMETIC, PARSE_ERROR } from './findingCodes.js';
import { walkTree, withTree } from './walk.js';
import { hiddenTextFinding } from './hiddenText.js';
import { unparsedReading } from './unparsedReading.js';
import { arithmeticInjections } from './arithmeticNames.js';
import type { SyntaxNode } from './syntaxTree.js';

export interface ShellAnalysis {
  /** False on a parse error or an exceeded limit. */
  parsed: boolean;
  commands: SimpleCommand[];
  findings: Finding[];
  /** Canonical form; null when not parsed. */
  canonical: string | null;
}

/**
 * `argv`: the input was an argv vector (and `source` its quoting): hidden characters are looked
 * for in its words, not in the quoted text.
 */
export function analyzeShell(
  parser: ShellParser,
  source: string,
  code: CodeParsers = {},
  argv?: readonly string[],
  nested = false,
): ShellAnalysis {
  const x = new Extraction(parser, code);
  let canonical: string | null = null;
  let root: SyntaxNode | null = null;
  try {
    withTree(x, source, (tree) => {
      root = walkTree(x, tree, source, TOP_FRAME);
      if (root && x.parsed) canonical = canonicalScript(root);
    });
  } catch (error) {
    // A bug here must not let a command through: the analysis is simply "not understood".
    const message = error instanceof Error ? error.message : String(error);
    x.find(
      PARSE_ERROR,
      `internal error while analysing the command (${message}): it cannot be auto-allowed`,
      'high',
      undefined,
      true,
    );
  }
  // Text bash runs but the grammar cannot parse (`{rm,-rf,~}`, `exec 3<>/dev/tcp/…`): its
  // written-out reading is judged too (unparsedReading.ts).
  const braced = !x.parsed && !argv && !nested ? unparsedReading(source) : null;
  if (braced !== null) {
    // The reading holds every statement (only brace words differ): its commands replace the
    // partial parse's; their places are in the reading's text, so each covers the whole input.
    const reading = analyzeShell(parser, braced, code, undefined, true);
    x.commands.splice(
      0,
      x.commands.length,
      ...reading.commands.map((c) => ({ ...c, span: { start: 0, end: source.length } })),
    );
    x.findings.push(...reading.findings.filter((f) => f.code !== PARSE_ERROR));
  }
  // A variable holding `a[$(…)]` named in arithmetic runs the substitution: judged as that word.
  for (const value of nested ? [] : arithmeticInjections(x.commands)) {
    const reading = analyzeShell(parser, `: ${value}`, code, undefined, true);
    x.commands.push(...reading.commands.map((c) => ({ ...c, span: { start: 0, end: source.length } })));
    x.findings.push(...reading.findings);
    x.find(
      EXEC_ARITHMETIC,
      `arithmetic evaluates a variable holding ${value}: its substitution runs`,
      'high',
      undefined,
    );
  }
  const hidden = hiddenTextFinding(argv ? { argv } : { text: source, root }, x.commands);
  if (hidden) x.findings.push(hidden);
  if (x.commands.length === 0 && x.parsed && source.trim() !== '' && canonical === '') canonical = '';
  return {
    parsed: x.parsed,
    commands: x.commands,
    findings: x.findings,
    canonical: x.parsed ? canonical : null,
  };
}

export type { ShellParser };
