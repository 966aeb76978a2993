/**
 * The audit checkpointer's re-verification (auditCheckpoints.ts) off the main thread, for SQLite:
 * a worker thread (auditVerifyWorker.ts) with its own read-only connection reads the records since
 * the last verified head and seals them again. On the main thread that was about 5 % of its time
 * at saturation (each record read back and re-hashed, 12-14 µs), in slices that every request
 * arriving meanwhile waited behind. Nothing about what is verified changes: the same records up to
 * the same recorded head, the same verifier, and no checkpoint is signed unless it says ok.
 *
 * Should the worker not start or die, the checkpointer falls back to verifying on the main thread
 * (`fallback`), so checkpoints never stop because of it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChainKeyring, ChainVerification } from '../../core/audit/index.js';
import type { Log } from '../log.js';
import type { RangeVerifier, VerifyRange } from './auditCheckpoints.js';

export interface VerifyJob {
  id: number;
  range: VerifyRange;
}

export type VerifyReply = { id: number; result: ChainVerification } | { id: number; error: string };

interface Waiting {
  resolve: (result: ChainVerification) => void;
  reject: (error: Error) => void;
}

/**
 * The worker's module: beside this one in the sources (run by tsx), and built as
 * dist/chunks/auditVerifyWorker.js beside the chunk this code is bundled into.
 */
function workerUrl(): URL | null {
  const here = import.meta.url;
  const candidates = here.endsWith('.ts')
    ? ['./auditVerifyWorker.ts']
    : ['./auditVerifyWorker.js', '../chunks/auditVerifyWorker.js', './chunks/auditVerifyWorker.js'];
  for (const candidate of candidates) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

/**
 * From the sources (tests run under tsx), a worker does not get tsx's loader: a small module
 * registers it in the worker's thread, then imports the worker's TypeScript.
 */
function underTsx(url: URL): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class OffThreadAuditVerifier {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private next = 1;
  private stopping = false;

  constructor(
    file: string,
    keys: ChainKeyring,
    private readonly fallback: RangeVerifier,
    private readonly log: Log,
  ) {
    const url = workerUrl();
    if (!url) {
      log.warn('audit checkpoints: the verification worker is not built; verifying on the main thread');
      return;
    }
    const worker = new Worker(url.pathname.endsWith('.ts') ? underTsx(url) : url, {
      workerData: { file, keys: keys.keys },
    });
    worker.unref();
    worker.on('message', (reply: VerifyReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if ('result' in reply) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.error));
    });
    worker.on('error', (error) => this.lost(error));
    worker.on('exit', (code) => this.lost(new Error(`the audit verification worker exited (${code})`)));
    this.worker = worker;
  }

  readonly verify: RangeVerifier = (range) => {
    const worker = this.worker;
    if (!worker) return this.fallback(range);
    const id = this.next++;
    return new Promise<ChainVerification>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, range } satisfies VerifyJob);
    });
  };

  async stop(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('stop');
    const timeout = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timeout);
  }

  /** The worker is gone: what waited on it fails (that checkpoint is not signed), the rest verify here. */
  private lost(error: Error): void {
    if (!this.worker) return;
    this.worker = null;
    if (!this.stopping)
      this.log.error(
        { err: error },
        `audit checkpoints: ${error.message}; verifying on the main thread from now on`,
      );
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
