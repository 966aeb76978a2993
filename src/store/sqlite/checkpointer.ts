/**
 * WAL checkpoints off the request path. By default SQLite checkpoints inside whichever commit
 * pushes the WAL past 1000 pages, so that one write stalls for the copy and its fsync. Instead a
 * worker thread, with its own connection, runs a PASSIVE checkpoint every 250 ms: it copies what
 * it can without blocking the writer.
 *
 * A PASSIVE checkpoint alone never lets the WAL start over under steady writes: SQLite rewinds it
 * only when a write begins with every frame already copied, and by the time the worker has copied
 * (and fsynced) the WAL, new commits have been appended. So the WAL grew until the main
 * connection's safety net (SAFETY_NET_PAGES) checkpointed inside a commit, fsyncs included — at
 * 1,000 whitelisted decisions/s (≈ 8 pages each) every ≈ 2.5 s, 40–60 ms during which the event
 * loop served nothing: the p99 of 35 ms at a steady 1,000 requests/s (perf sched: the main thread
 * in D state under sqlite3WalDefaultHook → fsync). Now, once the WAL holds `restartFrames`, the
 * worker follows its PASSIVE checkpoint at once with a RESTART one: with the write lock, it copies
 * the few frames appended meanwhile, fsyncs, and rewinds the WAL. Commits wait for that lock
 * without blocking the event loop (writer.ts) — a few milliseconds, every 1–1.5 s at that rate — and
 * the worker waits at most LOCK_WAIT_MS for the lock or for readers, then tries again next time.
 * The safety net stays, should the worker ever stop.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/**
 * Runs in the worker (CommonJS, evaluated): a PASSIVE checkpoint on a timer until told to stop;
 * when the WAL has grown past `restartFrames`, a RESTART checkpoint right after it (see above).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
const wait = db.prepare('PRAGMA busy_timeout = ' + workerData.lockWaitMs);
const noWait = db.prepare('PRAGMA busy_timeout = 0');
const timer = setInterval(() => {
  try {
    const passive = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (passive.log < workerData.restartFrames) return;
    wait.get();
    try {
      db.pragma('wal_checkpoint(RESTART)');
    } finally {
      noWait.get();
    }
  } catch { /* busy or closing: next time */ }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

/** Pages the main connection lets the WAL reach before checkpointing itself (the safety net). */
export const SAFETY_NET_PAGES = 20_000;

/** WAL frames past which the worker rewinds the WAL (RESTART checkpoint): 32 MiB of pages. */
export const RESTART_FRAMES = 8192;

/** How long the worker's RESTART waits for the write lock or for readers (it holds the lock meanwhile). */
const LOCK_WAIT_MS = 10;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(file: string, intervalMs = 250, restartFrames = RESTART_FRAMES) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { driver, file, intervalMs, restartFrames, lockWaitMs: LOCK_WAIT_MS },
    });
    this.worker.unref();
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.once('error', () => resolve());
    });
  }

  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), 2000);
    await this.exited;
    clearTimeout(timeout);
  }
}
