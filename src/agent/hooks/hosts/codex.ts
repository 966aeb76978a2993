/**
 * Codex CLI's PreToolUse hook (matcher Bash), Claude Code's shape: `{session_id, turn_id, cwd,
 * hook_event_name, tool_name: "Bash", tool_input: {command}, tool_use_id}`. Codex honours only a
 * deny (with a non-empty reason) and, since openai/codex#20527, `allow` *with* `updatedInput`; a
 * bare `allow`, `ask` or unknown fields are "unsupported" and the command runs. So an allowed
 * command is silence (exit 0, no output), or allow + updatedInput when it is to run confined.
 */
import { jsonLine, type GateHost } from '../types.js';
import { parseClaudeLike } from './claude.js';

export const codex: GateHost = {
  name: 'codex',
  title: 'Codex CLI',
  defaultTimeoutS: 600,
  canRewrite: true,
  parse: (raw) => parseClaudeLike(raw, 'PreToolUse', 'Bash'),
  answer(outcome, call) {
    if (outcome.kind === 'pass') return { stdout: '', exitCode: 0 };
    if (outcome.kind === 'allow') {
      if (!outcome.rewritten) return { stdout: '', exitCode: 0 };
      const input = call.kind === 'gate' ? call.toolInput : undefined;
      return {
        stdout: jsonLine({
          hookSpecificOutput: {
            hookEventName: 'PreToolUse',
            permissionDecision: 'allow',
            updatedInput: { ...input, command: outcome.rewritten },
          },
        }),
        exitCode: 0,
      };
    }
    return {
      stdout: jsonLine({
        hookSpecificOutput: {
          hookEventName: 'PreToolUse',
          permissionDecision: 'deny',
          permissionDecisionReason: outcome.reason,
        },
      }),
      exitCode: 0,
    };
  },
};
