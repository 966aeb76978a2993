/**
 * Counting votes (pure): N distinct reviewers must approve for every requirement; the same person
 * twice counts once; the requester's own identity never counts; only members of a requirement's
 * groups count towards it. One deny ends the request (the caller decides that, not the tally).
 */
import type { AppliedPolicy, ApprovalProgress, VoteView } from '../../protocol/policy.js';

export interface Tally {
  satisfied: boolean;
  progress: ApprovalProgress;
}

export function tallyVotes(applied: AppliedPolicy | null | undefined, votes: readonly VoteView[]): Tally {
  const requirements = applied?.requirements.length
    ? applied.requirements
    : [{ rule: 'default', approvals: 1 }];
  const approvers = new Map<string, VoteView>();
  for (const v of votes) if (v.vote === 'approve' && !approvers.has(v.userId)) approvers.set(v.userId, v);
  let satisfied = true;
  let need = 0;
  let have = Infinity;
  const groups = new Set<string>();
  for (const r of requirements) {
    const counted = [...approvers.values()].filter(
      (v) => !r.from || v.groups.some((g) => r.from?.includes(g)),
    ).length;
    if (counted < r.approvals) satisfied = false;
    for (const g of r.from ?? []) groups.add(g);
    need = Math.max(need, r.approvals);
    have = Math.min(have, counted, r.approvals);
  }
  have = satisfied ? need : Math.min(have, need - 1);
  const from = groups.size ? ` (from ${[...groups].join(', ')})` : '';
  return {
    satisfied,
    progress: {
      have,
      need,
      approvedBy: [...approvers.values()].map((v) => v.name),
      summary: `${have} of ${need} approval${need === 1 ? '' : 's'}${from}`,
    },
  };
}

/** Can this reviewer's approval count at all? A reason when not (they requested it, not in a group). */
export function voteRefusal(
  applied: AppliedPolicy | null | undefined,
  voter: { userId: string; name: string; groups: readonly string[] },
  requester: { agentName: string; osUser: string | null; tokenUserId: string | null },
): string | null {
  if (
    voter.userId === requester.tokenUserId ||
    voter.name === requester.agentName ||
    (requester.osUser !== null && voter.name === requester.osUser)
  )
    return `${voter.name} asked for this command (agent "${requester.agentName}"${requester.osUser ? `, OS user ${requester.osUser}` : ''}): the requester's own approval never counts; another reviewer must approve`;
  const groups = (applied?.requirements ?? []).filter((r) => r.from).flatMap((r) => r.from ?? []);
  const unrestricted = (applied?.requirements ?? []).some((r) => !r.from);
  if (groups.length > 0 && !unrestricted && !voter.groups.some((g) => groups.includes(g)))
    return `only members of ${[...new Set(groups)].join(', ')} may approve this request (policy rule ${applied?.requirements.map((r) => r.rule).join(', ')}); ${voter.name} is not in ${groups.length === 1 ? 'that group' : 'those groups'}`;
  return null;
}
