/** Dialect-independent parts of the write methods: patch columns, and why a claim failed. */
import type { ClaimResult } from './store.js';
import type { RequestRecord, User, WhitelistEntry } from './records.js';
import { isoTime } from './rows.js';

export type UserPatch = Partial<Pick<User, 'passwordHash' | 'totpSecret' | 'role'>>;
export type WhitelistPatch = Partial<
  Pick<WhitelistEntry, 'disabled' | 'expiresAt' | 'note' | 'pattern' | 'exact' | 'agent'>
>;

/** [column, value] pairs for an updateUser patch; keys set to undefined are left alone. */
export function userAssignments(patch: UserPatch): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (patch.passwordHash !== undefined) out.push(['password_hash', patch.passwordHash]);
  if (patch.totpSecret !== undefined) out.push(['totp_secret', patch.totpSecret]);
  if (patch.role !== undefined) out.push(['role', patch.role]);
  return out;
}

export function whitelistAssignments(patch: WhitelistPatch): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (patch.disabled !== undefined) out.push(['disabled', patch.disabled]);
  if (patch.expiresAt !== undefined)
    out.push(['expires_at', patch.expiresAt === null ? null : isoTime(patch.expiresAt)]);
  if (patch.note !== undefined) out.push(['note', patch.note]);
  if (patch.pattern !== undefined) out.push(['pattern', patch.pattern]);
  if (patch.exact !== undefined) out.push(['exact', patch.exact]);
  if (patch.agent !== undefined) out.push(['agent', patch.agent]);
  return out;
}

/**
 * Why claimExecution's compare-and-set changed nothing, from the request as it is now. Another
 * agent's request reads as not found: an agent token learns nothing about requests it did not make.
 */
export function claimFailure(request: RequestRecord | null, agentTokenId: string): ClaimResult {
  if (!request || request.agentTokenId !== agentTokenId)
    return { ok: false, why: 'not_found', request: null };
  if (request.status === 'approved' && request.execution === null)
    return { ok: false, why: 'approval_expired', request };
  if (request.status === 'expired' && request.decision?.expiredApproval)
    return { ok: false, why: 'approval_expired', request };
  if (request.status !== 'approved') return { ok: false, why: 'not_approved', request };
  return { ok: false, why: 'already_executed', request };
}
