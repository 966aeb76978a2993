/**
 * Gemini CLI's BeforeTool hook (matcher ^run_shell_command$): `{session_id, cwd, hook_event_name:
 * "BeforeTool", tool_name, tool_input: {command, description?, dir_path? | directory?}}` in;
 * `{"decision": "allow" | "deny", "reason"}` out (exit 0; the reason goes to the model as the
 * tool's error). `hookSpecificOutput.tool_input` merges into the tool's arguments before it runs:
 * the rewrite that runs an allowed command confined. A hook that fails or times out is a warning
 * and the command runs (packages/core/src/hooks/hookRunner.ts).
 */
import { isAbsolute, resolve } from 'node:path';
import { LIMITS } from '../../../protocol/api.js';
import { absolute, isObject, jsonLine, nonEmpty, type GateHost, type HookCall } from '../types.js';

const SHELL_TOOL = 'run_shell_command';

function parse(raw: unknown): HookCall {
  if (!isObject(raw)) return { kind: 'bad', why: 'the hook input on stdin is not a JSON object' };
  const event = raw['hook_event_name'];
  if (event !== undefined && event !== 'BeforeTool')
    return { kind: 'bad', why: `expacti handles BeforeTool hooks, not ${String(event)}` };
  if (raw['tool_name'] !== SHELL_TOOL)
    return {
      kind: 'bad',
      why: `expacti gates ${SHELL_TOOL} only, but was asked about ${JSON.stringify(raw['tool_name'] ?? null)} (the hook's matcher should be "^${SHELL_TOOL}$")`,
    };
  const input = raw['tool_input'];
  const command = isObject(input) ? nonEmpty(input['command']) : undefined;
  if (!command || !isObject(input)) return { kind: 'bad', why: `the ${SHELL_TOOL} input has no command` };
  const call: HookCall = { kind: 'gate', command, toolInput: input };
  const base = absolute(raw['cwd']);
  // The shell tool may run in a directory of its own, relative to the project.
  const dir = nonEmpty(input['dir_path']) ?? nonEmpty(input['directory']);
  const cwd = dir ? (isAbsolute(dir) ? dir : base ? resolve(base, dir) : undefined) : base;
  if (cwd) call.cwd = cwd;
  const session = nonEmpty(raw['session_id']);
  if (session) call.session = session.slice(0, 255);
  const description = nonEmpty(input['description']);
  if (description) call.reason = description.slice(0, LIMITS.reasonChars);
  return call;
}

export const gemini: GateHost = {
  name: 'gemini',
  title: 'Gemini CLI',
  defaultTimeoutS: 60,
  canRewrite: true,
  parse,
  answer(outcome) {
    if (outcome.kind === 'pass') return { stdout: jsonLine({}), exitCode: 0 };
    if (outcome.kind !== 'allow')
      return { stdout: jsonLine({ decision: 'deny', reason: outcome.reason }), exitCode: 0 };
    return {
      stdout: jsonLine({
        decision: 'allow',
        systemMessage: outcome.reason,
        ...(outcome.rewritten
          ? {
              hookSpecificOutput: { hookEventName: 'BeforeTool', tool_input: { command: outcome.rewritten } },
            }
          : {}),
      }),
      exitCode: 0,
    };
  },
};
