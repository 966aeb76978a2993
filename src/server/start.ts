/**
 * Wires one server instance: log, store (measured), analyzer, caches, change relay, expiry
 * sweeper, metrics, HTTP app (and the metrics listener, when configured).
 * `close()` is the graceful shutdown: readiness turns false, stop accepting, end event streams,
 * let in-flight requests finish, write batched hit counts, close the store.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { TokenResolver } from './credentials.js';
import { createApp } from './app.js';
import type { AppExtensions } from './app.js';
import type { ServerConfig } from './config.js';
import type { AppEnv, ServerServices } from './context.js';
import type { Hono } from 'hono';
import { bootstrapIfEmpty, type BootstrapSecrets } from './bootstrap.js';
import { loadAnalysisParts } from './analysisParts.js';
import { PushHub } from './services/pushHub.js';
import { LiveStreams } from './services/liveStreams.js';
import { SignInThrottle } from './services/signInThrottle.js';
import { SignInLinks } from './services/signInLinks.js';
import { HitCounter } from './services/hitCounter.js';
import { SubmitLimiter } from './services/submitLimiter.js';
import { OrgCache } from './services/orgCache.js';
import { WhitelistCache } from './services/whitelistCache.js';
import { startChangeRelay } from './services/changeRelay.js';
import { ExpirySweeper } from './services/expirySweeper.js';
import { expire, expireUnclaimed } from './services/decisions.js';
import { dashboardExtensions } from './dashboard.js';
import { listen } from './httpServer.js';
import { submitRoute } from './submitRoute.js';
import { timeOrderedId } from './timeOrderedId.js';
import { loadServerAuditKeys } from './auditKeys.js';
import { AuditCheckpointer, fileSink, pagedRangeVerifier, webhookSink } from './services/auditCheckpoints.js';
import { OffThreadAuditVerifier } from './services/offThreadAuditVerifier.js';
import { DB_FILE } from '../store/sqlite/database.js';
import { PREVIEW_HISTORY, previewPattern } from './services/whitelistPreview.js';
import { createLog, type Log } from './log.js';
import { ServerMetrics } from './metrics/serverMetrics.js';
import { instrumentStore, STORE_OPERATIONS } from './metrics/instrumentStore.js';
import { createMetrics } from './metrics/registry.js';
import { metricsAccess, readMetricsToken } from './metrics/access.js';
import { listenForMetrics } from './metricsListener.js';
import type { OperationsDeps } from './routes/operations.js';
import { VERSION } from '../version.js';
import { readFileSync } from 'node:fs';
import { PolicyService } from './services/policies.js';
import { Notifier } from './services/notify/notifier.js';

/** How long a shutdown lets in-flight requests finish before it closes their connections. */
export const SHUTDOWN_GRACE_MS = 5000;

