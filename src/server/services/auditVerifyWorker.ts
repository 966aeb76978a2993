/**
 * The worker thread of offThreadAuditVerifier.ts: re-reads a range of the SQLite audit log on its
 * own read-only connection and verifies it with the chain's keys, so that neither the reading nor
 * the re-sealing (12-14 µs a record, about 5 % of the main thread's time at saturation) runs on
 * the thread that serves requests. The same reads and the same ChainVerifier as the checkpointer's
 * paged verifier (auditCheckpoints.ts), so both find the same.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ChainVerifier, chainKeyring, type ChainKey } from '../../core/audit/index.js';
import { AUDIT_COLUMNS, auditFromRow } from '../../store/audit.js';
import type { Row } from '../../store/rows.js';
import type { VerifyJob, VerifyReply } from './offThreadAuditVerifier.js';

/**
 * Background work: on Linux a thread has its own nice value (pid 0 is this thread), so on a busy
 * machine this one yields to the thread serving requests instead of taking its turn beside it.
 */
const NICE = 10;
try {
  setPriority(NICE);
} catch {
  // Not permitted here: it runs at the normal priority.
}

/** Records per read: the connection holds its read snapshot only while a page is read. */
const PAGE = 500;

const { file, keys } = workerData as { file: string; keys: ChainKey[] };
const keyring = chainKeyring(keys);
const db = new Database(file, { readonly: true, fileMustExist: true });
const read = db.prepare(`SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`);

function verify({ start, checkpoints, recorded }: VerifyJob['range']) {
  const verifier = new ChainVerifier(keyring, start ? { start } : { checkpoints });
  // Up to the head recorded before: records appended meanwhile belong to the next checkpoint.
  const end = recorded?.seq;
  for (let after = start?.seq ?? 0; ;) {
    const want = end === undefined ? PAGE : Math.min(PAGE, end - after);
    if (want <= 0) break;
    const page = (read.all(after, want) as Row[]).map(auditFromRow);
    if (page.length === 0 || !verifier.push(page)) break;
    after = page.at(-1)?.seq ?? after;
    if (page.length < want) break;
  }
  return verifier.finish(recorded);
}

parentPort?.on('message', (job: VerifyJob | 'stop') => {
  if (job === 'stop') {
    db.close();
    parentPort?.close();
    return;
  }
  let reply: VerifyReply;
  try {
    reply = { id: job.id, result: verify(job.range) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
