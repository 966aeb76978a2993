/** Running `expacti hook claude` the way Claude Code does: one JSON object on stdin, JSON on stdout. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api } from './api.js';
import { eventually, spawnCli, type CliResult, type ServerHandle } from './expacti.js';

export interface HookAnswer {
  hookSpecificOutput: {
    hookEventName: string;
    permissionDecision: 'allow' | 'deny' | 'ask';
    permissionDecisionReason: string;
  };
}

/** The documented PreToolUse input for a Bash call. */
export function preToolUse(command: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: `claude-${randomUUID()}`,
    transcript_path: '/tmp/transcript.jsonl',
    cwd: process.cwd(),
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'Run the test command', timeout: 120000 },
    tool_use_id: `toolu_${randomUUID().slice(0, 8)}`,
    ...extra,
  };
}

export function spawnHook(input: unknown, env: NodeJS.ProcessEnv, args: string[] = []) {
  return spawnCli(['hook', 'claude', ...args], {
    env,
    input: typeof input === 'string' ? input : JSON.stringify(input),
  });
}

/** Claude Code reads stdout as JSON only on exit 0: check both, return the answer. */
export function answerOf(res: CliResult): HookAnswer['hookSpecificOutput'] {
  assert.equal(res.code, 0, `the hook must exit 0 (stderr: ${res.stderr})`);
  assert.ok(res.stdout.startsWith('{'), `stdout must be JSON: ${res.stdout}`);
  const lines = res.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `exactly one answer: ${res.stdout}`);
  const answer = JSON.parse(lines[0] as string) as HookAnswer;
  assert.equal(answer.hookSpecificOutput.hookEventName, 'PreToolUse');
  return answer.hookSpecificOutput;
}

/** The pending request of a session (the hook prints nothing while it waits). */
export function pendingOf(server: ServerHandle, session: string, timeoutMs = 30_000): Promise<string> {
  return eventually(async () => {
    const res = await api(
      server.url,
      'GET',
      `/v1/requests?status=pending&session=${encodeURIComponent(session)}`,
      server.secrets.adminToken,
    );
    return (res.body['requests'] as Array<{ id: string }> | undefined)?.[0]?.id;
  }, timeoutMs);
}
