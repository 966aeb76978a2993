/**
 * The hook core, shared by every host (issue 20): submit the command, wait for a reviewer by push
 * until just before the host's deadline, claim the single execution, and say what the host must do.
 * Only an explicit server approval of exactly this command allows; everything else is a deny with
 * words the model can act on.
 *
 * - A host that can rewrite the command gets the allowed command wrapped in `expacti exec-confined`,
 *   held to the scope its decision carries. A host that cannot runs it unconfined, where the org
 *   allows that for its tier; where it does not, nothing runs (an auto-allow goes to a reviewer).
 * - When the deadline comes first, the pending request becomes an approval ticket: it stays open
 *   for the reviewer, and the same command from the same session and directory picks up the
 *   decision (server side: services/tickets.ts).
 */
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import type { ExpactiClient } from '../../client/client.js';
import { ExpactiError } from '../../client/errors.js';
import type { RequestView, SubmitRequestBody } from '../../protocol/api.js';
import type { ExecutePlan } from '../../protocol/scope.js';
import { tierRank, type Tier } from '../../protocol/tiers.js';
import { seekApproval, type Approval } from '../approval.js';
import { progressLine } from '../messages.js';
import { collectRunContext, parentSession } from '../context.js';
import { createCheckpoint } from '../checkpoint.js';
import type { GateHost, HookCall, Outcome } from './types.js';
import { allowReason, confinedCommand } from '../../core/hooks/allowed.js';
import {
  askReason,
  errorReason,
  firstLine,
  hookTimeoutReason,
  notRunReason,
  refusedReason,
  ticketReason,
} from './reasons.js';

/** What the hook keeps back from its deadline to turn a pending request into a ticket. */
export const TICKET_RESERVE_MS = 1500;

export interface DecideOptions {
  host: GateHost;
  call: Extract<HookCall, { kind: 'gate' }>;
  client: ExpactiClient;
  /** When the answer must be out (epoch ms). */
  deadline: number;
  /** The hook's time limit, for messages. */
  timeoutS: number;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** This installation, as a command line (the rewritten command runs it). */
  self: () => string;
  /** Told the request id once it waits for a reviewer. */
  onWaiting?: (requestId: string) => void;
  /** Told each new vote under a team policy, as `run` prints it ("expacti: 1 of 2 approvals …"). */
  onProgress?: (line: string) => void;
  /**
   * Commands that would wait for a reviewer and are judged at most this tier go to the host's own
   * prompt instead (`ask`), where the host documents one for the call's permission mode; the
   * request is cancelled on the server with that reason (audited). Whitelist and policy still apply.
   */
  askUpTo?: Tier;
}

export async function decide(o: DecideOptions): Promise<Outcome> {
  const { host, call, client, env } = o;
  let lastProgress: string | null = null;
  const onProgress = (r: RequestView) => {
    const line = progressLine(r);
    if (line === null || line === lastProgress) return;
    lastProgress = line;
    o.onProgress?.(line);
  };
  const context = collectRunContext(env, call.cwd ?? process.cwd());
  const session = call.session ?? (env['EXPACTI_SESSION'] || hookSession(host.name));
  let requestId: string | undefined;
  let askReviewer = false;
  const askUpTo = canAsk(host, call) ? o.askUpTo : undefined;
  for (let attempt = 0; ; attempt++) {
    // Handing a command to the host's prompt stops our wait (and cancels the request, audited).
    const handOver = new AbortController();
    const stopAll = () => handOver.abort();
    o.signal.addEventListener('abort', stopAll, { once: true });
    let handedTo: RequestView | undefined;
    const body: SubmitRequestBody = {
      command: { shell: call.command },
      ...context,
      session,
      ...(call.reason ? { reason: call.reason } : {}),
      ...(askReviewer ? { askReviewer } : {}),
    };
    let approval: Approval;
    try {
      approval = await seekApproval(client, body, {
        maxWaitMs: Math.max(0, o.deadline - TICKET_RESERVE_MS - Date.now()),
        keepOnTimeout: true,
        cancelReason: () =>
          handedTo
            ? `handed to the person at the ${host.title} prompt (ask, up to ${askUpTo ?? ''})`
            : `the hook's time limit of ${o.timeoutS} s passed`,
        signal: handOver.signal,
        probes: { env, budgetMs: 300 },
        ...(o.onProgress ? { onProgress } : {}),
        onWaiting: (s) => {
          requestId = s.request.id;
          o.onWaiting?.(requestId);
          if (askUpTo && tierRank(s.request.analysis.tier) <= tierRank(askUpTo)) {
            handedTo = s.request;
            handOver.abort();
          }
        },
      });
    } catch (error) {
      if (handedTo && askUpTo && !o.signal.aborted)
        return { kind: 'ask', reason: askReason(handedTo, askUpTo, host.title) };
      if (error instanceof ExpactiError && error.code === 'timeout' && requestId)
        return deny(await ticketOrTimeout(o, requestId));
      throw error;
    } finally {
      o.signal.removeEventListener('abort', stopAll);
    }
    if (approval.kind !== 'allowed') return deny(refusedReason(approval.request, approval.kind));
    const plan = approval.confine;
    if (!plan) return allow(allowReason(approval.request, undefined, 'plain', host.title));
    if (host.canRewrite)
      return {
        kind: 'allow',
        reason: allowReason(approval.request, plan, 'confined', host.title),
        rewritten: confinedCommand(approval.request.id, plan, call.command, o.self()),
      };
    // The host runs the command itself: it runs unconfined, which the org allows for this tier or not.
    const why = unconfinedRefusal(host, approval, plan);
    if (!why) return allow(allowReason(approval.request, plan, 'unconfined', host.title));
    await client
      .report(approval.request.id, { exitCode: null, durationMs: 0, confinement: 'unavailable', notRun: why })
      .catch(() => undefined);
    const by = approval.request.decision?.by;
    if (attempt === 0 && by?.kind === 'policy' && by.rule.startsWith('auto-allow')) {
      askReviewer = true; // not auto-allowed after all: a reviewer decides
      continue;
    }
    return deny(notRunReason(approval.request.id, why));
  }
}

