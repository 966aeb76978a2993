/**
 * End-to-end harness: a real `expacti serve` subprocess on a loopback port with its own data
 * directory, and real `expacti …` CLI subprocesses against it. Nothing is mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/expacti.js');

export interface Secrets {
  adminPassword: string;
  adminToken: string;
  agentToken: string;
}

export interface ServerHandle {
  url: string;
  port: number;
  dataDir: string;
  secrets: Secrets;
  proc: ChildProcess;
  /** stdout and stderr, interleaved. */
  output: () => string;
  /** stderr alone: the server's log. */
  log: () => string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** kill -9: no chance to clean up. */
  crash(): Promise<void>;
}

/** How long a server may take to start (loading the parsers and checking the rule table) on a busy machine. */
const START_TIMEOUT_MS = 60_000;

/** How long stop() waits after SIGTERM (the server's own grace is 5 s) before it kills and fails. */
const STOP_GRACE_MS = 20_000;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
    srv.on('error', reject);
  });
}

export function tempDir(prefix = 'expacti-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startServer(
  options: {
    dataDir?: string;
    port?: number;
    env?: NodeJS.ProcessEnv;
    secrets?: Secrets;
    args?: string[];
    /**
     * Keep the product default (read-only commands auto-allowed). Off by default here: most tests
     * are about review and use harmless commands (echo, ls) to have something to review.
     */
    autoAllowReadOnly?: boolean;
    /** Org settings to set after start (the benches lift the submission rate limits). */
    settings?: Record<string, unknown>;
  } = {},
): Promise<ServerHandle> {
  const dataDir = options.dataDir ?? tempDir().path;
  const port = options.port ?? (await freePort());
  const proc = spawn(
    process.execPath,
    [BIN, 'serve', '--port', String(port), '--data', dataDir, ...(options.args ?? [])],
    {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
    err += c.toString();
  });
  // A server that failed to come up in time is killed: left running, it would keep the test file's
  // process (and the whole run) from ending.
  const fail = (error: Error): never => {
    proc.kill('SIGKILL');
    throw error;
  };
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`server did not start within ${START_TIMEOUT_MS / 1000} s:\n${out}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const m = /expacti listening on (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    proc.stdout?.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  }).catch(fail);
  const pick = (name: string) => new RegExp(`${name}=(\\S+)`).exec(out)?.[1];
  const secrets = options.secrets ?? {
    adminPassword: pick('EXPACTI_ADMIN_PASSWORD') ?? '',
    adminToken: pick('EXPACTI_ADMIN_TOKEN') ?? '',
    agentToken: pick('EXPACTI_AGENT_TOKEN') ?? '',
  };
  if (!secrets.agentToken)
    fail(new Error(`no bootstrap secrets printed (reuse a data dir? pass secrets):\n${out}`));
  const settings = {
    ...(options.autoAllowReadOnly ? {} : { autoAllowReadOnly: false }),
    ...options.settings,
  };
  if (Object.keys(settings).length > 0) {
    const res = await fetch(`${url}/v1/org`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${secrets.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    }).catch(fail);
    if (!res.ok) fail(new Error(`could not set up the test org: ${res.status} ${await res.text()}`));
  }
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return {
    url,
    port,
    dataDir,
    secrets,
    proc,
    output: () => out,
    log: () => err,
    async stop() {
      proc.kill('SIGTERM');
      // A server that does not stop is a failure to see, not a test run that hangs forever.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((res) => (timer = setTimeout(() => res('late'), STOP_GRACE_MS)));
      const code = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (code !== 'late') return code;
      proc.kill('SIGKILL');
      await exited;
      throw new Error(
        `the server did not exit within ${STOP_GRACE_MS / 1000} s of SIGTERM (killed); the end of its log:\n${err.slice(-3000)}`,
      );
    },
    async crash() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** Starts `expacti ARGS…`; `result` settles when it exits. */
export function spawnCli(
  args: string[],
  options: CliOptions = {},
): { proc: ChildProcess; result: Promise<CliResult>; stderrSoFar(): string } {
  return spawnProgram(process.execPath, [BIN, ...args], options);
}

/** Starts PROGRAM ARGS… with the test's clean environment; `result` settles when it exits. */
export function spawnProgram(
  program: string,
  args: string[],
  options: CliOptions = {},
): { proc: ChildProcess; result: Promise<CliResult>; stderrSoFar(): string } {
  const proc = spawn(program, args, {
    cwd: options.cwd,
    env: { ...cleanEnv(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  proc.stdin?.end(options.input ?? '');
  const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  // 'exit' can come before the last of the output has been read from the pipes (a loaded machine
  // showed it: exit 0 and no stdout). Settle when both pipes have ended — or 2 s after the exit, for
  // a grandchild that keeps a pipe open.
  const ended = (stream: NodeJS.ReadableStream | null) =>
    stream === null ? Promise.resolve() : new Promise<void>((done) => stream.once('close', () => done()));
  const drained = Promise.all([ended(proc.stdout), ended(proc.stderr)]);
  const result = new Promise<CliResult>((res) =>
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      const grace = new Promise<void>((done) => setTimeout(done, 2000).unref());
      void Promise.race([drained, grace]).then(() => res({ code, signal, stdout, stderr }));
    }),
  );
  return { proc, result, stderrSoFar: () => stderr };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).result;
}

/** The environment without anything expacti-related from the developer's shell. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('EXPACTI_')) delete env[k];
  // Not a test itself: a `node --test` it runs must not think it is nested in this runner.
  delete env['NODE_TEST_CONTEXT'];
  env['EXPACTI_CONFIG'] = join(tmpdir(), 'expacti-test-no-config.json');
  // Checkpoints and spooled reports of the CLIs a test runs stay out of the real home.
  env['XDG_STATE_HOME'] = join(tmpdir(), `expacti-test-state-${process.pid}`);
  return env;
}

export function agentEnv(server: ServerHandle, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.agentToken, ...extra };
}

export function reviewerEnv(server: ServerHandle, token = server.secrets.adminToken): NodeJS.ProcessEnv {
  return { EXPACTI_URL: server.url, EXPACTI_TOKEN: token };
}

/** Polls until `fn` returns a value (for waiting on *test-side* conditions only). */
export async function eventually<T>(
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits for a pattern in a growing text (e.g. a CLI's stderr). */
export function waitForText(
  get: () => string,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<RegExpExecArray> {
  return eventually(() => pattern.exec(get()) ?? undefined, timeoutMs);
}
