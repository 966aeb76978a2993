/**
 * One command through the gate for the SSH gateway — the same submit/wait/claim core as `expacti
 * run` (agent/approval.ts): analysis, whitelist, policy and a reviewer on the server; the decision
 * told back in the same stderr blocks and exit codes. The runtime context the server asks for is
 * collected on the target (targetProbes.ts), never on the gateway's own machine.
 */
import type { CommandInput } from '../../protocol/api.js';
import type { ExecScope } from '../../protocol/scope.js';
import type { AttachContextBody } from '../../protocol/context.js';
import { TARGET_PROBE_BUDGET_MS } from './targetProbes.js';
import { EXIT } from '../../protocol/exitCodes.js';
import type { ExpactiClient } from '../../client/client.js';
import { ExpactiError } from '../../client/errors.js';
import { seekApproval, type Approval } from '../approval.js';
import { deniedBlock, errorBlock, expiredBlock, notRunBlock, waitingLine } from '../messages.js';
import { exitFor } from '../exitFor.js';

export interface GateSession {
  client: ExpactiClient;
  /** The agent session the commands belong to (EXPACTI_SESSION sent by the client, or one per connection). */
  session: string;
  /** Where commands run on the target (its home directory, as the target reports it). */
  cwd: string;
  host: string;
  osUser: string;
  /** Collects the server's probe plan on the target (absent: the reviewer sees no context). */
  probe?: (probes: readonly unknown[]) => Promise<AttachContextBody>;
}

export type Allowed = Extract<Approval, { kind: 'allowed' }>;

export type GateOutcome =
  | { kind: 'allowed'; approval: Allowed }
  /** Nothing ran: `message` for the agent's stderr, `exitCode` for its exit status. */
  | { kind: 'refused'; message: string; exitCode: number; requestId?: string };

export const CANCEL_REASON = 'the SSH client disconnected';

export async function gateCommand(
  gate: GateSession,
  command: CommandInput,
  options: {
    signal: AbortSignal;
    onWaiting: (line: string) => void;
    reason?: string;
    /**
     * The gateway performs the operation itself as one metadata read (an SFTP stat, realpath or
     * readlink): an approval that requires confinement to a read-only scope is met without a helper.
     */
    metadataRead?: boolean;
  },
): Promise<GateOutcome> {
  let approval: Approval;
  try {
    approval = await seekApproval(
      gate.client,
      {
        command,
        cwd: gate.cwd,
        host: gate.host,
        osUser: gate.osUser,
        session: gate.session,
        ...(options.reason ? { reason: options.reason } : {}),
      },
      {
        probes: gate.probe
          ? {
              budgetMs: TARGET_PROBE_BUDGET_MS,
              collect: (probes) => (gate.probe as NonNullable<GateSession['probe']>)(probes),
            }
          : false,
        signal: options.signal,
        cancelReason: CANCEL_REASON,
        onWaiting: (s) => options.onWaiting(waitingLine(s.request, s.dashboardUrl)),
      },
    );
  } catch (error) {
    const e =
      error instanceof ExpactiError
        ? error
        : new ExpactiError('bad_response', `internal error: ${String(error)}`);
    return { kind: 'refused', message: errorBlock(e, gate.client.url.origin), exitCode: exitFor(e) };
  }
  switch (approval.kind) {
    case 'denied':
      return {
        kind: 'refused',
        message: deniedBlock(approval.request),
        exitCode: EXIT.denied,
        requestId: approval.request.id,
      };
    case 'expired':
      return {
        kind: 'refused',
        message: expiredBlock(approval.request),
        exitCode: EXIT.expired,
        requestId: approval.request.id,
      };
    case 'allowed':
      break;
  }
  if (approval.confine?.required && !(options.metadataRead && readOnlyScope(approval.confine.scope))) {
    // The gateway cannot hold a command on another machine to a scope: where the org requires
    // confinement for this tier, it does not run (as `expacti run` on a machine without the helper).
    const why =
      'the SSH gateway cannot confine commands on the target, and the org requires it for this tier';
    await gate.client
      .report(approval.request.id, { exitCode: null, durationMs: 0, confinement: 'unavailable', notRun: why })
      .catch(() => undefined);
    return {
      kind: 'refused',
      message: notRunBlock(approval.request.id, why),
      exitCode: EXIT.unconfined,
      requestId: approval.request.id,
    };
  }
  return { kind: 'allowed', approval };
}

/** A scope that writes, removes and connects to nothing: what a metadata read stays within. */
function readOnlyScope(scope: ExecScope): boolean {
  return (
    scope.write.length === 0 &&
    scope.remove.length === 0 &&
    scope.network.mode === 'none' &&
    scope.unix === 'none'
  );
}

/** Reports how an approved command ended on the target; a failure to report is only a warning. */
export async function reportEnd(
  gate: GateSession,
  requestId: string,
  result: { exitCode: number | null; signal: string | null; durationMs: number; notRun?: string },
): Promise<string | null> {
  try {
    await gate.client.report(requestId, {
      exitCode: result.exitCode,
      signal: result.signal,
      durationMs: Math.round(result.durationMs),
      confinement: 'unconfined',
      ...(result.notRun ? { notRun: result.notRun } : {}),
    });
    return null;
  } catch (error) {
    return `expacti: warning: could not report the exit code to the server (${(error as Error).message})`;
  }
}
