/**
 * `expacti check --jsonl`: one JSON object per input line, in order. Each line is
 * {"cmd": "…", "allowed": ["…"]} (allowed optional: commands approved before, as exact entries);
 * the answer is {"tier", "score", "reasons", "allowed"} or {"error": {"code", "message"}}.
 * A malformed line gets an error on its line; the batch goes on.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { LIMITS } from '../protocol/index.js';
import type { Analysis, CommandAnalyzer } from '../core/analyzer/types.js';
import type { WhitelistEntry } from '../store/records.js';
import { buildWhitelistIndex, type CompileFn, type WhitelistIndex } from '../core/whitelist/index.js';

export interface BatchResult {
  tier: string;
  score: number;
  reasons: Array<{ code: string; message: string }>;
  allowed: boolean;
}

export type BatchLine = BatchResult | { error: { code: string; message: string } };

function fail(code: string, message: string): BatchLine {
  return { error: { code, message } };
}

function entry(pattern: string, i: number): WhitelistEntry {
  return {
    id: `allowed-${i}`,
    orgId: 'check',
    effect: 'allow',
    pattern,
    exact: true,
    agent: null,
    createdBy: 'check',
    createdFromRequest: null,
    createdAt: '1970-01-01T00:00:00.000Z',
    expiresAt: null,
    hits: 0,
    lastUsedAt: null,
    disabled: false,
    note: null,
    context: null,
  };
}

/** Analyses are pure: a batch analyses each distinct command text once (bounded cache). */
function memoized(analyzer: CommandAnalyzer): (text: string) => Analysis {
  const seen = new Map<string, Analysis>();
  return (text) => {
    let a = seen.get(text);
    if (!a) {
      a = analyzer.analyze({ shell: text });
      if (seen.size >= 10_000) seen.clear();
      seen.set(text, a);
    }
    return a;
  };
}

export function createBatchChecker(analyzer: CommandAnalyzer): (line: string) => BatchLine {
  const analyze = memoized(analyzer);
  const compile: CompileFn = analyze;
  // Lines often share their allowed list: build each distinct whitelist once.
  const indexes = new Map<string, WhitelistIndex>();
  const indexFor = (allowed: string[]): WhitelistIndex => {
    const key = JSON.stringify(allowed);
    let index = indexes.get(key);
    if (!index) {
      index = buildWhitelistIndex(allowed.map(entry), compile);
      if (indexes.size >= 1_000) indexes.clear();
      indexes.set(key, index);
    }
    return index;
  };
  return (line) => {
    if (Buffer.byteLength(line) > LIMITS.bodyBytes)
      return fail('check.too-large', `the line is over ${LIMITS.bodyBytes} bytes`);
    let input: unknown;
    try {
      input = JSON.parse(line);
    } catch (error) {
      return fail(
        'check.invalid-json',
        `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return fail('check.invalid-input', 'expected an object {"cmd": "…", "allowed": ["…"]}');
    const { cmd, allowed } = input as { cmd?: unknown; allowed?: unknown };
    if (typeof cmd !== 'string') return fail('check.invalid-input', '"cmd" must be a string');
    if (allowed !== undefined && (!Array.isArray(allowed) || !allowed.every((a) => typeof a === 'string'))) {
      return fail('check.invalid-input', '"allowed" must be an array of strings');
    }
    try {
      const analysis = analyze(cmd);
      let isAllowed = false;
      if (Array.isArray(allowed) && allowed.length > 0) {
        isAllowed =
          indexFor(allowed as string[]).match(analysis, { agent: 'check', now: 0 }).decision === 'allow';
      }
      const { tier, score, reasons } = analysis.risk;
      return {
        tier,
        score,
        reasons: reasons.map((r) => ({ code: r.code, message: r.message })),
        allowed: isAllowed,
      };
    } catch (error) {
      return fail(
        'check.internal',
        `the analysis failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

/** Reads JSON lines from `input` and emits one answer per non-blank line, in order. */
export async function runBatch(
  analyzer: CommandAnalyzer,
  input: Readable,
  emit: (line: string) => void,
): Promise<number> {
  const check = createBatchChecker(analyzer);
  let count = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    emit(JSON.stringify(check(line)));
    count++;
  }
  return count;
}
