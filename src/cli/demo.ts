/**
 * `expacti demo [--auto] [--postgres URL|local] [--no-open] [--port N]`: the interactive demo
 * (docs/demo.md). Loads the server and the demo only after the command line parsed.
 */
import { defineCommand, parseCommand, usageError } from './args.js';
import { EXIT } from '../protocol/exitCodes.js';

export const spec = defineCommand({
  name: 'demo',
  summary: 'watch an agent work through the gate, in a sandbox (the interactive demo)',
  usage: ['demo [--auto] [--postgres URL|local] [--no-open] [--port N]'],
  details:
    'Starts a real server on a temporary directory and a free port, prints (and opens) the dashboard already ' +
    'signed in with a one-time link, and runs a scripted agent through `expacti run` against a sandbox it makes: ' +
    'a git repository, a database with a users table, a symlinked build directory, a poisoned README. You approve ' +
    'or deny in the dashboard or with keys here. Everything is removed on exit (Ctrl-C included). docs/demo.md.',
  options: {
    auto: {
      type: 'boolean',
      description: 'play the reviewer too (for CI and recordings); exit 0 when every step ended as scripted',
    },
    postgres: {
      type: 'string',
      value: 'URL|local',
      description:
        'use PostgreSQL: a server URL (a database is made and dropped), or local: start a throwaway one',
    },
    'no-open': { type: 'boolean', description: 'print the dashboard link, do not open a browser' },
    port: {
      type: 'string',
      short: 'p',
      value: 'N',
      description: 'port for the demo server (default: any free port)',
    },
  },
  examples: ['npx expacti demo', 'expacti demo --auto', 'expacti demo --postgres local'],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const v = parsed.values;
  const port = Number(v.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usageError(spec, `--port must be a number from 0 to 65535 (got "${v.port}")`).exit;
  if (v.postgres !== undefined && v.postgres !== 'local' && !/^postgres(ql)?:\/\//.test(v.postgres))
    return usageError(spec, '--postgres takes a postgres:// URL or the word local').exit;
  const { runDemo } = await import('../demo/demo.js');
  try {
    return await runDemo({
      auto: v.auto === true,
      ...(v.postgres !== undefined ? { postgres: v.postgres } : {}),
      open: v.auto !== true && v['no-open'] !== true && process.stdout.isTTY === true,
      port,
      out: process.stdout,
      input: process.stdin,
    });
  } catch (error) {
    process.stderr.write(`expacti demo: ${(error as Error).message}\n`);
    return EXIT.unavailable;
  }
}
