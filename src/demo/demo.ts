/**
 * `expacti demo`: the whole idea in two minutes, on the real system. A real server (embedded store
 * in a temporary directory, loopback, a free port), a sandbox it creates beside it, a scripted
 * agent that sends every command through the real `expacti run`, and the dashboard already signed
 * in through a one-time link. Everything lives in one temporary directory, removed on every way out
 * (Ctrl-C included); with --postgres the database made for the demo is dropped too.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { ExpactiClient } from '../client/client.js';
import { resolveServerConfig } from '../server/config.js';
import { createLog } from '../server/log.js';
import { startServer, type RunningServer } from '../server/start.js';
import { FIRST_ORG_ID } from '../server/bootstrap.js';
import type { AgentRun } from './agent.js';
import { startCollector, type Collector } from './collector.js';
import { openPostgresDemo, openSqliteDemo, type DemoDatabase } from './database.js';
import { startLocalPostgres, type LocalPostgres } from './localPostgres.js';
import { Narrator } from './narrator.js';
import { playStory, type PlayReport } from './play.js';
import { makeSandboxDirs, populateSandbox, type Sandbox } from './sandbox.js';
import { COUNT_NULL_ROLES, demoStory } from './story.js';
import { TerminalKeys } from './terminalKeys.js';

export interface DemoOptions {
  /** Play the reviewer too; end when the story ends. */
  auto: boolean;
  /** A postgres:// URL, `local` (start a throwaway cluster), or absent (SQLite). */
  postgres?: string;
  /** Open the sign-in link in a browser (a person at a terminal). */
  open: boolean;
  port: number;
  out: NodeJS.WritableStream & { isTTY?: boolean };
  input: NodeJS.ReadStream;
}

/** How long the printed sign-in link works (single use either way). */
const LINK_TTL_MS = 10 * 60_000;

/** bin/expacti.js of this package (the agent runs the real CLI). */
export function expactiBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'bin', 'expacti.js');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cannot find bin/expacti.js of this package');
}

interface Parts {
  sandbox?: Sandbox;
  collector?: Collector;
  db?: DemoDatabase;
  pg?: LocalPostgres;
  server?: RunningServer;
  clients: ExpactiClient[];
  running: Set<AgentRun>;
  keys?: TerminalKeys;
}

/** Ends what was started, in reverse order, and removes the temporary directory. Never throws. */
async function teardown(p: Parts): Promise<void> {
  p.keys?.stop();
  for (const run of p.running) run.child.kill('SIGKILL');
  for (const c of p.clients) c.close();
  const quietly = async (f: (() => Promise<void>) | undefined) => {
    try {
      await f?.();
    } catch {
      // best effort: the directory is removed below whatever failed
    }
  };
  await quietly(p.server && (() => (p.server as RunningServer).close()));
  await quietly(p.db && (() => (p.db as DemoDatabase).close()));
  await quietly(p.pg && (() => (p.pg as LocalPostgres).stop()));
  await quietly(p.collector && (() => (p.collector as Collector).close()));
  if (p.sandbox) rmSync(p.sandbox.root, { recursive: true, force: true });
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const narrator = new Narrator(options.out);
  const parts: Parts = { clients: [], running: new Set() };
  let tornDown: Promise<void> | undefined;
  const end = () => (tornDown ??= teardown(parts));
  const onSignal = (signal: NodeJS.Signals) => {
    narrator.blank();
    narrator.line([`${signal}: ending the demo and removing its temporary directory…`, 'dim']);
    void end().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  // A closed output (`expacti demo | head`) ends the demo like Ctrl-C: cleaned up, not crashed.
  const onBrokenOutput = () => void end().then(() => process.exit(141));
  options.out.on('error', onBrokenOutput);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await run(options, narrator, parts);
    return finish(report, options, narrator, parts);
  } finally {
    await end();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    options.out.off('error', onBrokenOutput);
  }
}

