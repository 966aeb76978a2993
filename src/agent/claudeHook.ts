/**
 * The Claude Code PreToolUse hook as a format translation: the hook's stdin JSON in, the SDK's
 * answer out as `hookSpecificOutput`. It decides nothing: allow only when the server allowed
 * exactly this command; every other outcome, and every error, is a deny with a reason the
 * model can act on (see shared AGENT-PROTOCOLS.md: a crash or a timeout would let it run).
 */
import type { Allowed, Refused } from '../sdk/types.js';
import { ExpactiError } from '../client/errors.js';
import { LIMITS } from '../protocol/api.js';
import { deniedBlock, errorBlock, expiredBlock } from './messages.js';
import { displayInline, jsonSafe } from '../protocol/displayText.js';
import { quoteWord } from '../protocol/commandText.js';
import { describeScope } from '../core/confine/scope.js';

export interface HookInput {
  command: string;
  /** The Bash tool's whole input (kept when the command is rewritten to run confined). */
  toolInput: Record<string, unknown>;
  cwd?: string;
  session?: string;
  reason?: string;
}

export type ParsedHookInput = { ok: true; input: HookInput } | { ok: false; why: string };

const SETUP =
  'this is a set-up problem, not a decision about the command: do not try to run it another way; ask the user to check the expacti hook (expacti init claude).';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseHookInput(text: string): ParsedHookInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, why: 'the hook input on stdin is not JSON' };
  }
  if (!isObject(raw)) return { ok: false, why: 'the hook input on stdin is not a JSON object' };
  const event = raw['hook_event_name'];
  if (event !== undefined && event !== 'PreToolUse')
    return { ok: false, why: `expacti handles PreToolUse hooks, not ${String(event)}` };
  if (raw['tool_name'] !== 'Bash') {
    return {
      ok: false,
      why: `expacti gates the Bash tool only, but was asked about ${JSON.stringify(raw['tool_name'] ?? null)} (the hook's matcher should be "Bash")`,
    };
  }
  const toolInput = raw['tool_input'];
  const command = isObject(toolInput) ? toolInput['command'] : undefined;
  if (typeof command !== 'string' || command.trim() === '')
    return { ok: false, why: 'the Bash tool input has no command' };
  const input: HookInput = { command, toolInput: toolInput as Record<string, unknown> };
  const cwd = raw['cwd'];
  if (typeof cwd === 'string' && cwd.startsWith('/')) input.cwd = cwd;
  const session = raw['session_id'];
  if (typeof session === 'string' && session !== '') input.session = session.slice(0, 255);
  const description = isObject(toolInput) ? toolInput['description'] : undefined;
  if (typeof description === 'string' && description.trim() !== '')
    input.reason = description.slice(0, LIMITS.reasonChars);
  return { ok: true, input };
}

/** The hook's whole stdout (exit code 0); `updatedInput` replaces the tool's input (allow only). */
export function hookAnswer(
  decision: 'allow' | 'deny',
  reason: string,
  updatedInput?: Record<string, unknown>,
): string {
  return (
    jsonSafe(
      JSON.stringify({
        hookSpecificOutput: {
          hookEventName: 'PreToolUse',
          permissionDecision: decision,
          permissionDecisionReason: reason,
          ...(decision === 'allow' && updatedInput ? { updatedInput } : {}),
        },
      }),
    ) + '\n'
  );
}

/**
 * Claude Code's Bash tool runs the command itself: an allowed command is rewritten (the hook's
 * `updatedInput`) to run through `expacti exec-confined`, which holds it to the scope its
 * decision carries and reports how it ended. The plan travels base64-encoded in the command line.
 */
export function confinedCommand(
  a: Allowed & { confine: NonNullable<Allowed['confine']> },
  command: string,
  expacti: string,
): string {
  const plan = Buffer.from(JSON.stringify(a.confine)).toString('base64url');
  return `${expacti} exec-confined --request ${a.requestId} --plan ${plan} -c ${quoteWord(command)}`;
}

export function allowReason(a: Allowed): string {
  const confined = a.confine ? `; it runs confined (${describeScope(a.confine.scope)})` : '';
  return `expacti: ${displayInline(a.justification)} (request ${a.requestId})${displayInline(confined)}`;
}

export function refusedReason(r: Refused): string {
  return r.outcome === 'denied' ? deniedBlock(r.request) : expiredBlock(r.request);
}

export function badInputReason(why: string): string {
  return `expacti: NOT RUN — ${displayInline(why)}.\nexpacti: what now: ${SETUP}`;
}

export function hookTimeoutReason(seconds: number, requestId: string | undefined): string {
  const which = requestId ? `request ${requestId}` : 'the request';
  return [
    `expacti: NOT RUN — no reviewer decided before this hook's time limit (${seconds} s), so the command was not run.`,
    `expacti: what now: ask the user to review ${which} (or to whitelist the command), then run it again; a new attempt asks again. The user can raise the limit with \`expacti init claude --timeout SECONDS\`.`,
  ].join('\n');
}

export function errorReason(error: unknown): string {
  if (error instanceof ExpactiError) return errorBlock(error);
  return badInputReason(
    `expacti failed internally (${error instanceof Error ? error.message : String(error)})`,
  );
}
