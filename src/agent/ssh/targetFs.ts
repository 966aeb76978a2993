/**
 * Read-only file-system calls on the target, over the gateway's own SFTP channel to it: lstat,
 * stat, readlink, realpath, directory listings and bounded file reads. Paths travel as SFTP
 * protocol strings, never through a shell, so no path can be read as a command; nothing here can
 * write. Used by the target probes (targetProbes.ts).
 */
import type ssh2 from 'ssh2';
import type { LinkReader } from '../probes/paths.js';

export interface TargetEntry {
  name: string;
  dir: boolean;
  file: boolean;
  size: number;
}

export interface TargetFs extends LinkReader {
  realpath(path: string): Promise<string>;
  readdir(path: string, maxEntries: number): Promise<TargetEntry[]>;
  /** At most `maxBytes` of the file (its start). */
  readFile(path: string, maxBytes: number): Promise<string>;
  end(): void;
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

function call<T>(fn: (cb: (error: Error | undefined | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((e, v) => (e ? reject(e) : resolve(v))));
}

/** Opens an SFTP channel to the target for one round of probes. */
export function openTargetFs(conn: ssh2.Client): Promise<TargetFs> {
  return new Promise((resolve, reject) => {
    conn.sftp((error, sftp) => (error ? reject(error) : resolve(targetFs(sftp))));
  });
}

function targetFs(sftp: ssh2.SFTPWrapper): TargetFs {
  return {
    lstat: (path) => call<ssh2.Stats>((cb) => sftp.lstat(path, cb)),
    stat: (path) => call<ssh2.Stats>((cb) => sftp.stat(path, cb)),
    readlink: (path) => call<string>((cb) => sftp.readlink(path, cb)),
    realpath: (path) => call<string>((cb) => sftp.realpath(path, cb)),
    async readdir(path, maxEntries) {
      const handle = await call<Buffer>((cb) => sftp.opendir(path, cb));
      const out: TargetEntry[] = [];
      try {
        while (out.length < maxEntries) {
          const batch = await call<ssh2.FileEntry[] | false>((cb) =>
            sftp.readdir(handle, (e, list) => {
              // The end of the listing comes as an EOF status.
              if (e && (e as { code?: number }).code === 1) return cb(undefined, false);
              cb(e, list);
            }),
          );
          if (!batch) break;
          for (const f of batch) {
            if (f.filename === '.' || f.filename === '..') continue;
            const type = (f.attrs.mode ?? 0) & S_IFMT;
            out.push({
              name: f.filename,
              dir: type === S_IFDIR,
              file: type === S_IFREG,
              size: f.attrs.size ?? 0,
            });
          }
        }
      } finally {
        sftp.close(handle, () => undefined);
      }
      return out.slice(0, maxEntries);
    },
    async readFile(path, maxBytes) {
      const handle = await call<Buffer>((cb) => sftp.open(path, 'r', cb));
      const buf = Buffer.alloc(maxBytes);
      let got = 0;
      try {
        while (got < maxBytes) {
          const n = await call<number>((cb) => sftp.read(handle, buf, got, maxBytes - got, got, cb));
          if (n === 0) break;
          got += n;
        }
      } catch (e) {
        // Reading at the end of a file is an EOF status, not a failure.
        if ((e as { code?: number }).code !== 1) throw e;
      } finally {
        sftp.close(handle, () => undefined);
      }
      return buf.subarray(0, got).toString('utf8');
    },
    end: () => sftp.end(),
  };
}
