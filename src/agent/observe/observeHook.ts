/**
 * `expacti hook <host> --observe`: records what the agent read (issue 25). One hook core for every
 * host: read the input, let the host's adapter find the reads in it, keep only their size, hash
 * and findings (content.ts), report them, answer what lets the agent go on. It never blocks and
 * never fails the agent: bad input, a server that is down or a crash still answer "go on", exit
 * 0 — a problem it can describe is reported as a read that could not be observed, so that the
 * session's timeline says so.
 */
import { NOT_OBSERVED, READ_LIMITS, type ObservedRead } from '../../protocol/reads.js';
import { contentFacts } from './content.js';
import { claude } from './hosts/claude.js';
import { cursor } from './hosts/cursor.js';
import { gemini } from './hosts/gemini.js';
import { isObject, type HostObservation, type ObserveHost } from './hosts/types.js';

export const OBSERVE_HOSTS: Readonly<Record<string, ObserveHost>> = { claude, gemini, cursor };

export interface ObserveResult {
  /** The hook's stdout. */
  answer: string;
  /** What to report (empty: nothing). */
  reads: ObservedRead[];
  session?: string;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The reads to report for one hook input, and the answer; never throws. */
export function observe(host: ObserveHost, stdin: string): ObserveResult {
  let input: Record<string, unknown> | null = null;
  let seen: HostObservation;
  try {
    const parsed: unknown = JSON.parse(stdin);
    if (!isObject(parsed)) throw new Error('the hook input on stdin is not a JSON object');
    input = parsed;
    seen = host.translate(parsed);
  } catch (error) {
    seen = {
      reads: [],
      error: error instanceof SyntaxError ? 'the hook input on stdin is not JSON' : (error as Error).message,
    };
  }
  const answer = host.answer(input);
  const reads: ObservedRead[] = [];
  for (const r of seen.reads) {
    let facts: ReturnType<typeof contentFacts>;
    let error: string | undefined;
    try {
      facts = contentFacts(r.text);
    } catch (e) {
      facts = { size: 0, sha256: null, findings: [] };
      error = `its content could not be scanned (${(e as Error).message})`;
    }
    if (r.onlyWithFindings && facts.findings.length === 0 && !error) continue;
    reads.push({
      host: host.name,
      tool: clip(r.tool, 255),
      kind: r.kind,
      source: clip(r.source, READ_LIMITS.sourceChars),
      ...(seen.cwd ? { cwd: seen.cwd } : {}),
      size: facts.size,
      sha256: facts.sha256,
      findings: facts.findings.slice(0, READ_LIMITS.findings).map((f) => ({
        ...f,
        ...(f.samples ? { samples: f.samples.map((x) => clip(x, READ_LIMITS.sampleChars)) } : {}),
      })),
      ...(error ? { error } : {}),
    });
  }
  if (seen.error)
    reads.push({
      host: host.name,
      tool: 'unknown',
      kind: 'tool',
      source: NOT_OBSERVED,
      ...(seen.cwd ? { cwd: seen.cwd } : {}),
      size: 0,
      sha256: null,
      findings: [],
      error: clip(seen.error, 1000),
    });
  return { answer, reads, ...(seen.session ? { session: seen.session } : {}) };
}
