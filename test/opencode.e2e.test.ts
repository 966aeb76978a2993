/**
 * The OpenCode plugin as OpenCode loads it: `expacti init opencode` writes .opencode/plugins/
 * expacti.js, which is imported in-process and called with the plugin interface's shape —
 * `Plugin(ctx)` → hooks, `tool.execute.before(input, output)` mutating `output.args` or throwing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { pendingOf } from './support/hook.js';

type Before = (
  input: { tool: string; sessionID?: string; callID?: string },
  output: { args: Record<string, unknown> },
) => Promise<void>;

describe('the OpenCode plugin written by expacti init opencode', () => {
  let server: ServerHandle;
  let project: ReturnType<typeof tempDir>;
  let hooks: { 'tool.execute.before': Before };
  const reviewer = () => ({ EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.adminToken });

  before(async () => {
    server = await startServer();
    project = tempDir('expacti-opencode-');
    const res = await runCli(['init', 'opencode'], { cwd: project.path, env: { HOME: project.path } });
    assert.equal(res.code, 0, res.stderr);
    const file = join(project.path, '.opencode', 'plugins', 'expacti.js');
    assert.match(readFileSync(file, 'utf8'), /expacti: the approval gate for OpenCode/);
    process.env['EXPACTI_URL'] = server.url;
    process.env['EXPACTI_TOKEN'] = server.secrets.agentToken;
    const mod = (await import(pathToFileURL(file).href)) as {
      Expacti: (ctx: unknown) => Promise<typeof hooks>;
    };
    hooks = await mod.Expacti({ directory: project.path, worktree: project.path, project: {}, client: {} });
  });
  after(async () => {
    delete process.env['EXPACTI_URL'];
    delete process.env['EXPACTI_TOKEN'];
    await server?.stop();
    project?.remove();
  });

  it('waits for a reviewer, then rewrites the bash args in place to run confined', async () => {
    const sessionID = `ses_${randomUUID()}`;
    const output = { args: { command: 'echo from-opencode', description: 'say hi' } };
    const deciding = hooks['tool.execute.before']({ tool: 'bash', sessionID, callID: 'c1' }, output);
    const id = await pendingOf(server, `opencode-${sessionID}`);
    assert.equal((await runCli(['approve', id, '--note', 'fine'], { env: reviewer() })).code, 0);
    await deciding;
    assert.match(
      output.args.command,
      new RegExp(` exec-confined --request ${id} --plan \\S+ -c 'echo from-opencode'$`),
    );
    assert.equal(output.args.description, 'say hi');
  });

  it("throws the reviewer's note on a denial (OpenCode blocks the call)", async () => {
    const sessionID = `ses_${randomUUID()}`;
    const output = { args: { command: 'rm -rf node_modules' } };
    const deciding = hooks['tool.execute.before']({ tool: 'bash', sessionID, callID: 'c2' }, output);
    deciding.catch(() => undefined); // asserted below, once the reviewer has decided
    const id = await pendingOf(server, `opencode-${sessionID}`);
    assert.equal((await runCli(['deny', id, '--note', 'keep them'], { env: reviewer() })).code, 0);
    await assert.rejects(deciding, /DENIED — the command was not run[\s\S]*note: keep them/);
    assert.equal(output.args.command, 'rm -rf node_modules', 'nothing rewritten');
  });

  it('leaves other tools alone, and throws when the server cannot be reached', async () => {
    const edit = { args: { filePath: '/tmp/x', newString: 'y' } };
    await hooks['tool.execute.before']({ tool: 'edit', sessionID: 's', callID: 'c3' }, edit);
    assert.deepEqual(edit.args, { filePath: '/tmp/x', newString: 'y' });
    process.env['EXPACTI_URL'] = 'http://127.0.0.1:9';
    try {
      await assert.rejects(
        hooks['tool.execute.before'](
          { tool: 'bash', sessionID: 's', callID: 'c4' },
          { args: { command: 'ls' } },
        ),
        /cannot reach the expacti server/,
      );
      await assert.rejects(
        hooks['tool.execute.before']({ tool: 'bash', sessionID: 's', callID: 'c5' }, { args: {} }),
        /the bash tool input has no command/,
      );
    } finally {
      process.env['EXPACTI_URL'] = server.url;
    }
  });
});
