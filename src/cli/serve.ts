/**
 * `expacti serve [--port N] [--host H] [--data DIR] [--database-url URL] [--public-url URL] …`; every
 * flag and its environment variable: docs/deployment.md; logs, metrics and health checks:
 * docs/operations.md.
 */
import { defineCommand, parseCommand } from './args.js';
import { EXIT } from '../protocol/exitCodes.js';
import { resolveServerConfig } from '../server/config.js';
import { formatBootstrap } from '../server/bootstrap.js';
import { confinementStatus } from '../agent/confine/probe.js';

export const spec = defineCommand({
  name: 'serve',
  summary: 'start the server',
  usage: ['serve [--host H] [--port N] [--data DIR | --database-url URL] [options]'],
  details:
    'Every option has an environment variable (docs/deployment.md); a flag wins over the environment. ' +
    'Logs are JSON lines on stderr (pretty on a terminal); metrics, health checks: docs/operations.md.',
  options: {
    port: {
      type: 'string',
      short: 'p',
      value: 'N',
      description: 'port to listen on (default 7878; 0: any free port)',
    },
    host: { type: 'string', value: 'H', description: 'address to bind (default 127.0.0.1)' },
    data: {
      type: 'string',
      value: 'DIR',
      description: 'embedded SQLite directory (default ~/.local/share/expacti)',
    },
    'database-url': {
      type: 'string',
      value: 'URL',
      description: 'postgres://… : use PostgreSQL (replicas share it)',
    },
    'public-url': {
      type: 'string',
      value: 'URL',
      description: 'the URL agents and reviewers use (behind a proxy)',
    },
    'trust-proxy': { type: 'boolean', description: 'believe X-Forwarded-For (a trusted proxy is in front)' },
    'headers-timeout': {
      type: 'string',
      value: 'SECONDS',
      description: 'all request headers within (default 10)',
    },
    'request-timeout': {
      type: 'string',
      value: 'SECONDS',
      description: 'the whole request within (default 30)',
    },
    'idle-timeout': {
      type: 'string',
      value: 'SECONDS',
      description: 'close idle connections after (default 65)',
    },
    'claim-window': {
      type: 'string',
      value: 'SECONDS',
      description: 'an approval must run within (default 30)',
    },
    'audit-key-file': {
      type: 'string',
      value: 'PATH',
      description: 'the audit key file (required with PostgreSQL)',
    },
    'audit-checkpoint-file': {
      type: 'string',
      multiple: true,
      value: 'PATH',
      description: 'append signed checkpoints to this file',
    },
    'audit-checkpoint-url': {
      type: 'string',
      multiple: true,
      value: 'URL',
      description: 'POST signed checkpoints to this webhook',
    },
    'audit-checkpoint-every': {
      type: 'string',
      value: 'N',
      description: 'checkpoint every N records (default 1000)',
    },
    'audit-checkpoint-interval': {
      type: 'string',
      value: 'SECONDS',
      description: 'checkpoint at least this often when the log grew (default 300)',
    },
    'log-format': {
      type: 'string',
      value: 'json|pretty',
      description: 'log lines as JSON or for people (default: pretty on a terminal, else json)',
    },
    'log-level': {
      type: 'string',
      value: 'LEVEL',
      description: 'debug, info, warn or error (default info; debug logs every request)',
    },
    'metrics-listen': {
      type: 'string',
      value: 'HOST:PORT',
      description: 'also serve /metrics, /healthz and /readyz here, without a token (a private address)',
    },
    policy: {
      type: 'string',
      value: 'FILE',
      description:
        'the team policy file (YAML, docs/policies.md); checked at start, refused if its examples fail',
    },
    'metrics-token-file': {
      type: 'string',
      value: 'PATH',
      description: 'a file holding the bearer token Prometheus scrapes /metrics with',
    },
  },
  examples: [
    'expacti serve',
    'expacti serve --host 0.0.0.0 --database-url postgres://expacti@db/expacti --audit-key-file /etc/expacti/audit-keys.json',
  ],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const flags = parsed.values;
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
        logFormat: flags['log-format'],
        logLevel: flags['log-level'],
        metricsListen: flags['metrics-listen'],
        metricsTokenFile: flags['metrics-token-file'],
        policyFile: flags.policy,
      },
      process.env,
    );
  } catch (error) {
    process.stderr.write(`expacti serve: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  // Loaded only now: `expacti serve --help` and bad flags answer without loading the server.
  const { startServer } = await import('../server/start.js');
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    process.stderr.write(`expacti serve: could not start: ${(error as Error).message}\n`);
    const name = (error as Error).name;
    return name === 'AuditKeyError' || name === 'ConfigError' || name === 'PolicyError'
      ? EXIT.config
      : EXIT.unavailable;
  }
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  if (server.bootstrap) process.stdout.write(formatBootstrap(server.bootstrap, server.url) + '\n');
  process.stdout.write(`expacti listening on ${server.url} (store: ${where})\n`);
  if (server.metricsUrl) process.stdout.write(`expacti metrics and health checks on ${server.metricsUrl}\n`);
  // The agents confine on their own machines; this says what a local agent would get.
  const confine = confinementStatus();
  process.stdout.write(
    `expacti: on this machine ${confine.line}${confine.available ? '' : '; the org setting confineRequiredFrom decides what runs unconfined (docs/confinement.md)'}\n`,
  );

  const code = await new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      server.log.info({ signal }, `${signal}: shutting down (finishing in-flight requests)`);
      const force = setTimeout(() => resolve(EXIT.software), 10_000);
      force.unref();
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          server.log.error({ err: error }, 'shutdown failed');
          resolve(EXIT.software);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // Whatever still holds the event loop (a socket the close missed) must not keep a stopped
  // server alive: exit once the output is written.
  await server.log.flushed();
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