/** The host documents a prompt for `ask` in this call's permission mode. */
function canAsk(host: GateHost, call: Extract<HookCall, { kind: 'gate' }>): boolean {
  return call.permissionMode !== undefined && (host.askModes ?? []).includes(call.permissionMode);
}

/** Why an allowed command may not run where the host runs it (null: it may, unconfined). */
function unconfinedRefusal(
  host: GateHost,
  approval: Extract<Approval, { kind: 'allowed' }>,
  plan: ExecutePlan,
): string | null {
  if (plan.required)
    return `${host.title} runs commands itself, so expacti cannot hold this one to its scope, and the org requires ${approval.request.analysis.tier} commands to run confined`;
  if (plan.checkpoint) {
    const checkpoint = createCheckpoint(approval.cwd, approval.request.id, process.env);
    if (!checkpoint.ok) return checkpoint.why;
  }
  return null;
}

async function ticketOrTimeout(o: DecideOptions, requestId: string): Promise<string> {
  try {
    const left = o.deadline - Date.now();
    if (left < 300) throw new ExpactiError('timeout', 'no time left for a ticket');
    const ticketed = await withTimeout(o.client.ticket(requestId), left - 200);
    if (ticketed.request.status !== 'pending' || !ticketed.ticket) {
      if (ticketed.request.status === 'pending') await cancelQuietly(o, requestId); // tickets are off
      // Decided in the meantime: the model retries and gets the decision (or asks again).
      return hookTimeoutReason(o.host.name, o.timeoutS, requestId);
    }
    return ticketReason(o.timeoutS, ticketed.request, ticketed.ticket.until);
  } catch {
    await cancelQuietly(o, requestId);
    return hookTimeoutReason(o.host.name, o.timeoutS, requestId);
  }
}

/** Nobody will run it: off the reviewers' screens (issue 26), within what is left of the deadline. */
async function cancelQuietly(o: DecideOptions, requestId: string): Promise<void> {
  const left = o.deadline - Date.now() - 100;
  if (left <= 0) return;
  await withTimeout(
    o.client.cancel(requestId, `the hook's time limit of ${o.timeoutS} s passed`),
    left,
  ).catch(() => undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new ExpactiError('timeout', 'the ticket took too long')), ms);
    }),
  ]);
}

const allow = (reason: string): Outcome => ({ kind: 'allow', reason });
export const deny = (reason: string): Outcome => ({ kind: 'deny', reason, short: firstLine(reason) });

export function denyForError(error: unknown, host: string): Outcome {
  return deny(errorReason(error, host));
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'fish', 'ksh', 'ash']);

/**
 * A session for hosts whose input names none: the host process, i.e. our parent, or the parent of
 * the shell the host ran the hook through (Linux /proc; elsewhere the parent).
 */
export function hookSession(host: string, ppid = process.ppid): string {
  let pid = ppid;
  try {
    const stat = readFileSync(`/proc/${ppid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // eslint-disable-next-line no-restricted-syntax -- kernel stat fields, not a command
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (SHELLS.has(comm) && parent > 1) pid = parent;
  } catch {
    // not Linux: the parent
  }
  return `${host}-${parentSession(hostname(), pid)}`;
}
