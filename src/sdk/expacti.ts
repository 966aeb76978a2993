/**
 * `import { Expacti } from 'expacti'`: ask the expacti server before running a command.
 *
 *   const expacti = new Expacti();            // EXPACTI_URL / EXPACTI_TOKEN or `expacti login`
 *   await expacti.check('npm test');          // what would happen, without asking anyone
 *   await expacti.request('npm test');        // ask and wait: allowed, denied or expired
 *   await expacti.run('npm test');            // ask, then run it and capture its output
 *
 * A thin layer over ExpactiClient and seekApproval, which `expacti run`, the Claude hook and the
 * MCP server use too. Nothing here decides that a command may run: only a server approval does,
 * and every failure is an ExpactiError (fail closed).
 */
import { resolve } from 'node:path';
import type { ResultBody } from '../protocol/api.js';
import type { CheckResponse, CommandInput, RequestView } from '../protocol/api.js';
import { ExpactiClient } from '../client/client.js';
import { resolveClientConfig } from '../client/config.js';
import { seekApproval } from '../agent/approval.js';
import { collectRunContext } from '../agent/context.js';
import { captureApproved } from '../agent/captureExec.js';
import { createCheckpoint } from '../agent/checkpoint.js';
import type {
  Allowed,
  CommandLike,
  ExpactiOptions,
  Refused,
  RequestOptions,
  RequestResult,
  RunOptions,
  RunResult,
} from './types.js';

export class Expacti {
  private client: Promise<ExpactiClient> | undefined;

  constructor(private readonly options: ExpactiOptions = {}) {}

  /** What the gate would do with the command now: its analysis and allow / deny / review. */
  async check(command: CommandLike, options: { signal?: AbortSignal } = {}): Promise<CheckResponse> {
    return (await this.connect()).check({ command: toCommandInput(command) }, options.signal);
  }

