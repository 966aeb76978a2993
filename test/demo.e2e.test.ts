/**
 * `expacti demo` end to end, as a user runs it (the built CLI): --auto plays the whole story and
 * exits 0 with every step as scripted; the temporary directory is gone afterwards, also after a
 * Ctrl-C while a request waits; --postgres local plays it against a real PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BIN, runCli } from './support/expacti.js';

interface Demo {
  stdout(): string;
  result: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
  end(): void;
}

function demo(args: string[]): Demo {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('EXPACTI_') || k === 'NODE_TEST_CONTEXT') delete env[k];
  const proc = spawn(process.execPath, [BIN, 'demo', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 120_000);
  const result = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { stdout: () => stdout, result, kill: (s) => proc.kill(s), end: () => proc.stdin.end() };
}

async function waitFor(get: () => string, pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(get());
    if (m) return m;
    if (Date.now() > until) throw new Error(`no ${pattern} within ${ms} ms in:\n${get()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sandboxOf = (out: string) => /sandbox\s+(\S+)/.exec(out)?.[1] ?? '';

describe('expacti demo', () => {
  it('--auto plays every step as scripted, shows why, and removes its directory', async () => {
    const started = Date.now();
    const d = demo(['--auto']);
    const res = await d.result;
    assert.equal(res.code, 0, res.stdout + res.stderr);
    const out = res.stdout;
    assert.match(out, /dashboard\s+http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\/[A-Za-z0-9_-]{43}/);
    assert.match(out, /passed at once \(auto-allow read-only\)/);
    assert.match(out, /passed — whitelisted: approved by dana on \d{4}-\d\d-\d\d, run 12 times before/);
    assert.match(out, /UPDATE estimated at 184,000 rows on sqlite .*app\.db \(counted read-only\)/);
    assert.match(out, /no narrow WHERE: it selects 184,000 of the 200,000 rows of users \(92%\)/);
    assert.match(out, /\(reads the note\) “Too broad: .*add AND org_id = 42\.”/);
    assert.match(out, /UPDATE estimated at 800 rows/);
    assert.match(out, /build-cache resolves to .*production\/uploads/);
    assert.match(out, /all 40 files still there/);
    assert.match(out, /\[taint\.instructions\] possible prompt injection: .*left-pad\/README\.md/);
    assert.match(out, /\[sequence\.secret-then-egress\] possible exfiltration: .*`grep STRIPE_KEY \.env`/);
    assert.match(out, /the attacker’s endpoint received nothing/);
    assert.match(out, /all 13 steps ended as scripted/);
    assert.equal(out.includes('\u001b['), false, 'no colour in a pipe');
    const sandbox = sandboxOf(out);
    assert.ok(sandbox.includes('expacti-demo-'), out);
    assert.equal(existsSync(sandbox), false, 'the temporary directory is removed');
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });

  it('Ctrl-C while a request waits ends the demo and removes everything it made', async () => {
    const d = demo(['--no-open']);
    const [, url] = await waitFor(
      d.stdout,
      /your call in the dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#\/requests\//,
    );
    const sandbox = sandboxOf(d.stdout());
    assert.ok(existsSync(sandbox));
    d.kill('SIGINT');
    const res = await d.result;
    assert.equal(res.code, 130, res.stdout + res.stderr);
    assert.match(res.stdout, /SIGINT: ending the demo and removing its temporary directory/);
    assert.equal(existsSync(sandbox), false);
    await assert.rejects(fetch(`${url}/readyz`), 'the server is gone');
  });

  it('--postgres local plays the story on a throwaway PostgreSQL with 2,000,000 users', async () => {
    const d = demo(['--auto', '--postgres', 'local']);
    const res = await d.result;
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /PostgreSQL database expacti_demo_\w+ on 127\.0\.0\.1:\d+, 2,000,000 users/);
    assert.match(
      res.stdout,
      /CRITICAL \[context\.sql\.rows\] UPDATE estimated at [\d,]+ rows on 127\.0\.0\.1:\d+\/expacti_demo_\w+ \(planner estimate\)/,
    );
    assert.match(res.stdout, /all 13 steps ended as scripted/);
    assert.equal(existsSync(sandboxOf(res.stdout)), false);
  });

  it('refuses a --postgres that is neither a URL nor local, with the usage', async () => {
    const res = await runCli(['demo', '--postgres', 'mysql://x']);
    assert.equal(res.code, 64);
    assert.match(res.stderr, /--postgres takes a postgres:\/\/ URL or the word local/);
  });
});
