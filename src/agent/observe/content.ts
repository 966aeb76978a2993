/**
 * What the agent side keeps of content it saw: its size, a SHA-256 and the findings of a bounded
 * scan (core/reads/findings.ts) — the content itself stays on the machine.
 */
import { createHash } from 'node:crypto';
import type { ReadFinding } from '../../protocol/reads.js';
import { scanText, SCAN_LIMIT_CHARS } from '../../core/reads/findings.js';

export interface ContentFacts {
  size: number;
  sha256: string | null;
  findings: ReadFinding[];
}

/** Strings gathered from a host's JSON tool response: at most this many characters. */
const GATHER_LIMIT = SCAN_LIMIT_CHARS;

/**
 * The text inside a JSON value (a tool response of any shape): its strings, in document order,
 * joined by newlines, up to GATHER_LIMIT characters and 8 levels deep.
 */
export function textOf(value: unknown, limit = GATHER_LIMIT): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (v: unknown, depth: number): void => {
    if (length >= limit || depth > 8) return;
    if (typeof v === 'string') {
      const piece = v.slice(0, limit - length);
      parts.push(piece);
      length += piece.length + 1;
    } else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(value, 0);
  return parts.join('\n');
}

export function contentFacts(text: string | null): ContentFacts {
  if (text === null) return { size: 0, sha256: null, findings: [] };
  return {
    size: Buffer.byteLength(text, 'utf8'),
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    findings: scanText(text),
  };
}
