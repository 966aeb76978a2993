/**
 * Server configuration in three steps (CONVENTIONS §8): flags, then environment, then defaults,
 * resolved into one read-only object.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Embedded SQLite lives here (unless databaseUrl is set). */
  readonly dataDir: string;
  /** postgres://… selects the PostgreSQL store. */
  readonly databaseUrl: string | null;
  /** The URL reviewers and agents use to reach this server (behind a proxy: the proxy's URL). */
  readonly publicUrl: string | null;
  /** A trusted reverse proxy sets X-Forwarded-For (used only to throttle sign-in failures per address). */
  readonly trustProxy: boolean;
  readonly timeouts: HttpTimeouts;
  /**
   * How long after a reviewer's approval the agent may still claim it (run it). The agent that is
   * waiting claims within milliseconds of the push; one that died, or gave up, never does, and the
   * approval then expires unused instead of waiting for anyone holding the agent's token.
   */
  readonly claimWindowMs: number;
  readonly audit: AuditConfig;
  readonly log: LogConfig;
  readonly metrics: MetricsConfig;
  /** `--policy FILE`: the org's team policy comes from this file (docs/policies.md); null: managed through the API. */
  readonly policyFile: string | null;
}

export type LogFormat = 'json' | 'pretty';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Server logs (docs/operations.md, "Logs"): JSON lines on stderr, or lines for people. */
export interface LogConfig {
  /** null: pretty when stderr is a terminal, JSON otherwise. */
  readonly format: LogFormat | null;
  readonly level: LogLevel;
}

/** /metrics (docs/operations.md, "Metrics"). */
export interface MetricsConfig {
  /** A second listener for /metrics, /healthz and /readyz without a token (a private address). */
  readonly listen: { readonly host: string; readonly port: number } | null;
  /** A file holding the bearer token that may read /metrics on the main port (besides admin tokens). */
  readonly tokenFile: string | null;
}

/** Audit keys and checkpoints (docs/deployment.md, "Audit keys and checkpoints"). */
export interface AuditConfig {
  /** The key file; null: `audit-keys.json` in the data directory, created on first start (SQLite only). */
  readonly keyFile: string | null;
  /** JSON-lines files checkpoints are appended to; none and no URL: `audit-checkpoints.jsonl` in the data directory. */
  readonly checkpointFiles: readonly string[];
  /** Webhooks each checkpoint is POSTed to. */
  readonly checkpointUrls: readonly string[];
  readonly checkpointEveryRecords: number;
  readonly checkpointIntervalMs: number;
}

export const DEFAULT_CLAIM_WINDOW_MS = 30_000;

/** How long a client may take, in ms (docs/deployment.md, "Limits and timeouts"). */
export interface HttpTimeouts {
  /** All request headers must arrive within this long. */
  readonly headersMs: number;
  /** The whole request, headers and body, must arrive within this long (a stalled body is cut). */
  readonly requestMs: number;
  /** A connection with nothing moving either way for this long is closed (keep-alive idle too). */
  readonly idleMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 65_000 };

export interface ServerFlags {
  host?: string;
  port?: string;
  data?: string;
  databaseUrl?: string;
  publicUrl?: string;
  trustProxy?: boolean;
  headersTimeout?: string;
  requestTimeout?: string;
  idleTimeout?: string;
  claimWindow?: string;
  auditKeyFile?: string;
  auditCheckpointFiles?: string[];
  auditCheckpointUrls?: string[];
  auditCheckpointEvery?: string;
  auditCheckpointInterval?: string;
  logFormat?: string;
  logLevel?: string;
  metricsListen?: string;
  metricsTokenFile?: string;
  policyFile?: string;
}

export const DEFAULT_PORT = 7878;

