/**
 * The shared body of `expacti run` and `expacti sh -c`: ask, wait if needed, run exactly what was
 * approved with inherited stdio, report how it ended. Fails closed on every error.
 */
import { constants as osConstants } from 'node:os';
import type { CommandInput } from '../protocol/api.js';
import { EXIT } from '../protocol/exitCodes.js';
import { ExpactiClient } from '../client/client.js';
import { ExpactiError } from '../client/errors.js';
import { resolveClientConfig } from '../client/config.js';
import { collectRunContext } from '../agent/context.js';
import { seekApproval } from '../agent/approval.js';
import { execApproved, shellStatus, type ExecResult } from '../agent/exec.js';
import { deniedBlock, expiredBlock, notRunBlock, progressLine, waitingLine } from '../agent/messages.js';
import { violationMessage } from '../agent/confine/effects.js';
import { describeScope } from '../core/confine/scope.js';
import { createCheckpoint } from '../agent/checkpoint.js';
import { reportFailure } from './agentErrors.js';
import { displayInline } from '../protocol/displayText.js';
import type { ObservePlan, OutputScan } from '../protocol/reads.js';
import { reportResult } from './reportResult.js';
import { fnv1a64 } from '../agent/context.js';
import type { OutputScanner } from '../agent/observe/outputScan.js';
import { recordRun, wantsRecording } from '../agent/recording/runRecording.js';
import { commandText } from '../protocol/commandText.js';

/** Signals that end a wait for a reviewer (and cancel the request). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface GatedOptions {
  command: CommandInput;
  reason?: string;
  /** Quiet: no "waiting" line (the sh shim keeps stderr for the script). */
  quiet?: boolean;
  /** When the command dies by a signal, die by the same signal (as `sh -c` does) instead of exiting 128+n. */
  reraiseSignal?: boolean;
  /** Record its output and store the recording with the request (issue 14). */
  record?: boolean;
}

