/**
 * No lost first notification (issue 11), on both stores: the server is killed with SIGKILL at the
 * exact moment a new pending request has committed (test/support/crashAfterInsert.ts), before
 * anything after the insert runs. Started again on the same data, it must still announce that
 * request to a real HTTP receiver — which holds only when the message was stored in the same
 * transaction as the request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { freePort, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { postgresServerArgs } from './support/stores.js';
import { api } from './support/api.js';

const CHILD = resolve(import.meta.dirname, 'support/crashAfterInsert.ts');

interface Receiver {
  url: string;
  got: Array<Record<string, unknown>>;
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const got: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      got.push(JSON.parse(raw) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, server };
}

/** Crash servers started here: one that did not die as planned must not keep the test file alive. */
const children: ChildProcess[] = [];
after(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Runs the self-killing server on the data of a stopped one; resolves once it listens. */
async function startCrashServer(
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; died: Promise<NodeJS.Signals | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const died = new Promise<NodeJS.Signals | null>((r) => proc.once('exit', (_code, signal) => r(signal)));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      rej(new Error(`the crash server did not start:\n${out}`));
    }, 30_000);
    proc.stdout.on('data', () => {
      const m = /crash-server listening on (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1]);
      }
    });
    void died.then(() => {
      clearTimeout(timer);
      rej(new Error(`the crash server exited before listening:\n${out}`));
    });
  });
  return { url, died };
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the first notification of a request survives a kill -9 right after its insert (${kind})`, () => {
    const work = tempDir(`expacti-notify-crash-${kind}-`);
    const dataDir = join(work.path, 'data');
    const policyFile = join(work.path, 'policy.yaml');
    let receiver: Receiver;
    let pg: TestPostgres | undefined;
    let server: ServerHandle | undefined;
    let storeArgs: string[] = [];
    let storeEnv: NodeJS.ProcessEnv = {};

    before(async () => {
      receiver = await startReceiver();
      writeFileSync(
        policyFile,
        `version: 1
notifications:
  channels:
    - { name: team-chat, type: slack, url: "${receiver.url}/chat" }
