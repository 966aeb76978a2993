/**
 * Where the CLI, hook, MCP server and SDK find the server and their token, in three steps
 * (CONVENTIONS §8): explicit options, then the environment, then the config file.
 *
 * Environment: EXPACTI_URL, EXPACTI_TOKEN (agent), EXPACTI_REVIEWER_TOKEN (reviewer CLI; falls
 * back to EXPACTI_TOKEN), EXPACTI_CONFIG (file path). File: $XDG_CONFIG_HOME/expacti/config.json
 * or ~/.config/expacti/config.json, JSON {"url", "token", "reviewerToken"}, written by
 * `expacti login` with mode 0600.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ExpactiError } from './errors.js';

export interface ConfigFile {
  url?: string;
  token?: string;
  reviewerToken?: string;
}

export interface ResolvedClientConfig {
  readonly url: string;
  readonly token: string;
}

export type Role = 'agent' | 'reviewer';

export function configFilePath(env: NodeJS.ProcessEnv): string {
  if (env['EXPACTI_CONFIG']) return env['EXPACTI_CONFIG'];
  const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'expacti', 'config.json');
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return {};
    throw new ExpactiError('config', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    return parsed as ConfigFile;
  } catch {
    throw new ExpactiError('config', `${path} is not valid JSON; fix or delete it, or run \`expacti login\``);
  }
}

export function resolveClientConfig(
  role: Role,
  env: NodeJS.ProcessEnv,
  explicit: { url?: string; token?: string } = {},
): ResolvedClientConfig {
  const envToken =
    role === 'reviewer' ? env['EXPACTI_REVIEWER_TOKEN'] || env['EXPACTI_TOKEN'] : env['EXPACTI_TOKEN'];
  let url = explicit.url || env['EXPACTI_URL'];
  let token = explicit.token || envToken;
  if (!url || !token) {
    const file = readConfigFile(configFilePath(env));
    url ||= file.url;
    token ||= role === 'reviewer' ? file.reviewerToken || file.token : file.token;
  }
  if (!url) {
    throw new ExpactiError(
      'config',
      'no server configured: set EXPACTI_URL (e.g. http://127.0.0.1:7878) or run `expacti login --url URL --token TOKEN`',
    );
  }
  if (!token) {
    const what =
      role === 'agent'
        ? 'an agent token (EXPACTI_TOKEN)'
        : 'a reviewer token (EXPACTI_REVIEWER_TOKEN or `expacti login`)';
    throw new ExpactiError('config', `no token configured: set ${what}`);
  }
  return { url, token };
}
