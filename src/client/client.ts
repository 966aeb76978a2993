/**
 * The typed client for the expacti API: used by `expacti run`, the reviewer CLI, the Claude hook,
 * the MCP server and the SDK. Every failure is an ExpactiError; nothing here ever decides that a
 * command may run — only a server answer that says so does.
 */
import type { ClearTaintBody, ReportReadsBody, SessionReadsResponse } from '../protocol/reads.js';
import type {
  ApproveBody,
  AuditCheckpoint,
  AuditRecordView,
  AuditVerifyBody,
  AuditVerifyResponse,
  CheckBody,
  CheckResponse,
  CreateUserBody,
  CreateWhitelistBody,
  CreatedTokenResponse,
  CreatedUserResponse,
  DenyBody,
  ExecuteResponse,
  TicketResponse,
  MeResponse,
  RequestView,
  ResultBody,
  SubmitRequestBody,
  SubmitResponse,
  TokenView,
  UserView,
  WhitelistEntryView,
} from '../protocol/api.js';
import type { WireErrorBody } from '../protocol/errors.js';
import type { AttachContextBody } from '../protocol/context.js';
import type { RawShellBody, RawShellResponse } from '../protocol/rawShell.js';
import { ExpactiError } from './errors.js';
import { createTransport, requestJson, type Transport } from './http.js';
import { readEventStream } from './sse.js';
import { isRequestView, isSubmitResponse } from './guards.js';

export interface ClientOptions {
  url: string;
  token: string;
  /** Per HTTP call (not for waiting on a decision). Default 30 s. */
  timeoutMs?: number;
}

export interface WaitOptions {
  /** Epoch ms after which waiting stops with a 'timeout' error. */
  deadline: number;
  signal?: AbortSignal;
  /** Called on every state the server sends (e.g. to show that context was attached). */
  onUpdate?: (request: RequestView) => void;
}

export class ExpactiClient {
  private constructor(
    readonly url: URL,
    private token: string,
    private transport: Transport,
    private timeoutMs: number,
  ) {}

