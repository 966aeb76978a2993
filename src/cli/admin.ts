/**
 * `expacti admin reset [--data DIR | --database-url URL] [--audit-key-file PATH] [--user NAME] [--clear-totp]`
 * Lost the admin password or token (or the first start's output)? With local access to the data
 * directory (or the database), print a fresh admin password and CLI token; audited. Works while
 * the server runs.
 */
import { defineCommand, parseCommand, pickSubcommand, type GroupSpec } from './args.js';
import { EXIT } from '../protocol/exitCodes.js';
import { openStore } from '../store/open.js';
import { resolveServerConfig } from '../server/config.js';
import { resetAdmin } from '../server/adminReset.js';
import { formatBootstrap } from '../server/bootstrap.js';
import { loadServerAuditKeys } from '../server/auditKeys.js';
import { print, printError } from './output.js';

export const resetSpec = defineCommand({
  name: 'admin reset',
  summary: 'print a fresh admin password and CLI token (local access to the store; audited)',
  usage: [
    'admin reset [--data DIR | --database-url URL] [--audit-key-file PATH] [--user NAME] [--clear-totp] [--url URL]',
  ],
  details:
    'For a lost admin password or token: anyone who can open the store can make new ones, while the server ' +
    'runs. Earlier tokens stay valid (review them with `expacti token list`). On an empty store it bootstraps.',
  options: {
    data: { type: 'string', value: 'DIR', description: 'the SQLite data directory (as given to serve)' },
    'database-url': {
      type: 'string',
      value: 'URL',
      description: 'the PostgreSQL database (as given to serve)',
    },
    'audit-key-file': {
      type: 'string',
      value: 'PATH',
      description: 'the audit key file (required with PostgreSQL)',
    },
    user: {
      type: 'string',
      value: 'NAME',
      description: 'the admin to reset (default admin; created if missing)',
    },
    'clear-totp': { type: 'boolean', description: 'also turn off a lost second factor' },
    url: { type: 'string', value: 'URL', description: 'the server URL to show in the login line' },
  },
  examples: ['expacti admin reset --data /var/lib/expacti'],
});

export const spec: GroupSpec = {
  name: 'admin',
  summary: 'recover admin access with local access to the store',
  subcommands: { reset: resetSpec },
  examples: ['expacti admin reset --data /var/lib/expacti'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseCommand(resetSpec, picked.rest);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
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
