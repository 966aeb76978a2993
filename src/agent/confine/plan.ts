/**
 * Running an approved command inside its scope: the decision's plan (scope, whether confinement is
 * required, whether to record) becomes the helper's argv and environment, and after the run, what
 * happened: confined (with the record), or not run at all (no helper, a path that resolves
 * elsewhere than reviewed, a set-up failure), or to be run unconfined when the org allows it.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { CommandInput } from '../../protocol/api.js';
import type { Confinement, EffectsRecord, ExecutePlan } from '../../protocol/scope.js';
import { describeScope } from '../../core/confine/scope.js';
import { helperArgs, helperPath, readStatus } from './helper.js';
import { resolveScope, type ResolvedScope } from './resolveScope.js';
import { readEffects } from './effects.js';

/** The decision's plan (protocol/scope.ts ExecutePlan). */
export type ConfinePlan = ExecutePlan;

export type Prepared =
  | {
      kind: 'confined';
      file: string;
      args: string[];
      env: NodeJS.ProcessEnv;
      /** stdio entries beyond 0–2: the status pipe (3) and the record pipe (4). */
      extraStdio: StdioOptions;
      resolved: ResolvedScope;
    }
  | { kind: 'unconfined'; why: string }
  | { kind: 'refused'; why: string; mismatches?: ResolvedScope['mismatches'] };

export function commandArgv(command: CommandInput, shell: string): string[] {
  return 'argv' in command ? command.argv : [shell, '-c', command.shell];
}

const UNAVAILABLE =
  'this machine cannot confine commands (the expacti-confine helper is not built, or the kernel has no Landlock)';

export function prepare(
  command: CommandInput,
  cwd: string,
  env: NodeJS.ProcessEnv,
  plan: ConfinePlan,
  shell: string,
): Prepared {
  const helper = helperPath(env);
  if (!helper)
    return plan.required
      ? { kind: 'refused', why: `${UNAVAILABLE}, and the org requires confinement for this command` }
      : { kind: 'unconfined', why: UNAVAILABLE };
  const resolved = resolveScope(plan.scope, cwd, env);
  if (resolved.mismatches.length > 0) {
    const m = resolved.mismatches.map((x) => `${x.path} now resolves to ${x.now} (reviewed: ${x.approved})`);
    return {
      kind: 'refused',
      why: `the scope changed since it was reviewed: ${m.join('; ')}`,
      mismatches: resolved.mismatches,
    };
  }
  const argv = helperArgs(helper, resolved.text, commandArgv(command, shell), plan.record);
  return {
    kind: 'confined',
    file: argv[0] as string,
    args: argv.slice(1),
    env: resolved.env,
    extraStdio: plan.record ? ['pipe', 'pipe'] : ['pipe'],
    resolved,
  };
}

export interface Settled {
  confinement: Confinement;
  /** Set when nothing ran: why. */
  notRun?: string;
  /** The helper could not confine and the org allows unconfined runs: run it again without. */
  runUnconfined?: boolean;
  effects?: EffectsRecord;
}

/** Starts reading the helper's pipes at once (before the child can fill them), then waits for both. */
export function watchHelper(
  child: ChildProcess,
  prepared: Extract<Prepared, { kind: 'confined' }>,
  plan: ConfinePlan,
): Promise<Settled> {
  const status = readStatus(child);
  const record = new Promise<string>((resolve) => {
    const pipe = child.stdio[4] as NodeJS.ReadableStream | null | undefined;
    if (!pipe) return resolve('');
    let text = '';
    pipe.setEncoding('utf8');
    pipe.on('data', (c: string) => (text += c.length + text.length > 8 * 1024 * 1024 ? '' : c));
    pipe.on('end', () => resolve(text));
    pipe.on('error', () => resolve(text));
  });
  return Promise.all([status, record]).then(([s, text]) => {
    if (s === 'unavailable')
      return plan.required
        ? {
            confinement: 'unavailable',
            notRun: `${UNAVAILABLE}, and the org requires confinement for this command`,
          }
        : { confinement: 'unavailable', runUnconfined: true };
    if (s === 'failed')
      return {
        confinement: 'unavailable',
        notRun: 'the confinement helper could not set up the scope (see its message above)',
      };
    const settled: Settled = { confinement: 'confined' };
    if (plan.record) settled.effects = readEffects(text, plan.scope, prepared.resolved, prepared.env['HOME']);
    return settled;
  });
}

export function scopeLine(plan: ConfinePlan): string {
  return describeScope(plan.scope);
}
