/**
 * `expacti login --url URL --token TOKEN` saves a token (agent or reviewer, told apart by its
 * prefix) in the config file. `expacti login --url URL --username NAME [--totp CODE]` signs in
 * with a password read from stdin (or asked for) and saves the reviewer token it gets.
 */
import { parseArgs } from 'node:util';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configFilePath, readConfigFile } from '../client/config.js';
import { ExpactiClient } from '../client/client.js';
import { ExpactiError } from '../client/errors.js';
import { EXIT } from '../protocol/exitCodes.js';
import type { CreatedTokenResponse } from '../protocol/api.js';

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      username: { type: 'string' },
      totp: { type: 'string' },
    },
  });
  const path = configFilePath(process.env);
  const file = readConfigFile(path);
  const url = values.url ?? process.env['EXPACTI_URL'] ?? file.url;
  if (!url) {
    process.stderr.write('expacti login: --url is required (e.g. http://127.0.0.1:7878)\n');
    return EXIT.usage;
  }
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
  if (!token) {
    process.stderr.write(
      'expacti login: give --token TOKEN, or --username NAME with the password on stdin\n',
    );
    return EXIT.usage;
  }
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
