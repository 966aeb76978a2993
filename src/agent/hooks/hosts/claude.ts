/**
 * Claude Code's PreToolUse hook (matcher Bash): `{session_id, cwd, hook_event_name, tool_name,
 * tool_input: {command, description}}` in; `hookSpecificOutput.permissionDecision` allow | deny
 * with a reason out, exit 0. An allowed command may be rewritten (`updatedInput`) to run confined.
 * Any other exit but 0 or 2, a crash or a timeout would let the command run: we always answer.
 */
import { LIMITS } from '../../../protocol/api.js';
import {
  absolute,
  isObject,
  jsonLine,
  nonEmpty,
  type GateHost,
  type HookCall,
  type Outcome,
} from '../types.js';

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

export const claude: GateHost = {
  name: 'claude',
  title: 'Claude Code',
  // What Claude Code gave hooks before it documented 600 s; `init claude` writes --timeout anyway.
  defaultTimeoutS: 60,
  canRewrite: true,
  // `ask` shows Claude Code's permission prompt (hooks reference, PreToolUse decision control). In
  // the modes that skip or auto-decide prompts (bypassPermissions, dontAsk, auto, plan) nobody would
  // be asked: there the command goes to a reviewer as usual.
  askModes: ['default', 'acceptEdits'],
  parse: (raw) => parseClaudeLike(raw, 'PreToolUse', 'Bash'),
  answer: (outcome, call) => ({ stdout: jsonLine(preToolUseAnswer(outcome, call)), exitCode: 0 }),
};
