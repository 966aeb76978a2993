/** What each host's observe adapter makes of its hook input: the reads in it, and the answer to give. */
import type { ReadKind } from '../../../protocol/reads.js';

export interface HostRead {
  tool: string;
  kind: ReadKind;
  source: string;
  /** The content the agent saw; null when the host did not include it. */
  text: string | null;
  /** Report it only when its content has findings (shell output: the gate already saw the command). */
  onlyWithFindings?: boolean;
}

export interface HostObservation {
  session?: string;
  cwd?: string;
  /** Empty when the tool is not a read expacti observes. */
  reads: HostRead[];
  /** A problem with the input: reported as a read that could not be observed, never a block. */
  error?: string;
}

export interface ObserveHost {
  name: string;
  /** Reads in the host's hook input (parsed JSON). */
  translate(input: Record<string, unknown>): HostObservation;
  /** The hook's whole stdout: the answer that lets the agent go on. */
  answer(input: Record<string, unknown> | null): string;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
