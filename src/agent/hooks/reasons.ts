/**
 * What a hook tells the model (and, where the host shows it, the user) — in words it can act on,
 * untrusted text shown by the display rule. The deny texts end in a "what now" line; the same
 * blocks as `expacti run` prints (agent/messages.ts) where the situation is the same.
 */
import type { RequestView } from '../../protocol/api.js';
import { ExpactiError } from '../../client/errors.js';
import { approvalProgress, deniedBlock, errorBlock, expiredBlock, notRunBlock } from '../messages.js';
import { displayInline } from '../../protocol/displayText.js';

function setup(host: string): string {
  return `this is a set-up problem, not a decision about the command: do not try to run it another way; ask the user to check the expacti hook (expacti init ${host}).`;
}

export function refusedReason(request: RequestView, outcome: 'denied' | 'expired'): string {
  return outcome === 'denied' ? deniedBlock(request) : expiredBlock(request);
}

export function badInputReason(why: string, host: string): string {
  return `expacti: NOT RUN — ${displayInline(why)}.\nexpacti: what now: ${setup(host)}`;
}

export function notRunReason(requestId: string, why: string): string {
  return notRunBlock(requestId, why);
}

export function hookTimeoutReason(host: string, seconds: number, requestId: string | undefined): string {
  const which = requestId ? `request ${requestId}` : 'the request';
  return [
    `expacti: NOT RUN — no reviewer decided before this hook's time limit (${seconds} s), so the command was not run.`,
    `expacti: what now: ask the user to review ${which} (or to whitelist the command), then run it again; a new attempt asks again. The user can raise the limit with \`expacti init ${host} --timeout SECONDS\`.`,
  ].join('\n');
}

/**
 * The request stays pending for a reviewer; the same command, from the same session and
 * directory, picks up the decision until `until` (an approval ticket).
 */
export function ticketReason(seconds: number, request: RequestView, until: string): string {
  const left = Math.max(1, Math.round((Date.parse(until) - Date.now()) / 60_000));
  const progress = approvalProgress(request);
  return [
    `expacti: NOT RUN YET — waiting for a human reviewer: request ${request.id} has no decision within this hook's time limit (${seconds} s). It stays open for the reviewer.`,
    `expacti: command: ${displayInline(request.commandText)}`,
    // Under a team policy needing several approvals (issue 11): how far it got.
    ...(progress ? [`expacti: so far ${progress}; it waits for more reviewers.`] : []),
    `expacti: what now: run exactly the same command again in a minute or two, from the same directory: if the reviewer approved it, it runs then; if they denied it, you get their note. This holds for about ${left} min (until ${until}). Or ask the user to review request ${request.id}. Do not run it another way.`,
  ].join('\n');
}

export function errorReason(error: unknown, host: string): string {
  if (error instanceof ExpactiError) return errorBlock(error);
  return badInputReason(
    `expacti failed internally (${error instanceof Error ? error.message : String(error)})`,
    host,
  );
}

/** The first line of a reason, for a host's short user-facing message. */
export function firstLine(reason: string): string {
  return reason.split('\n')[0] ?? reason;
}

/** The host's own prompt decides (`--ask-up-to`): the person at the terminal reads this. */
export function askReason(request: RequestView, upTo: string, host: string): string {
  return `expacti: ${displayInline(request.analysis.tier)} command, up to ${upTo}: ${host} asks you (request ${request.id} is closed on the expacti server, audited)`;
}
