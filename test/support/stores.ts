/**
 * Runs a describe block once per store: against an `expacti serve` on embedded SQLite, and against
 * one on a fresh database of a throwaway PostgreSQL (test/support/postgres.ts). `replica()` starts
 * another server on the same store (PostgreSQL: a second replica sharing the database).
 */
import { after, before, describe } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_KEY_FILE, createAuditKeyFile, readAuditKeys } from '../../src/server/auditKeys.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startServer, tempDir, type ServerHandle } from './expacti.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

export interface StoreServer {
  readonly kind: StoreKind;
  /** The server started for this block. */
  server(): ServerHandle;
  /** Another server on the same PostgreSQL database (replica); only for kind 'postgres'. */
  replica(extraArgs?: string[]): Promise<ServerHandle>;
  /** The block's store opened directly, beside the running server (close it when done). */
  openStore(): Promise<Store>;
}

export interface StoreServerOptions {
  /** Extra `expacti serve` flags for every server of the block. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

export function describeOnEachStore(
  title: string,
  body: (ctx: StoreServer) => void,
  options: StoreServerOptions = {},
): void {
  for (const kind of STORE_KINDS) {
    describe(`${title} (${kind})`, () => {
      const work = tempDir('expacti-store-server-');
      let pg: TestPostgres | undefined;
      let databaseUrl = '';
      let first: ServerHandle | undefined;
      const started: ServerHandle[] = [];
      const storeArgs = (): string[] =>
        kind === 'postgres' ? ['--database-url', databaseUrl, ...postgresServerArgs(work.path)] : [];

      before(async () => {
        if (kind === 'postgres') {
          pg = await startTestPostgres();
          databaseUrl = pg.url;
        }
        first = await startServer({ args: [...storeArgs(), ...(options.args ?? [])], env: options.env });
        started.push(first);
      });
      after(async () => {
        await Promise.all(started.map((s) => s.stop()));
        await pg?.stop();
        work.remove();
      });

      body({
        kind,
        server() {
          if (!first) throw new Error('server not started');
          return first;
        },
        async replica(extraArgs = []) {
          if (kind !== 'postgres' || !first) throw new Error('replicas need PostgreSQL');
          const s = await startServer({
            args: [...storeArgs(), ...(options.args ?? []), ...extraArgs],
            env: options.env,
            secrets: first.secrets,
          });
          started.push(s);
          return s;
        },
        openStore() {
          if (!first) throw new Error('server not started');
          if (kind === 'postgres')
            return openStore({
              databaseUrl,
              auditKeys: readAuditKeys(join(work.path, 'audit-keys.json')).chain,
            });
          return openStore({
            dataDir: first.dataDir,
            auditKeys: readAuditKeys(join(first.dataDir, AUDIT_KEY_FILE)).chain,
          });
        },
      });
    });
  }
}

/**
 * What every PostgreSQL replica of one deployment shares besides the database URL: the audit key
 * file (created in `sharedDir` on first use).
 */
export function postgresServerArgs(sharedDir: string): string[] {
  const file = join(sharedDir, 'audit-keys.json');
  if (!existsSync(file)) createAuditKeyFile(file, new Date());
  return ['--audit-key-file', file];
}
