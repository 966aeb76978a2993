/**
 * The SFTP subsystem (what `sftp` and today's `scp` use), proxied to the target's own SFTP server.
 * Every operation that reads content or changes anything is first judged as its equivalent shell
 * command (sftpEquivalent.ts): opening a file, listing a directory, removing, renaming, linking,
 * making directories, changing attributes. Refused, the client gets "permission denied" with the
 * decision's first lines (and nothing reaches the target). Metadata reads (stat, lstat, realpath,
 * readlink) are judged as `stat -L`, `stat`, `realpath` and `readlink`. Handles exist only for opens that were
 * allowed, so reads and writes on them need no further decision; the file's times, size and plain
 * permission bits may be set on a handle allowed for writing (what uploads do), anything more is
 * judged again. The operations and their decisions are recorded (kind ssh-sftp).
 */
import ssh2 from 'ssh2';
import type { GatewayConnection } from './gateway.js';
import { gateCommand, reportEnd, type GateSession } from './gateCommand.js';
import {
  equivalentCommand,
  isMetadataRead,
  setstatParts,
  type Equivalent,
  type SftpAttrs,
  type SftpOperation,
} from './sftpEquivalent.js';
import { Recorder } from '../recording/recorder.js';
import { uploadRecording } from '../recording/upload.js';
import { commandText } from '../../protocol/commandText.js';

const { STATUS_CODE } = ssh2.utils.sftp;

type Server = ssh2.SFTPWrapper;

export function handleSftp(
  connection: GatewayConnection,
  accept: ssh2.AcceptSftpConnection,
  session: string | undefined,
): void {
  const sftp = accept();
  // Requests may arrive before the target's SFTP is up: the handlers are in place at once and wait for it.
  const ready = connection
    .open(session)
    .then(
      ({ conn, gate }) =>
        new Promise<{ gate: GateSession; target: ssh2.SFTPWrapper }>((resolve, reject) =>
          conn.sftp((error, target) => (error ? reject(error) : resolve({ gate, target }))),
        ),
    );
  ready.catch((error: unknown) => {
    connection.log(`no SFTP on the target: ${(error as Error).message}`);
    sftp.end();
  });
  new SftpProxy(connection, sftp, ready).start();
}

class SftpProxy {
  /** Handles (hex) the agent may use, and whether each was allowed for writing, with its path. */
  private readonly handles = new Map<string, { path: string; writable: boolean }>();
  private recorder: Recorder | null = null;
  private gate: GateSession | null = null;
  private target: ssh2.SFTPWrapper | null = null;
  private readonly stop = new AbortController();
  private ended = false;

  constructor(
    private readonly connection: GatewayConnection,
    private readonly sftp: Server,
    private readonly ready: Promise<{ gate: GateSession; target: ssh2.SFTPWrapper }>,
  ) {}

  start(): void {
    this.connection.closed.addEventListener('abort', () => this.stop.abort(), { once: true });
    this.sftp.on('close', () => void this.end());
    this.sftp.on('end', () => void this.end());
    this.ready.then(
      ({ gate, target }) => {
        this.gate = gate;
        this.target = target;
        this.recorder = new Recorder({
          origin: { kind: 'ssh-sftp', session: gate.session, target: this.connection.targetName },
          title: `SFTP on ${this.connection.targetName}`,
          crlf: true,
        });
      },
      () => undefined,
    );
    this.handlers();
  }

  /** Every handler runs once the target is ready (in arrival order), or fails with it. */
  private when(id: number, handler: () => void): void {
    this.ready.then(handler, () =>
      this.sftp.status(id, STATUS_CODE.NO_CONNECTION, 'the gateway cannot reach the target'),
    );
  }

