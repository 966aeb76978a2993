/**
 * Goose's PreToolUse hook, from a plugin's hooks/hooks.json (Open Plugins): `{event: "PreToolUse",
 * session_id, tool_name: "developer__shell", tool_input: {command}, working_dir, tool_call_id}`
 * in; `{"decision": "block", "reason"}` (honoured whatever the exit code) or `{"decision":
 * "allow"}` out. A hook that returns no decision is ignored and the tool runs — unless its action
 * says `"on_failure": "block"` (which `expacti init goose` sets). Timeout 30 s unless `timeout`.
 */
import { absolute, isObject, jsonLine, nonEmpty, type GateHost, type HookCall } from '../types.js';

const SHELL_TOOLS = new Set(['developer__shell', 'shell']);

function parse(raw: unknown): HookCall {
  if (!isObject(raw)) return { kind: 'bad', why: 'the hook input on stdin is not a JSON object' };
  const event = raw['event'] ?? raw['hook_event_name'];
  if (event !== undefined && event !== 'PreToolUse')
    return { kind: 'bad', why: `expacti handles PreToolUse hooks, not ${String(event)}` };
  const tool = nonEmpty(raw['tool_name']);
  if (!tool) return { kind: 'bad', why: 'the PreToolUse input names no tool' };
  if (!SHELL_TOOLS.has(tool)) return { kind: 'pass' };
  const input = raw['tool_input'];
  const command = isObject(input) ? nonEmpty(input['command']) : undefined;
  if (!command) return { kind: 'bad', why: `the ${tool} input has no command` };
  const call: HookCall = { kind: 'gate', command };
  const cwd = absolute(raw['working_dir']) ?? absolute(raw['cwd']);
  if (cwd) call.cwd = cwd;
  const session = nonEmpty(raw['session_id']);
  if (session) call.session = session.slice(0, 255);
  return call;
}

export const goose: GateHost = {
  name: 'goose',
  title: 'Goose',
  defaultTimeoutS: 30,
  canRewrite: false,
  parse,
  answer(outcome) {
    if (outcome.kind !== 'deny') return { stdout: jsonLine({ decision: 'allow' }), exitCode: 0 };
    return { stdout: jsonLine({ decision: 'block', reason: outcome.reason }), exitCode: 0 };
  },
};
