/**
 * Cursor's beforeShellExecution hook (.cursor/hooks.json): `{hook_event_name, conversation_id,
 * generation_id, workspace_roots, command, cwd}` in; `{"permission": "allow" | "deny" | "ask",
 * "user_message", "agent_message"}` out. Cursor cannot take a rewritten command. A hook that fails
 * lets the command run unless its entry says `"failClosed": true` (which `expacti init cursor` sets).
 */
import { absolute, isObject, jsonLine, nonEmpty, type GateHost, type HookCall } from '../types.js';
import { firstLine } from '../reasons.js';

function parse(raw: unknown): HookCall {
  if (!isObject(raw)) return { kind: 'bad', why: 'the hook input on stdin is not a JSON object' };
  const event = raw['hook_event_name'];
  if (event !== undefined && event !== 'beforeShellExecution')
    return { kind: 'bad', why: `expacti handles beforeShellExecution hooks, not ${String(event)}` };
  const command = nonEmpty(raw['command']);
  if (!command) return { kind: 'bad', why: 'the beforeShellExecution input has no command' };
  const call: HookCall = { kind: 'gate', command };
  const roots = Array.isArray(raw['workspace_roots']) ? raw['workspace_roots'] : [];
  const cwd = absolute(raw['cwd']) ?? absolute(roots[0]);
  if (cwd) call.cwd = cwd;
  const session = nonEmpty(raw['conversation_id']);
  if (session) call.session = session.slice(0, 255);
  return call;
}

export const cursor: GateHost = {
  name: 'cursor',
  title: 'Cursor',
  // Not documented; init writes --timeout with the entry's own timeout.
  defaultTimeoutS: 30,
  canRewrite: false,
  parse,
  answer(outcome) {
    if (outcome.kind === 'pass') return { stdout: jsonLine({ permission: 'allow' }), exitCode: 0 };
    if (outcome.kind === 'allow')
      return { stdout: jsonLine({ permission: 'allow', agent_message: outcome.reason }), exitCode: 0 };
    return {
      stdout: jsonLine({
        permission: 'deny',
        user_message: firstLine(outcome.reason),
        agent_message: outcome.reason,
      }),
      exitCode: 0,
    };
  },
};
