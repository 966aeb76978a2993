/**
 * `expacti ssh-gateway --target USER@HOST[:PORT] --host-key FILE …`: an SSH server that gates every
 * command agents send to the target (docs/integrations/ssh.md). Runs until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defineCommand, parseCommand, usageError } from './args.js';
import { EXIT } from '../protocol/exitCodes.js';
import { parseAuthorizedAgents, type AuthorizedAgentKey } from '../agent/ssh/authorizedAgents.js';
import { startGateway } from '../agent/ssh/gateway.js';
import { describeTarget } from '../agent/ssh/target.js';

export const spec = defineCommand({
  name: 'ssh-gateway',
  summary: 'an SSH server that gates agents’ commands on a remote host',
  usage: ['ssh-gateway --target USER@HOST[:PORT] --host-key FILE [--listen HOST:PORT] [options]'],
  details:
    'Agents connect here instead of the target, signing in with their expacti token as password (or a key ' +
    'listed in --authorized-agents). exec requests go through the gate like `expacti run`; shells are gated ' +
    'line by line; SFTP writes are judged as the equivalent shell commands. The target’s host key must be in ' +
    '--known-hosts. EXPACTI_URL names the server. docs/integrations/ssh.md.',
  options: {
    target: {
      type: 'string',
      value: 'USER@HOST[:PORT]',
      description: 'the real host (required)',
      required: true,
    },
    'host-key': {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'the gateway’s own host key (required; ssh-keygen -t ed25519)',
      required: true,
    },
    listen: { type: 'string', value: 'HOST:PORT', description: 'where to listen (default 127.0.0.1:2222)' },
    identity: {
      type: 'string',
      value: 'FILE',
      description: 'private key for the target (else SSH_AUTH_SOCK)',
    },
    'known-hosts': {
      type: 'string',
      value: 'FILE',
      description: 'the target’s host key (default ~/.ssh/known_hosts)',
    },
    'authorized-agents': {
      type: 'string',
      value: 'FILE',
      description: 'public keys that may sign in, each with token-file="…"',
    },
    url: { type: 'string', value: 'URL', description: 'the expacti server (default EXPACTI_URL)' },
  },
  examples: [
    'expacti ssh-gateway --target deploy@db1.internal --host-key /etc/expacti/ssh_host_ed25519_key --identity /etc/expacti/id_ed25519 --listen 0.0.0.0:2222',
  ],
});

function parseHostPort(text: string, defaultPort: number): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(text);
  const host = m?.[1] ?? m?.[2];
  const port = m?.[3] !== undefined ? Number(m[3]) : defaultPort;
  if (!host || !(port >= 0 && port <= 65535)) return null;
  return { host, port };
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const v = parsed.values;
  const at = (v.target ?? '').lastIndexOf('@');
  const user = at > 0 ? (v.target as string).slice(0, at) : '';
  const target = parseHostPort(at > 0 ? (v.target as string).slice(at + 1) : '', 22);
  if (!user || !target) return usageError(spec, '--target must be USER@HOST or USER@HOST:PORT').exit;
  const listen = parseHostPort(v.listen ?? '127.0.0.1:2222', 2222);
  if (!listen) return usageError(spec, '--listen must be HOST:PORT').exit;
  const serverUrl = v.url ?? process.env['EXPACTI_URL'];
  if (!serverUrl) return usageError(spec, 'no expacti server: set EXPACTI_URL or pass --url').exit;
  let agentKeys: AuthorizedAgentKey[] = [];
  try {
    if (v['authorized-agents'])
      agentKeys = parseAuthorizedAgents(readFileSync(v['authorized-agents'], 'utf8'), v['authorized-agents']);
  } catch (error) {
    process.stderr.write(`expacti ssh-gateway: ${(error as Error).message}\n`);
    return EXIT.config;
  }
  const knownHostsFile = v['known-hosts'] ?? join(homedir(), '.ssh', 'known_hosts');
  const targetOptions = {
    host: target.host,
    port: target.port,
    username: user,
    knownHostsFile,
    ...(v.identity ? { identityFile: v.identity } : {}),
    ...(process.env['SSH_AUTH_SOCK'] ? { agentSocket: process.env['SSH_AUTH_SOCK'] } : {}),
  };
  let server;
  try {
    readFileSync(knownHostsFile);
    server = await startGateway({
      listenHost: listen.host,
      listenPort: listen.port,
      hostKeyFiles: v['host-key'] ?? [],
      serverUrl,
      target: targetOptions,
      agentKeys,
      log: (line) => process.stderr.write(line + '\n'),
    });
  } catch (error) {
    process.stderr.write(`expacti ssh-gateway: cannot start: ${(error as Error).message}\n`);
    return EXIT.config;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  process.stdout.write(
    `expacti ssh-gateway listening on ${listen.host}:${port}, gating commands for ${describeTarget(targetOptions)}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Open agent connections would keep the process up: they end with it (their waits are cancelled
  // by the server's expiry, as for any agent that went away).
  server.close();
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}
