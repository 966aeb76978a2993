/**
 * What agents read when a command does not run: stable, line-oriented blocks on stderr, each line
 * prefixed `expacti:`, with a "what now" line an agent can act on. Documented in docs/exit-codes.md.
 */
import type { RequestView } from '../protocol/api.js';
import type { ExpactiError } from '../client/errors.js';
import { displayBlock, displayInline } from '../protocol/displayText.js';

/**
 * `expacti: key: value`, the value shown by the display rule: hidden characters escaped, a
 * multi-line value numbered with every line still starting `expacti:`.
 */
const line = (key: string, value: string) => `expacti: ${key}: ${displayBlock(value, 'expacti:   ')}`;

function reviewerOf(r: RequestView): string {
  const by = r.decision?.by;
  if (!by) return 'unknown';
  switch (by.kind) {
    case 'user':
      return displayInline(by.name);
    case 'policy':
      return `policy (${displayInline(by.rule)})`;
    case 'whitelist':
      return 'whitelist';
    case 'system':
      return 'expiry';
  }
}

export function deniedBlock(r: RequestView): string {
  return [
    'expacti: DENIED — the command was not run.',
    line('request', r.id),
    line('command', r.commandText),
    line('denied by', reviewerOf(r)),
    line('note', r.decision?.note ?? '(none)'),
    line('why', r.decision?.justification ?? 'denied'),
    'expacti: what now: do not retry this command or a variant of it; follow the note, or ask the user.',
  ].join('\n');
}

export function expiredBlock(r: RequestView): string {
  const unclaimed = r.decision?.expiredApproval !== undefined;
  return [
    unclaimed
      ? 'expacti: EXPIRED — it was approved, but not run within the claim window, so the command was not run.'
      : 'expacti: EXPIRED — no reviewer decided in time, so the command was not run.',
    line('request', r.id),
    line('command', r.commandText),
    line('why', r.decision?.justification ?? 'the approval window closed'),
    unclaimed
      ? 'expacti: what now: submit the command again if it is still needed.'
      : 'expacti: what now: ask the user to review it, or try again later.',
  ].join('\n');
}

/** An approved command that did not run because it could not be held to its scope. */
export function notRunBlock(requestId: string, why: string): string {
  return [
    'expacti: NOT RUN — the command was approved but could not be run inside its scope.',
    line('request', requestId),
    line('why', why),
    'expacti: what now: do not run it another way; ask the user (confinement: docs/confinement.md).',
  ].join('\n');
}

export function errorBlock(error: ExpactiError, url?: string): string {
  const what: Record<ExpactiError['code'], string> = {
    unavailable: `the expacti server${url ? ` at ${url}` : ''} could not be reached or is unavailable. Do not run the command another way; ask the user to check the server (expacti serve) or EXPACTI_URL, then try again.`,
    unauthorized:
      'the token was refused (unknown or revoked). Ask the user for a valid agent token (EXPACTI_TOKEN).',
    config:
      'expacti is not configured. Ask the user to set EXPACTI_URL and EXPACTI_TOKEN (or run `expacti login`).',
    rejected: 'the server refused the request; fix what the message says and try again.',
    bad_response:
      'the server answered something unexpected. Do not run the command another way; ask the user to check the server.',
    timeout: 'no decision arrived in time. Ask the user to review the request, or try again later.',
    aborted: 'waiting was interrupted.',
  };
  return [
    `expacti: NOT RUN — ${displayInline(error.message)}`,
    `expacti: what now: ${what[error.code]}`,
  ].join('\n');
}

export function waitingLine(r: RequestView, dashboardUrl: string): string {
  const left = Math.max(0, Math.round((Date.parse(r.expiresAt) - Date.now()) / 1000));
  const needs = r.approvals && r.approvals.need > 1 ? `; needs ${r.approvals.summary}` : '';
  return `expacti: waiting for a reviewer — request ${r.id} (${r.analysis.tier}${needs}), up to ${left} s: ${dashboardUrl}`;
}

/**
 * How far a pending request needing several approvals got (issue 11): "1 of 2 approvals (from
 * dba) — approved by ana"; null when it needs one approval or is no longer pending. Every agent
 * view says it in these words: `run`, the hooks, the MCP server.
 */
export function approvalProgress(r: RequestView): string | null {
  const a = r.approvals;
  if (r.status !== 'pending' || !a || typeof a.summary !== 'string' || !(a.need > 1)) return null;
  const names = Array.isArray(a.approvedBy) ? a.approvedBy.filter((n) => typeof n === 'string') : [];
  const who = names.length ? ` — approved by ${displayInline(names.join(', '))}` : '';
  return `${displayInline(a.summary)}${who}`;
}

/** A vote arrived on a request needing several approvals: the line an agent's terminal shows. */
export function progressLine(r: RequestView): string | null {
  const progress = approvalProgress(r);
  return progress === null ? null : `expacti: ${progress}; waiting for more`;
}
