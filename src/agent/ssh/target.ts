/**
 * The gateway's connection on to the real target: its own key (or the gateway's ssh-agent), and
 * the target's host key checked against known_hosts before anything is sent (no trust on first use).
 */
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import { checkHostKey } from './knownHosts.js';

export interface TargetOptions {
  host: string;
  port: number;
  username: string;
  /** Private key file for the target (else the gateway's ssh-agent, SSH_AUTH_SOCK). */
  identityFile?: string;
  knownHostsFile: string;
  agentSocket?: string;
  readyTimeoutMs?: number;
}

export class TargetError extends Error {
  override readonly name = 'TargetError';
}

export function describeTarget(t: Pick<TargetOptions, 'host' | 'port' | 'username'>): string {
  return `${t.username}@${t.host}:${t.port}`;
}

/** Connects and authenticates; rejects with a TargetError that says why (host key, auth, network). */
export function connectTarget(options: TargetOptions): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const knownHosts = readFileSync(options.knownHostsFile, 'utf8');
    let refusedKey: string | undefined;
    const conn = new ssh2.Client();
    conn.once('ready', () => resolve(conn));
    conn.once('error', (error: Error) => {
      reject(
        new TargetError(
          refusedKey
            ? `the target's host key was refused: ${refusedKey}`
            : `cannot reach ${describeTarget(options)}: ${error.message}`,
        ),
      );
    });
    conn.connect({
      host: options.host,
      port: options.port,
      username: options.username,
      ...(options.identityFile ? { privateKey: readFileSync(options.identityFile) } : {}),
      ...(!options.identityFile && options.agentSocket ? { agent: options.agentSocket } : {}),
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      hostVerifier: (key: Buffer) => {
        const verdict = checkHostKey(knownHosts, options.host, options.port, key);
        if (!verdict.ok) refusedKey = verdict.why;
        return verdict.ok;
      },
    });
  });
}
