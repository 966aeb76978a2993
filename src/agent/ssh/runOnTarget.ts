/**
 * Runs one approved command on the target over the gateway's connection, streaming both ways:
 * the agent's stdin in, stdout and stderr out (and into the recording), ending with the target's
 * exit status or signal. Exactly the approved text is sent, nothing else.
 */
import type ssh2 from 'ssh2';
import type { Recorder } from '../recording/recorder.js';

export interface TargetEnd {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
}

export interface PtyRequest {
  term: string;
  cols: number;
  rows: number;
  width: number;
  height: number;
  modes: ssh2.TerminalModes;
}

export function runOnTarget(
  conn: ssh2.Client,
  command: string,
  channel: ssh2.ServerChannel,
  recorder: Recorder,
  pty: PtyRequest | null,
): Promise<TargetEnd> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const onStream = (error: Error | undefined, stream: ssh2.ClientChannel) => {
      if (error) return reject(error);
      let exitCode: number | null = null;
      let signal: string | null = null;
      stream.on('exit', (code: number | null, sig?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        signal = sig ? `SIG${sig}` : null;
      });
      stream.on('data', (chunk: Buffer) => {
        recorder.output(chunk, 'out');
        channel.write(chunk);
      });
      stream.stderr.on('data', (chunk: Buffer) => {
        recorder.output(chunk, 'err');
        channel.stderr.write(chunk);
      });
      channel.on('data', (chunk: Buffer) => stream.write(chunk));
      channel.on('end', () => stream.end());
      // The agent went away: the command's channel on the target closes with it.
      channel.on('close', () => stream.close());
      stream.on('close', () => resolve({ exitCode, signal, durationMs: performance.now() - started }));
    };
    if (pty)
      conn.exec(
        command,
        { pty: { term: pty.term, cols: pty.cols, rows: pty.rows, width: pty.width, height: pty.height } },
        onStream,
      );
    else conn.exec(command, onStream);
  });
}
