/**
 * Reads reported by an agent host's observe hook (POST /v1/sessions/reads), a session's read trail
 * for reviewers (GET /v1/sessions/reads) and a reviewer clearing a session's taint (POST
 * /v1/sessions/clear-taint) — each change audited. Trust is the server's own verdict
 * (core/reads/trust.ts); the agent reports only where from, how much, a hash and findings.
 */
import {
  NOT_OBSERVED,
  type ClearTaintBody,
  type ReportReadsBody,
  type SessionReadsResponse,
} from '../../protocol/reads.js';
import type { AuditDraft, SessionReadRecord } from '../../store/records.js';
import type { Principal } from '../auth.js';
import { classifyRead } from '../../core/reads/trust.js';
import { readTaints } from '../../core/reads/taint.js';
import { loadSessionReads, type TaintDeps } from './sessionTaint.js';
import type { OrgCache } from './orgCache.js';

export interface ReadsDeps extends TaintDeps {
  orgs: OrgCache;
  now: () => Date;
  newId: () => string;
}

type Agent = Extract<Principal, { kind: 'agent' }>;
type User = Extract<Principal, { kind: 'user' }>;

export async function recordReads(
  deps: ReadsDeps,
  agent: Agent,
  body: ReportReadsBody,
): Promise<{ recorded: number; tainting: number }> {
  const at = deps.now().toISOString();
  const { settings } = await deps.orgs.get(agent.orgId);
  const records: SessionReadRecord[] = body.reads.map((r) => {
    // A report that the hook could not read its input names no source: it is shown, it taints nothing.
    const verdict =
      r.source === NOT_OBSERVED && r.error
        ? { trust: 'project' as const, why: 'not observed: the hook could not read its input' }
        : classifyRead({ kind: r.kind, source: r.source, cwd: r.cwd ?? null });
    return {
      id: deps.newId(),
      orgId: agent.orgId,
      session: body.session,
      at,
      agentName: agent.name,
      host: r.host,
      tool: r.tool,
      kind: r.kind,
      source: r.source,
      cwd: r.cwd ?? null,
      size: r.size,
      sha256: r.sha256,
      trust: verdict.trust,
      trustWhy: verdict.why,
      // Snippets of what matched are content: kept only when the org asks for excerpts.
      findings: r.findings.map(({ samples, ...f }) =>
        settings.readExcerpts && samples?.length ? { ...f, samples } : f,
      ),
      error: r.error ?? null,
    };
  });
  const tainting = records.filter((r) => readTaints(r)).length;
  const audit: AuditDraft = {
    ts: at,
    orgId: agent.orgId,
    actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
    action: 'session.read',
    subject: body.session,
    data: {
      reads: records.map((r) => ({
        host: r.host,
        tool: r.tool,
        kind: r.kind,
        source: r.source.slice(0, 300),
        size: r.size,
        sha256: r.sha256,
        trust: r.trust,
        findings: r.findings.map((f) => f.code),
        ...(r.error ? { error: r.error.slice(0, 300) } : {}),
      })),
      tainting,
    },
  };
  await deps.store.insertReads(records, [audit]);
  return { recorded: records.length, tainting };
}

export async function sessionReads(
  deps: ReadsDeps,
  user: User,
  session: string,
): Promise<SessionReadsResponse> {
  const { settings } = await deps.orgs.get(user.orgId);
  const { trail } = await loadSessionReads(deps, user.orgId, session, deps.now().toISOString(), settings);
  return { session, trail };
}

export async function clearSessionTaint(
  deps: ReadsDeps,
  user: User,
  body: ClearTaintBody,
): Promise<SessionReadsResponse> {
  const at = deps.now().toISOString();
  const { settings } = await deps.orgs.get(user.orgId);
  const before = await loadSessionReads(deps, user.orgId, body.session, at, settings);
  await deps.store.clearTaint(user.orgId, body.session, { at, by: user.name }, [
    {
      ts: at,
      orgId: user.orgId,
      actor: { kind: 'user', id: user.userId, name: user.name },
      action: 'session.taint_cleared',
      subject: body.session,
      data: {
        wasTainted: before.taint.active,
        reads: before.taint.reads.map((t) => ({ kind: t.read.kind, source: t.read.source.slice(0, 300) })),
        ...(body.note ? { note: body.note } : {}),
      },
    },
  ]);
  return sessionReads(deps, user, body.session);
}
