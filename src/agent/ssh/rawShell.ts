/**
 * A raw terminal through the gateway: the agent's keystrokes go to a shell on the target with a
 * pty, unfiltered, and its screen comes back. Only where the server said so (the org lists the
 * agent in `sshRawPtyAgents`; the start is audited there); everywhere else shells are line-gated
 * (shellChannel.ts). The screen is still recorded (kind ssh-shell, titled as raw), with a marker
 * naming the setting that allowed it.
 */
import type ssh2 from 'ssh2';
import { Recorder } from '../recording/recorder.js';
import { uploadRecording } from '../recording/upload.js';
import type { GatewayConnection } from './gateway.js';
import type { GateSession } from './gateCommand.js';
import type { PtyRequest } from './runOnTarget.js';
import { EXIT } from '../../protocol/exitCodes.js';

export function runRawShell(
  connection: GatewayConnection,
  gate: GateSession,
  conn: ssh2.Client,
  channel: ssh2.ServerChannel,
  pty: PtyRequest,
  why: string,
  onResize: (listener: (cols: number, rows: number) => void) => void,
): void {
  const recorder = new Recorder({
    origin: { kind: 'ssh-shell', session: gate.session, target: connection.targetName },
    title: `raw terminal on ${connection.targetName}`,
    // A client without a terminal of its own (ssh -tt from a pipe) reports 0×0.
    width: pty.cols || 80,
    height: pty.rows || 24,
  });
  recorder.marker(`raw terminal (not line-gated): ${why}`);
  connection.log(`raw terminal on ${connection.targetName}: ${why}`);
  conn.shell(
    {
      term: pty.term,
      cols: pty.cols,
      rows: pty.rows,
      width: pty.width,
      height: pty.height,
      modes: pty.modes,
    },
    (error, stream) => {
      if (error) {
        channel.stderr.write(`expacti: the target refused a shell: ${error.message}\n`);
        channel.exit(EXIT.unavailable);
        channel.end();
        return;
      }
      let code: number | null = null;
      let signal: string | null = null;
      stream.on('exit', (c: number | null, s?: string) => {
        code = typeof c === 'number' ? c : null;
        signal = s ?? null;
      });
      stream.on('data', (chunk: Buffer) => {
        recorder.output(chunk);
        if (!channel.destroyed) channel.write(chunk);
      });
      stream.stderr.on('data', (chunk: Buffer) => {
        recorder.output(chunk);
        if (!channel.destroyed) channel.stderr.write(chunk);
      });
      channel.on('data', (chunk: Buffer) => stream.write(chunk));
      channel.on('end', () => stream.end());
      channel.on('close', () => stream.close());
      onResize((cols, rows) => stream.setWindow(rows, cols, 0, 0));
      stream.on('close', () => {
        void uploadRecording(gate.client, recorder.finish())
          .catch((e: unknown) => {
            connection.log(`could not store the raw terminal's recording: ${(e as Error).message}`);
            if (!channel.destroyed)
              channel.stderr.write('expacti: warning: the session recording could not be stored\n');
          })
          .finally(() => {
            if (channel.destroyed) return;
            if (signal) channel.exit(signal, false, '');
            else channel.exit(code ?? 0);
            channel.end();
          });
      });
    },
  );
}
