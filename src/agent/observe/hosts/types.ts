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

/**
 * The part of a tool-event hook input every host shares (`session_id`, `cwd`, `hook_event_name`,
 * `tool_name`, `tool_input`): checked here, once; the host reads the tool's response with `read`.
 */
export function observeToolEvent(
  input: Record<string, unknown>,
  expected: { event: string; settings: string },
  read: (tool: string, toolInput: Record<string, unknown>, cwd: string | undefined) => HostRead | null,
): HostObservation {
  const out: HostObservation = { reads: [] };
  const session = str(input['session_id']);
  if (session) out.session = session.slice(0, 255);
  const cwd = str(input['cwd']);
  if (cwd?.startsWith('/')) out.cwd = cwd;
  const event = input['hook_event_name'];
  if (event !== undefined && event !== expected.event) {
    out.error = `expacti observes ${expected.event}, not ${String(event)} (check the hook's event in the ${expected.settings} settings)`;
    return out;
  }
  const tool = str(input['tool_name']);
  if (!tool) {
    out.error = 'the hook input names no tool';
    return out;
  }
  const r = read(tool, isObject(input['tool_input']) ? input['tool_input'] : {}, out.cwd);
  if (r) out.reads.push(r);
  return out;
}
