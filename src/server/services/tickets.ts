/**
 * Approval tickets (issue 20). Most agent hosts give a hook 30–60 s, far less than a human takes to
 * answer, and run the command when the hook runs out. So a hook answers "not yet" before its host's
 * deadline and turns the pending request into a ticket: it stays open for the reviewer (one request,
 * not a pile of retries) for the org's ticketMinutes, and when the same agent session submits the
 * same command (same canonical form, same directory) within that time, the decision is applied —
 * approved runs, denied returns the reviewer's note. Once; audited.
 */
import type { Principal } from '../auth.js';
import type { RequestRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { CommandInput, SubmitResponse, TicketResponse } from '../../protocol/api.js';
import { conflict, notFound } from '../errors.js';
import { requestView } from '../views.js';
import { executePlan } from '../../core/confine/plan.js';
import type { OrgCache } from './orgCache.js';

type Agent = Extract<Principal, { kind: 'agent' }>;

export interface TicketDeps {
  store: Store;
  orgs: OrgCache;
  now: () => Date;
  dashboardUrl: (requestId: string) => string;
}

/** POST /v1/requests/:id/ticket: the agent's hook had to answer before a reviewer decided. */
export async function ticket(deps: TicketDeps, agent: Agent, id: string): Promise<TicketResponse> {
  const minutes = (await deps.orgs.get(agent.orgId)).settings.ticketMinutes;
  const current = await deps.store.getRequest(agent.orgId, id);
  if (!current || current.agentTokenId !== agent.tokenId) throw notFound('request');
  if (minutes <= 0)
    throw conflict('approval tickets are off for this org (ticketMinutes 0)', { status: current.status });
  const now = deps.now();
  const at = now.toISOString();
  const until = new Date(now.getTime() + minutes * 60_000).toISOString();
  const result = await deps.store.ticketRequest(agent.orgId, id, agent.tokenId, until, [
    {
      ts: at,
      orgId: agent.orgId,
      actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
      action: 'request.ticketed',
      subject: id,
      data: { until, session: current.session },
    },
  ]);
  const request = result.request;
  if (!request) throw notFound('request');
  // Already a ticket (a second hook timed out on it): the same ticket, unchanged.
  const open = request.status === 'pending' && request.ticket && request.ticket.usedAt === null;
  return {
    request: requestView(request),
    ...(open && request.ticket ? { ticket: { until: request.ticket.until } } : {}),
  };
}

/** The end of an approval's claim window: a ticket's requester comes back later, so not before it ends. */
export function claimWindowEnd(at: string, windowMs: number, request: Pick<RequestRecord, 'ticket'>): string {
  const end = Date.parse(at) + windowMs;
  const until = request.ticket ? Date.parse(request.ticket.until) : 0;
  return new Date(Math.max(end, until)).toISOString();
}

export interface TicketQuery {
  session: string;
  command: CommandInput;
  commandText: string;
  canonical: string | null;
  cwd: string;
}

/**
 * The submission picks up an open ticket of its session: the same canonical command in the same
 * directory. Pending: the same request again (the agent waits on it). Decided: the decision, once.
 * Null: no ticket applies (the submission goes on as usual).
 */
export async function pickUpTicket(
  deps: TicketDeps,
  agent: Agent,
  q: TicketQuery,
): Promise<SubmitResponse | null> {
  if (q.canonical === null) return null;
  const now = deps.now();
  const at = now.toISOString();
  const open = await deps.store.openTickets(agent.orgId, agent.tokenId, q.session, at, 20);
  const match = open.find((r) => r.cwd === q.cwd && r.analysis.canonical === q.canonical);
  if (!match) return null;
  if (match.status === 'pending')
    return { request: requestView(match), dashboardUrl: deps.dashboardUrl(match.id) };
  if (match.status !== 'approved' && match.status !== 'denied') return null;
  const result = await deps.store.redeemTicket(agent.orgId, match.id, agent.tokenId, at, [
    {
      ts: at,
      orgId: agent.orgId,
      actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
      action: 'request.ticket_used',
      subject: match.id,
      data: { outcome: match.status, command: q.commandText, cwd: q.cwd, session: q.session },
    },
  ]);
  if (!result.ok || !result.request) return null;
  const used = result.request;
  const response: SubmitResponse = { request: requestView(used), dashboardUrl: deps.dashboardUrl(used.id) };
  if (used.status === 'approved') {
    const scope = used.decision?.scope ?? used.context?.scope ?? used.analysis.scope;
    const settings = (await deps.orgs.get(agent.orgId)).settings;
    // What the agent asked now: the same command by its canonical form (as an exact whitelist entry matches).
    response.exec = {
      command: q.command,
      ...(scope ? { confine: executePlan(scope, response.request.analysis.tier, settings) } : {}),
    };
  }
  return response;
}
