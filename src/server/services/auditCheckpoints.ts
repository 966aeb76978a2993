/**
 * Signed checkpoints of the audit chain's head, written to the configured sinks (a JSON-lines
 * file, ideally on another disk; a webhook) automatically — when the log has grown by
 * `everyRecords` since the last one, or `intervalMs` has passed and it grew at all — and on demand
 * (`expacti audit checkpoint`). Every replica writes its own; any of them proves the log up to it.
 *
 * A checkpoint is only signed for a log that verifies: the records since the last checkpoint this
 * process signed (at start: the whole log, against the newest checkpoint in its file sinks) must
 * extend it. A log that was cut back, rewritten or emptied meanwhile is reported, never signed; and
 * `GET /v1/audit/verify` checks the log against those same checkpoints.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { AuditCheckpoint } from '../../protocol/index.js';
import {
  ChainVerifier,
  checkpointProblem,
  signCheckpoint,
  type ChainHead,
  type ChainKeyring,
  type ChainVerification,
  type SigningKeyring,
  type TrustedHead,
} from '../../core/audit/index.js';
import type { Store } from '../../store/store.js';
import type { Log } from '../log.js';

export interface CheckpointSink {
  /** Where it writes, fit for logs (a webhook's credentials and query are left out). */
  readonly name: string;
  readonly kind: 'file' | 'webhook';
  write(checkpoint: AuditCheckpoint): Promise<void>;
  /** The newest checkpoint it holds, when it can be read back (files). */
  newest?(): AuditCheckpoint | null;
}

export interface CheckpointPolicy {
  everyRecords: number;
  intervalMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyRecords: 1000, intervalMs: 5 * 60_000 };

export interface CheckpointResult {
  checkpoint: AuditCheckpoint;
  sinks: Array<{ sink: string; ok: boolean; error?: string }>;
}

/** The stretch of the log a checkpoint vouches for: after `start` (null: genesis) up to `recorded`. */
export interface VerifyRange {
  /** The last verified head; null: verify from genesis against `checkpoints`. */
  start: ChainHead | null;
  /** Checkpoints the log must contain (only when starting from genesis). */
  checkpoints: readonly TrustedHead[];
  /** The head the store recorded when the check began; records appended later are left out. */
  recorded: ChainHead | null;
}

/** Verifies a range; resolves with the verifier's finding (ok or the first problem), rejects when it could not read. */
export type RangeVerifier = (range: VerifyRange) => Promise<ChainVerification>;

/**
 * Records read and verified per turn of the event loop. Each costs 12-14 µs (read back and sealed
 * again): a page of 100 held the event loop 1.1-1.3 ms (up to 2.5 ms under load), ten times a
 * second at 1,000 decisions/s, so every request that arrived meanwhile waited for it — most of the
 * 2 ms the p99 goal allows. A page of 25 holds it 0.3 ms for the same work in all.
 */
const PAGE = 25;

/**
 * The range read through the store and verified on this thread, a page per turn of the event loop
 * (PostgreSQL; SQLite's default is a worker thread, offThreadAuditVerifier.ts).
 */
