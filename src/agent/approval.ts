/**
 * Asking for permission, for every agent-side integration: submit, wait by push for a reviewer
 * when needed, then claim the single execution. Only an explicit server approval for exactly the
 * command that was asked yields `allowed`; everything else is a refusal or an ExpactiError.
 */
import type { CommandInput, RequestView, SubmitRequestBody, SubmitResponse } from '../protocol/api.js';
import type { ExecutePlan } from '../protocol/scope.js';
import type { ObservePlan } from '../protocol/reads.js';
import type { AttachContextBody } from '../protocol/context.js';
import type { ExpactiClient } from '../client/client.js';
import { ExpactiError } from '../client/errors.js';

export type Approval =
  | {
      kind: 'allowed';
      request: RequestView;
      command: CommandInput;
      cwd: string;
      waited: boolean;
      /** How to run it (scope, required, record); absent from servers before confinement. */
      confine?: ExecutePlan;
      /** It reads outside text to stdout: scan what it prints and report it (issue 25). */
      observe?: ObservePlan;
    }
  | { kind: 'denied'; request: RequestView }
  | { kind: 'expired'; request: RequestView };

export interface ApprovalOptions {
  /** Called once when the request has to wait for a reviewer. */
  onWaiting?: (submitted: SubmitResponse) => void;
  /** A pending request changed while waiting (a reviewer's vote: "1 of 2 approvals"). */
  onProgress?: (request: RequestView) => void;
  /** Stop waiting after this long even if the org's timeout is longer (e.g. a hook's own timeout). */
  maxWaitMs?: number;
  signal?: AbortSignal;
  /**
   * Runtime facts the server asks for (issue 4) are collected read-only in this process, with this
   * environment (default: process.env) and time budget (default: the server's, at most 300 ms;
   * EXPACTI_PROBE_BUDGET_MS overrides). false: report nothing (the reviewer sees no context, and a
   * context-bound whitelist entry cannot allow). `collect`: collect them elsewhere instead (the SSH
   * gateway collects them on the target); whatever it returns is reported as collected.
   */
  probes?:
    | {
        env?: NodeJS.ProcessEnv;
        budgetMs?: number;
        collect?: (probes: readonly unknown[], budgetMs: number) => Promise<AttachContextBody>;
      }
    | false;
  /**
   * The caller keeps the request open past its own wait (a hook turns it into an approval ticket),
   * so reaching maxWaitMs does not cancel it; the caller cancels it when the ticket fails.
   */
  keepOnTimeout?: boolean;
  /** Why the signal stopped the wait, for the audit log (default: "the caller stopped waiting"); read when it stops. */
  cancelReason?: string | (() => string);
  /** Called when collected facts could not be reported (the request still waits for a reviewer). */
  onContextError?: (error: unknown) => void;
}

/** Slack after the server-side expiry for its auto-deny to reach us. */
const EXPIRY_GRACE_MS = 5000;

export async function seekApproval(
  client: ExpactiClient,
  body: SubmitRequestBody,
  options: ApprovalOptions = {},
): Promise<Approval> {
  const submitted = await client.submit(body, options.signal);
  const request = submitted.request;
  if (submitted.exec) {
    assertSame(body.command, submitted.exec.command);
    return {
      kind: 'allowed',
      request,
      command: submitted.exec.command,
      cwd: body.cwd,
      waited: false,
      ...(submitted.exec.confine ? { confine: submitted.exec.confine } : {}),
      ...(submitted.exec.observe ? { observe: submitted.exec.observe } : {}),
    };
  }
  let decided = request;
  if (request.status === 'pending' && submitted.probes?.length && options.probes !== false) {
    decided = await reportContext(client, submitted, body.cwd, options);
  }
  if (decided.status === 'pending') {
    options.onWaiting?.({ ...submitted, request: decided });
    let deadline = Date.parse(request.expiresAt) + EXPIRY_GRACE_MS;
    if (!Number.isFinite(deadline))
      throw new ExpactiError('bad_response', 'the server sent no valid expiry time');
    if (options.maxWaitMs !== undefined) deadline = Math.min(deadline, Date.now() + options.maxWaitMs);
    try {
      decided = await client.waitForDecision(request.id, {
        deadline,
        signal: options.signal,
        ...(options.onProgress ? { onUpdate: options.onProgress } : {}),
      });
    } catch (error) {
      // Nobody will run it: the request must not stay on a reviewer's screen (issue 26).
      const gaveUp =
        error instanceof ExpactiError &&
        (error.code === 'aborted' ||
          (error.code === 'timeout' && options.maxWaitMs !== undefined && !options.keepOnTimeout));
      if (gaveUp) {
        const why =
          error.code === 'aborted'
            ? ((typeof options.cancelReason === 'function' ? options.cancelReason() : options.cancelReason) ??
              'the caller stopped waiting')
            : `its time limit of ${Math.round((options.maxWaitMs ?? 0) / 1000)} s passed`;
        await client.cancel(request.id, why).catch(() => undefined);
      }
      throw error;
    }
  }
  switch (decided.status) {
    case 'approved': {
      const claimed = await client.execute(decided.id);
      assertSame(body.command, claimed.command);
      return {
        kind: 'allowed',
        request: decided,
        command: claimed.command,
        cwd: claimed.cwd,
        waited: true,
        ...(claimed.confine ? { confine: claimed.confine } : {}),
        ...(claimed.observe ? { observe: claimed.observe } : {}),
      };
    }
    case 'denied':
      return { kind: 'denied', request: decided };
    case 'expired':
      return { kind: 'expired', request: decided };
    default:
      throw new ExpactiError('bad_response', `unexpected request status "${decided.status}"`);
  }
}

/**
 * Collects what the server asked for and reports it. The probes load only here (never on the
 * whitelisted fast path). A failure to report leaves the request pending for a reviewer, who sees
 * the facts as unknown: never silently allowed.
 */
async function reportContext(
  client: ExpactiClient,
  submitted: SubmitResponse,
  cwd: string,
  options: ApprovalOptions,
): Promise<RequestView> {
  const probeOptions = options.probes || {};
  const env = probeOptions.env ?? process.env;
  const fromEnv = Number(env['EXPACTI_PROBE_BUDGET_MS']);
  const budgetMs =
    probeOptions.budgetMs ?? (fromEnv > 0 ? fromEnv : Math.min(submitted.probeBudgetMs ?? 300, 300));
  try {
    let collected: AttachContextBody;
    if (probeOptions.collect) collected = await probeOptions.collect(submitted.probes ?? [], budgetMs);
    else {
      const { collectProbes } = await import('./probes/collect.js');
      collected = await collectProbes(submitted.probes ?? [], { cwd, env, budgetMs });
    }
    return await client.attachContext(submitted.request.id, collected, options.signal);
  } catch (error) {
    options.onContextError?.(error);
    return submitted.request;
  }
}

/** The approval must be for exactly what was asked; anything else is refused. */
function assertSame(asked: CommandInput, approved: CommandInput): void {
  const same =
    'argv' in asked
      ? 'argv' in approved &&
        approved.argv.length === asked.argv.length &&
        approved.argv.every((w, i) => w === asked.argv[i])
      : 'shell' in approved && approved.shell === asked.shell;
  if (!same)
    throw new ExpactiError(
      'bad_response',
      'the server approved a different command than the one asked for; refusing to run it',
    );
}
