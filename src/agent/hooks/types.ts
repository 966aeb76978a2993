/**
 * One hook core, many hosts (issue 20). Each host's adapter only translates: its documented stdin
 * JSON into a HookCall, and an Outcome into its documented answer (stdout, exit code). Deciding —
 * submit, wait, claim, confine, ticket — happens once, in decide.ts.
 */
import { jsonSafe } from '../../protocol/displayText.js';

/** What the host asked, in expacti's terms. */
export type HookCall =
  | {
      kind: 'gate';
      /** The shell string the host is about to run. */
      command: string;
      /** Absolute; absent when the host did not say (the hook's own cwd is then used). */
      cwd?: string;
      /** The host's conversation / session / task id: one timeline for reviewers, and the ticket key. */
      session?: string;
      /** Why the agent runs it, when the host says (Claude's `description`). */
      reason?: string;
      /** The tool's whole input, for hosts that take a rewritten input back. */
      toolInput?: Record<string, unknown>;
      /** The host's permission mode when it says (Claude Code's `permission_mode`). */
      permissionMode?: string;
    }
  /** Not a shell command (another tool reached a hook that cannot be limited to the shell tool). */
  | { kind: 'pass' }
  /** Not the input this hook is for: a set-up problem, answered deny. */
  | { kind: 'bad'; why: string };

export type Outcome =
  | {
      kind: 'allow';
      reason: string;
      /** The command the host must run instead (wrapped to run confined); only for hosts that can rewrite. */
      rewritten?: string;
    }
  | {
      kind: 'deny';
      reason: string;
      /** Short, for a user-facing line where the host has one. */ short: string;
    }
  | { kind: 'pass' }
  /**
   * The host's own prompt decides (Claude Code `ask`), only where the hook was told to hand those
   * tiers to the person at the terminal (`--ask-up-to`); the request is closed on the server, audited.
   */
  | { kind: 'ask'; reason: string };

export interface HookAnswer {
  stdout: string;
  /** Written to stderr (a few hosts show it); optional. */
  stderr?: string;
  exitCode: number;
}

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

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const nonEmpty = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : undefined;

export const absolute = (v: unknown): string | undefined =>
  typeof v === 'string' && v.startsWith('/') ? v : undefined;

/** One JSON line, hidden and look-alike characters escaped (the display rule, protocol/displayText.ts). */
export function jsonLine(value: unknown): string {
  return jsonSafe(JSON.stringify(value)) + '\n';
}
