/**
 * Runs exactly the approved command with inherited stdio in the given cwd, forwards signals,
 * and says how it ended. Shell strings run under bash — the grammar the analyzer parsed them with.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import type { CommandInput } from '../protocol/api.js';

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** Set when the program could not be started at all (not found, not executable). */
  spawnError?: string;
}

const FORWARDED: NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
];

export function shellFor(): string {
  return existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
}

export function execApproved(
  command: CommandInput,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExecResult> {
  const [file, args] =
    'argv' in command
      ? [command.argv[0] as string, command.argv.slice(1)]
      : [shellFor(), ['-c', command.shell]];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env, stdio: 'inherit' });
    const handlers = FORWARDED.map((signal) => {
      const handler = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      const why =
        error.code === 'ENOENT'
          ? `${file}: command not found`
          : error.code === 'EACCES'
            ? `${file}: permission denied`
            : error.message;
      resolve({
        exitCode: error.code === 'ENOENT' ? 127 : 126,
        signal: null,
        durationMs: performance.now() - started,
        spawnError: why,
      });
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve({ exitCode: code, signal, durationMs: performance.now() - started });
    });
  });
}

/** The exit status a shell would report: the code, or 128 + the signal number. */
export function shellStatus(result: ExecResult): number {
  if (result.exitCode !== null) return result.exitCode;
  const n = result.signal ? constants.signals[result.signal] : undefined;
  return 128 + (n ?? 1);
}
