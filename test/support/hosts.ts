/**
 * Each agent host's documented pre-execution hook input, and how to read its documented answer —
 * the way each host does (sources in docs/integrations/<host>.md). Used to run `expacti hook HOST`
 * as the host runs it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CliResult } from './expacti.js';

export interface HostAnswer {
  decision: 'allow' | 'deny' | 'none';
  /** What the model (or user) reads. */
  reason: string;
  /** The command the host runs instead, when the hook rewrote it. */
  rewritten?: string;
}

export interface HostCase {
  name: string;
  /** The documented input for a shell command. */
  input(command: string, o: { session: string; cwd: string }): unknown;
  /** A tool that is not the shell, for hosts whose hook runs for every tool (else undefined). */
  otherTool?(o: { session: string; cwd: string }): unknown;
  /** Reads the hook's stdout and exit code as the host does. */
  read(res: CliResult): HostAnswer;
  canRewrite: boolean;
}

function json(res: CliResult): Record<string, unknown> {
  assert.equal(res.code, 0, `the hook must exit 0 (stderr: ${res.stderr})`);
  const lines = res.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `exactly one answer: ${res.stdout}`);
  return JSON.parse(lines[0] as string) as Record<string, unknown>;
}

const obj = (v: unknown) => (v ?? {}) as Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function readPreToolUse(res: CliResult, silentAllows: boolean): HostAnswer {
  if (silentAllows && res.code === 0 && res.stdout.trim() === '') return { decision: 'allow', reason: '' };
  const out = obj(json(res)['hookSpecificOutput']);
  assert.equal(out['hookEventName'], 'PreToolUse');
  const decision = out['permissionDecision'];
  assert.ok(decision === 'allow' || decision === 'deny', `decision ${String(decision)}`);
  const rewritten = str(obj(out['updatedInput'])['command']);
  return { decision, reason: str(out['permissionDecisionReason']), ...(rewritten ? { rewritten } : {}) };
}

