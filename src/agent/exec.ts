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
/**
 * What watches a command's output on its way to ours, unchanged: the read scanner (issue 25) takes
 * stdout; a session recorder (issue 14) takes stderr too. Given, the streams are pipes.
 */
export interface OutputTap {
  push(chunk: Buffer): void;
  pushErr?(chunk: Buffer): void;
}

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

/**
 * `scanner`: the command reads outside text to stdout (issue 25): its stdout passes through the
 * scanner on its way to ours, unchanged (the caller gives one only when our stdout is not a terminal).
 */
export async function execApproved(
  command: CommandInput,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  plan?: ConfinePlan,
  scanner?: OutputTap,
): Promise<ExecResult> {
  if (!plan)
    return {
      ...(await spawnInherited(command, cwd, env, [], undefined, scanner)),
      confinement: 'unconfined',
    };
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
    return {
      ...(await spawnInherited(command, cwd, env, [], undefined, scanner)),
      confinement: 'unconfined',
    };
  let settled: Promise<Settled> | undefined;
  const result = await spawnInherited(
    { argv: [prepared.file, ...prepared.args] },
    cwd,
    prepared.env,
    prepared.extraStdio,
    (child) => (settled = watchHelper(child, prepared, plan)),
    scanner,
  );
  const s = await (settled ??
    Promise.resolve<Settled>({ confinement: 'unavailable', notRun: 'the helper did not start' }));
  if (s.runUnconfined)
    return {
      ...(await spawnInherited(command, cwd, env, [], undefined, scanner)),
      confinement: 'unconfined',
    };
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
  scanner?: OutputTap,
): Promise<Spawned> {
  const [file, ...args] = commandArgv(command, shellFor());
  const started = performance.now();
  return new Promise((resolve) => {
    const out = scanner ? 'pipe' : 'inherit';
    const err = scanner?.pushErr ? 'pipe' : 'inherit';
    const stdio = ['inherit', out, err, ...(extraStdio as unknown[])] as StdioOptions;
    const child = spawn(file as string, args, { cwd, env, stdio });
    onChild?.(child);
    const drained = Promise.all([
      scanner && child.stdout ? tee(child.stdout, (c) => scanner.push(c), process.stdout) : undefined,
      scanner?.pushErr && child.stderr
        ? tee(child.stderr, (c) => scanner.pushErr?.(c), process.stderr)
        : undefined,
    ]);
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
      const durationMs = performance.now() - started;
      // What it printed is passed on before we report; a background child holding stdout open is not waited for.
      void Promise.race([drained, new Promise((r) => setTimeout(r, 2000).unref())]).then(() => {
        if (scanner) child.stdout?.destroy();
        if (scanner?.pushErr) child.stderr?.destroy();
        resolve({ exitCode: code, signal, durationMs });
      });
    });
  });
}

/** Forwards a child's output to ours unchanged (with backpressure), through the tap. */
function tee(
  from: NodeJS.ReadableStream,
  push: (chunk: Buffer) => void,
  to: NodeJS.WriteStream,
): Promise<void> {
  return new Promise((resolve) => {
    from.on('data', (chunk: Buffer) => {
      push(chunk);
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.once('end', () => resolve());
    from.once('close', () => resolve());
    from.once('error', () => resolve());
  });
}

/** The exit status a shell would report: the code, or 128 + the signal number. */
export function shellStatus(result: ExecResult): number {
  if (result.exitCode !== null) return result.exitCode;
  const n = result.signal ? constants.signals[result.signal] : undefined;
  return 128 + (n ?? 1);
}
