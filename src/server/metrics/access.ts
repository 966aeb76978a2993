/**
 * Who may read /metrics on the main port: whoever holds the metrics token (a file named by
 * --metrics-token-file, for Prometheus's `authorization.credentials_file`) or an admin token.
 * The metrics token is compared by its SHA-256, in constant time; it is never logged or stored.
 */
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { tokenHash } from '../secrets.js';
import type { TokenResolver } from '../credentials.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The token in the file (surrounding whitespace ignored); at least 16 characters. */
export function readMetricsToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`cannot read the metrics token file ${file}: ${(error as Error).message}`);
  }
  if (text.length < 16 || /\s/.test(text))
    throw new ConfigError(
      `the metrics token file ${file} must hold one token of at least 16 characters (e.g. openssl rand -hex 32 > ${file})`,
    );
  return text;
}

/** true: may read; false: a valid token without the right; null: not a token we know. */
export async function metricsAccess(
  token: string,
  metricsToken: string | null,
  tokens: Pick<TokenResolver, 'resolve'>,
): Promise<boolean | null> {
  const hash = tokenHash(token);
  if (
    metricsToken !== null &&
    timingSafeEqual(Buffer.from(hash, 'hex'), Buffer.from(tokenHash(metricsToken), 'hex'))
  )
    return true;
  const principal = await tokens.resolve(hash);
  if (!principal) return null;
  return principal.kind === 'user' && principal.role === 'admin';
}
