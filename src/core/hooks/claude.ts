/**
 * Claude Code's PreToolUse hook (matcher Bash), as pure translation: `{session_id, cwd,
 * hook_event_name, tool_name, tool_input: {command, description}}` in; `hookSpecificOutput.
 * permissionDecision` allow | deny with a reason out. An allowed command may be rewritten
 * (`updatedInput`) to run confined. The host adapter (src/agent/hooks/hosts/claude.ts) and the
 * server's at-once route for the native hook both use these.
 */
import { LIMITS } from '../../protocol/api.js';
import { absolute, isObject, jsonLine, nonEmpty, type HookCall, type Outcome } from './call.js';

export function parseClaudeLike(raw: unknown, event: string, tool: string): HookCall {
  if (!isObject(raw)) return { kind: 'bad', why: 'the hook input on stdin is not a JSON object' };
  const name = raw['hook_event_name'];
  if (name !== undefined && name !== event)
    return { kind: 'bad', why: `expacti handles ${event} hooks, not ${String(name)}` };
  if (raw['tool_name'] !== tool)
    return {
      kind: 'bad',
      why: `expacti gates the ${tool} tool only, but was asked about ${JSON.stringify(raw['tool_name'] ?? null)} (the hook's matcher should be "${tool}")`,
    };
  const toolInput = raw['tool_input'];
  const command = isObject(toolInput) ? nonEmpty(toolInput['command']) : undefined;
  if (!command || !isObject(toolInput)) return { kind: 'bad', why: `the ${tool} tool input has no command` };
  const call: HookCall = { kind: 'gate', command, toolInput };
  const cwd = absolute(raw['cwd']);
  if (cwd) call.cwd = cwd;
  const session = nonEmpty(raw['session_id']);
  if (session) call.session = session.slice(0, 255);
  const mode = nonEmpty(raw['permission_mode']);
  if (mode) call.permissionMode = mode;
  const description = nonEmpty(toolInput['description']);
  if (description) call.reason = description.slice(0, LIMITS.reasonChars);
  return call;
}

export const parseClaude = (raw: unknown): HookCall => parseClaudeLike(raw, 'PreToolUse', 'Bash');

/** The PreToolUse answer Claude Code (and, in its own version, Codex) reads. */
export function preToolUseAnswer(outcome: Outcome, call: HookCall): Record<string, unknown> {
  if (outcome.kind === 'pass') return {};
  const input = call.kind === 'gate' ? call.toolInput : undefined;
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: outcome.kind,
      permissionDecisionReason: outcome.reason,
      ...(outcome.kind === 'allow' && outcome.rewritten
        ? { updatedInput: { ...input, command: outcome.rewritten } }
        : {}),
    },
  };
}

/** Claude Code's hook output (stdout, exit 0) for an outcome. */
export function claudeStdout(outcome: Outcome, call: HookCall): string {
  return jsonLine(preToolUseAnswer(outcome, call));
}
