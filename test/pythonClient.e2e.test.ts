/**
 * The stdlib-only Python client (clients/python) against a live server: python3 from this machine
 * runs scripts that use `expacti` as an agent would, and the test plays the reviewer through the
 * API. Also runs the client's own unit tests (`python3 -m unittest`), so `npm test` covers them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

const CLIENT = resolve(import.meta.dirname, '../clients/python');
const SCENARIO = join(CLIENT, 'tests', 'e2e_scenario.py');

interface PythonRun {
  code: number | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

/**
 * Runs python3 with `args`; `onLine` sees each JSON line as it arrives (to approve or deny a waiting
 * request). Killed after 60 s so a hang fails the test instead of the run.
 */
function python(
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: Record<string, unknown>) => void = () => undefined,
): Promise<PythonRun> {
  return new Promise((res, rej) => {
    const proc = spawn('python3', args, {
      cwd: CLIENT,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: PythonRun['lines'] = [];
    let buffer = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => {
      buffer += c.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        onLine(line);
      }
    });
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.once('error', rej);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      setImmediate(() => res({ code, lines, stderr }));
    });
  });
}

describe('Python client (clients/python) against a live server', () => {
  let server: ServerHandle;
  const work = tempDir('expacti-python-');
  let env: NodeJS.ProcessEnv;
  const decide = (id: string, how: 'approve' | 'deny', body: Record<string, unknown> = {}) =>
    api(server.url, 'POST', `/v1/requests/${id}/${how}`, server.secrets.adminToken, body);
  const last = (run: PythonRun) => run.lines[run.lines.length - 1] ?? {};

  before(async () => {
    server = await startServer();
    env = { EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.agentToken, EXPACTI_SESSION: 'py-e2e' };
  });
  after(async () => {
    await server.stop();
    work.remove();
  });

  it('passes its own unit tests (python3 -m unittest)', async () => {
    const run = await new Promise<{ code: number | null; out: string }>((res) => {
      const proc = spawn('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'], {
        cwd: CLIENT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
      proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
      proc.once('exit', (code) => res({ code, out }));
    });
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Ran \d+ tests/);
    assert.match(run.out, /\nOK\n/, 'every test ran and passed (none skipped)');
  });

  it('request() waits for a reviewer, who approves through the API; the approval is claimed once', async () => {
    const run = await python([SCENARIO, 'request', 'echo py-approved', work.path], env, (line) => {
      if (typeof line['waiting'] === 'string')
        void decide(line['waiting'], 'approve', { note: 'fine', whitelist: true });
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(typeof run.lines[0]?.['waiting'], 'string', 'it waited for a reviewer first');
    const result = last(run);
    assert.equal(result['allowed'], true);
    assert.equal(result['by'], 'reviewer');
    assert.equal(result['note'], 'fine');
    assert.match(String(result['justification']), /approved by admin: fine/);
    assert.deepEqual(result['command'], { shell: 'echo py-approved' });
    const replay = await api(
      server.url,
      'POST',
      `/v1/requests/${String(result['requestId'])}/execute`,
      server.secrets.agentToken,
      {},
    );
    assert.equal(replay.status, 409, 'the single-use approval was already claimed by the client');
    const shown = await api(
      server.url,
      'GET',
      `/v1/requests/${String(result['requestId'])}`,
      server.secrets.adminToken,
    );
    const request = shown.body['request'] as { reason: string; session: string; cwd: string };
    assert.equal(request.reason, 'python e2e');
    assert.equal(request.session, 'py-e2e');
    assert.equal(request.cwd, work.path);
  });

  it('check() and request() see the whitelisted command as allowed at once', async () => {
    const checked = await python([SCENARIO, 'check', 'echo py-approved'], env);
    assert.equal(last(checked)['decision'], 'allow');
    assert.match(String(last(checked)['justification']), /whitelisted: approved by admin/);
    const run = await python([SCENARIO, 'request', 'echo py-approved', work.path], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lines.length, 1, 'no wait for a whitelisted command');
    assert.equal(last(run)['allowed'], true);
    assert.equal(last(run)['by'], 'whitelist');
  });

  it('request() returns a denial with the reviewer’s note', async () => {
    const run = await python([SCENARIO, 'request', 'rm -rf ./py-dist', work.path], env, (line) => {
      if (typeof line['waiting'] === 'string') void decide(line['waiting'], 'deny', { note: 'keep py-dist' });
    });
    assert.equal(run.code, 0, run.stderr);
    const result = last(run);
    assert.equal(result['allowed'], false);
    assert.equal(result['outcome'], 'denied');
    assert.equal(result['note'], 'keep py-dist');
    assert.match(String(result['justification']), /denied by admin: keep py-dist/);
  });

  it('run() runs only on approval and reports the exit status to the server', async () => {
    const marker = join(work.path, 'py-ran');
    const command = `touch ${marker}; echo out; echo err >&2; exit 4`;
    const run = await python([SCENARIO, 'run', command, work.path], env, (line) => {
      if (typeof line['waiting'] === 'string') {
        assert.equal(existsSync(marker), false, 'nothing runs before the approval');
        void decide(line['waiting'], 'approve');
      }
    });
    assert.equal(run.code, 0, run.stderr);
    const result = last(run);
    assert.equal(result['ran'], true);
    assert.equal(result['exitCode'], 4);
    assert.equal(result['stdout'], 'out\n');
    assert.equal(result['stderr'], 'err\n');
    assert.equal(existsSync(marker), true);
    const shown = await api(
      server.url,
      'GET',
      `/v1/requests/${String(result['requestId'])}`,
      server.secrets.adminToken,
    );
    const execution = (shown.body['request'] as { execution?: { exitCode: number; confinement: string } })
      .execution;
    assert.equal(execution?.exitCode, 4);
    assert.equal(execution?.confinement, 'unconfined');
  });

  it('run() does not run a denied command', async () => {
    const marker = join(work.path, 'py-denied');
    const run = await python([SCENARIO, 'run', `touch ${marker}`, work.path], env, (line) => {
      if (typeof line['waiting'] === 'string') void decide(line['waiting'], 'deny', { note: 'not now' });
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(last(run)['ran'], false);
    assert.equal(last(run)['outcome'], 'denied');
    assert.equal(last(run)['note'], 'not now');
    assert.equal(existsSync(marker), false);
  });

  it('guarded_shell() gives the model the output, or the denial with the note, as text', async () => {
    // guarded_shell() says nothing while it waits (a framework tool): the reviewer finds it in the queue.
    const reviewer = (session: string, how: 'approve' | 'deny', body: Record<string, unknown> = {}) => {
      const timer = setInterval(() => {
        void api(
          server.url,
          'GET',
          `/v1/requests?status=pending&session=${session}`,
          server.secrets.adminToken,
        ).then((res) => {
          const pending = (res.body['requests'] as Array<{ id: string }> | undefined)?.[0];
          if (!pending) return;
          clearInterval(timer);
          void decide(pending.id, how, body);
        });
      }, 100);
      return () => clearInterval(timer);
    };
    let stop = reviewer('py-tool-ok', 'approve');
    const ok = await python([SCENARIO, 'tool', 'echo py-tool; exit 3', work.path], {
      ...env,
      EXPACTI_SESSION: 'py-tool-ok',
    });
    stop();
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(String(last(ok)['text']), /^exit code 3\n--- stdout ---\npy-tool\n/);
    const marker = join(work.path, 'py-tool-denied');
    stop = reviewer('py-tool-denied', 'deny', { note: 'use the Makefile' });
    const denied = await python([SCENARIO, 'tool', `touch ${marker}`, work.path], {
      ...env,
      EXPACTI_SESSION: 'py-tool-denied',
    });
    stop();
    assert.equal(denied.code, 0, denied.stderr);
    const text = String(last(denied)['text']);
    assert.match(text, /^expacti: DENIED — the command was not run\./);
    assert.match(text, /note: use the Makefile/);
    assert.equal(existsSync(marker), false);
  });

  it('fails closed with a clear message when the server is down', async () => {
    const marker = join(work.path, 'py-down');
    const down = { ...env, EXPACTI_URL: 'http://127.0.0.1:9' };
    const run = await python([SCENARIO, 'run', `touch ${marker}`, work.path], down);
    assert.equal(run.code, 3);
    assert.equal(last(run)['error'], 'unavailable');
    assert.match(String(last(run)['message']), /cannot reach the expacti server at http:\/\/127\.0\.0\.1:9/);
    const tool = await python([SCENARIO, 'tool', `touch ${marker}`, work.path], down);
    assert.equal(tool.code, 0);
    assert.match(String(last(tool)['text']), /^expacti: NOT RUN — cannot reach the expacti server/);
    assert.equal(existsSync(marker), false);
  });

  it('refuses a revoked token without running anything', async () => {
    const marker = join(work.path, 'py-unauthorized');
    const run = await python([SCENARIO, 'run', `touch ${marker}`, work.path], {
      ...env,
      EXPACTI_TOKEN: 'exp_a_not-a-real-token',
    });
    assert.equal(run.code, 3);
    assert.equal(last(run)['error'], 'unauthorized');
    assert.equal(existsSync(marker), false);
  });
});
