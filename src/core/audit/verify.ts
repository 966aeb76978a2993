/**
 * Chain verification, streamable: feed records in seq order page by page (`push`), then `finish`.
 * Memory stays bounded: the last two seals, and after a break a window of the records that follow
 * it (at most BREAK_WINDOW) to tell what kind of break it is. It reports the first problem, with
 * the seq where the chain breaks:
 *
 *  - edited:       a record no longer matches its seal, or was rewritten and re-sealed (the next
 *                  record still links to the old version), or differs from a checkpoint of it;
 *  - removed:      a seq is missing, records were cut from the end (against the recorded head or a
 *                  checkpoint), or a record links to a predecessor that is not there;
 *  - reordered:    the chain's records are all there but out of order (a swap, near or far);
 *  - inserted:     a record that is not part of the chain sits in it, or the log goes past the head
 *                  the store recorded;
 *  - unverifiable: a record is sealed with a key this verifier does not hold.
 *
 * Seals are keyed (hash.ts), so whoever changes a record without the key cannot re-seal it. What a
 * keyed chain alone cannot show — the tail cut off and the head row moved back, or the whole log
 * emptied — signed checkpoints of the head (checkpoint.ts) show: pass them in and the log must
 * still contain each one.
 */
import type { AuditVerifyResponse } from '../../protocol/index.js';
import { GENESIS_HASH, hashRecord, type ChainHead, type ChainedRecord } from './hash.js';
import type { ChainKeyring } from './keys.js';

export type ChainProblem = NonNullable<AuditVerifyResponse['problem']>;
export type ChainVerification = AuditVerifyResponse;

/** Records read past a break to classify it (a swap further apart than this reads as removed). */
export const BREAK_WINDOW = 2000;

/** A checkpoint whose signature was already checked: the log must contain this head. */
export interface TrustedHead extends ChainHead {
  /** When it was taken, for messages. */
  at: string;
}

export interface VerifyOptions {
  /** The last record already verified (to resume); omitted: genesis. */
  start?: ChainHead;
  checkpoints?: readonly TrustedHead[];
}

export class ChainVerifier {
  private prev: ChainHead;
  private prevPrevHash: string | null = null;
  private keyedSeen = false;
  private unkeyed = 0;
  private broken: ChainedRecord[] | null = null;
  private problem: ChainProblem | null = null;
  private count = 0;
  private last: ChainHead | null = null;
  private readonly checkpoints: Map<number, TrustedHead>;

  constructor(
    private readonly keys: ChainKeyring,
    options: VerifyOptions = {},
  ) {
    this.prev = options.start ?? { seq: 0, hash: GENESIS_HASH };
    this.checkpoints = new Map((options.checkpoints ?? []).map((c) => [c.seq, c]));
  }

  /** Feeds the next records in seq order. Returns false once a problem was found (stop reading). */
  push(records: readonly ChainedRecord[]): boolean {
    for (const record of records) {
      if (this.problem) return false;
      this.count += 1;
      this.last = { seq: record.seq, hash: record.hash };
      if (this.broken) {
        this.broken.push(record);
        if (this.broken.length >= BREAK_WINDOW) this.problem = this.classify();
        continue;
      }
      const refused = this.refusal(record);
      if (refused) {
        this.problem = refused;
      } else if (this.links(record)) {
        this.advance(record);
      } else {
        this.broken = [record];
      }
    }
    return !this.problem;
  }

  /**
   * Ends the stream. `expectedHead`: the head the store recorded beside the log, which also catches
   * records cut from or added at the end (unless the head was moved too: checkpoints catch that).
   */
  finish(expectedHead?: ChainHead | null): ChainVerification {
    if (!this.problem && this.broken) this.problem = this.classify();
    if (!this.problem) this.problem = this.missingCheckpoint();
    if (!this.problem && expectedHead !== undefined) this.problem = checkHead(this.prev, expectedHead);
    const result: ChainVerification = {
      ok: !this.problem,
      records: this.count,
      head: this.last,
      unkeyed: this.unkeyed,
      checkpoints: [...this.checkpoints.keys()].filter((seq) => seq <= this.prev.seq).length,
    };
    if (this.problem) result.problem = this.problem;
    return result;
  }

  /** Problems that need no look-ahead: a record in its place whose key is unknown or missing. */
  private refusal(record: ChainedRecord): ChainProblem | null {
    if (record.seq !== this.prev.seq + 1 || record.prevHash !== this.prev.hash) return null;
    if (record.keyId !== null && !this.keys.find(record.keyId)) {
      return problem(
        record.seq,
        'unverifiable',
        `record ${record.seq} is sealed with audit key "${record.keyId}", which this server does not hold: add that key to the key file to verify it`,
      );
    }
    if (record.keyId === null && this.keyedSeen) {
      return problem(
        record.seq,
        'edited',
        `record ${record.seq} is unkeyed but follows keyed records: it was rewritten without the audit key`,
      );
    }
    return null;
  }