  static async create(options: ClientOptions): Promise<ExpactiClient> {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new ExpactiError(
        'config',
        `"${options.url}" is not a URL; set EXPACTI_URL to e.g. http://127.0.0.1:7878`,
      );
    }
    if (!options.token)
      throw new ExpactiError('config', 'no token: set EXPACTI_TOKEN or run `expacti login`');
    return new ExpactiClient(url, options.token, await createTransport(url), options.timeoutMs ?? 30_000);
  }

  /** Lets the process exit: drops the keep-alive connections. */
  close(): void {
    this.transport.close();
  }

  async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return this.send<T>(method, path, body, { signal });
  }

  /** A call whose body is text of another media type (a recording), answered with JSON. */
  async callText<T>(method: string, path: string, text: string, contentType: string): Promise<T> {
    return this.send<T>(method, path, text, { contentType });
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
    options: { signal?: AbortSignal | undefined; contentType?: string },
  ): Promise<T> {
    const target = new URL(`/v1${path}`, this.url);
    const res = await requestJson(this.transport, target, method, this.token, body, {
      timeoutMs: this.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.contentType ? { contentType: options.contentType } : {}),
    });
    if (res.status >= 200 && res.status < 300) return res.body as T;
    const wire = (res.body as WireErrorBody | undefined)?.error;
    const message = wire?.message ?? `the server answered ${res.status}`;
    const info = wire ? { code: wire.code, field: wire.field, details: wire.details } : undefined;
    if (res.status === 401) throw new ExpactiError('unauthorized', message, res.status, info);
    if (res.status === 503 || res.status === 502 || res.status === 504)
      throw new ExpactiError('unavailable', message, res.status, info);
    if (res.status >= 500)
      throw new ExpactiError('unavailable', `server error: ${message}`, res.status, info);
    throw new ExpactiError('rejected', message, res.status, info);
  }

  // Agent side

  async submit(body: SubmitRequestBody, signal?: AbortSignal): Promise<SubmitResponse> {
    const res = await this.call<unknown>('POST', '/requests', body, signal);
    if (!isSubmitResponse(res))
      throw new ExpactiError('bad_response', 'the server answered the submission with an unexpected body');
    return res;
  }

  /** What the gate would do with a command (analysis + whitelist), without creating a request. */
  async check(body: CheckBody, signal?: AbortSignal): Promise<CheckResponse> {
    const res = await this.call<Partial<CheckResponse> | undefined>('POST', '/check', body, signal);
    if (
      typeof res?.analysis !== 'object' ||
      !['allow', 'deny', 'review'].includes(res.decision ?? '') ||
      typeof res.justification !== 'string'
    ) {
      throw new ExpactiError('bad_response', 'the server answered the check with an unexpected body');
    }
    return res as CheckResponse;
  }

  async getRequest(id: string): Promise<RequestView> {
    const res = await this.call<{ request: unknown }>('GET', `/requests/${encodeURIComponent(id)}`);
    if (!isRequestView(res?.request)) throw new ExpactiError('bad_response', 'unexpected request body');
    return res.request;
  }

  /**
   * Waits by push for the request to leave `pending`, reconnecting (with back-off) when the
   * connection drops or the server restarts, until the deadline.
   */
  async waitForDecision(id: string, options: WaitOptions): Promise<RequestView> {
    const target = new URL(`/v1/requests/${encodeURIComponent(id)}/events`, this.url);
    let backoff = 100;
    let lastError: ExpactiError | undefined;
    while (Date.now() < options.deadline) {
      if (options.signal?.aborted) throw new ExpactiError('aborted', 'stopped waiting');
      const stop = new AbortController();
      const abort = () => stop.abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      const timer = setTimeout(abort, Math.max(0, options.deadline - Date.now()));
      let decided: RequestView | undefined;
      try {
        await readEventStream(
          this.transport,
          target,
          this.token,
          (m) => {
            if (m.type !== 'request.updated' && m.type !== 'request.created') return;
            if (!isRequestView(m.request)) return;
            options.onUpdate?.(m.request);
            if (m.request.status !== 'pending') {
              decided = m.request;
              stop.abort();
            } else backoff = 100;
          },
          { signal: stop.signal },
        );
      } catch (error) {
        if (!(error instanceof ExpactiError)) throw error;
        if (error.code === 'unauthorized' || error.code === 'rejected') throw error;
        if (error.code !== 'aborted') lastError = error;
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
      }
      if (decided) return decided;
      if (options.signal?.aborted) throw new ExpactiError('aborted', 'stopped waiting');
      await new Promise((r) => setTimeout(r, Math.min(backoff, Math.max(0, options.deadline - Date.now()))));
      backoff = Math.min(backoff * 2, 2000);
    }
    throw new ExpactiError(
      'timeout',
      lastError
        ? `no decision arrived in time (last problem: ${lastError.message})`
        : 'no decision arrived in time',
    );
  }

  /** Reports the runtime facts the server asked for (issue 4); answers the request as it now stands. */
  async attachContext(id: string, body: AttachContextBody, signal?: AbortSignal): Promise<RequestView> {
    const res = await this.call<{ request: unknown }>(
      'POST',
      `/requests/${encodeURIComponent(id)}/context`,
      body,
      signal,
    );
    if (!isRequestView(res?.request))
      throw new ExpactiError('bad_response', 'unexpected body in answer to the context report');
    return res.request;
  }

  /** The hook's deadline came before a reviewer: the request stays open as an approval ticket. */
  async ticket(id: string, signal?: AbortSignal): Promise<TicketResponse> {
    const res = await this.call<{ request?: unknown; ticket?: { until?: unknown } }>(
      'POST',
      `/requests/${encodeURIComponent(id)}/ticket`,
      {},
      signal,
    );
    if (!isRequestView(res?.request))
      throw new ExpactiError('bad_response', 'unexpected body in answer to the ticket request');
    const until = res.ticket?.until;
    return {
      request: res.request,
      ...(typeof until === 'string' && !Number.isNaN(Date.parse(until)) ? { ticket: { until } } : {}),
    };
  }

  execute(id: string): Promise<ExecuteResponse> {
    return this.call('POST', `/requests/${encodeURIComponent(id)}/execute`, {});
  }

  /**
   * Stops waiting for good: the server cancels the pending request (or its unclaimed approval),
   * audited. Best effort and quick — the caller is on its way out.
   */
  async cancel(id: string, reason: string): Promise<void> {
    await this.call(
      'POST',
      `/requests/${encodeURIComponent(id)}/cancel`,
      { reason },
      AbortSignal.timeout(2000),
    );
  }

  async report(id: string, body: ResultBody): Promise<void> {
    await this.call('POST', `/requests/${encodeURIComponent(id)}/result`, body);
  }

  /** Reads the agent host reported (an observe hook): recorded in the session, never blocking. */
  async reportReads(body: ReportReadsBody, signal?: AbortSignal): Promise<void> {
    await this.call('POST', '/sessions/reads', body, signal);
  }

  /** The SSH gateway: may this agent's terminal pass through raw? (The server audits the answer.) */
  rawShell(body: RawShellBody): Promise<RawShellResponse> {
    return this.call('POST', '/ssh/raw-shell', body);
  }

  // Reviewer side

  /** A session's reads and whether it is tainted now. */
  sessionReads(session: string): Promise<SessionReadsResponse> {
    return this.call('GET', `/sessions/reads?${new URLSearchParams({ session }).toString()}`);
  }

  /** Clears a session's taint (audited): its earlier reads no longer raise what it runs. */
  clearTaint(body: ClearTaintBody): Promise<SessionReadsResponse> {
    return this.call('POST', '/sessions/clear-taint', body);
  }

  async listRequests(
    query: { status?: string; agent?: string; session?: string; limit?: number } = {},
  ): Promise<RequestView[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const q = params.toString();
    return (await this.call<{ requests: RequestView[] }>('GET', `/requests${q ? `?${q}` : ''}`)).requests;
  }

  async approve(id: string, body: ApproveBody = {}): Promise<RequestView> {
    return (
      await this.call<{ request: RequestView }>('POST', `/requests/${encodeURIComponent(id)}/approve`, body)
    ).request;
  }

  async deny(id: string, body: DenyBody): Promise<RequestView> {
    return (
      await this.call<{ request: RequestView }>('POST', `/requests/${encodeURIComponent(id)}/deny`, body)
    ).request;
  }

  async listWhitelist(): Promise<WhitelistEntryView[]> {
    return (await this.call<{ entries: WhitelistEntryView[] }>('GET', '/whitelist')).entries;
  }

  async addWhitelist(body: CreateWhitelistBody): Promise<WhitelistEntryView> {
    return (await this.call<{ entry: WhitelistEntryView }>('POST', '/whitelist', body)).entry;
  }

  async updateWhitelist(
    id: string,
    body: { disabled?: boolean; ttlSeconds?: number | null; note?: string | null },
  ): Promise<WhitelistEntryView> {
    return (
      await this.call<{ entry: WhitelistEntryView }>('PATCH', `/whitelist/${encodeURIComponent(id)}`, body)
    ).entry;
  }

  async removeWhitelist(id: string): Promise<void> {
    await this.call('DELETE', `/whitelist/${encodeURIComponent(id)}`);
  }

  async listTokens(): Promise<TokenView[]> {
    return (await this.call<{ tokens: TokenView[] }>('GET', '/tokens')).tokens;
  }

  createAgentToken(agent: string): Promise<CreatedTokenResponse> {
    return this.call('POST', '/tokens', { agent });
  }

  async revokeToken(id: string): Promise<void> {
    await this.call('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.call<{ users: UserView[] }>('GET', '/users')).users;
  }

  addUser(body: CreateUserBody): Promise<CreatedUserResponse> {
    return this.call('POST', '/users', body);
  }

  async removeUser(id: string): Promise<void> {
    await this.call('DELETE', `/users/${encodeURIComponent(id)}`);
  }

  auditPage(after: number, limit = 1000): Promise<{ records: AuditRecordView[]; next: number | null }> {
    return this.call('GET', `/audit?after=${after}&limit=${limit}`);
  }

  /** Verifies the whole log; with `checkpoints`, also that the log still extends each of them. */
  verifyAudit(checkpoints: AuditCheckpoint[] = []): Promise<AuditVerifyResponse> {
    return checkpoints.length
      ? this.call('POST', '/audit/verify', { checkpoints } satisfies AuditVerifyBody)
      : this.call('GET', '/audit/verify');
  }

  /** Signs a checkpoint of the log's head now; the server also writes it to its sinks. */
  auditCheckpoint(): Promise<{
    checkpoint: AuditCheckpoint;
    sinks: Array<{ sink: string; ok: boolean; error?: string }>;
  }> {
    return this.call('POST', '/audit/checkpoints', {});
  }

  me(): Promise<MeResponse> {
    return this.call('GET', '/me');
  }
}