export interface RunningServer {
  url: string;
  /** Where --metrics-listen serves /metrics, /healthz and /readyz; null when not configured. */
  metricsUrl: string | null;
  store: Store;
  /**
   * The HTTP app, for requests made in-process: without the routes served before it on Node's own
   * request and response (submitRoute.ts), which answer alike (test/submitRoute.test.ts compares).
   */
  app: Pick<Hono<AppEnv>, 'request'>;
  bootstrap: BootstrapSecrets | null;
  log: Log;
  /**
   * A one-time dashboard sign-in link for `username` (services/signInLinks.ts): `<url>/#/sign-in/…`,
   * valid once, for a minute unless `ttlMs` says otherwise. Only this process can make one.
   */
  signInLink(username: string, ttlMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  log: Log = createLog(config.log),
): Promise<RunningServer> {
  const auditKeys = loadServerAuditKeys(
    { keyFile: config.audit.keyFile, dataDir: config.dataDir, postgres: config.databaseUrl !== null },
    (message) => log.warn(message),
  );
  const metricsToken = config.metrics.tokenFile ? readMetricsToken(config.metrics.tokenFile) : null;
  const rawStore = await openStore(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, auditKeys: auditKeys.chain }
      : { dataDir: config.dataDir, auditKeys: auditKeys.chain },
  );
  const metrics = new ServerMetrics(STORE_OPERATIONS);
  const store = instrumentStore(rawStore, metrics);
  let offThread: OffThreadAuditVerifier | null = null;
  try {
    const parts = await loadAnalysisParts();
    const now = () => new Date();
    const hub = new PushHub();
    const streams = new LiveStreams();
    const orgs = new OrgCache(store);
    const whitelists = new WhitelistCache(store, parts.buildMatcher);
    const hits = new HitCounter(store, log);
    const limiter = new SubmitLimiter(store, log);
    const tokens = new TokenResolver(store);
    let publicUrl = config.publicUrl ?? '';
    const { checkpointFiles, checkpointUrls } = config.audit;
    const defaultSink = checkpointFiles.length === 0 && checkpointUrls.length === 0;
    if (defaultSink) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    // SQLite: the checkpoints' re-verification reads and re-seals on a worker thread of its own.
    const pagedVerifier = pagedRangeVerifier(store, auditKeys.chain);
    offThread =
      rawStore.kind === 'sqlite'
        ? new OffThreadAuditVerifier(join(config.dataDir, DB_FILE), auditKeys.chain, pagedVerifier, log)
        : null;
    const checkpoints = new AuditCheckpointer(
      store,
      auditKeys,
      [
        ...(defaultSink ? [join(config.dataDir, 'audit-checkpoints.jsonl')] : checkpointFiles).map(fileSink),
        ...checkpointUrls.map((url) => webhookSink(url)),
      ],
      { everyRecords: config.audit.checkpointEveryRecords, intervalMs: config.audit.checkpointIntervalMs },
      now,
      log,
      (sink, ok) => metrics.checkpointWritten(sink.kind, ok),
      offThread?.verify ?? pagedVerifier,
    );
    let closing: Promise<void> | undefined;
    const exposition = createMetrics({
      metrics,
      store,
      version: VERSION,
      openStreams: () => streams.size,
    });
    const operations: OperationsDeps = {
      store,
      log,
      metricsText: () => exposition.render(),
      metricsAccess: (token) => metricsAccess(token, metricsToken, tokens),
      closing: () => closing !== undefined,
      readyTimeoutMs: 2000,
    };

    // The team policy (issue 11): with --policy FILE, checked now (a failing example stops the start).
    const policyFile = config.policyFile
      ? { path: config.policyFile, source: readFileSync(config.policyFile, 'utf8') }
      : null;
    const policies = new PolicyService(store, parts.analyzer, log, now, policyFile);
    if (policyFile) policies.check(policyFile.source);
    const notifier = new Notifier({
      store,
      policies,
      log,
      now,
      newId: timeOrderedId,
      publicUrl: () => publicUrl,
      env: process.env,
      onDelivery: (kind, result) => metrics.notificationDelivered(kind, result),
    });

    const services: ServerServices = {
      policies,
      notifier,
      store,
      analyzer: parts.analyzer,
      hub,
      streams,
      hits,
      limiter,
      orgs,
      whitelists,
      tokens,
      auditKeys,
      checkpoints,
      signIns: new SignInThrottle(store, now),
      signInLinks: new SignInLinks(store, now),
      now,
      newId: timeOrderedId,
      log,
      metrics,
      operations,
      get publicUrl() {
        return publicUrl;
      },
      trustProxy: config.trustProxy,
      claimWindowMs: config.claimWindowMs,
      streamPingMs: Math.min(15_000, Math.floor(config.timeouts.idleMs / 3)),
      dashboardUrl: (id) => `${publicUrl}/#/requests/${id}`,
      checkPattern: (pattern, request) =>
        parts.checkPattern(pattern, request.command, request.agentName, { cwd: request.cwd }),
      validatePattern: parts.validatePattern,
      previewPattern: async (candidate, exclude) => {
        const history = (await store.listRequests(candidate.orgId, { limit: PREVIEW_HISTORY + 1 }))
          .filter((r) => r.id !== exclude)
          .slice(0, PREVIEW_HISTORY);
        return previewPattern(parts.analyzer, parts.buildMatcher, candidate, history, now().toISOString());
      },
    };
    const sweeper = new ExpirySweeper(
      store,
      (due) =>
        due.status === 'pending'
          ? expire(services, due.orgId, due.id)
          : expireUnclaimed(services, due.orgId, due.id),
      now,
      log,
    );
    const stopRelay = startChangeRelay({
      store,
      hub,
      whitelists,
      orgs,
      onRequestChange: () => sweeper.poke(),
      onRelayFailure: () => metrics.relayFailures.add(0),
      streams,
      tokens,
      log,
    });
    const stopCountingResyncs = store.subscribe((change) => {
      if (change.type === 'resync') metrics.feedResyncs.add(0);
    });
    const ext: AppExtensions = dashboardExtensions(services);
    const app = createApp(services, ext);

    const server = await listen(
      app,
      { port: config.port, host: config.host },
      config.timeouts,
      log,
      submitRoute(services),
    );
    let metricsServer: Awaited<ReturnType<typeof listenForMetrics>> | null = null;
    if (config.metrics.listen) {
      try {
        metricsServer = await listenForMetrics(operations, config.metrics.listen, config.timeouts, log);
      } catch (error) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        stopRelay();
        throw error;
      }
    }
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    publicUrl ||= url;
    // Only now that the port is ours: a first start that cannot listen creates nothing, so no
    // secret is ever created without being returned (to be printed) in the same start.
    let bootstrap: BootstrapSecrets | null;
    try {
      bootstrap = await bootstrapIfEmpty(store, now());
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      stopRelay();
      throw error;
    }
    sweeper.start();
    checkpoints.start();
    notifier.start();
    log.info(
      { url, store: store.kind, version: VERSION, metricsUrl: metricsServer?.url ?? null },
      `listening on ${url}`,
    );

    const close = () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        sweeper.stop();
        checkpoints.stop();
        await offThread?.stop();
        await notifier.stop();
        streams.endAll();
        server.closeIdleConnections();
        // Keep-alive connections that go idle later (a browser reconnecting its event stream)
        // would hold the close forever: in-flight requests get a grace period, then all close.
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        grace.unref();
        await closed;
        clearTimeout(grace);
        stopRelay();
        stopCountingResyncs();
        await hits.flush();
        limiter.stop();
        await limiter.flush();
        // Last: load balancers read /readyz (503 while closing) on it until the very end.
        await metricsServer?.close();
        await store.close();
        log.info('stopped');
      })());
    const signInLink = async (username: string, ttlMs?: number): Promise<string> => {
      const user = await store.findUserByName(username);
      if (!user) throw new Error(`no user ${username}`);
      return `${publicUrl}/#/sign-in/${await services.signInLinks.mint(user, ttlMs)}`;
    };
    return {
      url,
      metricsUrl: metricsServer?.url ?? null,
      store: rawStore,
      app,
      bootstrap,
      log,
      signInLink,
      close,
    };
  } catch (error) {
    await offThread?.stop();
    await rawStore.close().catch(() => undefined);
    throw error;
  }
}
