/**
 * A hook call and its outcome, in expacti's terms (issue 20): what every host adapter translates
 * its documented stdin into, and what it translates back into its documented answer. Pure data
 * and pure helpers: the agent-side hook (src/agent/hooks) and the server's at-once route for the
 * native hook (src/server/services/hookAtOnce.ts) both build their answers from here, so the two
 * answers are the same bytes.
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
