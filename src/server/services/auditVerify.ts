/**
 * Verifying the audit log, for the API: the whole chain with the server's keys, against the
 * checkpoints given (each must carry a valid signature by one of the server's signing keys) and
 * the newest one this process signed.
 */
import type { AuditCheckpoint, AuditVerifyResponse } from '../../protocol/index.js';
import { ChainVerifier, checkpointProblem, type TrustedHead } from '../../core/audit/index.js';
import type { ServerServices } from '../context.js';

const PAGE = 1000;

export async function verifyAuditLog(
  s: Pick<ServerServices, 'store' | 'auditKeys' | 'checkpoints'>,
  given: readonly AuditCheckpoint[] = [],
): Promise<AuditVerifyResponse> {
  const trusted: TrustedHead[] = [...s.checkpoints.trusted()];
  for (const checkpoint of given) {
    const problem = checkpointProblem(checkpoint, s.auditKeys.signing);
    if (problem) {
      return {
        ok: false,
        records: 0,
        head: null,
        unkeyed: 0,
        checkpoints: 0,
        problem: {
          seq: checkpoint.seq,
          kind: 'unverifiable',
          message: `the checkpoint of ${checkpoint.at} (record ${checkpoint.seq}) cannot be trusted: ${problem}`,
        },
      };
    }
    trusted.push({ seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at });
  }
  const verifier = new ChainVerifier(s.auditKeys.chain, { checkpoints: mergeHeads(trusted) });
  for (let after = 0; ;) {
    const page = await s.store.readAudit(after, PAGE);
    if (page.length === 0 || !verifier.push(page)) break;
    after = page.at(-1)?.seq ?? after;
    if (page.length < PAGE) break;
  }
  return verifier.finish(await s.store.auditHead());
}

/**
 * One head per seq. Two signed checkpoints that disagree about the same record cannot both be
 * true of one log: keep the first, and the log's own seal decides which one it matches.
 */
function mergeHeads(heads: readonly TrustedHead[]): TrustedHead[] {
  const bySeq = new Map<number, TrustedHead>();
  for (const h of heads) if (!bySeq.has(h.seq)) bySeq.set(h.seq, h);
  return [...bySeq.values()];
}
