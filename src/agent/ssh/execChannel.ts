/**
 * An `exec` request (`ssh gateway 'cmd'`): the command text goes through the gate as shell text;
 * approved, exactly that text runs on the target and its output streams back and is recorded
 * (stored with the request); refused, the decision's block goes to stderr and the exit status is
 * expacti's (77 denied, 75 expired, …). A disconnect while waiting cancels the request.
 */
import type ssh2 from 'ssh2';
import { Recorder } from '../recording/recorder.js';
import { uploadRecording } from '../recording/upload.js';
import type { GatewayConnection } from './gateway.js';
import { gateCommand, reportEnd } from './gateCommand.js';
import { runOnTarget, type PtyRequest } from './runOnTarget.js';
import { EXIT } from '../../protocol/exitCodes.js';

export async function handleExec(
  connection: GatewayConnection,
  channel: ssh2.ServerChannel,
  command: string,
  pty: PtyRequest | null,
  session: string | undefined,
): Promise<void> {
  const finish = (code: number) => {
    if (channel.destroyed) return;
    channel.exit(code);
    channel.end();
  };
  let opened;
  try {
    opened = await connection.open(session);
  } catch (error) {
    channel.stderr.write(
      `expacti: NOT RUN — the gateway cannot reach the target: ${(error as Error).message}\n` +
        'expacti: what now: ask the user to check the gateway and the target host.\n',
    );
    return finish(EXIT.unavailable);
  }
  const { conn, gate } = opened;
  const waitStop = new AbortController();
  const stop = () => waitStop.abort();
  connection.closed.addEventListener('abort', stop);
  channel.once('close', stop);
  const outcome = await gateCommand(
    gate,
    { shell: command },
    {
      signal: waitStop.signal,
      onWaiting: (line) => channel.stderr.write(line + '\n'),
    },
  ).finally(() => {
    connection.closed.removeEventListener('abort', stop);
    channel.off('close', stop);
  });
  if (outcome.kind === 'refused') {
    connection.log(`refused${outcome.requestId ? ` ${outcome.requestId}` : ''} (exit ${outcome.exitCode})`);
    channel.stderr.write(outcome.message + '\n');
    return finish(outcome.exitCode);
  }
  const { approval } = outcome;
  if (waitStop.signal.aborted || channel.destroyed) {
    // Approved just as the agent left: nobody is there to run it for.
    await reportEnd(gate, approval.request.id, {
      exitCode: null,
      signal: null,
      durationMs: 0,
      notRun: 'the SSH client disconnected before it could run',
    });
    return;
  }
  const text = 'shell' in approval.command ? approval.command.shell : command;
  const recorder = new Recorder({
    origin: {
      kind: 'ssh-exec',
      session: gate.session,
      request: approval.request.id,
      target: connection.targetName,
    },
    command: text,
    ...(pty ? { width: pty.cols, height: pty.rows } : { crlf: true }),
  });
  connection.log(`running ${approval.request.id} on ${connection.targetName}`);
  let end;
  try {
    end = await runOnTarget(conn, text, channel, recorder, pty);
  } catch (error) {
    channel.stderr.write(`expacti: the target refused to run the command: ${(error as Error).message}\n`);
    await reportEnd(gate, approval.request.id, {
      exitCode: null,
      signal: null,
      durationMs: 0,
      notRun: `the target refused to run it: ${(error as Error).message}`,
    });
    return finish(EXIT.unavailable);
  }
  const warning = await reportEnd(gate, approval.request.id, end);
  // Stored before the agent sees the exit status: when its ssh returns, the recording is there.
  const stored = await uploadRecording(gate.client, recorder.finish()).catch((error: unknown) => {
    connection.log(`could not store the recording of ${approval.request.id}: ${(error as Error).message}`);
    return null;
  });
  if (!channel.destroyed) {
    if (warning) channel.stderr.write(warning + '\n');
    if (!stored) channel.stderr.write('expacti: warning: the session recording could not be stored\n');
    if (end.signal) channel.exit(end.signal.replace(/^SIG/, ''), false, '');
    else channel.exit(end.exitCode ?? 255);
    channel.end();
  }
}
