/**
 * The shell layer's entry point: shell text → every simple command that can run (unwrapped),
 * findings, and the canonical form. Pure apart from the injected parser; never throws on input.
 */
import type { Finding, SimpleCommand } from '../types.js';
import type { CodeParsers } from '../code/types.js';
import { canonicalScript } from './canonical.js';
import { Extraction, TOP_FRAME, type ShellParser } from './extraction.js';
import { PARSE_ERROR } from './findingCodes.js';
import { walkTree, withTree } from './walk.js';

export interface ShellAnalysis {
  /** False on a parse error or an exceeded limit. */
  parsed: boolean;
  commands: SimpleCommand[];
  findings: Finding[];
  /** Canonical form; null when not parsed. */
  canonical: string | null;
}

export function analyzeShell(parser: ShellParser, source: string, code: CodeParsers = {}): ShellAnalysis {
  const x = new Extraction(parser, code);
  let canonical: string | null = null;
  try {
    withTree(x, source, (tree) => {
      const root = walkTree(x, tree, source, TOP_FRAME);
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
  if (x.commands.length === 0 && x.parsed && source.trim() !== '' && canonical === '') canonical = '';
  return {
    parsed: x.parsed,
    commands: x.commands,
    findings: x.findings,
    canonical: x.parsed ? canonical : null,
  };
}

export type { ShellParser };
