/**
 * Kimi Code CLI's PreToolUse hook (`[[hooks]]` in ~/.kimi-code/config.toml, matcher `^Bash$`):
 * `{hook_event_name, session_id, cwd, tool_name: "Bash", tool_input: {command}, tool_call_id}` in
 * (its payload keys snake_cased); out: exit 0 allows, and a JSON `hookSpecificOutput.
 * permissionDecision: "deny"` with a reason blocks (so does exit 2). Kimi Code cannot take a
 * rewritten command. A hook that fails, crashes or times out lets the command run unless its entry
 * says `fail_mode = "closed"` (which `expacti init kimi` writes). Sources: docs/integrations/kimi.md.
 */
import { jsonLine, type GateHost } from '../types.js';
import { parseClaudeLike } from './claude.js';

export const kimi: GateHost = {
  name: 'kimi',
  title: 'Kimi Code',
  // Documented default 30 s; init writes its own (the host allows at most 600).
  defaultTimeoutS: 30,
  canRewrite: false,
  parse: (raw) => parseClaudeLike(raw, 'PreToolUse', 'Bash'),
  answer(outcome) {
    if (outcome.kind === 'allow' || outcome.kind === 'pass')
      return {
        stdout: jsonLine(outcome.kind === 'allow' ? { message: outcome.reason } : {}),
        exitCode: 0,
      };
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
