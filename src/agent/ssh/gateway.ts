/**
 * `expacti ssh-gateway` (issue 14): an SSH server agents connect to instead of the target. Each
 * connection signs in as an expacti agent (agentAuth.ts), opens its own connection on to the one
 * target (target.ts), and every command it asks for goes through the gate first: `exec` requests
 * (execChannel.ts), interactive shells line by line (shellChannel.ts), SFTP file operations as the
 * equivalent shell commands (sftpChannel.ts); a raw terminal only for agents the org lists
 * (rawShell.ts). Nothing reaches the target without a decision; a
 * client that disconnects while waiting cancels its request. Port, X11 and agent forwarding are
 * refused.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { AuthorizedAgentKey } from './authorizedAgents.js';
import {
  agentForToken,
  findAgentKey,
  readTokenFile,
  signatureValid,
  type SignedInAgent,
} from './agentAuth.js';
import { connectTarget, describeTarget, type TargetOptions } from './target.js';
import { collectOnTarget, contextUnavailable } from './targetProbes.js';
import type { GateSession } from './gateCommand.js';
import type { PtyRequest } from './runOnTarget.js';
import { handleExec } from './execChannel.js';
import { handleShell } from './shellChannel.js';
import { handleSftp } from './sftpChannel.js';

export interface GatewayOptions {
  listenHost: string;
  listenPort: number;
  hostKeyFiles: string[];
  serverUrl: string;
  target: TargetOptions;
  /** Public keys that may sign in, each mapped to an agent's token (authorizedAgents.ts). */
  agentKeys: readonly AuthorizedAgentKey[];
  log: (line: string) => void;
}

/** Failed sign-ins after which the connection is dropped. */
const MAX_AUTH_FAILURES = 3;

/** What one agent connection shares between its channels. */
export interface GatewayConnection {
  readonly id: string;
  readonly agent: SignedInAgent;
  readonly targetName: string;
  /** Aborted when the agent disconnects: pending waits cancel their requests. */
  readonly closed: AbortSignal;
  /** The target connection (opened on first use) and the gate's view of the session. */
  open(session: string | undefined): Promise<{ conn: ssh2.Client; gate: GateSession }>;
  log(line: string): void;
}