export const HOSTS: HostCase[] = [
  {
    name: 'claude',
    canRewrite: true,
    input: (command, o) => ({
      session_id: o.session,
      transcript_path: '/tmp/t.jsonl',
      cwd: o.cwd,
      permission_mode: 'default',
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command, description: 'Run it' },
      tool_use_id: `toolu_${randomUUID().slice(0, 8)}`,
    }),
    read: (res) => readPreToolUse(res, false),
  },
  {
    name: 'gemini',
    canRewrite: true,
    input: (command, o) => ({
      session_id: o.session,
      transcript_path: '/tmp/t.json',
      cwd: o.cwd,
      hook_event_name: 'BeforeTool',
      timestamp: new Date().toISOString(),
      tool_name: 'run_shell_command',
      tool_input: { command, description: 'Run it' },
    }),
    read(res) {
      const out = json(res);
      const decision = out['decision'];
      assert.ok(decision === 'allow' || decision === 'deny', `decision ${String(decision)}`);
      const rewritten = str(obj(obj(out['hookSpecificOutput'])['tool_input'])['command']);
      return {
        decision,
        reason: str(out['reason'] ?? out['systemMessage']),
        ...(rewritten ? { rewritten } : {}),
      };
    },
  },
  {
    name: 'codex',
    canRewrite: true,
    input: (command, o) => ({
      session_id: o.session,
      turn_id: randomUUID(),
      transcript_path: null,
      cwd: o.cwd,
      hook_event_name: 'PreToolUse',
      model: 'gpt-5-codex',
      permission_mode: 'default',
      tool_name: 'Bash',
      tool_input: { command },
      tool_use_id: `call_${randomUUID().slice(0, 8)}`,
    }),
    read: (res) => readPreToolUse(res, true),
  },
  {
    name: 'cursor',
    canRewrite: false,
    input: (command, o) => ({
      hook_event_name: 'beforeShellExecution',
      conversation_id: o.session,
      generation_id: randomUUID(),
      workspace_roots: [o.cwd],
      command,
      cwd: o.cwd,
    }),
    read(res) {
      const out = json(res);
      const permission = out['permission'];
      assert.ok(permission === 'allow' || permission === 'deny', `permission ${String(permission)}`);
      if (permission === 'deny') assert.ok(str(out['user_message']), 'a line for the user');
      return { decision: permission, reason: str(out['agent_message']) };
    },
  },
  {
    name: 'copilot',
    canRewrite: false,
    input: (command, o) => ({
      sessionId: o.session,
      timestamp: Date.now(),
      cwd: o.cwd,
      toolName: 'bash',
      toolArgs: JSON.stringify({ command, description: 'Run it' }),
    }),
    otherTool: (o) => ({
      sessionId: o.session,
      timestamp: Date.now(),
      cwd: o.cwd,
      toolName: 'edit',
      toolArgs: JSON.stringify({ path: 'x.ts' }),
    }),
    read(res) {
      if (res.code === 0 && res.stdout.trim() === '') return { decision: 'allow', reason: '' };
      const out = json(res);
      assert.equal(out['permissionDecision'], 'deny');
      return { decision: 'deny', reason: str(out['permissionDecisionReason']) };
    },
  },
  {
    name: 'cline',
    canRewrite: false,
    input: (command, o) => ({
      clineVersion: '3.40.0',
      hookName: 'PreToolUse',
      timestamp: new Date().toISOString(),
      taskId: o.session,
      workspaceRoots: [o.cwd],
      userId: 'u1',
      preToolUse: { toolName: 'execute_command', parameters: { command, requires_approval: 'false' } },
    }),
    otherTool: (o) => ({
      clineVersion: '3.40.0',
      hookName: 'PreToolUse',
      timestamp: new Date().toISOString(),
      taskId: o.session,
      workspaceRoots: [o.cwd],
      userId: 'u1',
      preToolUse: { toolName: 'read_file', parameters: { path: 'README.md' } },
    }),
    read(res) {
      const out = json(res);
      assert.equal(typeof out['cancel'], 'boolean');
      return out['cancel']
        ? { decision: 'deny', reason: str(out['errorMessage']) }
        : { decision: 'allow', reason: '' };
    },
  },
  {
    name: 'goose',
    canRewrite: false,
    input: (command, o) => ({
      event: 'PreToolUse',
      session_id: o.session,
      matcher_context: 'developer__shell',
      tool_name: 'developer__shell',
      tool_input: { command },
      working_dir: o.cwd,
      tool_call_id: `call_${randomUUID().slice(0, 8)}`,
    }),
    otherTool: (o) => ({
      event: 'PreToolUse',
      session_id: o.session,
      tool_name: 'developer__write',
      tool_input: { path: 'x', content: 'y' },
      working_dir: o.cwd,
    }),
    read(res) {
      const out = json(res);
      const decision = out['decision'];
      assert.ok(decision === 'allow' || decision === 'block', `decision ${String(decision)}`);
      return decision === 'block'
        ? { decision: 'deny', reason: str(out['reason']) }
        : { decision: 'allow', reason: '' };
    },
  },
  {
    // Kimi Code CLI (MoonshotAI/kimi-code): the payload its external hooks runner writes to stdin.
    name: 'kimi',
    canRewrite: false,
    input: (command, o) => ({
      client_type: 'kimi_code_cli',
      session_title: 'Fix the tests',
      hook_event_name: 'PreToolUse',
      session_id: o.session,
      cwd: o.cwd,
      tool_name: 'Bash',
      tool_input: { command },
      tool_call_id: `call_${randomUUID().slice(0, 8)}`,
    }),
    // As Kimi Code reads it: exit 2 blocks (stderr is the reason); on exit 0, JSON whose
    // hookSpecificOutput.permissionDecision is "deny" blocks; anything else allows.
    read(res) {
      if (res.code === 2) return { decision: 'deny', reason: res.stderr.trim() };
      const out = json(res);
      const specific = obj(out['hookSpecificOutput']);
      if (specific['permissionDecision'] === 'deny')
        return { decision: 'deny', reason: str(specific['permissionDecisionReason']) };
      return { decision: 'allow', reason: str(out['message']) };
    },
  },
];