  /**
   * Asks for permission and waits (by push) for the decision. When allowed, the single-use
   * approval is already claimed: run exactly `result.command` in `result.cwd`, then `report()`.
   */
  async request(command: CommandLike, options: RequestOptions = {}): Promise<RequestResult> {
    const client = await this.connect();
    const env = this.options.env ?? process.env;
    const cwd = resolve(options.cwd ?? process.cwd());
    const context = collectRunContext(env, cwd);
    const session = options.session ?? this.options.session;
    const approval = await seekApproval(
      client,
      {
        command: toCommandInput(command),
        ...context,
        ...(session ? { session } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      },
      {
        ...(options.waitTimeoutMs !== undefined ? { maxWaitMs: options.waitTimeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        probes: { env },
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        onWaiting: (s) =>
          options.onWaiting?.({
            requestId: s.request.id,
            dashboardUrl: s.dashboardUrl,
            expiresAt: s.request.expiresAt,
            analysis: s.request.analysis,
          }),
      },
    );
    if (approval.kind === 'allowed') {
      const allowed: Allowed = {
        allowed: true,
        requestId: approval.request.id,
        command: approval.command,
        cwd: approval.cwd,
        by: approval.request.decision?.by.kind === 'whitelist' ? 'whitelist' : 'reviewer',
        justification: approval.request.decision?.justification ?? 'approved',
        request: approval.request,
        ...(approval.confine ? { confine: approval.confine } : {}),
      };
      return withNote(allowed, approval.request);
    }
    const refused: Refused = {
      allowed: false,
      outcome: approval.kind,
      requestId: approval.request.id,
      justification: approval.request.decision?.justification ?? approval.kind,
      request: approval.request,
    };
    return withNote(refused, approval.request);
  }

  /** Asks, then runs exactly what was approved with its output captured, and reports how it ended. */
  async run(command: CommandLike, options: RunOptions = {}): Promise<RunResult> {
    const approval = await this.request(command, options);
    if (!approval.allowed) return { ...approval, ran: false };
    if (approval.confine?.checkpoint) {
      const checkpoint = createCheckpoint(approval.cwd, approval.requestId, options.env ?? process.env);
      if (!checkpoint.ok) {
        await this.report(approval.requestId, {
          exitCode: null,
          durationMs: 0,
          confinement: 'unavailable',
          notRun: checkpoint.why,
        }).catch(() => undefined);
        return {
          ran: false,
          allowed: true,
          outcome: 'not_run',
          requestId: approval.requestId,
          why: checkpoint.why,
          approval,
        };
      }
    }
    const result = await captureApproved(approval.command, {
      cwd: approval.cwd,
      ...(options.env ? { env: options.env } : {}),
      ...(options.runTimeoutMs !== undefined ? { timeoutMs: options.runTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.maxOutputBytes !== undefined ? { maxOutputBytes: options.maxOutputBytes } : {}),
      ...(approval.confine ? { confine: approval.confine } : {}),
    });
    await this.report(approval.requestId, {
      exitCode: result.exitCode,
      signal: result.signal,
      durationMs: result.durationMs,
      confinement: result.confinement,
      ...(result.notRun ? { notRun: result.notRun } : {}),
      ...(result.effects ? { effects: result.effects } : {}),
    }).catch(() => undefined);
    if (result.notRun)
      return {
        ran: false,
        allowed: true,
        outcome: 'not_run',
        requestId: approval.requestId,
        why: result.notRun,
        approval,
      };
    return {
      ran: true,
      exitCode: result.exitCode,
      signal: result.signal,
      stdout: result.stdout.text,
      stderr: result.stderr.text,
      omitted: { stdout: result.stdout.omitted, stderr: result.stderr.omitted },
      durationMs: Math.round(result.durationMs),
      ...(result.killed ? { killed: result.killed } : {}),
      ...(result.spawnError ? { spawnError: result.spawnError } : {}),
      confinement: result.confinement,
      ...(result.effects ? { effects: result.effects } : {}),
      approval,
    };
  }

  /** Tells the server how an allowed command ended (for the reviewers' timeline). */
  async report(
    requestId: string,
    result: Omit<ResultBody, 'signal'> & { signal?: string | null },
  ): Promise<void> {
    const exitCode = result.exitCode === null ? null : Math.max(-1, Math.min(255, result.exitCode));
    await (
      await this.connect()
    ).report(requestId, {
      ...result,
      exitCode,
      signal: result.signal ?? null,
      durationMs: Math.round(result.durationMs),
    });
  }

  /**
   * Stops waiting for good: the server cancels the request (pending, or approved and not yet
   * claimed), audited, so no reviewer decides on a command that will not run. An aborted
   * `request()`/`run()` does this itself.
   */
  async cancel(requestId: string, reason: string): Promise<void> {
    await (await this.connect()).cancel(requestId, reason);
  }

  /** Drops keep-alive connections so the process can exit. */
  close(): void {
    void this.client?.then(
      (c) => c.close(),
      () => undefined,
    );
    this.client = undefined;
  }

  private connect(): Promise<ExpactiClient> {
    if (!this.client) {
      const { url, token } = this.options;
      const pending = (async () => {
        const config = resolveClientConfig('agent', this.options.env ?? process.env, {
          ...(url ? { url } : {}),
          ...(token ? { token } : {}),
        });
        return ExpactiClient.create({
          ...config,
          ...(this.options.httpTimeoutMs ? { timeoutMs: this.options.httpTimeoutMs } : {}),
        });
      })();
      pending.catch(() => (this.client = undefined));
      this.client = pending;
    }
    return this.client;
  }
}

export function toCommandInput(command: CommandLike): CommandInput {
  if (typeof command === 'string') return { shell: command };
  if (Array.isArray(command)) return { argv: [...(command as readonly string[])] };
  return command as CommandInput;
}

function withNote<T extends Allowed | Refused>(result: T, request: RequestView): T {
  const note = request.decision?.note;
  return note ? { ...result, note } : result;
}
