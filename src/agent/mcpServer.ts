/**
 * The MCP server's one tool, `run_command`, as a format translation over the SDK: MCP arguments
 * in, `Expacti.run()` called, its result out as MCP content. A command that did not run (denied,
 * expired, or any error) is a result with `isError: true` and the reason as text, so the model
 * can read the reviewer's note and adapt; it is never a silent success.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { LIMITS } from '../protocol/api.js';
import type { Expacti } from '../sdk/expacti.js';
import type { Ran, RunResult } from '../sdk/types.js';
import { deniedBlock, errorBlock, expiredBlock, notRunBlock, approvalProgress } from './messages.js';
import { violationMessage } from './confine/effects.js';
import { describeScope } from '../core/confine/scope.js';
import { ExpactiError } from '../client/errors.js';
import { displayInline } from '../protocol/displayText.js';

/** Per stream: what a model can usefully read back. */
export const MCP_MAX_OUTPUT_BYTES = 32 * 1024;
const DEFAULT_RUN_TIMEOUT_S = 120;
const PROGRESS_EVERY_MS = 10_000;

const DESCRIPTION = `Run a shell command (bash) on the user's machine, gated by expacti: commands the user's whitelist allows run at once; any other command waits until a human reviewer approves it, which can take minutes. Returns the exit code, stdout and stderr (long output is cut in the middle). If the reviewer denies it, or no one decides in time, the command does not run and the result is an error with the reviewer's note: follow the note, and do not try to run the same thing another way. Give a short reason so the reviewer can decide quickly.`;

export function createMcpServer(expacti: Expacti, version: string): McpServer {
  const server = new McpServer(
    { name: 'expacti', version },
    {
      instructions:
        'Every shell command goes through run_command, which asks a human reviewer (or the whitelist) first. A denial comes back as an error with a note: read it and change course.',
    },
  );
  server.registerTool(
    'run_command',
    {
      title: 'Run a shell command (after approval)',
      description: DESCRIPTION,
      inputSchema: {
        command: z
          .string()
          .min(1)
          .max(LIMITS.commandBytes)
          .describe('The shell command line, run with bash -c'),
        cwd: z
          .string()
          .min(1)
          .max(4096)
          .optional()
          .describe("Working directory (absolute, or relative to the server's); default: the server's"),
        reason: z
          .string()
          .max(LIMITS.reasonChars)
          .optional()
          .describe('Why you want to run it, for the reviewer'),
        timeout: z
          .number()
          .int()
          .min(1)
          .max(86400)
          .optional()
          .describe(
            `Seconds the command may run once approved (default ${DEFAULT_RUN_TIMEOUT_S}); waiting for the reviewer does not count`,
          ),
      },
      annotations: {
        title: 'Run a shell command (after approval)',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    async (args, extra): Promise<CallToolResult> => {
      const cwd = resolve(args.cwd ?? process.cwd());
      if (!isDirectory(cwd))
        return notRun(
          `expacti: NOT RUN — the working directory ${cwd} does not exist or is not a directory.`,
        );
      const progressToken = extra._meta?.progressToken;
      let ticker: NodeJS.Timeout | undefined;
      let progress = 0;
      let asked = '';
      let waiting = '';
      const tell = (message: string) => {
        if (progressToken === undefined) return;
        void extra
          .sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: ++progress, message },
          })
          .catch(() => undefined);
      };
      try {
        const result = await expacti.run(args.command, {
          cwd,
          ...(args.reason ? { reason: args.reason } : {}),
          runTimeoutMs: (args.timeout ?? DEFAULT_RUN_TIMEOUT_S) * 1000,
          maxOutputBytes: MCP_MAX_OUTPUT_BYTES,
          signal: extra.signal,
          onWaiting: (p) => {
            asked = `waiting for a reviewer: request ${p.requestId} (${p.dashboardUrl})`;
            waiting = asked;
            tell(waiting);
            ticker = setInterval(() => tell(waiting), PROGRESS_EVERY_MS);
          },
          // A vote under a team policy (issue 11): told at once, then repeated by the ticker.
          onProgress: (r) => {
            const progress = approvalProgress(r);
            if (progress === null || waiting === `${asked} — ${progress}`) return;
            waiting = `${asked} — ${progress}`;
            tell(waiting);
          },
        });
        return toToolResult(result);
      } catch (error) {
        return notRun(
          errorBlock(
            error instanceof ExpactiError
              ? error
              : new ExpactiError('bad_response', `internal error: ${String(error)}`),
          ),
        );
      } finally {
        clearInterval(ticker);
      }
    },
  );
  return server;
}

export function toToolResult(result: RunResult): CallToolResult {
  if (!result.ran) {
    if (result.outcome === 'not_run') return notRun(notRunBlock(result.requestId, result.why));
    return notRun(result.outcome === 'denied' ? deniedBlock(result.request) : expiredBlock(result.request));
  }
  return { content: [{ type: 'text', text: ranText(result) }] };
}

function ranText(r: Ran): string {
  const how =
    r.spawnError !== undefined
      ? `exit code: ${r.exitCode} (${displayInline(r.spawnError)})`
      : r.killed === 'timeout'
        ? `stopped: the time limit was reached (${r.signal ?? 'killed'}); raise "timeout" if it needs longer`
        : r.killed === 'aborted'
          ? `stopped: the call was cancelled (${r.signal ?? 'killed'})`
          : r.exitCode !== null
            ? `exit code: ${r.exitCode}`
            : `killed by ${r.signal}`;
  const lines = [
    how,
    `approved: ${displayInline(r.approval.justification)} (request ${r.approval.requestId})`,
  ];
  if (r.confinement === 'unconfined' && r.approval.confine)
    lines.push('ran unconfined: this machine cannot confine commands, and the org allows it for this tier');
  if (r.effects?.violations.length && r.approval.confine)
    lines.push(violationMessage(r.effects, describeScope(r.approval.confine.scope)));
  lines.push('--- stdout ---', r.stdout === '' ? '(empty)' : r.stdout.replace(/\n$/, ''));
  lines.push('--- stderr ---', r.stderr === '' ? '(empty)' : r.stderr.replace(/\n$/, ''));
  for (const stream of ['stdout', 'stderr'] as const) {
    if (r.omitted[stream] > 0)
      lines.push(
        `[${stream} truncated: ${r.omitted[stream]} bytes omitted from the middle; redirect to a file to see all of it]`,
      );
  }
  return lines.join('\n');
}

function notRun(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
