/**
 * Chain verification, streamable: feed records in seq order page by page (`push`), then `finish`.
 * The verifier keeps only the last two hashes and one record of look-ahead, so a log of any length
 * verifies in constant memory. It reports the first problem, with the seq where the chain breaks:
 *
 *  - edited:    a record's content no longer matches its hash, or a record was rewritten and
 *               re-hashed (the next record still links to the old version);
 *  - removed:   a seq is missing, or a record links to a predecessor that is not there;
 *  - reordered: records appear out of their chained order (a later record shows up first);
 *  - inserted:  a record that is not part of the chain sits between two that link to each other,
 *               or the log goes past the head the store recorded.
 */
import type { AuditVerifyResponse } from '../../protocol/index.js';
import { GENESIS_HASH, hashRecord, type ChainHead, type ChainedRecord } from './hash.js';

export type ChainProblem = NonNullable<AuditVerifyResponse['problem']>;
export type ChainVerification = AuditVerifyResponse;

export class ChainVerifier {
  private prev: ChainHead;
  private prevPrevHash: string | null = null;
  private pending: ChainedRecord | null = null;
  private problem: ChainProblem | null = null;
  private count = 0;
  private last: ChainHead | null = null;

  /** `start`: the last record already verified (to resume a verification); omitted: genesis. */
  constructor(start?: ChainHead) {
    this.prev = start ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** Feeds the next records in seq order. Returns false once a problem was found (stop reading). */
  push(records: readonly ChainedRecord[]): boolean {
    for (const record of records) {
      if (this.problem) return false;
      this.count += 1;
      this.last = { seq: record.seq, hash: record.hash };
      if (this.pending) {
        this.problem = classify(this.prev, this.prevPrevHash, this.pending, record);
        return false;
      }
      if (this.links(record)) {
        this.prevPrevHash = this.prev.hash;
        this.prev = { seq: record.seq, hash: record.hash };
      } else {
        this.pending = record;
      }
    }
    return !this.problem;
  }

  /**
   * Ends the stream. `expectedHead`: the head the store recorded beside the log, which also catches
   * records cut from or added at the end.
   */
  finish(expectedHead?: ChainHead | null): ChainVerification {
    if (!this.problem && this.pending) {
      this.problem = classify(this.prev, this.prevPrevHash, this.pending, undefined);
    }
    if (!this.problem && expectedHead !== undefined) this.problem = checkHead(this.prev, expectedHead);
    const result: ChainVerification = { ok: !this.problem, records: this.count, head: this.last };
    if (this.problem) result.problem = this.problem;
    return result;
  }

  private links(record: ChainedRecord): boolean {
    return (
      record.seq === this.prev.seq + 1 &&
      record.prevHash === this.prev.hash &&
      hashRecord(record.prevHash, record.seq, record) === record.hash
    );
  }
}

/** Verifies a whole chain held in memory (from genesis, or from `start`). */
export function verifyChain(
  records: readonly ChainedRecord[],
  options: { start?: ChainHead; expectedHead?: ChainHead | null } = {},
): ChainVerification {
  const verifier = new ChainVerifier(options.start);
  verifier.push(records);
  return verifier.finish(options.expectedHead);
}

function classify(
  prev: ChainHead,
  prevPrevHash: string | null,
  record: ChainedRecord,
  next: ChainedRecord | undefined,
): ChainProblem {
  const expected = prev.seq + 1;
  if (record.seq > expected) {
    if (next?.seq === expected) {
      return problem(expected, 'reordered', `record ${expected} comes after record ${record.seq}`);
    }
    const missing =
      record.seq - 1 === expected ? `record ${expected} is` : `records ${expected}–${record.seq - 1} are`;
    return problem(
      expected,
      'removed',
      `${missing} missing: record ${prev.seq} is followed by ${record.seq}`,
    );
  }
  if (record.seq < expected) {
    if (prevPrevHash !== null && record.prevHash === prevPrevHash) {
      return problem(
        prev.seq,
        'inserted',
        `record ${prev.seq} is not part of the chain: the next record links past it`,
      );
    }
    return problem(record.seq, 'reordered', `record ${record.seq} appears after record ${prev.seq}`);
  }
  const selfConsistent = hashRecord(record.prevHash, record.seq, record) === record.hash;
  if (record.prevHash === prev.hash) {
    return problem(
      record.seq,
      'edited',
      `record ${record.seq} does not match its hash: its content was changed`,
    );
  }
  if (prevPrevHash !== null && record.prevHash === prevPrevHash) {
    return problem(
      prev.seq,
      'inserted',
      `record ${prev.seq} is not part of the chain: record ${record.seq} links past it`,
    );
  }
  if (next && next.prevHash === prev.hash) {
    return problem(
      record.seq,
      'reordered',
      `record ${record.seq} is out of place: the record after it links to record ${prev.seq}`,
    );
  }
  if (selfConsistent && prev.seq > 0) {
    return problem(
      prev.seq,
      'edited',
      `record ${prev.seq} was rewritten: record ${record.seq} links to a different version of it`,
    );
  }
  return problem(
    record.seq,
    'removed',
    `record ${record.seq} does not link to record ${prev.seq}: a record before it is missing or was replaced`,
  );
}

function checkHead(last: ChainHead, head: ChainHead | null): ChainProblem | null {
  const headSeq = head?.seq ?? 0;
  if (last.seq < headSeq) {
    return problem(
      last.seq + 1,
      'removed',
      `the log ends at record ${last.seq} but the recorded head is ${headSeq}`,
    );
  }
  if (last.seq > headSeq) {
    return problem(
      headSeq + 1,
      'inserted',
      `the log goes on past the recorded head ${headSeq} to record ${last.seq}`,
    );
  }
  if (head && head.hash !== last.hash) {
    return problem(head.seq, 'edited', `record ${head.seq} differs from the recorded head`);
  }
  return null;
}

function problem(seq: number, kind: ChainProblem['kind'], message: string): ChainProblem {
  return { seq, kind, message };
}
