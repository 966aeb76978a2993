/**
 * Runs exactly the approved command with its output captured (bounded), for the SDK and the MCP
 * server: stdin is closed, a time limit and an AbortSignal end the whole process group.
 */
import { spawn } from 'node:child_process';
import type { CommandInput } from '../protocol/api.js';
import { BoundedOutput, type BoundedText } from './boundedOutput.js';
import { shellFor } from './exec.js';

export interface CaptureOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Ends the command (SIGTERM, then SIGKILL 2 s later) after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Per stream; the middle is cut beyond it. Default 1 MiB. */
  maxOutputBytes?: number;
}

export interface CapturedResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: BoundedText;
  stderr: BoundedText;
  durationMs: number;
  /** Why expacti ended it, when it did. */
  killed?: 'timeout' | 'aborted';
  /** Set when the program could not be started at all. */
  spawnError?: string;
}

const KILL_GRACE_MS = 2000;

export function captureApproved(command: CommandInput, options: CaptureOptions): Promise<CapturedResult> {
  const [file, args] =
    'argv' in command
      ? [command.argv[0] as string, command.argv.slice(1)]
      : [shellFor(), ['-c', command.shell]];
  const limit = options.maxOutputBytes ?? 1024 * 1024;
  const out = new BoundedOutput(limit);
  const err = new BoundedOutput(limit);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let killed: CapturedResult['killed'];
    let hardKill: NodeJS.Timeout | undefined;
    const end = (why: 'timeout' | 'aborted') => {
      if (killed || child.exitCode !== null || child.signalCode !== null) return;
      killed = why;
      killGroup(child.pid, 'SIGTERM');
      hardKill = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timer =
      options.timeoutMs !== undefined ? setTimeout(() => end('timeout'), options.timeoutMs) : undefined;
    const onAbort = () => end('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let done = false;
    const finish = (partial: Pick<CapturedResult, 'exitCode' | 'signal'> & { spawnError?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(hardKill);
      options.signal?.removeEventListener('abort', onAbort);
      const result: CapturedResult = {
        ...partial,
        stdout: out.result(),
        stderr: err.result(),
        durationMs: performance.now() - started,
      };
      if (killed) result.killed = killed;
      resolve(result);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'ENOENT'
          ? `${file}: command not found`
          : error.code === 'EACCES'
            ? `${file}: permission denied`
            : error.message;
      finish({ exitCode: error.code === 'ENOENT' ? 127 : 126, signal: null, spawnError: why });
    });
    // 'close' (not 'exit'): every byte of output has been read.
    child.once('close', (code, signal) => finish({ exitCode: code, signal }));
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
