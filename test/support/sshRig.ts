/**
 * Real SSH parts for the gateway's tests: Debian's OpenSSH server (`/usr/sbin/sshd`) started on a
 * loopback port with a throwaway host key and a throwaway system user (throwawayUser.ts) whose
 * authorized_keys holds only a throwaway key of the gateway, so target commands run as that user,
 * with StrictModes on; `expacti ssh-gateway` in front of it; and the real `ssh` client as the agent
 * (the token as password through SSH_ASKPASS, or a key listed in --authorized-agents).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { createThrowawayUser, type ThrowawayUser } from './throwawayUser.js';
import { BIN, freePort, type ServerHandle } from './expacti.js';

export const SSHD = '/usr/sbin/sshd';

function keygen(path: string, comment: string): string {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

async function waitForPort(
  port: number,
  what: string,
  proc: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with ${proc.exitCode}:\n${output()}`);
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        res(true);
      });
      s.on('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Sshd {
  port: number;
  /** The throwaway account the target commands run as. */
  user: string;
  account: ThrowawayUser;
  /** The gateway's key for the target, and a known_hosts file holding the target's host key. */
  identity: string;
  knownHosts: string;
  /** A known_hosts file that names the target with some other key. */
  wrongKnownHosts: string;
  log: () => string;
  stop(): Promise<void>;
}

/**
 * `dir` is made traversable (0755) so that the throwaway user reaches the files the tests give it;
 * its home is `dir/target-home`, owned by it, with ~/.ssh/authorized_keys as StrictModes wants them.
 */
