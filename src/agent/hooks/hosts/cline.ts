/**
 * Cline's PreToolUse hook: an executable file named `PreToolUse` in `.clinerules/hooks/` (or the
 * global hooks folder), fed `{clineVersion, hookName: "PreToolUse", timestamp, taskId,
 * workspaceRoots, userId, preToolUse: {toolName, parameters}}` and answering `{"cancel": bool,
 * "errorMessage"?, "contextModification"?}`. It runs for every tool: only `execute_command`
 * (parameters.command) is gated. Hooks must finish within 30 s, which is not configurable; what
 * Cline does with a hook that fails or times out is not documented, so the hook answers in time.
 */
import { absolute, isObject, jsonLine, nonEmpty, type GateHost, type HookCall } from '../types.js';

function parse(raw: unknown): HookCall {
  if (!isObject(raw)) return { kind: 'bad', why: 'the hook input on stdin is not a JSON object' };
  const name = raw['hookName'];
  if (name !== undefined && name !== 'PreToolUse')
    return { kind: 'bad', why: `expacti handles the PreToolUse hook, not ${String(name)}` };
  const pre = raw['preToolUse'];
  if (!isObject(pre)) return { kind: 'bad', why: 'the hook input has no preToolUse object' };
  const tool = nonEmpty(pre['toolName']);
  if (!tool) return { kind: 'bad', why: 'the PreToolUse input names no tool' };
  if (tool !== 'execute_command') return { kind: 'pass' };
  const params = pre['parameters'];
  const command = isObject(params) ? nonEmpty(params['command']) : undefined;
  if (!command) return { kind: 'bad', why: 'the execute_command parameters have no command' };
  const call: HookCall = { kind: 'gate', command };
  const roots = Array.isArray(raw['workspaceRoots']) ? raw['workspaceRoots'] : [];
  const cwd = (isObject(params) ? absolute(params['cwd']) : undefined) ?? absolute(roots[0]);
  if (cwd) call.cwd = cwd;
  const session = nonEmpty(raw['taskId']);
  if (session) call.session = session.slice(0, 255);
  return call;
}

export const cline: GateHost = {
  name: 'cline',
  title: 'Cline',
  defaultTimeoutS: 30,
  canRewrite: false,
  parse,
  answer(outcome) {
    if (outcome.kind !== 'deny') return { stdout: jsonLine({ cancel: false }), exitCode: 0 };
    return { stdout: jsonLine({ cancel: true, errorMessage: outcome.reason }), exitCode: 0 };
  },
};
