/**
 * `expacti doctor` against a real server and real settings files: all well, it says so and exits
 * 0; each thing that can be wrong — no server, a revoked token, a token of the wrong kind, a clock
 * far from the server's, a Claude hook that runs a program that is gone or gives up too early, a
 * config file others can read, confinement unavailable — is named with what to fix, and a failure
 * exits 1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { api } from './support/api.js';
import { freePort, runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';

interface Report {
  ok: boolean;
  checks: Array<{ name: string; status: 'ok' | 'warn' | 'fail'; detail: string; fix?: string }>;
}

describe('expacti doctor', () => {
  let server: ServerHandle;
  const home = tempDir('expacti-doctor-');
  const project = join(home.path, 'project');
  const claudeDir = join(home.path, 'claude');

  before(async () => {
    mkdirSync(project);
    mkdirSync(claudeDir);
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
    home.remove();
  });

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    EXPACTI_URL: server.url,
    EXPACTI_TOKEN: server.secrets.agentToken,
    EXPACTI_REVIEWER_TOKEN: server.secrets.adminToken,
    CLAUDE_CONFIG_DIR: claudeDir,
    ...extra,
  });
  const doctor = async (extra: NodeJS.ProcessEnv = {}, args: string[] = []) => {
    const res = await runCli(['doctor', '--json', ...args], { env: env(extra), cwd: project });
    return { code: res.code, report: JSON.parse(res.stdout) as Report, stderr: res.stderr };
  };
  const check = (report: Report, name: string) => {
    const found = report.checks.find((c) => c.name === name);
    assert.ok(found, `no ${name} check in ${JSON.stringify(report)}`);
    return found;
  };

  it('says everything looks right, naming the server, the token roles and the hook, and exits 0', async () => {
    const init = await runCli(['init', 'claude', '--timeout', '700'], { env: env(), cwd: project });
    assert.equal(init.code, 0, init.stderr);
    const res = await runCli(['doctor'], { env: env(), cwd: project });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, new RegExp(`^ok {4}server +${server.url.replace(/[.]/g, '\\.')} answers`, 'm'));
    assert.match(res.stdout, /^ok {4}clock +\d+\.\d s (behind|ahead of) the server/m);
    assert.match(res.stdout, /^ok {4}store +database answers .*change feed delivers/m);
    assert.match(res.stdout, /^ok {4}agent token +agent "agent" in org "default" \(from EXPACTI_TOKEN\)/m);
    assert.match(res.stdout, /^ok {4}reviewer token +admin "admin" .*\(from EXPACTI_REVIEWER_TOKEN\)/m);
    assert.match(
      res.stdout,
      /^ok {4}claude hook +installed in .*project\/\.claude\/settings\.json \(timeout 700 s\)/m,
    );
    assert.match(res.stdout, /^(ok {4}|warn {2})confinement +/m);
    assert.match(res.stdout, /expacti doctor: (everything looks right|no problems; \d warnings?)$/m);
    const json = await doctor();
    assert.equal(json.code, 0);
    assert.equal(json.report.ok, true);
  });

  it('fails on a server that does not answer, saying how to fix it', async () => {
    const res = await runCli(['doctor'], {
      env: env({ EXPACTI_URL: `http://127.0.0.1:${await freePort()}` }),
    });
    assert.equal(res.code, 1);
    assert.match(res.stdout, /^FAIL {2}server +http:\/\/127\.0\.0\.1:\d+ does not answer \(ECONNREFUSED\)/m);
    assert.match(res.stdout, /fix: start it \(expacti serve\)/);
    assert.match(res.stdout, /expacti doctor: 1 problem to fix/);
  });

  it('fails on a revoked agent token, and warns about a user token given to agents', async () => {
    const made = await api(server.url, 'POST', '/v1/tokens', server.secrets.adminToken, { agent: 'doomed' });
    const { token, secret } = made.body as unknown as { token: { id: string }; secret: string };
    assert.equal(
      (await api(server.url, 'DELETE', `/v1/tokens/${token.id}`, server.secrets.adminToken)).status,
      200,
    );
    const revoked = await doctor({ EXPACTI_TOKEN: secret });
    assert.equal(revoked.code, 1);
    const agent = check(revoked.report, 'agent token');
    assert.equal(agent.status, 'fail');
    assert.match(agent.detail, /unknown or revoked/);
    assert.match(agent.fix ?? '', /expacti login/);

    const wrongKind = await doctor({ EXPACTI_TOKEN: server.secrets.adminToken });
    assert.equal(check(wrongKind.report, 'agent token').status, 'warn');
    assert.match(
      check(wrongKind.report, 'agent token').detail,
      /a user token, so agents submitting with it are refused/,
    );
  });

  it('fails when the hook in Claude settings runs a program that is gone, and warns when it gives up too early', async () => {
    const settings = join(claudeDir, 'settings.json');
    const hook = (command: string, timeout: number) =>
      JSON.stringify({
        hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command, timeout }] }] },
      });
    writeFileSync(
      settings,
      hook(`'${process.execPath}' '/gone/expacti/bin/expacti.js' hook claude --timeout 700`, 700),
    );
    const gone = await doctor();
    assert.equal(gone.code, 1);
    const failing = gone.report.checks.find((c) => c.name === 'claude hook' && c.status === 'fail');
    assert.match(failing?.detail ?? '', /runs \/gone\/expacti\/bin\/expacti\.js, which does not exist/);
    assert.match(failing?.fix ?? '', /expacti init claude --user/);

    writeFileSync(settings, hook(`expacti hook claude --timeout 30`, 30));
    const early = await doctor();
    const warning = early.report.checks.find((c) => c.name === 'claude hook' && c.status === 'warn');
    assert.match(warning?.detail ?? '', /gives up after 30 s, before the org's approval timeout \(60 s\)/);
    writeFileSync(settings, '{}');
  });

  it('checks the hooks of the other hosts: installed and failing closed, a switch removed, a host found without one', async () => {
    const hostHome = join(home.path, 'hosts-home');
    const hostProject = join(hostHome, 'project');
    mkdirSync(hostProject, { recursive: true });
    // No host program on PATH: only what is in this home and project counts.
    const here = env({ HOME: hostHome, PATH: '/nonexistent' });
    for (const args of [['gemini'], ['cursor'], ['kimi']]) {
      const init = await runCli(['init', ...args, '--timeout', '700'], { env: here, cwd: hostProject });
      assert.equal(init.code, 0, init.stderr);
    }
    mkdirSync(join(hostHome, '.codex'));
    const run = async () => {
      const res = await runCli(['doctor', '--json'], { env: here, cwd: hostProject });
      return { code: res.code, report: JSON.parse(res.stdout) as Report };
    };
    const good = await run();
    for (const name of ['gemini hook', 'cursor hook', 'kimi hook']) {
      const c = check(good.report, name);
      assert.equal(c.status, 'ok', JSON.stringify(c));
      assert.match(c.detail, /installed, fails closed/);
    }
    const codex = check(good.report, 'codex hook');
    assert.equal(codex.status, 'warn');
    assert.match(codex.detail, /Codex CLI is here .* but has no expacti hook/);
    assert.match(codex.fix ?? '', /^expacti init codex/);
    assert.equal(
      good.report.checks.some((c) => c.name === 'goose hook'),
      false,
      'hosts not here are not listed',
    );

    // Take each host's fail-closed switch out, as a hand edit might.
    const cursorFile = join(hostProject, '.cursor', 'hooks.json');
    writeFileSync(
      cursorFile,
      readFileSync(cursorFile, 'utf8').replace('"failClosed": true', '"failClosed": false'),
    );
    const geminiFile = join(hostProject, '.gemini', 'settings.json');
    const gemini = JSON.parse(readFileSync(geminiFile, 'utf8')) as {
      hooks: { BeforeTool: Array<{ hooks: Array<{ command: string }> }> };
    };
    const entry = gemini.hooks.BeforeTool[0]?.hooks[0];
    assert.ok(entry);
    entry.command = entry.command.replace(/ \|\| \{.*\}$/, '');
    writeFileSync(geminiFile, JSON.stringify(gemini));
    const kimiFile = join(hostHome, '.kimi-code', 'config.toml');
    writeFileSync(kimiFile, readFileSync(kimiFile, 'utf8').replace('fail_mode = "closed"\n', ''));
    const bad = await run();
    assert.equal(bad.code, 1);
    const cursor = check(bad.report, 'cursor hook');
    assert.equal(cursor.status, 'fail');
    assert.match(cursor.detail, /does not fail closed: its entry lost "failClosed": true/);
    assert.match(cursor.fix ?? '', /^expacti init cursor/);
    assert.match(check(bad.report, 'gemini hook').detail, /lost the `\|\| … exit 2` tail/);
    assert.equal(check(bad.report, 'gemini hook').status, 'fail');
    assert.match(check(bad.report, 'kimi hook').detail, /lost fail_mode = "closed"/);
  });

  it('warns when the config file that holds tokens is readable by others', async () => {
    const file = join(home.path, 'config.json');
    writeFileSync(file, JSON.stringify({ url: server.url, token: server.secrets.agentToken }));
    chmodSync(file, 0o644);
    const res = await doctor({ EXPACTI_CONFIG: file, EXPACTI_URL: '', EXPACTI_TOKEN: '' });
    const config = check(res.report, 'config');
    assert.equal(config.status, 'warn');
    assert.match(config.detail, /holds tokens and is readable by others \(mode 644\)/);
    assert.match(config.fix ?? '', /^chmod 600 /);
    assert.equal(check(res.report, 'agent token').status, 'ok', 'the token in the file is still checked');
  });

  it('reports confinement turned off, unavailable on the kernel, or a helper that is broken', async () => {
    const off = check((await doctor({ EXPACTI_CONFINE: 'off' })).report, 'confinement');
    assert.equal(off.status, 'warn');
    assert.match(off.detail, /turned off by EXPACTI_CONFINE=off/);

    const noLandlock = join(home.path, 'no-landlock');
    writeFileSync(noLandlock, '#!/bin/sh\necho \'{"landlock":0,"seccomp":true}\'\nexit 121\n', {
      mode: 0o755,
    });
    const unavailable = check((await doctor({ EXPACTI_CONFINE_HELPER: noLandlock })).report, 'confinement');
    assert.equal(unavailable.status, 'warn');
    assert.match(unavailable.detail, /this kernel has no Landlock/);

    const broken = await doctor({ EXPACTI_CONFINE_HELPER: join(home.path, 'no-such-helper') });
    assert.equal(check(broken.report, 'confinement').status, 'fail');
    assert.equal(broken.code, 1);
  });

  describe('against a server whose clock is an hour ahead', () => {
    let skewed: Server;
    let url = '';
    before(async () => {
      // Not expacti: a stand-in that only tells the time, since the test cannot move a real clock.
      skewed = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/healthz')
          res.end(JSON.stringify({ ok: true, time: new Date(Date.now() + 3600_000).toISOString() }));
        else res.writeHead(404).end('{}');
      });
      await new Promise<void>((resolve) => skewed.listen(0, '127.0.0.1', () => resolve()));
      const address = skewed.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    after(() => new Promise<void>((resolve) => skewed.close(() => resolve())));

    it('fails the clock check, saying by how much and how to fix it', async () => {
      const res = await doctor({}, ['--url', url]);
      assert.equal(res.code, 1);
      const clock = check(res.report, 'clock');
      assert.equal(clock.status, 'fail');
      assert.match(clock.detail, /^3600\.\d s behind the server/);
      assert.match(clock.fix ?? '', /NTP/);
    });
  });
});