export async function startSshd(dir: string): Promise<Sshd> {
  const port = await freePort();
  chmodSync(dir, 0o755);
  const account = createThrowawayUser(join(dir, 'target-home'));
  const user = account.name;
  const hostPub = keygen(join(dir, 'target_host_key'), 'target-host');
  const gatewayPub = keygen(join(dir, 'gateway_to_target'), 'gateway');
  const otherPub = keygen(join(dir, 'other_host_key'), 'other');
  const sshDir = join(account.home, '.ssh');
  mkdirSync(sshDir, { mode: 0o700 });
  writeFileSync(join(sshDir, 'authorized_keys'), gatewayPub + '\n', { mode: 0o600 });
  chmodSync(sshDir, 0o700);
  chownSync(sshDir, account.uid, account.gid);
  chownSync(join(sshDir, 'authorized_keys'), account.uid, account.gid);
  const strip = (pub: string) => pub.split(/[ \t]/).slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${strip(hostPub)}\n`);
  writeFileSync(join(dir, 'wrong_known_hosts'), `[127.0.0.1]:${port} ${strip(otherPub)}\n`);
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'target_host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'AuthorizedKeysFile .ssh/authorized_keys',
      `AllowUsers ${user}`,
      'PermitRootLogin no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes yes',
      'Subsystem sftp /usr/lib/openssh/sftp-server',
      'LogLevel VERBOSE',
    ].join('\n') + '\n',
  );
  chmodSync(join(dir, 'target_host_key'), 0o600);
  // sshd started as root wants its privilege-separation directory (the Debian service creates it).
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const proc = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  try {
    await waitForPort(port, 'sshd', proc, () => out);
  } catch (error) {
    account.remove();
    throw error;
  }
  return {
    port,
    user,
    account,
    identity: join(dir, 'gateway_to_target'),
    knownHosts: join(dir, 'known_hosts'),
    wrongKnownHosts: join(dir, 'wrong_known_hosts'),
    log: () => out,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      account.remove();
    },
  };
}

export interface Gateway {
  port: number;
  /** ~/.ssh/known_hosts-style file for the agent's ssh: the gateway's host key. */
  knownHosts: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startGateway(
  dir: string,
  server: ServerHandle,
  sshd: Sshd,
  options: { knownHosts?: string; authorizedAgents?: string; name?: string } = {},
): Promise<Gateway> {
  const port = await freePort();
  const name = options.name ?? 'gateway';
  const hostKey = join(dir, `${name}_host_key`);
  const pub = keygen(hostKey, name);
  const agentKnownHosts = join(dir, `${name}_known_hosts`);
  writeFileSync(agentKnownHosts, `[127.0.0.1]:${port} ${pub.split(/[ \t]/).slice(0, 2).join(' ')}\n`);
  const args = [
    BIN,
    'ssh-gateway',
    '--listen',
    `127.0.0.1:${port}`,
    '--host-key',
    hostKey,
    '--target',
    `${sshd.user}@127.0.0.1:${sshd.port}`,
    '--identity',
    sshd.identity,
    '--known-hosts',
    options.knownHosts ?? sshd.knownHosts,
    '--url',
    server.url,
    ...(options.authorizedAgents ? ['--authorized-agents', options.authorizedAgents] : []),
  ];
  const env = { ...process.env };
  delete env['SSH_AUTH_SOCK'];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  await waitForPort(port, 'ssh-gateway', proc, () => out);
  return {
    port,
    knownHosts: agentKnownHosts,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export interface SshResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SshOptions {
  /** Sign in with this token as the password (through SSH_ASKPASS). */
  password?: string;
  /** Sign in with this private key instead. */
  key?: string;
  stdin?: string;
  /** Extra ssh arguments before the destination (e.g. -tt, -o SetEnv=…). */
  args?: string[];
}

/** The real OpenSSH client as the agent. `command` undefined: a shell (fed from stdin). */
export function sshArgs(
  dir: string,
  gateway: Gateway,
  options: SshOptions,
  command?: string,
): {
  args: string[];
  env: NodeJS.ProcessEnv;
} {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['SSH_AUTH_SOCK'];
  const args = [
    '-F',
    'none',
    '-p',
    String(gateway.port),
    '-o',
    `UserKnownHostsFile=${gateway.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'ConnectTimeout=20',
    ...(options.args ?? []),
  ];
  if (options.key) {
    args.push(
      '-i',
      options.key,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'PreferredAuthentications=publickey',
      '-o',
      'BatchMode=yes',
    );
  } else {
    const askpass = join(dir, `askpass-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(askpass, `#!/bin/sh\nprintf '%s\\n' '${options.password ?? ''}'\n`, { mode: 0o700 });
    env['SSH_ASKPASS'] = askpass;
    env['SSH_ASKPASS_REQUIRE'] = 'force';
    env['DISPLAY'] = ':0';
    args.push(
      '-o',
      'PreferredAuthentications=password',
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'NumberOfPasswordPrompts=1',
    );
  }
  args.push('agent@127.0.0.1');
  if (command !== undefined) args.push(command);
  return { args, env };
}

/** The real `scp` (SFTP protocol, OpenSSH's default since 9.0) uploading `local` to `remote` through the gateway. */
export function spawnScp(
  dir: string,
  gateway: Gateway,
  options: SshOptions,
  local: string,
  remote: string,
): ChildProcess {
  const { args, env } = sshArgs(dir, gateway, options);
  const port = args.indexOf('-p');
  args[port] = '-P';
  args.pop(); // the destination: scp names it with the path
  return spawn('scp', ['-s', ...args, local, `agent@127.0.0.1:${remote}`], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function spawnSsh(dir: string, gateway: Gateway, options: SshOptions, command?: string): ChildProcess {
  const { args, env } = sshArgs(dir, gateway, options, command);
  return spawn('ssh', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function ssh(
  dir: string,
  gateway: Gateway,
  options: SshOptions,
  command?: string,
): Promise<SshResult> {
  const proc = spawnSsh(dir, gateway, options, command);
  return collect(proc, options.stdin);
}

/** `stdin`: written and closed; null: left open for the test to write. */
export function collect(proc: ChildProcess, stdin?: string | null): Promise<SshResult> {
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  if (stdin !== null) proc.stdin?.end(stdin ?? '');
  return new Promise((res) => proc.on('close', (code) => res({ code, stdout, stderr })));
}

/**
 * ssh2's SFTP client as the agent, signed in to the gateway with a token (the gateway's host key
 * checked against the known_hosts file the rig wrote for it), in the expacti session `session`.
 */
export function sftpThroughGateway(
  gateway: Gateway,
  password: string,
  session: string,
): Promise<{ sftp: ssh2.SFTPWrapper; end(): void }> {
  const expected = /^\S+\s+\S+\s+(\S+)/.exec(readFileSync(gateway.knownHosts, 'utf8'))?.[1] ?? ''; // [host]:port algo key
  return new Promise((resolve, reject) => {
    const conn = new ssh2.Client();
    conn.once('error', reject);
    conn.once('ready', () => {
      // ssh2 sends `env` before the subsystem request (its typings omit the argument).
      const open = conn.sftp.bind(conn) as unknown as (
        env: Record<string, string>,
        cb: (error: Error | undefined, sftp: ssh2.SFTPWrapper) => void,
      ) => void;
      open({ EXPACTI_SESSION: session }, (error, sftp) => {
        if (error) return reject(error);
        resolve({ sftp, end: () => conn.end() });
      });
    });
    conn.connect({
      host: '127.0.0.1',
      port: gateway.port,
      username: 'agent',
      password,
      readyTimeout: 20_000,
      hostVerifier: (key: Buffer) => key.toString('base64') === expected,
    });
  });
}
