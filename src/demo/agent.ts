/**
 * The scripted agent's hands: every command goes through the real `expacti run -c` (the same
 * binary, environment variables and exit codes a real agent gets), and every file it reads is
 * reported the way Claude Code's PostToolUse hook reports a Read (`expacti hook claude --observe`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

export interface AgentRun {
  child: ChildProcess;
  /** Resolves when the process has ended. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export interface AgentSetup {
  /** bin/expacti.js of this package. */
  bin: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function runBin(setup: AgentSetup, args: string[], session: string, input?: string): AgentRun {
  const child = spawn(process.execPath, [setup.bin, ...args], {
    cwd: setup.cwd,
    env: { ...setup.env, EXPACTI_SESSION: session },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout = (stdout + c.toString()).slice(-64 * 1024)));
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-64 * 1024)));
  if (input !== undefined) child.stdin?.end(input);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.once('error', (e) => resolve({ code: null, stdout, stderr: stderr + String(e) }));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

/** `expacti run -c COMMAND` in the project, in `session`. */
export function runGated(setup: AgentSetup, session: string, command: string): AgentRun {
  return runBin(setup, ['run', '-c', command], session);
}

/** Reads `file` (relative to the project) and reports the read as Claude Code's hook would. */
export async function readObserved(setup: AgentSetup, session: string, file: string): Promise<string> {
  const path = join(setup.cwd, file);
  const content = readFileSync(path, 'utf8');
  const lines = content.split('\n').length;
  const input = {
    session_id: session,
    transcript_path: join(setup.cwd, '.transcript.jsonl'),
    cwd: setup.cwd,
    permission_mode: 'default',
    hook_event_name: 'PostToolUse',
    tool_name: 'Read',
    tool_input: { file_path: path },
    tool_response: {
      type: 'text',
      file: { filePath: path, content, numLines: lines, startLine: 1, totalLines: lines },
    },
    tool_use_id: `toolu_demo_${randomUUID().slice(0, 8)}`,
  };
  const run = runBin(setup, ['hook', 'claude', '--observe'], session, JSON.stringify(input));
  const ended = await run.done;
  if (ended.code !== 0) throw new Error(`the read observer failed: ${ended.stderr.trim()}`);
  return content;
}

/** The reviewer's note from a denial block on stderr (`expacti: note: …`). */
export function noteOf(stderr: string): string | null {
  const m = /^expacti: note: (.*)$/m.exec(stderr);
  return m?.[1] && m[1] !== '(none)' ? m[1] : null;
}
