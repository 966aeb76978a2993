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
}

export interface ServerFlags {
  host?: string;
  port?: string;
  data?: string;
  databaseUrl?: string;
  publicUrl?: string;
  trustProxy?: boolean;
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
  });
}
