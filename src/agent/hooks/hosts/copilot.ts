/**
 * GitHub Copilot's preToolUse hook (.github/hooks/*.json; Copilot CLI and the cloud agent). Two
 * documented inputs: camelCase `{sessionId?, timestamp, cwd, toolName, toolArgs}` (toolArgs a JSON
 * string, or already an object) and, for an entry under the PascalCase event `PreToolUse`, VS
 * Code's `{hook_event_name, session_id, cwd, tool_name, tool_input}`. The hook runs for every tool
 * (no matcher is documented for preToolUse), so tools that are not the shell pass untouched. Only
 * `{"permissionDecision": "deny", "permissionDecisionReason"}` is documented as processed; an
 * allowed command is silence. A failure or a timeout (30 s unless `timeoutSec`) is logged and the
 * tool runs: there is no fail-closed switch, so the hook must answer in time.
 */
import { LIMITS } from '../../../protocol/api.js';
import { absolute, isObject, jsonLine, nonEmpty, type GateHost, type HookCall } from '../types.js';

/** Copilot CLI's shell tools (`bash`, `powershell`) and VS Code's terminal tool. */
const SHELL_TOOLS = new Set(['bash', 'powershell', 'shell', 'run_in_terminal', 'runInTerminal']);

function argsOf(v: unknown): Record<string, unknown> | null {
  if (isObject(v)) return v;
  if (typeof v !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(v);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function parse(raw: unknown): HookCall {
  if (!isObject(raw)) return { kind: 'bad', why: 'the hook input on stdin is not a JSON object' };
  const event = raw['hook_event_name'];
  if (event !== undefined && event !== 'PreToolUse' && event !== 'preToolUse')
    return { kind: 'bad', why: `expacti handles preToolUse hooks, not ${String(event)}` };
  const tool = nonEmpty(raw['toolName']) ?? nonEmpty(raw['tool_name']);
  if (!tool) return { kind: 'bad', why: 'the preToolUse input names no tool' };
  if (!SHELL_TOOLS.has(tool)) return { kind: 'pass' };
  const args = argsOf(raw['toolArgs'] ?? raw['tool_input']);
  const command = args ? nonEmpty(args['command']) : undefined;
  if (!command || !args) return { kind: 'bad', why: `the ${tool} tool's arguments have no command` };
  const call: HookCall = { kind: 'gate', command, toolInput: args };
  const cwd = absolute(args['cwd']) ?? absolute(raw['cwd']);
  if (cwd) call.cwd = cwd;
  const session = nonEmpty(raw['sessionId']) ?? nonEmpty(raw['session_id']);
  if (session) call.session = session.slice(0, 255);
  const description = nonEmpty(args['description']);
  if (description) call.reason = description.slice(0, LIMITS.reasonChars);
  return call;
}

export const copilot: GateHost = {
  name: 'copilot',
  title: 'GitHub Copilot',
  defaultTimeoutS: 30,
  canRewrite: false,
  parse,
  answer(outcome) {
    if (outcome.kind !== 'deny') return { stdout: '', exitCode: 0 };
    return {
      stdout: jsonLine({ permissionDecision: 'deny', permissionDecisionReason: outcome.reason }),
      exitCode: 0,
    };
  },
};
