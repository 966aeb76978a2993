/**
 * `expacti login --url URL --token TOKEN` saves a token (agent or reviewer, told apart by its
 * prefix) in the config file. `expacti login --url URL --username NAME [--totp CODE]` signs in
 * with a password read from stdin (or asked for) and saves the reviewer token it gets.
 */
import { defineCommand, parseCommand, usageError } from './args.js';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configFilePath, readConfigFile } from '../client/config.js';
import { ExpactiClient } from '../client/client.js';
import { ExpactiError } from '../client/errors.js';
import { EXIT } from '../protocol/exitCodes.js';
import type { CreatedTokenResponse } from '../protocol/api.js';

export const spec = defineCommand({
  name: 'login',
  summary: 'save the server URL and a token',
  usage: [
    'login --url URL --token TOKEN',
    'login --url URL --username NAME [--totp CODE]   (password on stdin)',
  ],
  details:
    'Saves to $XDG_CONFIG_HOME/expacti/config.json (mode 600): an agent token for run, sh, hook and mcp; a ' +
    'user token for the reviewer commands. With --username it signs in and saves the user token it gets.',
  options: {
    url: {
      type: 'string',
      value: 'URL',
      description: 'the server (default: EXPACTI_URL, then the saved one)',
    },
    token: { type: 'string', value: 'TOKEN', description: 'an agent (exp_a_…) or user (exp_u_…) token' },
    username: {
      type: 'string',
      value: 'NAME',
      description: 'sign in as this user; the password is read from stdin',
    },
    totp: {
      type: 'string',
      value: 'CODE',
      description: 'the current 6-digit code, when two-factor sign-in is on',
    },
  },
  examples: [
    'expacti login --url http://127.0.0.1:7878 --token "$EXPACTI_ADMIN_TOKEN"',
    'printf \'%s\' "$PASSWORD" | expacti login --url https://expacti.example.com --username alice --totp 123456',
  ],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const path = configFilePath(process.env);
  const file = readConfigFile(path);
  const url = values.url ?? process.env['EXPACTI_URL'] ?? file.url;
  if (!url) return usageError(spec, 'missing --url URL (e.g. http://127.0.0.1:7878)').exit;
  let token = values.token;
  if (!token && values.username) {
    const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
    const client = await ExpactiClient.create({ url, token: 'none' });
    try {
      const created = await client.call<CreatedTokenResponse>('POST', '/auth/token', {
        username: values.username,
        password,
        ...(values.totp ? { totp: values.totp } : {}),
      });
      token = created.secret;
    } catch (error) {
      process.stderr.write(`expacti login: ${(error as Error).message}\n`);
      return error instanceof ExpactiError && error.code === 'unavailable' ? EXIT.unavailable : EXIT.config;
    } finally {
      client.close();
    }
  }
  if (!token)
    return usageError(spec, 'missing --token TOKEN (or --username NAME, with the password on stdin)').exit;
  const client = await ExpactiClient.create({ url, token });
  try {
    const me = await client.me();
    const slot = me.principal.kind === 'agent' ? 'token' : 'reviewerToken';
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, JSON.stringify({ ...file, url, [slot]: token }, null, 2) + '\n', { mode: 0o600 });
    chmodSync(path, 0o600);
    process.stdout.write(
      `saved ${me.principal.kind} token for ${me.principal.name} (org ${me.org.name}) in ${path}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`expacti login: ${(error as Error).message}\n`);
    return error instanceof ExpactiError && error.code === 'unavailable' ? EXIT.unavailable : EXIT.config;
  } finally {
    client.close();
  }
}
