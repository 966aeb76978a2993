/** What every route can reach: the wired services of one server instance. */
import type { CommandAnalyzer } from '../core/analyzer/types.js';
import type { Store } from '../store/store.js';
import type { Principal } from './auth.js';
import type { TokenResolver } from './credentials.js';
import type { GateDeps } from './services/gate.js';
import type { DecisionDeps } from './services/decisions.js';
import type { PushHub } from './services/pushHub.js';
import type { LiveStreams } from './services/liveStreams.js';
import type { SignInThrottle } from './services/signInThrottle.js';
import type { SignInLinks } from './services/signInLinks.js';
import type { AuditCheckpointer } from './services/auditCheckpoints.js';
import type { AuditKeys } from './auditKeys.js';
import type { HitCounter } from './services/hitCounter.js';
import type { OrgCache } from './services/orgCache.js';
import type { WhitelistCache } from './services/whitelistCache.js';
import type { Log } from './log.js';
import type { ServerMetrics } from './metrics/serverMetrics.js';
import type { OperationsDeps } from './routes/operations.js';

export interface ServerServices extends GateDeps, DecisionDeps {
  store: Store;
  analyzer: CommandAnalyzer;
  hub: PushHub;
  /** Open event streams and their credentials. */
  streams: LiveStreams;
  hits: HitCounter;
  orgs: OrgCache;
  whitelists: WhitelistCache;
  tokens: TokenResolver;
  /** Sign-in failure counts (shared by both sign-in routes and every replica, through the store). */
  signIns: SignInThrottle;
  /** One-time dashboard sign-in links (minted in-process only: `expacti demo`). */
  signInLinks: SignInLinks;
  /** The audit chain's keys and the checkpoint signing keys (from the key file, never the database). */
  auditKeys: AuditKeys;
  checkpoints: AuditCheckpointer;
  /** Checks a pattern for the whitelist page (no request to match against). */
  validatePattern: (pattern: string) => { ok: true; exact: boolean } | { ok: false; message: string };
  log: Log;
  /** Counts for /metrics (recorded without allocating on the request path). */
  metrics: ServerMetrics;
  /** Health checks and the metrics exposition (routes/operations.ts). */
  operations: OperationsDeps;
  publicUrl: string;
  /** Believe X-Forwarded-For's last hop (a trusted reverse proxy is in front). */
  trustProxy: boolean;
  /** How often event streams send a ping: well inside the idle timeout, so open streams are never idle. */
  streamPingMs: number;
}

export type AppEnv = { Variables: { principal: Principal; requestId: string } };
