/** The real analyzer (parsers loaded once per test process) and helpers for shell-layer tests. */
import { loadAnalyzer, loadShellParser } from '../../src/runtime/loadAnalyzer.js';
import { analyzeShell, type ShellAnalysis } from '../../src/core/analyzer/shell/analyzeShell.js';
import type { CompileFn } from '../../src/core/whitelist/compile.js';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import type { WhitelistEntry } from '../../src/store/records.js';

let analyzer: Promise<CommandAnalyzer> | null = null;

export function getAnalyzer(): Promise<CommandAnalyzer> {
  analyzer ??= loadAnalyzer();
  return analyzer;
}

/** Shell layer only: shell text → commands, findings, canonical form. */
export async function shellOf(text: string): Promise<ShellAnalysis> {
  return analyzeShell(await loadShellParser(), text);
}

export async function compileFn(): Promise<CompileFn> {
  const a = await getAnalyzer();
  return (text) => a.analyze({ shell: text });
}

let ids = 0;
export function entry(pattern: string, fields: Partial<WhitelistEntry> = {}): WhitelistEntry {
  ids++;
  return {
    id: `e${ids}`,
    orgId: 'org',
    effect: 'allow',
    pattern,
    exact: false,
    agent: null,
    createdBy: 'ana',
    createdFromRequest: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: null,
    hits: 0,
    lastUsedAt: null,
    disabled: false,
    note: null,
    context: null,
    ...fields,
  };
}