  private handlers(): void {
    const s = this.sftp;

    const t = () => this.target as ssh2.SFTPWrapper;

    s.on('OPEN', (id, path, flags, attrs) =>
      this.when(id, () =>
        this.gated(id, { op: 'open', path, flags }, () =>
          t().open(path, flags, attrs, (e, handle) => {
            if (e) return this.fail(id, e);
            this.handles.set(handle.toString('hex'), { path, writable: (flags & 0x1e) !== 0 });
            s.handle(id, handle);
          }),
        ),
      ),
    );
    s.on('OPENDIR', (id, path) =>
      this.when(id, () =>
        this.gated(id, { op: 'opendir', path }, () =>
          t().opendir(path, (e, handle) => {
            if (e) return this.fail(id, e);
            this.handles.set(handle.toString('hex'), { path, writable: false });
            s.handle(id, handle);
          }),
        ),
      ),
    );
    s.on('READ', (id, handle, offset, len) =>
      this.when(id, () => {
        if (!this.known(id, handle)) return;
        const buf = Buffer.alloc(Math.min(len, 256 * 1024));
        t().read(handle, buf, 0, buf.length, offset, (e, n) => {
          if (e) return this.fail(id, e);
          if (n === 0) return s.status(id, STATUS_CODE.EOF);
          s.data(id, buf.subarray(0, n));
        });
      }),
    );
    s.on('WRITE', (id, handle, offset, data) =>
      this.when(id, () => {
        const h = this.known(id, handle);
        if (!h) return;
        if (!h.writable)
          return s.status(id, STATUS_CODE.PERMISSION_DENIED, 'this file was opened for reading');
        t().write(handle, data, 0, data.length, offset, (e) => this.done(id, e));
      }),
    );
    s.on('READDIR', (id, handle) =>
      this.when(id, () => {
        if (!this.known(id, handle)) return;
        t().readdir(handle, (e, list) => {
          if (e) return this.fail(id, e);
          s.name(id, list);
        });
      }),
    );
    s.on('FSTAT', (id, handle) =>
      this.when(id, () => {
        if (!this.known(id, handle)) return;
        t().fstat(handle, (e, stats) => (e ? this.fail(id, e) : s.attrs(id, stats)));
      }),
    );
    s.on('FSETSTAT', (id, handle, attrs) =>
      this.when(id, () => {
        const h = this.known(id, handle);
        if (!h) return;
        const run = () => t().fsetstat(handle, attrs, (e) => this.done(id, e));
        // An allowed upload may set the file's times and plain permissions; anything more is judged.
        if (h.writable && plainAttrs(attrs)) return run();
        this.gatedAll(id, setstatParts(h.path, attrs), run);
      }),
    );
    s.on('CLOSE', (id, handle) =>
      this.when(id, () => {
        if (!this.known(id, handle)) return;
        this.handles.delete(handle.toString('hex'));
        t().close(handle, (e) => this.done(id, e));
      }),
    );
    // Metadata reads are judged too (`stat -L`, `stat`, `realpath`, `readlink`): whitelist, deny
    // entries and policy apply, and each is on the record. Allowed, the gateway does the one read.
    s.on('STAT', (id, path) =>
      this.when(id, () =>
        this.gated(id, { op: 'stat', path }, () =>
          t().stat(path, (e, st) => (e ? this.fail(id, e) : s.attrs(id, st))),
        ),
      ),
    );
    s.on('LSTAT', (id, path) =>
      this.when(id, () =>
        this.gated(id, { op: 'lstat', path }, () =>
          t().lstat(path, (e, st) => (e ? this.fail(id, e) : s.attrs(id, st))),
        ),
      ),
    );
    s.on('REALPATH', (id, path) =>
      this.when(id, () =>
        this.gated(id, { op: 'realpath', path }, () =>
          t().realpath(path, (e, abs) =>
            e
              ? this.fail(id, e)
              : s.name(id, [{ filename: abs, longname: abs, attrs: {} as ssh2.Attributes }]),
          ),
        ),
      ),
    );
    s.on('READLINK', (id, path) =>
      this.when(id, () =>
        this.gated(id, { op: 'readlink', path }, () =>
          t().readlink(path, (e, to) =>
            e ? this.fail(id, e) : s.name(id, [{ filename: to, longname: to, attrs: {} as ssh2.Attributes }]),
          ),
        ),
      ),
    );
    s.on('REMOVE', (id, path) =>
      this.when(id, () =>
        this.gated(id, { op: 'remove', path }, () => t().unlink(path, (e) => this.done(id, e))),
      ),
    );
    s.on('RMDIR', (id, path) =>
      this.when(id, () =>
        this.gated(id, { op: 'rmdir', path }, () => t().rmdir(path, (e) => this.done(id, e))),
      ),
    );
    s.on('MKDIR', (id, path, attrs) =>
      this.when(id, () =>
        this.gated(id, { op: 'mkdir', path, attrs: attrs as SftpAttrs }, () =>
          t().mkdir(path, attrs, (e) => this.done(id, e)),
        ),
      ),
    );
    s.on('RENAME', (id, from, to) =>
      this.when(id, () =>
        this.gated(id, { op: 'rename', from, to }, () => t().rename(from, to, (e) => this.done(id, e))),
      ),
    );
    s.on('SYMLINK', (id, targetPath, link) =>
      this.when(id, () =>
        this.gated(id, { op: 'symlink', target: targetPath, link }, () =>
          t().symlink(targetPath, link, (e) => this.done(id, e)),
        ),
      ),
    );
    s.on('SETSTAT', (id, path, attrs) =>
      this.when(id, () =>
        this.gatedAll(id, setstatParts(path, attrs as SftpAttrs), () =>
          t().setstat(path, attrs, (e) => this.done(id, e)),
        ),
      ),
    );
    s.on('EXTENDED', (id) =>
      this.when(id, () =>
        s.status(id, STATUS_CODE.OP_UNSUPPORTED, 'not supported through the expacti gateway'),
      ),
    );
  }

