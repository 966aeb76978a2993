/**
 * Wires one server instance: store, analyzer, caches, change relay, expiry sweeper, HTTP app.
 * `close()` is the graceful shutdown: stop accepting, end event streams, let in-flight requests
 * finish, write batched hit counts, close the store.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { TokenResolver } from './credentials.js';
import { createApp } from './app.js';
import type { AppExtensions } from './app.js';
import type { ServerConfig } from './config.js';
import type { ServerServices } from './context.js';
import { bootstrapIfEmpty, type BootstrapSecrets } from './bootstrap.js';
import { loadAnalysisParts } from './analysisParts.js';
import { PushHub } from './services/pushHub.js';
import { LiveStreams } from './services/liveStreams.js';
import { SignInThrottle } from './services/signInThrottle.js';
import { HitCounter } from './services/hitCounter.js';
import { OrgCache } from './services/orgCache.js';
import { WhitelistCache } from './services/whitelistCache.js';
import { startChangeRelay } from './services/changeRelay.js';
import { ExpirySweeper } from './services/expirySweeper.js';
import { expire, expireUnclaimed } from './services/decisions.js';
import { dashboardExtensions } from './dashboard.js';
import { listen } from './httpServer.js';
import { loadServerAuditKeys } from './auditKeys.js';
import { AuditCheckpointer, fileSink, webhookSink } from './services/auditCheckpoints.js';
import { PREVIEW_HISTORY, previewPattern } from './services/whitelistPreview.js';

/** How long a shutdown lets in-flight requests finish before it closes their connections. */
export const SHUTDOWN_GRACE_MS = 5000;

export interface RunningServer {
  url: string;
  store: Store;
  bootstrap: BootstrapSecrets | null;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<RunningServer> {
  const auditKeys = loadServerAuditKeys(
    { keyFile: config.audit.keyFile, dataDir: config.dataDir, postgres: config.databaseUrl !== null },
    log,
  );
  const store = await openStore(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, auditKeys: auditKeys.chain }
      : { dataDir: config.dataDir, auditKeys: auditKeys.chain },
  );
  try {
    const parts = await loadAnalysisParts();
    const now = () => new Date();
    const hub = new PushHub();
    const streams = new LiveStreams();
    const orgs = new OrgCache(store);
    const whitelists = new WhitelistCache(store, parts.buildMatcher);
    const hits = new HitCounter(store, log);
    const tokens = new TokenResolver(store);
    let publicUrl = config.publicUrl ?? '';
    const { checkpointFiles, checkpointUrls } = config.audit;
    const defaultSink = checkpointFiles.length === 0 && checkpointUrls.length === 0;
    if (defaultSink) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
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
    );

    const services: ServerServices = {
      store,
      analyzer: parts.analyzer,
      hub,
      streams,
      hits,
      orgs,
      whitelists,
      tokens,
      auditKeys,
      checkpoints,
      signIns: new SignInThrottle(store, now),
      now,
      newId: randomUUID,
      log,
      get publicUrl() {
        return publicUrl;
      },
      trustProxy: config.trustProxy,
      claimWindowMs: config.claimWindowMs,
      streamPingMs: Math.min(15_000, Math.floor(config.timeouts.idleMs / 3)),
      dashboardUrl: (id) => `${publicUrl}/#/requests/${id}`,
      checkPattern: (pattern, request) => parts.checkPattern(pattern, request.command, request.agentName),
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
      streams,
      tokens,
      log,
    });
    const ext: AppExtensions = dashboardExtensions(services);
    const app = createApp(services, ext);

    const server = await listen(app, { port: config.port, host: config.host }, config.timeouts, log);
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
      stopRelay();
      throw error;
    }
    sweeper.start();
    checkpoints.start();

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        sweeper.stop();
        checkpoints.stop();
        streams.endAll();
        server.closeIdleConnections();
        // Keep-alive connections that go idle later (a browser reconnecting its event stream)
        // would hold the close forever: in-flight requests get a grace period, then all close.
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        grace.unref();
        await closed;
        clearTimeout(grace);
        stopRelay();
        await hits.flush();
        await store.close();
      })());
    return { url, store, bootstrap, close };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
