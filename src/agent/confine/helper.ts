/**
 * The confinement helper (native/confine, built at install): where it is, and running a command
 * under it. Availability is learned by running, not probed up front (no extra process on the fast
 * path): the helper says on a status pipe whether it confined the command, could not (no
 * Landlock: nothing ran), or failed to set up (nothing ran).
 */
import type { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HelperStatus = 'confined' | 'unavailable' | 'failed';

let located: string | null | undefined;

/** The helper binary, or null when it was not built (or EXPACTI_CONFINE=off forces "unavailable"). */
export function helperPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env['EXPACTI_CONFINE'] === 'off') return null;
  if (env['EXPACTI_CONFINE_HELPER']) return env['EXPACTI_CONFINE_HELPER'];
  if (located !== undefined) return located;
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  located = null;
  for (let dir = dirname(here), i = 0; i < 6; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'native', 'confine', 'build', 'expacti-confine');
    if (existsSync(candidate)) {
      located = candidate;
      break;
    }
  }
  return located;
}

export interface HelperRun {
  /** The helper's own status; 'unavailable' and 'failed' mean the command did not run. */
  status: HelperStatus;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The argv that runs `argv` under the helper: it reports its status on fd 3 and, when recording,
 * writes the record on fd 4 (descriptors the confined command never holds).
 */
export function helperArgs(helper: string, scopeText: string, argv: string[], record: boolean): string[] {
  return [
    helper,
    '--scope',
    scopeText,
    '--status-fd',
    '3',
    ...(record ? ['--record-fd', '4'] : []),
    '--',
    ...argv,
  ];
}

/** Collects the status the helper writes on fd 3 of a spawned child (stdio[3] = 'pipe'). */
export function readStatus(child: ReturnType<typeof spawn>): Promise<HelperStatus> {
  return new Promise((resolve) => {
    let text = '';
    const pipe = child.stdio[3] as NodeJS.ReadableStream | null | undefined;
    if (!pipe) return resolve('failed');
    pipe.setEncoding('utf8');
    pipe.on('data', (c: string) => (text += c));
    pipe.on('end', () => {
      const s = text.trim();
      resolve(s === 'confined' || s === 'unavailable' ? s : 'failed');
    });
    pipe.on('error', () => resolve('failed'));
  });
}