export async function gatedExec(options: GatedOptions): Promise<number> {
  let client: ExpactiClient | undefined;
  let url: string | undefined;
  try {
    const config = resolveClientConfig('agent', process.env);
    url = config.url;
    // Reports that wait in the spool belong to this token on this server.
    const agentKey = fnv1a64(config.token);
    client = await ExpactiClient.create(config);
    const context = collectRunContext(process.env);
    let scopeResolved: Record<string, string> | undefined;
    let askReviewer = false;
    // Ctrl-C (or a kill) while waiting cancels the request: no reviewer approves what will not run.
    const stop = new AbortController();
    let stoppedBy: NodeJS.Signals | undefined;
    const onSignal = (sig: NodeJS.Signals) => {
      stoppedBy = sig;
      stop.abort();
    };
    // Twice at most: a run refused because its scope now resolves elsewhere goes back to review.
    for (let attempt = 0; ; attempt++) {
      for (const s of STOP_SIGNALS) process.on(s, onSignal);
      let lastProgress: string | null = null;
      const approval = await seekApproval(
        client,
        {
          command: options.command,
          ...context,
          ...(options.reason ? { reason: options.reason } : {}),
          ...(scopeResolved ? { scopeResolved } : {}),
          ...(askReviewer ? { askReviewer } : {}),
        },
        {
          onWaiting: (s) =>
            options.quiet || process.stderr.write(waitingLine(s.request, s.dashboardUrl) + '\n'),
          onProgress: (r) => {
            const line = progressLine(r);
            if (line && line !== lastProgress && !options.quiet) process.stderr.write(line + '\n');
            lastProgress = line ?? lastProgress;
          },
          onContextError: (e) =>
            options.quiet ||
            process.stderr.write(
              `expacti: warning: could not report the runtime context (${displayInline((e as Error).message)})\n`,
            ),
          signal: stop.signal,
          cancelReason: 'the user interrupted expacti run',
        },
      )
        .catch((error: unknown) => {
          if (stoppedBy && error instanceof ExpactiError && error.code === 'aborted') return stoppedBy;
          throw error;
        })
        .finally(() => {
          for (const s of STOP_SIGNALS) process.off(s, onSignal);
        });
      if (typeof approval === 'string') {
        process.stderr.write(
          `expacti: stopped waiting (${approval}): the request was cancelled, nothing ran\n`,
        );
        return 128 + (osConstants.signals[approval] ?? 2);
      }
      if (approval.kind === 'denied') {
        process.stderr.write(deniedBlock(approval.request) + '\n');
        return EXIT.denied;
      }
      if (approval.kind === 'expired') {
        process.stderr.write(expiredBlock(approval.request) + '\n');
        return EXIT.expired;
      }
      const by = approval.request.decision?.by;
      const auto = by?.kind === 'policy' && by.rule.startsWith('auto-allow');
      // A command that brings outside text in (curl URL): what it prints is scanned on its way (issue 25).
      const scanner = approval.observe && !process.stdout.isTTY ? await newScanner() : undefined;
      const recording = wantsRecording(options.record, process.env)
        ? recordRun(
            { session: context.session, request: approval.request.id },
            commandText(approval.command),
            scanner,
          )
        : undefined;
      const checkpoint = approval.confine?.checkpoint
        ? createCheckpoint(approval.cwd, approval.request.id, process.env)
        : null;
      const result: ExecResult =
        checkpoint && !checkpoint.ok
          ? {
              exitCode: null,
              signal: null,
              durationMs: 0,
              confinement: 'unavailable',
              notRun: checkpoint.why,
            }
          : await execApproved(
              approval.command,
              approval.cwd,
              process.env,
              approval.confine,
              recording?.tap ?? scanner,
            );
      if (result.spawnError) process.stderr.write(`expacti: ${displayInline(result.spawnError)}\n`);
      await reportResult(
        client,
        { url, agent: agentKey },
        approval.request.id,
        result,
        readOf(approval.observe, scanner),
      );
      if (recording && !result.notRun) {
        const warning = await recording.store(client);
        if (warning) process.stderr.write(displayInline(warning) + '\n');
      }
      if (checkpoint?.ok && !result.notRun && !options.quiet)
        process.stderr.write(
          `expacti: auto-allowed in project mode; to undo it: expacti undo ${approval.request.id}\n`,
        );
      if (result.notRun) {
        if (auto && attempt === 0 && !result.mismatches?.length) {
          askReviewer = true;
          process.stderr.write(
            `expacti: not auto-allowed after all — ${displayInline(result.notRun)}; asking a reviewer instead\n`,
          );
          continue;
        }
        if (result.mismatches?.length && attempt === 0) {
          scopeResolved = Object.fromEntries(result.mismatches.map((m) => [m.path, m.now]));
          process.stderr.write(
            `expacti: not run yet — ${displayInline(result.notRun)}; asking a reviewer again with what it resolves to now\n`,
          );
          continue;
        }
        process.stderr.write(notRunBlock(approval.request.id, result.notRun) + '\n');
        return EXIT.unconfined;
      }
      if (result.confinement === 'unconfined' && approval.confine)
        process.stderr.write(
          'expacti: note: ran unconfined (this machine cannot confine commands; the org allows it for this tier)\n',
        );
      if (result.effects?.violations.length && approval.confine)
        process.stderr.write(
          `expacti: ${violationMessage(result.effects, describeScope(approval.confine.scope))}\n`,
        );
      if (options.reraiseSignal && result.signal) {
        client.close();
        process.kill(process.pid, result.signal);
      }
      return shellStatus(result);
    }
  } catch (error) {
    return reportFailure(error, url);
  } finally {
    client?.close();
  }
}

/** Loaded only for commands the server asks to observe: the whitelisted round trip stays lean. */
async function newScanner(): Promise<OutputScanner> {
  const { OutputScanner } = await import('../agent/observe/outputScan.js');
  return new OutputScanner();
}

function readOf(
  observe: ObservePlan | undefined,
  scanner: OutputScanner | undefined,
): OutputScan | undefined {
  if (!observe) return undefined;
  if (scanner) return scanner.finish();
  return {
    size: 0,
    sha256: null,
    findings: [],
    truncated: false,
    unscanned: 'its output went straight to a terminal, not through expacti',
  };
}