`,
      );
      if (kind === 'postgres') {
        pg = await startTestPostgres();
        storeArgs = ['--database-url', pg.url, ...postgresServerArgs(work.path)];
        storeEnv = {
          EXPACTI_DATABASE_URL: pg.url,
          EXPACTI_AUDIT_KEY_FILE: join(work.path, 'audit-keys.json'),
        };
      }
    });
    after(async () => {
      await server?.stop();
      await pg?.stop();
      receiver?.server.close();
      work.remove();
    });

    it('announces the request after a restart, to a real HTTP receiver', async () => {
      // A first start creates the org, the tokens and the settings (then stops cleanly).
      const first = await startServer({ dataDir, args: [...storeArgs, '--policy', policyFile] });
      const secrets = first.secrets;
      await first.stop();

      const port = await freePort();
      const crash = await startCrashServer({
        ...storeEnv,
        EXPACTI_PORT: String(port),
        EXPACTI_DATA_DIR: dataDir,
        EXPACTI_POLICY_FILE: policyFile,
        EXPACTI_LOG_LEVEL: 'warn',
      });
      const marker = join(work.path, 'never-announced-before-the-fix');
      const submitted = await api(crash.url, 'POST', '/v1/requests', secrets.agentToken, {
        command: { argv: ['touch', marker] },
        cwd: work.path,
      }).catch((error: unknown) => error);
      assert.ok(submitted instanceof Error, 'the server died before it could answer');
      assert.equal(await crash.died, 'SIGKILL');
      assert.equal(receiver.got.length, 0, 'nothing was sent before the crash');

      server = await startServer({ dataDir, secrets, args: [...storeArgs, '--policy', policyFile] });
      const pending = await api(server.url, 'GET', '/v1/requests?status=pending', secrets.adminToken);
      const stored = (pending.body['requests'] as Array<{ id: string; commandText: string }>).find((r) =>
        r.commandText.includes(marker),
      );
      assert.ok(stored, 'the request committed before the kill');
      // The Slack-style body names the command, not the request id.
      const about = (m: Record<string, unknown>) => JSON.stringify(m).includes(marker);
      const message = await until('the notification', () => receiver.got.find(about));
      assert.match(String(message.text), /A \w+ request waits for a reviewer/);
      assert.match(String(message.text), /\/v1\/links\/[A-Za-z0-9_-]{43}$/);
      // Delivered once, not once per start.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(receiver.got.filter(about).length, 1);
    });
  });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`a decision's notification survives a kill -9 right after the decision (${kind})`, () => {
    const work = tempDir(`expacti-decided-crash-${kind}-`);
    const dataDir = join(work.path, 'data');
    const policyFile = join(work.path, 'policy.yaml');
    let receiver: Receiver;
    let pg: TestPostgres | undefined;
    let server: ServerHandle | undefined;
    let storeArgs: string[] = [];
    let storeEnv: NodeJS.ProcessEnv = {};

    before(async () => {
      receiver = await startReceiver();
      writeFileSync(
        policyFile,
        `version: 1
rules:
  - name: touch-is-watched
    description: a policy request, so its decision is announced
    match: { program: [touch] }
    effect: { approvals: 1 }
    examples: { match: ["touch x"], noMatch: ["ls"] }
notifications:
  channels:
    - { name: decisions, type: slack, url: "${receiver.url}/chat", events: [decided] }
`,
      );
      if (kind === 'postgres') {
        pg = await startTestPostgres();
        storeArgs = ['--database-url', pg.url, ...postgresServerArgs(work.path)];
        storeEnv = {
          EXPACTI_DATABASE_URL: pg.url,
          EXPACTI_AUDIT_KEY_FILE: join(work.path, 'audit-keys.json'),
        };
      }
    });
    after(async () => {
      await server?.stop();
      await pg?.stop();
      receiver?.server.close();
      work.remove();
    });

    it('announces the denial after a restart, exactly once', async () => {
      const first = await startServer({ dataDir, args: [...storeArgs, '--policy', policyFile] });
      const secrets = first.secrets;
      const marker = join(work.path, 'denied-before-the-crash');
      const submitted = await api(first.url, 'POST', '/v1/requests', secrets.agentToken, {
        command: { argv: ['touch', marker] },
        cwd: work.path,
      });
      const id = String(
        (submitted.body['request'] as { id: string } | undefined)?.id ?? submitted.body['id'],
      );
      await first.stop();

      const port = await freePort();
      const crash = await startCrashServer({
        ...storeEnv,
        EXPACTI_PORT: String(port),
        EXPACTI_DATA_DIR: dataDir,
        EXPACTI_POLICY_FILE: policyFile,
        EXPACTI_LOG_LEVEL: 'warn',
        EXPACTI_CRASH_AFTER: 'decide',
      });
      const denied = await api(crash.url, 'POST', `/v1/requests/${id}/deny`, secrets.adminToken, {
        note: 'not today',
      }).catch((error: unknown) => error);
      assert.ok(denied instanceof Error, 'the server died before it could answer');
      assert.equal(await crash.died, 'SIGKILL');

      server = await startServer({ dataDir, secrets, args: [...storeArgs, '--policy', policyFile] });
      const stored = await api(server.url, 'GET', `/v1/requests/${id}`, secrets.adminToken);
      assert.equal(
        (stored.body['request'] as { status?: string } | undefined)?.status ?? stored.body['status'],
        'denied',
      );
      // The Slack-style body names the command and the outcome.
      const about = (m: Record<string, unknown>) => JSON.stringify(m).includes(marker);
      const message = await until('the decision notification', () => receiver.got.find(about));
      assert.match(String(message['text']), /^Request denied: /);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(receiver.got.filter(about).length, 1);
    });
  });
}
