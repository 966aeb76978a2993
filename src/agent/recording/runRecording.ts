/**
 * Recording an `expacti run` (issue 14): with `--record` (or EXPACTI_RECORD=1) the approved
 * command's stdout and stderr pass through a recorder on their way to ours, unchanged, and the
 * recording is stored with the request once it ended. The streams are then pipes, not the terminal.
 */
import type { ExpactiClient } from '../../client/client.js';
import type { OutputTap } from '../exec.js';
import { Recorder } from './recorder.js';
import { uploadRecording } from './upload.js';

export interface RunRecording {
  tap: OutputTap;
  /** Stores it; a failure is a warning line for stderr (the command already ran). */
  store(client: ExpactiClient): Promise<string | null>;
}

export function recordRun(
  origin: { session: string; request: string },
  command: string,
  also?: OutputTap,
): RunRecording {
  const recorder = new Recorder({
    origin: { kind: 'run', ...origin },
    command,
    crlf: !process.stdout.isTTY,
    ...(process.stdout.columns ? { width: process.stdout.columns, height: process.stdout.rows || 24 } : {}),
  });
  return {
    tap: {
      push: (chunk) => {
        also?.push(chunk);
        recorder.output(chunk, 'out');
      },
      pushErr: (chunk) => recorder.output(chunk, 'err'),
    },
    async store(client) {
      try {
        await uploadRecording(client, recorder.finish());
        return null;
      } catch (error) {
        return `expacti: warning: the recording could not be stored (${(error as Error).message})`;
      }
    },
  };
}

export function wantsRecording(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return flag === true || env['EXPACTI_RECORD'] === '1';
}
