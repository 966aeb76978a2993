/**
 * An interactive shell through the gateway, line-gated: the agent's input is read line by line,
 * each line goes through the gate as shell text, and only an approved line is sent on to one shell
 * on the target (so `cd` and variables carry over between lines). Input typed while a line waits
 * or runs is held, never forwarded: approved commands run with stdin from /dev/null, so nothing
 * can reach a program (or a nested shell) without its own decision. A raw terminal passthrough
 * (rawShell.ts) only where the server allows it for this agent (the org's sshRawPtyAgents), asked
 * for each shell with a pty; no answer means line-gated. The session's screen is recorded (kind ssh-shell, stored with the agent session).
 */
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type ssh2 from 'ssh2';
import { Recorder } from '../recording/recorder.js';
import { uploadRecording } from '../recording/upload.js';
import type { GatewayConnection } from './gateway.js';
import { gateCommand, reportEnd, type GateSession } from './gateCommand.js';
import type { PtyRequest } from './runOnTarget.js';
import { SentinelFilter } from './sentinelFilter.js';
import { runRawShell } from './rawShell.js';
import { EXIT } from '../../protocol/exitCodes.js';
import { displayInline } from '../../protocol/displayText.js';

export async function handleShell(
  connection: GatewayConnection,
  channel: ssh2.ServerChannel,
  pty: PtyRequest | null,
  session: string | undefined,
  onResize: (listener: (cols: number, rows: number) => void) => void,
): Promise<void> {
  let opened;
  try {
    opened = await connection.open(session);
  } catch (error) {
    channel.stderr.write(
      `expacti: NOT RUN — the gateway cannot reach the target: ${(error as Error).message}\n`,
    );
    channel.exit(EXIT.unavailable);
    channel.end();
    return;
  }
  const { conn, gate } = opened;
  if (pty) {
    const raw = await gate.client
      .rawShell({ session: gate.session, target: connection.targetName })
      .catch((error: unknown) => {
        connection.log(`could not ask for a raw terminal, line-gating: ${(error as Error).message}`);
        return null;
      });
    if (raw?.allowed === true) return runRawShell(connection, gate, conn, channel, pty, raw.reason, onResize);
  }
  conn.shell(false, (error, stream) => {
    if (error) {
      channel.stderr.write(`expacti: the target refused a shell: ${error.message}\n`);
      channel.exit(EXIT.unavailable);
      channel.end();
      return;
    }
    new LineGatedShell(connection, gate, channel, stream, pty).start();
  });
}

class LineGatedShell {
  private readonly nonce = randomBytes(12).toString('hex');
  private readonly filter = new SentinelFilter(this.nonce);
  private readonly decoder = new StringDecoder('utf8');
  private readonly recorder: Recorder;
  private input = '';
  private line = '';
  private busy = false;
  private inputEnded = false;
  private lastStatus = 0;
  private waitStop: AbortController | null = null;
  private running: ((status: number) => void) | null = null;
  private finished = false;

  constructor(
    private readonly connection: GatewayConnection,
    private readonly gate: GateSession,
    private readonly channel: ssh2.ServerChannel,
    private readonly target: ssh2.ClientChannel,
    private readonly pty: PtyRequest | null,
  ) {
    this.recorder = new Recorder({
      origin: { kind: 'ssh-shell', session: gate.session, target: connection.targetName },
      title: `shell on ${connection.targetName}`,
      ...(pty ? { width: pty.cols || 80, height: pty.rows || 24 } : {}),
    });
  }

  start(): void {
    this.target.on('data', (chunk: Buffer) => {
      const { output, ended } = this.filter.push(this.decoder.write(chunk));
      this.show(output);
      for (const status of ended) this.running?.(status);
    });
    this.target.stderr.on('data', (chunk: Buffer) => this.show(chunk.toString('utf8'), true));
    this.target.on('close', () => void this.finish(this.lastStatus));
    this.channel.on('data', (chunk: Buffer) => this.onInput(chunk.toString('utf8')));
    this.channel.on('end', () => {
      this.inputEnded = true;
      void this.next();
    });
    this.channel.on('close', () => {
      this.waitStop?.abort();
      void this.finish(this.lastStatus);
    });
    const stop = () => this.waitStop?.abort();
    this.connection.closed.addEventListener('abort', stop, { once: true });
    this.prompt();
  }