  private known(id: number, handle: Buffer): { path: string; writable: boolean } | undefined {
    const h = this.handles.get(handle.toString('hex'));
    if (!h) this.sftp.status(id, STATUS_CODE.FAILURE, 'unknown handle');
    return h;
  }

  private done(id: number, error: Error | undefined | null): void {
    if (error) this.fail(id, error);
    else this.sftp.status(id, STATUS_CODE.OK);
  }

  private fail(id: number, error: Error): void {
    const code = (error as { code?: unknown }).code;
    this.sftp.status(id, typeof code === 'number' ? code : STATUS_CODE.FAILURE, error.message);
  }

  private gated(id: number, operation: SftpOperation, run: () => void): void {
    this.gatedAll(id, [equivalentCommand(operation)], run, isMetadataRead(operation));
  }

  /** Each equivalent command must be allowed, in order; the first refusal refuses the operation. */
  private gatedAll(id: number, parts: Equivalent[], run: () => void, metadataRead = false): void {
    void (async () => {
      const allowed: string[] = [];
      for (const part of parts) {
        const text = commandText(part.command);
        const outcome = await gateCommand(this.gate as GateSession, part.command, {
          signal: this.stop.signal,
          onWaiting: () => this.recorder?.output(`waiting for a reviewer: ${text}\n`),
          reason: part.reason,
          metadataRead,
        });
        if (outcome.kind === 'refused') {
          this.recorder?.output(`refused: ${text}\n${outcome.message}\n`);
          this.recorder?.marker(`refused: ${text}`);
          const firstLines = outcome.message.split('\n').slice(0, 5).join('; ');
          this.sftp.status(id, STATUS_CODE.PERMISSION_DENIED, firstLines);
          return;
        }
        allowed.push(outcome.approval.request.id);
        this.recorder?.output(`allowed (${outcome.approval.request.id}): ${text}\n`);
        this.recorder?.marker(`request ${outcome.approval.request.id}: ${text}`);
      }
      run();
      for (const requestId of allowed)
        void reportEnd(this.gate as GateSession, requestId, { exitCode: 0, signal: null, durationMs: 0 });
    })().catch((error: unknown) => {
      this.connection.log(`SFTP operation failed: ${(error as Error).message}`);
      this.sftp.status(id, STATUS_CODE.FAILURE, 'internal error in the gateway');
    });
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.stop.abort();
    this.target?.end();
    closeWithStatus(this.sftp);
    if (!this.gate || !this.recorder) return;
    await uploadRecording(this.gate.client, this.recorder.finish()).catch((error: unknown) =>
      this.connection.log(`could not store the SFTP recording: ${(error as Error).message}`),
    );
  }
}

/** Times, size (the upload's own length), and permission bits without setuid, setgid or sticky. */
function plainAttrs(a: ssh2.Attributes | Partial<ssh2.Attributes>): boolean {
  if (a.uid !== undefined || a.gid !== undefined) return false;
  return a.mode === undefined || (a.mode & 0o7000) === 0;
}

/**
 * Ends the subsystem as OpenSSH's sftp-server does, with exit status 0 (without one, `scp` reports
 * failure after a good upload). ssh2's server-side SFTP object has no public exit(); its channel
 * fields are what Channel.exit() itself uses.
 */
function closeWithStatus(sftp: ssh2.SFTPWrapper): void {
  const internals = sftp as unknown as {
    outgoing?: { id: number; state: string };
    _protocol?: { exitStatus(id: number, status: number): void };
  };
  const out = internals.outgoing;
  if (out && (out.state === 'open' || out.state === 'eof')) internals._protocol?.exitStatus(out.id, 0);
  sftp.end();
}