async function run(options: DemoOptions, narrator: Narrator, parts: Parts): Promise<PlayReport> {
  const sandbox = (parts.sandbox = makeSandboxDirs());
  const collector = (parts.collector = await startCollector());
  populateSandbox(sandbox, collector.url);
  if (options.postgres === 'local') {
    narrator.line(['starting a throwaway PostgreSQL…', 'dim']);
    parts.pg = await startLocalPostgres(sandbox.root);
  }
  const pgUrl = options.postgres === 'local' ? parts.pg?.url : options.postgres;
  if (pgUrl) narrator.line(['creating 2,000,000 users in PostgreSQL…', 'dim']);
  const db = (parts.db = pgUrl
    ? await openPostgresDemo(pgUrl)
    : await openSqliteDemo(sandbox.project, join(sandbox.root, 'bin')));

  const config = resolveServerConfig(
    {
      host: '127.0.0.1',
      port: String(options.port),
      data: sandbox.data,
      logLevel: 'error',
      logFormat: 'json',
    },
    {},
  );
  const server = (parts.server = await startServer(config, createLog({ format: 'json', level: 'error' })));
  const secrets = server.bootstrap;
  if (!secrets) throw new Error('the demo server did not create its org');
  const reviewer = await ExpactiClient.create({ url: server.url, token: secrets.adminToken });
  parts.clients.push(reviewer);
  // Long enough for a person to look before deciding; an --auto run decides within seconds.
  await reviewer.call('PATCH', '/org', { approvalTimeoutSeconds: options.auto ? 120 : 1800 });
  await seedHistory(server, db.sql(COUNT_NULL_ROLES), db.port);

  const link = await server.signInLink(secrets.adminUser, LINK_TTL_MS);
  narrator.intro([
    ['dashboard', link],
    [
      '',
      `(one-time sign-in link, valid 10 minutes; afterwards: ${secrets.adminUser} / ${secrets.adminPassword})`,
    ],
    ['sandbox', sandbox.root],
    ['database', db.describe],
    ...(db.note ? ([['note', db.note]] as Array<[string, string]>) : []),
    ['reviewer', options.auto ? 'played by the script (--auto)' : 'you: in the dashboard, or with keys here'],
  ]);
  if (options.open) openBrowser(link);

  const keys = (parts.keys = new TerminalKeys(options.input));
  const runId = randomBytes(3).toString('hex');
  const agentEnv: NodeJS.ProcessEnv = {
    ...withoutExpacti(process.env),
    HOME: sandbox.home,
    XDG_CONFIG_HOME: join(sandbox.home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    ...db.env,
    EXPACTI_URL: server.url,
    EXPACTI_TOKEN: secrets.agentToken,
    // The runtime facts are the point of the demo: a busy machine (a browser beside it, CI) must
    // not turn them into "timed out" (docs/runtime-context.md).
    EXPACTI_PROBE_BUDGET_MS: '2000',
  };
  return playStory(demoStory(db, collector.url, runId), {
    narrator,
    reviewer,
    agent: { bin: expactiBin(), cwd: sandbox.project, env: agentEnv },
    auto: options.auto,
    keys: keys,
    serverUrl: server.url,
    pauseMs: options.auto ? 0 : 700,
    running: parts.running,
    world: {
      productionFiles: () => (existsSync(sandbox.production) ? readdirSync(sandbox.production).length : 0),
      collected: () => collector.received,
    },
  });
}

async function finish(report: PlayReport, options: DemoOptions, n: Narrator, parts: Parts): Promise<number> {
  n.blank();
  if (report.quit) {
    n.line(['You ended the demo early.', 'bold']);
    return 0;
  }
  if (report.mismatches.length === 0) n.ok(`all ${report.steps} steps ended as scripted`);
  else {
    n.warn(`${report.mismatches.length} thing(s) did not go as scripted:`);
    for (const m of report.mismatches) n.line('    - ', m);
  }
  for (const d of report.departures) n.line(['    · ', 'dim'], [d, 'dim']);
  const url = parts.server?.url ?? '';
  if (!options.auto) {
    n.blank();
    n.line('The dashboard stays up: the history, each session’s timeline and the audit log are at ', [
      `${url}/#/history`,
      'blue',
    ]);
    n.line(['Press q or Ctrl-C to end the demo; its temporary directory is removed.', 'bold']);
    await waitForQuit(options.input, parts.keys);
    return 0;
  }
  return report.mismatches.length === 0 ? 0 : 1;
}

function waitForQuit(input: NodeJS.ReadStream, keys: TerminalKeys | undefined): Promise<void> {
  if (keys?.available) {
    return keys.next(['quit', 'interrupt'], new AbortController().signal).then(() => undefined);
  }
  // Not a terminal: until stdin ends (or a signal ends the process).
  return new Promise((resolve) => {
    input.once('end', resolve);
    input.once('close', resolve);
    input.resume();
  });
}

/**
 * The seeded history: a reviewer (dana) approved the count query for the whole org weeks ago, and
 * it has run 12 times since. Written straight into the store (audited as the demo's seed), since
 * the API rightly records only what happens now.
 */
async function seedHistory(server: RunningServer, countQuery: string, port?: number): Promise<void> {
  const at = new Date(Date.now() - 19 * 86_400_000).toISOString();
  const id = `00000000-0000-4000-8000-${randomBytes(6).toString('hex')}`;
  await server.store.insertWhitelistEntry(
    {
      id,
      orgId: FIRST_ORG_ID,
      effect: 'allow',
      pattern: countQuery,
      exact: true,
      agent: null,
      createdBy: 'dana',
      createdFromRequest: null,
      createdAt: at,
      expiresAt: null,
      hits: 12,
      lastUsedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      disabled: false,
      note: 'row counts are fine',
      context: null,
      // Approved with the database's port: a whitelisted command runs without probes, so the
      // scope proposed from its text alone would only know psql's default port.
      scope: port
        ? {
            read: 'default',
            readSecrets: [],
            write: ['.', '$TMP'],
            remove: [],
            network: { mode: 'tcp', ports: [port] },
            unix: 'any',
            keepEnv: [],
            why: [`\`psql\` talks to the demo database (port ${port}, or its local socket)`],
          }
        : null,
    },
    [
      {
        ts: new Date().toISOString(),
        orgId: FIRST_ORG_ID,
        actor: { kind: 'system', id: null, name: 'expacti demo' },
        action: 'whitelist.added',
        subject: id,
        data: { pattern: countQuery, exact: true, seeded: 'demo history: approved by dana, 12 runs' },
      },
    ],
  );
}

function withoutExpacti(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('EXPACTI_')));
}

/** Best effort: a desktop opens the link; elsewhere it is printed only. */
function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin'
      ? 'open'
      : process.platform === 'win32'
        ? 'explorer'
        : process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']
          ? 'xdg-open'
          : null;
  if (!opener) return;
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // printed above
  }
}
