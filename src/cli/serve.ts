/**
 * `expacti serve [--port N] [--host H] [--data DIR] [--database-url URL] [--public-url URL] …`; every
 * flag and its environment variable: docs/deployment.md.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../protocol/exitCodes.js';
import { resolveServerConfig } from '../server/config.js';
import { startServer } from '../server/start.js';
import { formatBootstrap } from '../server/bootstrap.js';
import { confinementStatus } from '../agent/confine/probe.js';

export async function main(args: string[]): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      args,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        data: { type: 'string' },
        'database-url': { type: 'string' },
        'public-url': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'headers-timeout': { type: 'string' },
        'request-timeout': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'claim-window': { type: 'string' },
        'audit-key-file': { type: 'string' },
        'audit-checkpoint-file': { type: 'string', multiple: true },
        'audit-checkpoint-url': { type: 'string', multiple: true },
        'audit-checkpoint-every': { type: 'string' },
        'audit-checkpoint-interval': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`expacti serve: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  let config;
  try {
    config = resolveServerConfig(
      {
        host: flags.host,
        port: flags.port,
        data: flags.data,
        databaseUrl: flags['database-url'],
        publicUrl: flags['public-url'],
        trustProxy: flags['trust-proxy'],
        headersTimeout: flags['headers-timeout'],
        requestTimeout: flags['request-timeout'],
        idleTimeout: flags['idle-timeout'],
        claimWindow: flags['claim-window'],
        auditKeyFile: flags['audit-key-file'],
        auditCheckpointFiles: flags['audit-checkpoint-file'],
        auditCheckpointUrls: flags['audit-checkpoint-url'],
        auditCheckpointEvery: flags['audit-checkpoint-every'],
        auditCheckpointInterval: flags['audit-checkpoint-interval'],
      },
      process.env,
    );
  } catch (error) {
    process.stderr.write(`expacti serve: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    process.stderr.write(`expacti serve: could not start: ${(error as Error).message}\n`);
    return (error as Error).name === 'AuditKeyError' ? EXIT.config : EXIT.unavailable;
  }
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  if (server.bootstrap) process.stdout.write(formatBootstrap(server.bootstrap, server.url) + '\n');
  process.stdout.write(`expacti listening on ${server.url} (store: ${where})\n`);
  // The agents confine on their own machines; this says what a local agent would get.
  const confine = confinementStatus();
  process.stdout.write(
    `expacti: on this machine ${confine.line}${confine.available ? '' : '; the org setting confineRequiredFrom decides what runs unconfined (docs/confinement.md)'}\n`,
  );

  const code = await new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`expacti: ${signal}: shutting down (finishing in-flight requests)\n`);
      const force = setTimeout(() => resolve(EXIT.software), 10_000);
      force.unref();
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`expacti: shutdown error: ${String(error)}\n`);
          resolve(EXIT.software);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // Whatever still holds the event loop (a socket the close missed) must not keep a stopped
  // server alive: exit once the output is written.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
