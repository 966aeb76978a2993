/**
 * One hook core, many hosts (issue 20). Each host's adapter only translates: its documented stdin
 * JSON into a HookCall, and an Outcome into its documented answer (stdout, exit code). Deciding —
 * submit, wait, claim, confine, ticket — happens once, in decide.ts.
 */
import type { HookAnswer, HookCall, Outcome } from '../../core/hooks/call.js';

// The call, the outcome and the small helpers are pure and shared with the server's at-once route
// for the native hook (src/core/hooks/call.ts); the host interface stays on the agent side.
export type { HookAnswer, HookCall, Outcome } from '../../core/hooks/call.js';
export { absolute, isObject, jsonLine, nonEmpty } from '../../core/hooks/call.js';

export interface GateHost {
  /** As in `expacti hook NAME`. */
  name: string;
  /** The host's name for people. */
  title: string;
  /** Seconds the host gives a hook when its config says nothing (the hook assumes no more). */
  defaultTimeoutS: number;
  /** The host runs a command rewritten by the hook (so an allowed command can run confined). */
  canRewrite: boolean;
  /**
   * Permission modes in which the host shows its own prompt for an `ask` answer (documented), so
   * that `--ask-up-to` may hand a command to the person at the terminal; absent: the host cannot ask.
   */
  askModes?: readonly string[];
  parse(input: unknown): HookCall;
  answer(outcome: Outcome, call: HookCall): HookAnswer;
}