  /** Output for the agent (and the recording); a terminal needs CR LF, as the target has no pty. */
  private show(text: string, stderr = false): void {
    if (text === '') return;
    const shown = this.pty ? text.replace(/\r?\n/g, '\r\n') : text;
    this.recorder.output(shown);
    if (this.channel.destroyed) return;
    if (stderr && !this.pty) this.channel.stderr.write(shown);
    else this.channel.write(shown);
  }

  private note(text: string): void {
    this.show(text.endsWith('\n') ? text : text + '\n', true);
  }

  private prompt(): void {
    if (this.pty) this.show(`${this.gate.osUser}@${this.gate.host} (expacti)$ `);
  }

  private onInput(text: string): void {
    if (!this.pty) {
      this.input += text;
      void this.next();
      return;
    }
    for (const ch of text) {
      if (ch === '\x03') {
        // Ctrl-C: while waiting, stop waiting (the request is cancelled); else drop the line.
        if (this.waitStop) this.waitStop.abort();
        else if (!this.busy) {
          this.line = '';
          this.show('^C\n');
          this.prompt();
        }
        continue;
      }
      if (this.busy) {
        this.input += ch === '\r' ? '\n' : ch;
        continue;
      }
      if (ch === '\x04' && this.line === '') {
        this.inputEnded = true;
        void this.next();
        return;
      }
      if (ch === '\r' || ch === '\n') {
        this.show('\n');
        this.input += this.line + '\n';
        this.line = '';
        void this.next();
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length > 0) {
          this.line = [...this.line].slice(0, -1).join('');
          this.show('\b \b');
        }
      } else if (ch >= ' ' || ch === '\t') {
        this.line += ch;
        this.show(ch);
      }
    }
  }

  /** Takes the next complete line, if idle: gate it, run it, then the next. */
  private async next(): Promise<void> {
    if (this.busy || this.finished) return;
    const nl = this.input.indexOf('\n');
    if (nl < 0) {
      if (this.inputEnded) this.target.end('exit\n');
      return;
    }
    const line = this.input.slice(0, nl).replace(/\r$/, '');
    this.input = this.input.slice(nl + 1);
    this.busy = true;
    try {
      if (line.trim() !== '') await this.runLine(line);
    } finally {
      this.busy = false;
    }
    if (this.finished) return;
    this.prompt();
    void this.next();
  }

  private async runLine(line: string): Promise<void> {
    this.waitStop = new AbortController();
    const outcome = await gateCommand(
      this.gate,
      { shell: line },
      { signal: this.waitStop.signal, onWaiting: (w) => this.note(w) },
    ).finally(() => (this.waitStop = null));
    if (outcome.kind === 'refused') {
      this.recorder.marker(`refused: ${line}`);
      this.note(outcome.message);
      this.lastStatus = outcome.exitCode;
      return;
    }
    const id = outcome.approval.request.id;
    this.recorder.marker(`request ${id}: ${line}`);
    this.connection.log(`running ${id} in the shell on ${this.connection.targetName}`);
    const text = 'shell' in outcome.approval.command ? outcome.approval.command.shell : line;
    const started = performance.now();
    const status = await new Promise<number>((resolve) => {
      this.running = resolve;
      // Exactly the approved text, in a group (so cd and variables persist) reading nothing from us.
      this.target.write(`{ ${text}\n} </dev/null; printf '\\036${this.nonce}:%d\\036\\n' "$?"\n`);
    });
    this.running = null;
    this.lastStatus = status;
    const warning = await reportEnd(this.gate, id, {
      exitCode: status,
      signal: null,
      durationMs: performance.now() - started,
    });
    if (warning) this.note(warning);
  }

  private async finish(status: number): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.running?.(status);
    this.target.close();
    const stored = await uploadRecording(this.gate.client, this.recorder.finish()).catch((error: unknown) => {
      this.connection.log(`could not store the shell recording: ${displayInline((error as Error).message)}`);
      return null;
    });
    if (this.channel.destroyed) return;
    if (!stored) this.channel.stderr.write('expacti: warning: the session recording could not be stored\n');
    this.channel.exit(status);
    this.channel.end();
  }
}
