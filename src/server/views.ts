/** Stored records → what the API shows. */
import type {
  RequestView,
  TokenView,
  UserView,
  WhitelistEntryView,
  AuditRecordView,
} from '../protocol/index.js';
import type { AuditRecord, RequestRecord, Token, User, WhitelistEntry } from '../store/records.js';
import { raiseView } from '../core/context/raise.js';
import { readBinding } from '../core/context/binding.js';
import { requestFingerprint } from './fingerprint.js';

import { tallyVotes } from '../core/policy/tally.js';

export function requestView(r: RequestRecord): RequestView {
  const view: RequestView = {
    id: r.id,
    agent: { id: r.agentTokenId, name: r.agentName },
    command: r.command,
    commandText: r.commandText,
    cwd: r.cwd,
    host: r.host,
    osUser: r.osUser,
    session: r.session,
    gitBranch: r.gitBranch,
    reason: r.reason,
    status: r.status,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    // Context only ever raises what the text earned (the assessment is the server's own).
    analysis: raiseView(r.analysis, r.context?.assessment),
  };
  if (r.decision) view.decision = r.decision;
  if (r.claimBy !== null && r.status === 'approved' && r.execution === null) view.claimBy = r.claimBy;
  if (r.execution) {
    const e = r.execution;
    view.execution = { startedAt: e.startedAt };
    if (e.finishedAt !== null) {
      view.execution.finishedAt = e.finishedAt;
      view.execution.exitCode = e.exitCode;
      view.execution.signal = e.signal;
      if (e.durationMs !== null) view.execution.durationMs = e.durationMs;
    }
    if (e.confinement) view.execution.confinement = e.confinement;
    if (e.notRun) view.execution.notRun = e.notRun;
    if (e.effects) view.execution.effects = e.effects;
    if (e.read) view.execution.read = e.read;
  }
  if (r.context) view.context = r.context;
  const scope = r.decision?.scope ?? r.context?.scope ?? r.analysis.scope;
  if (scope) view.scope = scope;
  if (r.status === 'pending') view.fingerprint = requestFingerprint(r, view.analysis);
  if (r.ticket)
    view.ticket = { until: r.ticket.until, ...(r.ticket.usedAt ? { usedAt: r.ticket.usedAt } : {}) };
  // Team policies (issue 11): what the policy required, the votes, and "1 of 2 approvals".
  if (r.policy) {
    view.policy = r.policy;
    view.approvals = tallyVotes(r.policy, r.votes ?? []).progress;
  }
  if (r.votes?.length) view.votes = r.votes;
  return view;
}

export function whitelistView(e: WhitelistEntry): WhitelistEntryView {
  const binding = readBinding(e.context);
  const view: WhitelistEntryView = {
    id: e.id,
    effect: e.effect,
    pattern: e.pattern,
    exact: e.exact,
    scope: e.agent === null ? { kind: 'org' } : { kind: 'agent', agent: e.agent },
    createdBy: e.createdBy,
    createdFromRequest: e.createdFromRequest,
    createdAt: e.createdAt,
    expiresAt: e.expiresAt,
    hits: e.hits,
    lastUsedAt: e.lastUsedAt,
    disabled: e.disabled,
    note: e.note,
  };
  if (binding) view.boundTo = binding.facts.map((f) => ({ label: f.label, value: f.value }));
  if (e.scope) view.execScope = e.scope;
  if (e.session) view.session = e.session;
  if (e.maxTier) view.maxTier = e.maxTier;
  return view;
}

export function tokenView(t: Token): TokenView {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    createdAt: t.createdAt,
    revokedAt: t.revokedAt,
    lastUsedAt: t.lastUsedAt,
  };
}

export function userView(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    totp: u.totpSecret !== null,
    createdAt: u.createdAt,
  };
}

export function auditView(a: AuditRecord): AuditRecordView {
  return {
    seq: a.seq,
    keyId: a.keyId,
    ts: a.ts,
    orgId: a.orgId,
    actor: { kind: a.actor.kind, id: a.actor.id, name: a.actor.name },
    action: a.action,
    subject: a.subject,
    data: a.data,
    prevHash: a.prevHash,
    hash: a.hash,
  };
}
