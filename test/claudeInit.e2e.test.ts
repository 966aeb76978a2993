/**
 * `expacti init claude` writes the hook into Claude Code's settings.json: merged with what is
 * there, idempotent, with a timeout above the org's approval timeout, and a command that blocks
 * (exit 2) if expacti cannot even start.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { answerOf, preToolUse } from './support/hook.js';

interface Settings {
  hooks: {
    PreToolUse: Array<{ matcher: string; hooks: Array<{ type: string; command: string; timeout: number }> }>;
  } & Record<string, unknown>;
  [key: string]: unknown;
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Settings;
const ours = (s: Settings) =>
  s.hooks.PreToolUse.flatMap((g) =>
    g.hooks.filter((h) => / hook claude /.test(h.command)).map((h) => ({ ...h, matcher: g.matcher })),
  );

describe('expacti init claude', () => {
  const home = tempDir('expacti-home-');
  const env = { HOME: home.path, CLAUDE_CONFIG_DIR: join(home.path, '.claude') };

  after(() => home.remove());

  it('adds the hook to a project settings file, keeping every other setting and hook', async () => {
    const project = tempDir('expacti-project-');
    const path = join(project.path, '.claude', 'settings.json');
    mkdirSync(join(project.path, '.claude'));
    const existing = {
      model: 'opus',
      permissions: { allow: ['Bash(npm test)'] },
      hooks: {
        PreToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'lint-on-edit' }] }],
        PostToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'log-it' }] }],
      },
    };
    writeFileSync(path, JSON.stringify(existing));
    const res = await runCli(['init', 'claude', '--project'], { cwd: project.path, env });
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stdout,
      /added the expacti hook to .*\.claude\/settings\.json \(Bash commands, timeout 600 s\)/,
    );
    assert.match(res.stderr, /could not read the org's approval timeout/);
    const settings = read(path);
    assert.equal(settings['model'], 'opus');
    assert.deepEqual(settings['permissions'], existing.permissions);
    // The read observer (issue 25) goes beside the user's own PostToolUse hooks.
    const post = settings.hooks['PostToolUse'] as Array<{
      matcher: string;
      hooks: Array<{ command: string; timeout: number }>;
    }>;
    assert.deepEqual(post[0], existing.hooks.PostToolUse[0]);
    assert.equal(post.length, 2);
    assert.equal(post[1]?.matcher, 'Read|WebFetch|WebSearch|Grep|Bash|mcp__.*');
    assert.match(post[1]?.hooks[0]?.command ?? '', / hook claude --observe \|\| true$/);
    assert.equal(post[1]?.hooks[0]?.timeout, 30);
    assert.match(res.stdout, /with the read observer/);
    assert.deepEqual(settings.hooks.PreToolUse[0], existing.hooks.PreToolUse[0]);
    const [hook, ...more] = ours(settings);
    assert.equal(more.length, 0);
    assert.equal(hook?.matcher, 'Bash');
    assert.equal(hook?.type, 'command');
    assert.equal(hook?.timeout, 600);
    assert.match(hook?.command ?? '', / hook claude --timeout 600 \|\| \{ .* exit 2; \}$/);

    const before = readFileSync(path, 'utf8');
    const again = await runCli(['init', 'claude'], { cwd: project.path, env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already set up/);
    assert.equal(readFileSync(path, 'utf8'), before, 'a second run changes nothing');

    const longer = await runCli(['init', 'claude', '--timeout', '900'], { cwd: project.path, env });
    assert.match(longer.stdout, /updated the expacti hook/);
    assert.deepEqual(
      ours(read(path)).map((h) => h.timeout),
      [900],
      'still one hook, with the new timeout',
    );
    project.remove();
  });

  it('writes --local and --user settings where Claude Code reads them', async () => {
    const project = tempDir('expacti-project-');
    assert.equal(
      (await runCli(['init', 'claude', '--local', '--timeout', '700'], { cwd: project.path, env })).code,
      0,
    );
    assert.equal(ours(read(join(project.path, '.claude', 'settings.local.json')))[0]?.timeout, 700);
    assert.equal(
      (await runCli(['init', 'claude', '--user', '--timeout', '700'], { cwd: project.path, env })).code,
      0,
    );
    assert.equal(ours(read(join(home.path, '.claude', 'settings.json')))[0]?.timeout, 700);
    project.remove();
  });

  it('refuses to touch a settings file that is not valid JSON', async () => {
    const project = tempDir('expacti-project-');
    mkdirSync(join(project.path, '.claude'));
    writeFileSync(join(project.path, '.claude', 'settings.json'), '{ "model": ');
    const res = await runCli(['init', 'claude'], { cwd: project.path, env });
    assert.equal(res.code, 78);
    assert.match(res.stderr, /could not be read as JSON.*nothing was changed/);
    assert.equal(readFileSync(join(project.path, '.claude', 'settings.json'), 'utf8'), '{ "model": ');
    project.remove();
  });

  it('writes a hook command that denies when the server is down and blocks when expacti is missing', async () => {
    const project = tempDir('expacti-project-');
    await runCli(['init', 'claude'], { cwd: project.path, env });
    const command = ours(read(join(project.path, '.claude', 'settings.json')))[0]?.command ?? '';
    const input = JSON.stringify(preToolUse('ls'));
    // Claude Code runs the hook command through a shell.
    const down = spawnSync('sh', ['-c', command], {
      input,
      encoding: 'utf8',
      env: { ...process.env, EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'x' },
    });
    assert.equal(
      answerOf({ code: down.status, signal: null, stdout: down.stdout, stderr: down.stderr })
        .permissionDecision,
      'deny',
    );

    await runCli(['init', 'claude', '--command', '/nonexistent/expacti'], { cwd: project.path, env });
    const broken = ours(read(join(project.path, '.claude', 'settings.json')))[0]?.command ?? '';
    const missing = spawnSync('sh', ['-c', broken], { input, encoding: 'utf8' });
    assert.equal(missing.status, 2, 'exit 2 blocks the tool call in Claude Code');
    assert.match(missing.stderr, /the approval hook failed to run, so the command was blocked/);
    project.remove();
  });
});

describe('expacti init claude with a reviewer login', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  it("sets the hook timeout above the org's approval timeout", async () => {
    const project = tempDir('expacti-project-');
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { approvalTimeoutSeconds: 1200 });
    const res = await runCli(['init', 'claude'], {
      cwd: project.path,
      env: { EXPACTI_URL: server.url, EXPACTI_REVIEWER_TOKEN: server.secrets.adminToken },
    });
    assert.equal(res.code, 0, res.stderr);
    const hook = ours(read(join(project.path, '.claude', 'settings.json')))[0];
    assert.equal(hook?.timeout, 1230);
    assert.match(hook?.command ?? '', /--timeout 1230 /);
    project.remove();
  });

  it('offers project mode as a visible choice, and sets it for an admin who says so', async () => {
    const project = tempDir('expacti-project-');
    const env = { EXPACTI_URL: server.url, EXPACTI_REVIEWER_TOKEN: server.secrets.adminToken };
    const offered = await runCli(['init', 'claude'], { cwd: project.path, env });
    assert.equal(offered.code, 0, offered.stderr);
    assert.match(
      offered.stdout,
      /project mode: .*off unless an admin turns it on — expacti init claude --project-mode on/,
    );
    const org = async () =>
      (
        (await api(server.url, 'GET', '/v1/org', server.secrets.adminToken)).body['org'] as {
          settings: { projectMode: boolean };
        }
      ).settings;
    assert.equal((await org()).projectMode, false);
    const on = await runCli(['init', 'claude', '--project-mode', 'on'], { cwd: project.path, env });
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stdout, /project mode is now on/);
    assert.equal((await org()).projectMode, true);
    const agent = await runCli(['init', 'claude', '--project-mode', 'off'], {
      cwd: project.path,
      env: { EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.agentToken },
    });
    assert.equal(agent.code, 78, 'an agent token cannot change it');
    assert.match(agent.stderr, /could not set project mode/);
    assert.equal((await org()).projectMode, true);
    const bad = await runCli(['init', 'claude', '--project-mode', 'maybe'], { cwd: project.path, env });
    assert.equal(bad.code, 64);
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { projectMode: false });
    project.remove();
  });

  it("reads the org's approval timeout with an agent login too", async () => {
    const project = tempDir('expacti-project-');
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { approvalTimeoutSeconds: 900 });
    const res = await runCli(['init', 'claude'], {
      cwd: project.path,
      env: { EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.agentToken },
    });
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(res.stderr, /could not read/);
    assert.equal(ours(read(join(project.path, '.claude', 'settings.json')))[0]?.timeout, 930);
    project.remove();
  });

  it('never lowers a time limit already set when it computes one', async () => {
    const project = tempDir('expacti-project-');
    const env = { EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.agentToken };
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { approvalTimeoutSeconds: 900 });
    assert.equal((await runCli(['init', 'claude', '--timeout', '3600'], { cwd: project.path, env })).code, 0);
    const again = await runCli(['init', 'claude'], { cwd: project.path, env });
    assert.equal(again.code, 0, again.stderr);
    const hook = ours(read(join(project.path, '.claude', 'settings.json')))[0];
    assert.equal(hook?.timeout, 3600, 'a second run keeps the higher value');
    assert.match(hook?.command ?? '', /--timeout 3600 /);
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { approvalTimeoutSeconds: 7200 });
    await runCli(['init', 'claude'], { cwd: project.path, env });
    assert.equal(
      ours(read(join(project.path, '.claude', 'settings.json')))[0]?.timeout,
      7230,
      'raised with the org',
    );
    project.remove();
  });
});
