/**
 * `expacti admin reset [--data DIR | --database-url URL] [--audit-key-file PATH] [--user NAME] [--clear-totp]`
 * Lost the admin password or token (or the first start's output)? With local access to the data
 * directory (or the database), print a fresh admin password and CLI token; audited. Works while
 * the server runs.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../protocol/exitCodes.js';
import { openStore } from '../store/open.js';
import { resolveServerConfig } from '../server/config.js';
import { resetAdmin } from '../server/adminReset.js';
import { formatBootstrap } from '../server/bootstrap.js';
import { loadServerAuditKeys } from '../server/auditKeys.js';
import { print, printError } from './output.js';

const USAGE =
  'usage: expacti admin reset [--data DIR | --database-url URL] [--audit-key-file PATH] [--user NAME] [--clear-totp] [--url URL]';

export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        data: { type: 'string' },
        'database-url': { type: 'string' },
        'audit-key-file': { type: 'string' },
        user: { type: 'string' },
        'clear-totp': { type: 'boolean' },
        url: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    printError(`expacti admin: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (sub !== 'reset') {
    printError(USAGE);
    return EXIT.usage;
  }
  const config = resolveServerConfig(
    { data: values.data, databaseUrl: values['database-url'], auditKeyFile: values['audit-key-file'] },
    process.env,
  );
  const where = config.databaseUrl ? 'the PostgreSQL database' : config.dataDir;
  // The reset is audited, so it seals with the same audit keys as the server.
  let auditKeys;
  try {
    auditKeys = loadServerAuditKeys(
      { keyFile: config.audit.keyFile, dataDir: config.dataDir, postgres: config.databaseUrl !== null },
      printError,
    ).chain;
  } catch (error) {
    printError(`expacti admin reset: ${(error as Error).message}`);
    return EXIT.config;
  }
  let store;
  try {
    store = await openStore(
      config.databaseUrl
        ? { databaseUrl: config.databaseUrl, auditKeys }
        : { dataDir: config.dataDir, auditKeys },
    );
  } catch (error) {
    printError(`expacti admin reset: cannot open the store in ${where}: ${(error as Error).message}`);
    return EXIT.unavailable;
  }
  try {
    const result = await resetAdmin(store, new Date(), {
      username: values.user ?? 'admin',
      clearTotp: values['clear-totp'] ?? false,
    });
    const url = values.url ?? `http://${config.host}:${config.port}`;
    if (result.kind === 'bootstrapped') {
      print(formatBootstrap(result.secrets, url));
      return 0;
    }
    print(
      [
        `expacti: ${result.created ? 'created admin' : 'reset'} "${result.username}" in ${where}. Shown once; the old password no longer works.`,
        `    EXPACTI_ADMIN_PASSWORD=${result.password}`,
        `    EXPACTI_ADMIN_TOKEN=${result.token}`,
        `    expacti login --url ${url} --token "$EXPACTI_ADMIN_TOKEN"`,
        result.totpCleared
          ? '  Two-factor sign-in was turned off for this user: enrol again at the next sign-in.'
          : '',
        '  Earlier tokens stay valid: list them with `expacti token list` and revoke what you do not trust.',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    return 0;
  } catch (error) {
    printError(`expacti admin reset: ${(error as Error).message}`);
    return EXIT.usage;
  } finally {
    await store.close();
  }
}
