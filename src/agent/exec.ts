/**
 * Runs exactly the approved command with inherited stdio in the given cwd, forwards signals,
 * and says how it ended. Shell strings run under bash — the grammar the analyzer parsed them with.
 * With a confinement plan the command runs under the helper, held to its scope (confine/plan.ts).
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import type { CommandInput } from '../protocol/api.js';
import type { Confinement, EffectsRecord } from '../protocol/scope.js';
import { commandArgv, prepare, watchHelper, type ConfinePlan, type Settled } from './confine/plan.js';

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** Set when the program could not be started at all (not found, not executable). */
  spawnError?: string;
  /** How it ran: confined, unconfined (no plan, or the org allows it), or not at all (see notRun). */
  confinement: Confinement;
  /** Set when nothing ran because it could not be confined as required: why, in words. */
  notRun?: string;
  /** Paths of the scope that resolve elsewhere than reviewed (then notRun is set). */
  mismatches?: Array<{ path: string; approved: string; now: string }>;
  effects?: EffectsRecord;
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

export async function execApproved(
  command: CommandInput,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  plan?: ConfinePlan,
): Promise<ExecResult> {
  if (!plan) return { ...(await spawnInherited(command, cwd, env)), confinement: 'unconfined' };
  const prepared = prepare(command, cwd, env, plan, shellFor());
  if (prepared.kind === 'refused')
    return {
      exitCode: null,
      signal: null,
      durationMs: 0,
      confinement: 'unavailable',
      notRun: prepared.why,
      ...(prepared.mismatches ? { mismatches: prepared.mismatches } : {}),
    };
  if (prepared.kind === 'unconfined')
    return { ...(await spawnInherited(command, cwd, env)), confinement: 'unconfined' };
  let settled: Promise<Settled> | undefined;
  const result = await spawnInherited(
    { argv: [prepared.file, ...prepared.args] },
    cwd,
    prepared.env,
    prepared.extraStdio,
    (child) => (settled = watchHelper(child, prepared, plan)),
  );
  const s = await (settled ??
    Promise.resolve<Settled>({ confinement: 'unavailable', notRun: 'the helper did not start' }));
  if (s.runUnconfined) return { ...(await spawnInherited(command, cwd, env)), confinement: 'unconfined' };
  if (s.notRun)
    return { ...result, exitCode: null, signal: null, confinement: s.confinement, notRun: s.notRun };
  return { ...result, confinement: s.confinement, ...(s.effects ? { effects: s.effects } : {}) };
}

type Spawned = Omit<ExecResult, 'confinement'>;

function spawnInherited(
  command: CommandInput,
  cwd: string,
  env: NodeJS.ProcessEnv,
  extraStdio: StdioOptions = [],
  onChild?: (child: ReturnType<typeof spawn>) => void,
): Promise<Spawned> {
  const [file, ...args] = commandArgv(command, shellFor());
  const started = performance.now();
  return new Promise((resolve) => {
    const stdio = ['inherit', 'inherit', 'inherit', ...(extraStdio as unknown[])] as StdioOptions;
    const child = spawn(file as string, args, { cwd, env, stdio });
    onChild?.(child);
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