  private links(record: ChainedRecord): boolean {
    return (
      record.seq === this.prev.seq + 1 &&
      record.prevHash === this.prev.hash &&
      this.sealOk(record, record.seq)
    );
  }

  private advance(record: ChainedRecord): void {
    this.prevPrevHash = this.prev.hash;
    this.prev = { seq: record.seq, hash: record.hash };
    if (record.keyId === null) this.unkeyed += 1;
    else this.keyedSeen = true;
    const checkpoint = this.checkpoints.get(record.seq);
    if (checkpoint && checkpoint.hash !== record.hash) {
      this.problem = problem(
        record.seq,
        'edited',
        `the log up to record ${record.seq} is not the one checkpointed at ${checkpoint.at}: its seal differs, so history up to there was rewritten`,
      );
    }
  }

  /** Whether `record` is sealed correctly as the record numbered `seq` (its original place). */
  private sealOk(record: ChainedRecord, seq: number): boolean {
    if (record.keyId === null) {
      return !this.keyedSeen && hashRecord(record.prevHash, seq, record, null) === record.hash;
    }
    const key = this.keys.find(record.keyId);
    return key !== undefined && hashRecord(record.prevHash, seq, record, key) === record.hash;
  }

  private missingCheckpoint(): ChainProblem | null {
    let furthest: TrustedHead | undefined;
    for (const c of this.checkpoints.values())
      if (c.seq > this.prev.seq && (!furthest || c.seq > furthest.seq)) furthest = c;
    if (!furthest) return null;
    const ends = this.prev.seq === 0 ? 'the log is empty' : `the log ends at record ${this.prev.seq}`;
    return problem(
      this.prev.seq + 1,
      'removed',
      `${ends}, but the checkpoint of ${furthest.at} shows records up to ${furthest.seq}: records ${this.prev.seq + 1}–${furthest.seq} were removed`,
    );
  }

  /** What kind of break `broken[0]` is, from the records after it. */
  private classify(): ChainProblem {
    const window = this.broken ?? [];
    const [record, next] = window as [ChainedRecord, ChainedRecord | undefined];
    const prev = this.prev;
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
      if (this.prevPrevHash !== null && record.prevHash === this.prevPrevHash) {
        return problem(
          prev.seq,
          'inserted',
          `record ${prev.seq} is not part of the chain: the next record links past it`,
        );
      }
      return problem(record.seq, 'reordered', `record ${record.seq} appears after record ${prev.seq}`);
    }
    // In its place by number, but not the chain's next record. Is the chain's next record further on?
    const path = this.followLinks(window);
    const first = path[0];
    if (first) {
      if (path.includes(record)) {
        return problem(
          expected,
          'reordered',
          `record ${expected} is out of place: it is stored at ${first.seq}, and what is stored at ${expected} belongs further on`,
        );
      }
      return problem(
        expected,
        'inserted',
        `the record stored at ${expected} is not part of the chain: the chain goes on at ${first.seq}`,
      );
    }
    if (record.prevHash === prev.hash) {
      return problem(
        record.seq,
        'edited',
        `record ${record.seq} does not match its seal: its content was changed`,
      );
    }
    if (this.prevPrevHash !== null && record.prevHash === this.prevPrevHash) {
      return problem(
        prev.seq,
        'inserted',
        `record ${prev.seq} is not part of the chain: record ${record.seq} links past it`,
      );
    }
    if (this.sealOk(record, record.seq) && prev.seq > 0) {
      return problem(
        prev.seq,
        'edited',
        `record ${prev.seq} was rewritten: record ${record.seq} links to a different version of it`,
      );
    }
    if (next && next.prevHash === prev.hash) {
      return problem(
        record.seq,
        'inserted',
        `record ${record.seq} is not part of the chain: the next record links past it`,
      );
    }
    return problem(
      record.seq,
      'removed',
      `record ${record.seq} does not link to record ${prev.seq}: a record before it is missing or was replaced`,
    );
  }

  /** The chain after the last good record, followed by links and seals through the window. */
  private followLinks(window: readonly ChainedRecord[]): ChainedRecord[] {
    const byPrev = new Map<string, ChainedRecord[]>();
    for (const r of window) byPrev.set(r.prevHash, [...(byPrev.get(r.prevHash) ?? []), r]);
    const path: ChainedRecord[] = [];
    const used = new Set<ChainedRecord>();
    let hash = this.prev.hash;
    let seq = this.prev.seq;
    for (;;) {
      const found = (byPrev.get(hash) ?? []).find((r) => !used.has(r) && this.sealOk(r, seq + 1));
      if (!found) return path;
      path.push(found);
      used.add(found);
      hash = found.hash;
      seq += 1;
    }
  }
}

/** Verifies a whole chain held in memory (from genesis, or from `start`). */
export function verifyChain(
  records: readonly ChainedRecord[],
  keys: ChainKeyring,
  options: VerifyOptions & { expectedHead?: ChainHead | null } = {},
): ChainVerification {
  const verifier = new ChainVerifier(keys, options);
  verifier.push(records);
  return verifier.finish(options.expectedHead);
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