export function resolveServerConfig(flags: ServerFlags, env: NodeJS.ProcessEnv): ServerConfig {
  const portText = flags.port ?? env['EXPACTI_PORT'] ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535 (got "${portText}")`);
  }
  const dataHome = env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share');
  const databaseUrl = flags.databaseUrl ?? env['EXPACTI_DATABASE_URL'] ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('--database-url / EXPACTI_DATABASE_URL must be a postgres:// URL');
  }
  return Object.freeze({
    host: flags.host ?? env['EXPACTI_HOST'] ?? '127.0.0.1',
    port,
    dataDir: flags.data ?? env['EXPACTI_DATA_DIR'] ?? join(dataHome, 'expacti'),
    databaseUrl,
    publicUrl: flags.publicUrl ?? env['EXPACTI_PUBLIC_URL'] ?? null,
    trustProxy:
      flags.trustProxy ?? ['1', 'true', 'yes'].includes((env['EXPACTI_TRUST_PROXY'] ?? '').toLowerCase()),
    timeouts: resolveTimeouts(flags, env),
    claimWindowMs: seconds(
      '--claim-window',
      flags.claimWindow ?? env['EXPACTI_CLAIM_WINDOW'],
      DEFAULT_CLAIM_WINDOW_MS,
    ),
    audit: resolveAudit(flags, env),
    log: resolveLog(flags, env),
    metrics: resolveMetrics(flags, env),
    policyFile: flags.policyFile ?? env['EXPACTI_POLICY_FILE'] ?? null,
  });
}

function resolveLog(flags: ServerFlags, env: NodeJS.ProcessEnv): LogConfig {
  const format = flags.logFormat ?? env['EXPACTI_LOG_FORMAT'] ?? null;
  if (format !== null && format !== 'json' && format !== 'pretty')
    throw new Error(`--log-format must be json or pretty (got "${format}")`);
  const level = flags.logLevel ?? env['EXPACTI_LOG_LEVEL'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
  return Object.freeze({ format, level: level as LogLevel });
}

function resolveMetrics(flags: ServerFlags, env: NodeJS.ProcessEnv): MetricsConfig {
  const listen = flags.metricsListen ?? env['EXPACTI_METRICS_LISTEN'] ?? null;
  return Object.freeze({
    listen: listen === null ? null : Object.freeze(hostPort('--metrics-listen', listen)),
    tokenFile: flags.metricsTokenFile ?? env['EXPACTI_METRICS_TOKEN_FILE'] ?? null,
  });
}

/** HOST:PORT, [IPv6]:PORT or :PORT (loopback). */
function hostPort(flag: string, text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535)
    throw new Error(`${flag} must be HOST:PORT, e.g. 127.0.0.1:9464 or [::1]:9464 (got "${text}")`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

function resolveAudit(flags: ServerFlags, env: NodeJS.ProcessEnv): AuditConfig {
  const list = (given: string[] | undefined, fromEnv: string | undefined): string[] =>
    given?.length ? given : fromEnv ? [fromEnv] : [];
  const urls = list(flags.auditCheckpointUrls, env['EXPACTI_AUDIT_CHECKPOINT_URL']);
  for (const url of urls) {
    if (!/^https?:\/\//.test(url))
      throw new Error(`--audit-checkpoint-url must be an http(s) URL (got "${url}")`);
  }
  const everyText = flags.auditCheckpointEvery ?? env['EXPACTI_AUDIT_CHECKPOINT_EVERY'] ?? '1000';
  const every = Number(everyText);
  if (!/^\d+$/.test(everyText) || every < 1) {
    throw new Error(
      `--audit-checkpoint-every must be a whole number of records, at least 1 (got "${everyText}")`,
    );
  }
  return Object.freeze({
    keyFile: flags.auditKeyFile ?? env['EXPACTI_AUDIT_KEY_FILE'] ?? null,
    checkpointFiles: Object.freeze(list(flags.auditCheckpointFiles, env['EXPACTI_AUDIT_CHECKPOINT_FILE'])),
    checkpointUrls: Object.freeze(urls),
    checkpointEveryRecords: every,
    checkpointIntervalMs: seconds(
      '--audit-checkpoint-interval',
      flags.auditCheckpointInterval ?? env['EXPACTI_AUDIT_CHECKPOINT_INTERVAL'],
      5 * 60_000,
    ),
  });
}

function resolveTimeouts(flags: ServerFlags, env: NodeJS.ProcessEnv): HttpTimeouts {
  const headersMs = seconds(
    '--headers-timeout',
    flags.headersTimeout ?? env['EXPACTI_HEADERS_TIMEOUT'],
    DEFAULT_TIMEOUTS.headersMs,
  );
  const requestMs = seconds(
    '--request-timeout',
    flags.requestTimeout ?? env['EXPACTI_REQUEST_TIMEOUT'],
    DEFAULT_TIMEOUTS.requestMs,
  );
  const idleMs = seconds(
    '--idle-timeout',
    flags.idleTimeout ?? env['EXPACTI_IDLE_TIMEOUT'],
    DEFAULT_TIMEOUTS.idleMs,
  );
  if (requestMs < headersMs) {
    throw new Error(
      '--request-timeout covers the headers too, so it cannot be shorter than --headers-timeout',
    );
  }
  return Object.freeze({ headersMs, requestMs, idleMs });
}

/** A duration flag given in seconds (decimals allowed), as ms. */
export function seconds(flag: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined || text === '') return fallbackMs;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0) || value > 86_400) {
    throw new Error(`${flag} must be a number of seconds above 0, at most 86400 (got "${text}")`);
  }
  return Math.round(value * 1000);
}
