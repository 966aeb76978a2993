/**
 * Runs exactly the approved command with its output captured (bounded), for the SDK and the MCP
 * server: stdin is closed, a time limit and an AbortSignal end the whole process group.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import type { Confinement, EffectsRecord } from '../protocol/scope.js';
import { commandArgv, prepare, watchHelper, type ConfinePlan, type Settled } from './confine/plan.js';
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
  /** Run it held to this plan's scope (confine/plan.ts). */
  confine?: ConfinePlan;
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
  confinement: Confinement;
  /** Set when nothing ran (it could not be confined as required, or its scope changed). */
  notRun?: string;
  effects?: EffectsRecord;
}

const KILL_GRACE_MS = 2000;

export async function captureApproved(
  command: CommandInput,
  options: CaptureOptions,
): Promise<CapturedResult> {
  const env = options.env ?? process.env;
  const plan = options.confine;
  if (!plan) return { ...(await capture(command, options, env)), confinement: 'unconfined' };
  const prepared = prepare(command, options.cwd, env, plan, shellFor());
  const nothing = { exitCode: null, signal: null, stdout: EMPTY, stderr: EMPTY, durationMs: 0 };
  if (prepared.kind === 'refused') return { ...nothing, confinement: 'unavailable', notRun: prepared.why };
  if (prepared.kind === 'unconfined')
    return { ...(await capture(command, options, env)), confinement: 'unconfined' };
  let settled: Promise<Settled> | undefined;
  const result = await capture(
    { argv: [prepared.file, ...prepared.args] },
    options,
    prepared.env,
    prepared.extraStdio,
    (child) => (settled = watchHelper(child, prepared, plan)),
  );
  const s = await (settled ??
    Promise.resolve<Settled>({ confinement: 'unavailable', notRun: 'the helper did not start' }));
  if (s.runUnconfined) return { ...(await capture(command, options, env)), confinement: 'unconfined' };
  if (s.notRun) return { ...nothing, stderr: result.stderr, confinement: s.confinement, notRun: s.notRun };
  return { ...result, confinement: s.confinement, ...(s.effects ? { effects: s.effects } : {}) };
}

const EMPTY: BoundedText = { text: '', bytes: 0, omitted: 0 };

function capture(
  command: CommandInput,
  options: CaptureOptions,
  env: NodeJS.ProcessEnv,
  extraStdio: StdioOptions = [],
  onChild?: (child: ReturnType<typeof spawn>) => void,
): Promise<Omit<CapturedResult, 'confinement'>> {
  const [file, ...args] = commandArgv(command, shellFor()) as [string, ...string[]];
  const limit = options.maxOutputBytes ?? 1024 * 1024;
  const out = new BoundedOutput(limit);
  const err = new BoundedOutput(limit);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe', ...(extraStdio as unknown[])] as StdioOptions,
      detached: true,
    });
    onChild?.(child);
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
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    let done = false;
    const finish = (partial: Pick<CapturedResult, 'exitCode' | 'signal'> & { spawnError?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(hardKill);
      options.signal?.removeEventListener('abort', onAbort);
      const result: Omit<CapturedResult, 'confinement'> = {
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
