/**
 * Claude Code's PreToolUse hook (matcher Bash): `{session_id, cwd, hook_event_name, tool_name,
 * tool_input: {command, description}}` in; `hookSpecificOutput.permissionDecision` allow | deny
 * with a reason out, exit 0. An allowed command may be rewritten (`updatedInput`) to run confined.
 * Any other exit but 0 or 2, a crash or a timeout would let the command run: we always answer.
 */
import { claudeStdout, parseClaude, parseClaudeLike, preToolUseAnswer } from '../../../core/hooks/claude.js';
import type { GateHost } from '../types.js';

// The translation itself is pure and shared with the server's at-once route (src/core/hooks/claude.ts).
export { parseClaudeLike, preToolUseAnswer };

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
  parse: parseClaude,
  answer: (outcome, call) => ({ stdout: claudeStdout(outcome, call), exitCode: 0 }),
};
