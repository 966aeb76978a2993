/**
 * Team approval policies on the wire (docs/policies.md): what the org's policy required of one
 * request, the reviewers' votes on it, and the policy endpoints' bodies.
 */

/** N distinct approvals, counted only from members of `from` when given. */
export interface ApprovalRequirement {
  rule: string;
  approvals: number;
  from?: string[];
}

/** What the policy said about one request, fixed when it was submitted (and when its context arrived). */
export interface AppliedPolicy {
  /** The policy version that decided it (0: the built-in default, today's behaviour). */
  version: number;
  /** Rules that applied: `yes`, or `possible` while a runtime fact they test is not known. */
  rules: Array<{ name: string; match: 'yes' | 'possible' }>;
  /** Empty: one approval from any reviewer. */
  requirements: ApprovalRequirement[];
  /** Groups notified when it starts waiting. */
  route: string[];
  /** null: the org's approval timeout. */
  timeoutSeconds: number | null;
  onTimeout: 'deny' | 'approve';
  /** Groups notified when nobody decided after `afterSeconds`, in order. */
  escalate: Array<{ afterSeconds: number; to: string }>;
  whitelist: 'allow' | 'forbid';
  /** A rule refused it outright. */
  deny?: { rule: string; message: string };
}

export interface VoteView {
  userId: string;
  name: string;
  vote: 'approve' | 'deny';
  at: string;
  /** The voter's groups when the vote was cast. */
  groups: string[];
  note?: string;
}

/** Progress of a request that needs more than one approval: "1 of 2 approvals". */
export interface ApprovalProgress {
  have: number;
  need: number;
  /** Who approved so far, in order. */
  approvedBy: string[];
  /** One line: "1 of 2 approvals (from dba)". */
  summary: string;
}

/** PUT /v1/policy (admin): a new version of the org's policy, as YAML text. */
export interface PolicyUploadBody {
  source: string;
  note?: string;
}

export interface PolicyVersionView {
  version: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
  /** SHA-256 (hex) of the source. */
  sha256: string;
  source?: string;
}

export interface GroupView {
  name: string;
  members: Array<{ id: string; username: string }>;
  createdAt: string;
}
