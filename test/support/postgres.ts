/**
 * Real PostgreSQL for tests, with zero set-up.
 *
 * - EXPACTI_TEST_PG_URL set (a server you run): each call creates a fresh database there.
 * - Otherwise: a private throwaway cluster from the installed binaries (/usr/lib/postgresql/N/bin):
 *   initdb into a temp dir (as the `postgres` user when running as root, since initdb refuses
 *   root), started on a free loopback port with fsync off, stopped and removed by stop().
 * - No binaries: fail with the command that installs them. Never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestPostgres {
  /** A fresh, empty database. */
  url: string;
  /** Another fresh, empty database on the same server (one per test suite). */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. Install them with:\n' +
  '  apt-get update && apt-get install -y postgresql\n' +
  '(or run scripts/ci-postgres.sh), or point EXPACTI_TEST_PG_URL at a server where the user may CREATE DATABASE.';

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.EXPACTI_TEST_PG_URL;
  if (external) {
    // A server we do not own: drop the databases we made there when done.
    const made: string[] = [];
    const createDatabase = async (): Promise<string> => {
      const url = await createFreshDatabase(external);
      made.push(new URL(url).pathname.slice(1));
      return url;
    };
    const stop = async (): Promise<void> => {
      const client = new pg.Client({ connectionString: external });
      await client.connect();
      try {
        for (const name of made)
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      } finally {
        await client.end();
      }
    };
    return { url: await createDatabase(), createDatabase, stop };
  }
  const cluster = await startCluster();
  const createDatabase = (): Promise<string> => createFreshDatabase(cluster.adminUrl);
  try {
    return { url: await createDatabase(), createDatabase, stop: cluster.stop };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

function findBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter(
          (v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'postgres')),
        )
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) throw new Error(INSTALL_HINT);
  return join(root, newest, 'bin');
}

/** uid/gid of the `postgres` user, when running as root (initdb and postgres refuse to run as root). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error('running as root, but there is no `postgres` user to run the server as: ' + INSTALL_HINT);
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function startCluster(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const bin = findBinaries();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'expacti-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const asServer = user ? { uid: user.uid, gid: user.gid } : {};
  const init = spawnSync(
    join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
      '--locale=C',
    ],
    { ...asServer, encoding: 'utf8', cwd: dir },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
  }
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
    shared_buffers: '32MB',
  };
  const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const server: ChildProcess = spawn(join(bin, 'postgres'), args, {
    ...asServer,
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const killOnExit = (): void => {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGQUIT'); // immediate shutdown: nothing here needs to survive
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (server.exitCode !== null) {
      await stop();
      throw new Error(`postgres exited while starting:\n${log}`);
    }
    const client = new pg.Client({ connectionString: adminUrl });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return { adminUrl, stop };
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`postgres did not accept connections within 15 s:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function createFreshDatabase(serverUrl: string): Promise<string> {
  const name = `expacti_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