export function startGateway(options: GatewayOptions): Promise<ssh2.Server> {
  const hostKeys = options.hostKeyFiles.map((f) => readFileSync(f));
  const server = new ssh2.Server({ hostKeys }, (client, info) => onClient(options, client, info.ip));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort, options.listenHost, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function onClient(options: GatewayOptions, client: ssh2.Connection, ip: string): void {
  const id = randomUUID();
  const closed = new AbortController();
  let agent: SignedInAgent | null = null;
  let failures = 0;
  const log = (line: string) => options.log(`ssh-gateway: [${id.slice(0, 8)} ${ip}] ${line}`);

  const fail = (ctx: ssh2.AuthContext) => {
    failures++;
    if (failures >= MAX_AUTH_FAILURES) {
      log('too many failed sign-ins; disconnecting');
      client.end();
      return;
    }
    ctx.reject(options.agentKeys.length > 0 ? ['password', 'publickey'] : ['password']);
  };

  client.on('authentication', (ctx) => {
    if (ctx.method === 'password') {
      agentForToken(options.serverUrl, ctx.password).then(
        (signedIn) => {
          if (!signedIn) return fail(ctx);
          agent = signedIn;
          log(`agent ${signedIn.name} signed in with its token`);
          ctx.accept();
        },
        () => fail(ctx),
      );
      return;
    }
    if (ctx.method === 'publickey') {
      const key = findAgentKey(options.agentKeys, ctx);
      if (!key) return fail(ctx);
      if (!ctx.signature) return ctx.accept(); // the client asks whether this key would do
      if (!signatureValid(key, ctx)) return fail(ctx);
      let token: string;
      try {
        token = readTokenFile(key.tokenFile);
      } catch (error) {
        log(`cannot read ${key.tokenFile}: ${(error as Error).message}`);
        return fail(ctx);
      }
      agentForToken(options.serverUrl, token).then(
        (signedIn) => {
          if (!signedIn) {
            log(`the token in ${key.tokenFile} was refused by the server`);
            return fail(ctx);
          }
          agent = signedIn;
          log(`agent ${signedIn.name} signed in with key ${key.comment || key.algo}`);
          ctx.accept();
        },
        () => fail(ctx),
      );
      return;
    }
    ctx.reject(options.agentKeys.length > 0 ? ['password', 'publickey'] : ['password']);
  });

  let target: Promise<ssh2.Client> | undefined;
  let cwd: Promise<string> | undefined;
  client.on('ready', () => {
    if (!agent) {
      client.end();
      return;
    }
    const connection: GatewayConnection = {
      id,
      agent,
      targetName: describeTarget(options.target),
      closed: closed.signal,
      log,
      async open(session) {
        target ??= connectTarget(options.target);
        const conn = await target;
        cwd ??= homeOf(conn);
        const home = await cwd;
        // Commands start in the account's home; a home the target did not name ("~") cannot be probed.
        const place = home.startsWith('/') ? { cwd: home, home } : null;
        return {
          conn,
          gate: {
            client: (agent as SignedInAgent).client,
            session: session ?? `ssh-${id}`,
            cwd: home,
            host: options.target.host,
            osUser: options.target.username,
            probe: (probes) =>
              place
                ? collectOnTarget(conn, place, probes)
                : Promise.resolve(
                    contextUnavailable(probes, 'the target did not say where commands start (no SFTP)'),
                  ),
          },
        };
      },
    };
    client.on('session', (accept) => onSession(connection, accept()));
  });

  client.on('error', (error) => log(`connection error: ${error.message}`));
  client.on('close', () => {
    closed.abort();
    target?.then((c) => c.end()).catch(() => undefined);
    agent?.client.close();
  });
}

function onSession(connection: GatewayConnection, session: ssh2.Session): void {
  let pty: PtyRequest | null = null;
  let expactiSession: string | undefined;
  session.on('pty', (accept, _reject, info) => {
    pty = {
      term: info.term,
      cols: info.cols,
      rows: info.rows,
      width: info.width,
      height: info.height,
      modes: info.modes,
    };
    accept?.();
  });
  let resize: ((cols: number, rows: number) => void) | null = null;
  session.on('window-change', (accept, _reject, info) => {
    if (pty) Object.assign(pty, { cols: info.cols, rows: info.rows });
    resize?.(info.cols, info.rows);
    accept?.();
  });
  // The agent may name its session (ssh -o SetEnv=EXPACTI_SESSION=…): its commands group with the rest of its run.
  session.on('env', (accept, reject, info) => {
    if (info.key === 'EXPACTI_SESSION' && /^[\x21-\x7e]{1,255}$/.test(info.val)) {
      expactiSession = info.val;
      accept?.();
    } else reject?.();
  });
  session.on('exec', (accept, _reject, info) =>
    handleExec(connection, accept(), info.command, pty, expactiSession),
  );
  session.on('shell', (accept) =>
    handleShell(connection, accept(), pty, expactiSession, (listener) => (resize = listener)),
  );
  session.on('subsystem', (_accept, reject) => reject?.());
  session.on('sftp', (accept) => handleSftp(connection, accept, expactiSession));
  for (const refused of ['x11', 'auth-agent', 'signal'] as const)
    session.on(refused as 'x11', (_accept, reject) => reject?.());
}

/** Where commands start on the target: its answer to SFTP realpath("."), or "~" when it has no SFTP. */
function homeOf(conn: ssh2.Client): Promise<string> {
  return new Promise((resolve) => {
    conn.sftp((error, sftp) => {
      if (error) return resolve('~');
      sftp.realpath('.', (e, path) => {
        sftp.end();
        resolve(e || !path ? '~' : path);
      });
    });
  });
}