export function pagedRangeVerifier(store: Store, keys: ChainKeyring): RangeVerifier {
  return async ({ start, checkpoints, recorded }) => {
    const verifier = new ChainVerifier(keys, start ? { start } : { checkpoints });
    // Up to the head recorded before: records appended meanwhile belong to the next checkpoint (read
    // past it, they would look inserted beyond the head).
    const end = recorded?.seq;
    for (let after = start?.seq ?? 0; ;) {
      const want = end === undefined ? PAGE : Math.min(PAGE, end - after);
      if (want <= 0) break;
      const page = await store.readAudit(after, want);
      if (page.length === 0 || !verifier.push(page)) break;
      after = page.at(-1)?.seq ?? after;
      if (page.length < want) break;
      // Let waiting requests in between pages: the store's reads resolve at once, so without this
      // the whole stretch since the last checkpoint (thousands of records under load) is read and
      // re-hashed in one block of the event loop, which every request then waits behind.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return verifier.finish(recorded);
  };
}

export class AuditCheckpointer {
  private verified: ChainHead | null = null;
  private latest: AuditCheckpoint | null = null;
  /** The newest checkpoint of each file sink, as found (and its signature checked) at start. */
  private found: TrustedHead[] = [];
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private lastError = '';

  constructor(
    private readonly store: Store,
    private readonly keys: { chain: ChainKeyring; signing: SigningKeyring },
    private readonly sinks: readonly CheckpointSink[],
    private readonly policy: CheckpointPolicy,
    private readonly now: () => Date,
    private readonly log: Log,
    /** Each write to a sink, as it ends (metrics). */
    private readonly onWrite: (sink: CheckpointSink, ok: boolean) => void = () => undefined,
    /** Re-reads and verifies the records since the last verified head (default: on this thread). */
    private readonly verifyRange: RangeVerifier = pagedRangeVerifier(store, keys.chain),
  ) {}

  /** Starts the automatic checkpoints, the first one now. */
  start(): void {
    this.found = this.sinkCheckpoints();
    void this.tick(true);
    const every = Math.min(5000, this.policy.intervalMs);
    this.timer = setInterval(() => void this.tick(false), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Heads the log must still contain: the newest checkpoint in each file sink when this process
   * started, and the newest one it signed since.
   */
  trusted(): TrustedHead[] {
    const mine = this.latest ? [{ seq: this.latest.seq, hash: this.latest.hash, at: this.latest.at }] : [];
    return [...this.found, ...mine];
  }

  /** Signs a checkpoint of the head now and writes it to every sink (`expacti audit checkpoint`). */
  checkpoint(): Promise<CheckpointResult> {
    return this.serial(() => this.make());
  }

  private tick(first: boolean): Promise<unknown> {
    return this.serial(async () => {
      const head = await this.store.auditHead();
      const seq = head?.seq ?? 0;
      const since = this.latest?.seq ?? -1;
      const due =
        first ||
        seq - since >= this.policy.everyRecords ||
        (seq > since && this.now().getTime() - this.lastAt >= this.policy.intervalMs);
      if (due && (seq > 0 || first)) await this.make();
      this.lastError = '';
    }).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.log.error({ err: error }, `audit checkpoint: ${message}`);
      this.lastError = message;
    });
  }

  private async make(): Promise<CheckpointResult> {
    const head = await this.verifiedHead();
    const checkpoint = signCheckpoint(head, this.now().toISOString(), this.keys.signing.current);
    const sinks = await Promise.all(
      this.sinks.map(async (sink) => {
        try {
          await sink.write(checkpoint);
          this.onWrite(sink, true);
          return { sink: sink.name, ok: true };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.onWrite(sink, false);
          this.log.warn({ err: error, sink: sink.name }, `audit checkpoint: could not write to ${sink.name}`);
          return { sink: sink.name, ok: false, error: message };
        }
      }),
    );
    this.latest = checkpoint;
    this.lastAt = this.now().getTime();
    return { checkpoint, sinks };
  }

  /**
   * The log's head, once the records since the last verified head were checked to extend it (the
   * first time: the whole log, and the newest checkpoint found in the file sinks). Throws when the
   * log does not verify: that state is reported, not signed.
   */
  private async verifiedHead(): Promise<ChainHead | null> {
    const start = this.verified ?? undefined;
    const recorded = await this.store.auditHead();
    if (start && (recorded?.seq ?? 0) < start.seq) {
      throw new Error(
        `NOT signing a checkpoint: the audit log was cut back from record ${start.seq} to ${recorded?.seq ?? 0}; run \`expacti audit verify\``,
      );
    }
    const result = await this.verifyRange({
      start: start ?? null,
      checkpoints: start ? [] : this.found,
      recorded,
    });
    if (!result.ok) {
      const p = result.problem;
      throw new Error(
        `NOT signing a checkpoint: the audit log does not verify (record ${p?.seq}: ${p?.kind} — ${p?.message}); run \`expacti audit verify\``,
      );
    }
    const head = result.head ?? start ?? null;
    this.verified = head;
    return head;
  }

  private sinkCheckpoints(): TrustedHead[] {
    const out: TrustedHead[] = [];
    for (const sink of this.sinks) {
      let newest: AuditCheckpoint | null = null;
      try {
        newest = sink.newest?.() ?? null;
      } catch (error) {
        this.log.error({ err: error, sink: sink.name }, `audit checkpoint: cannot read ${sink.name}`);
      }
      if (!newest) continue;
      const problem = checkpointProblem(newest, this.keys.signing);
      if (problem)
        this.log.error(
          { sink: sink.name, problem },
          `audit checkpoint: the newest checkpoint in ${sink.name} is not trusted: ${problem}`,
        );
      else out.push({ seq: newest.seq, hash: newest.hash, at: newest.at });
    }
    return out;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Appends each checkpoint as one JSON line, fsynced — off the event loop (libuv's thread pool): an
 * fsync waits for the disk, tens of milliseconds on a busy one, and every request would wait with it.
 */
export function fileSink(path: string): CheckpointSink {
  return {
    name: path,
    kind: 'file',
    async write(checkpoint) {
      const file = await open(path, 'a', 0o644);
      try {
        await file.write(`${JSON.stringify(checkpoint)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
    },
    newest() {
      if (!existsSync(path)) return null;
      const size = statSync(path).size;
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, buffer, 0, length, size - length);
      } finally {
        closeSync(fd);
      }
      const lines = buffer.toString('utf8').split('\n').filter(Boolean);
      const last = lines.at(-1);
      return last ? (JSON.parse(last) as AuditCheckpoint) : null;
    },
  };
}

/**
 * POSTs each checkpoint as JSON; a failure is logged and the next checkpoint is tried anew.
 * Credentials in the URL (https://user:password@host/…) are sent as HTTP Basic authentication
 * (fetch refuses URLs that carry them), and no error names the URL: only `name`, without them.
 */
export function webhookSink(url: string, timeoutMs = 5000): CheckpointSink {
  const target = new URL(url);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers['authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  return {
    name: webhookName(url),
    kind: 'webhook',
    async write(checkpoint) {
      let res: Response;
      try {
        res = await fetch(target, {
          method: 'POST',
          headers,
          body: JSON.stringify(checkpoint),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: unknown } }).cause?.code;
        const why = typeof cause === 'string' ? cause : (error as Error).name;
        throw new Error(`the webhook could not be reached (${why})`);
      }
      if (!res.ok) throw new Error(`the webhook answered ${res.status}`);
    },
  };
}

/**
 * A webhook URL as it may be logged and shown: credentials in it (user:password@, a token in the
 * query string or fragment) are left out.
 */
export function webhookName(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.username || u.password ? '…@' : '';
    const query = u.search ? '?…' : '';
    return `${u.protocol}//${hidden}${u.host}${u.pathname}${query}`;
  } catch {
    return 'a webhook (unreadable URL)';
  }
}
