/**
 * `expacti mcp` through the official SDK's client, which spawns it over stdio as an MCP client
 * (Claude Desktop, Cursor, Claude Code) would: approve, deny, whitelist and server-down paths.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BIN, eventually, runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { pendingOf } from './support/hook.js';

async function connect(env: Record<string, string>): Promise<Client> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('EXPACTI_')) base[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    env: { ...base, EXPACTI_CONFIG: join(tmpdir(), 'expacti-test-no-config.json'), ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'expacti-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function textOf(result: unknown): string {
  const content = (result as CallToolResult).content;
  return content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

describe('expacti mcp against a live server', () => {
  let server: ServerHandle;
  let client: Client;
  const session = `mcp-${randomUUID()}`;
  const work = tempDir('expacti-mcp-');
  const reviewer = () => ({ EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.adminToken });

  before(async () => {
    server = await startServer();
    client = await connect({
      EXPACTI_URL: server.url,
      EXPACTI_TOKEN: server.secrets.agentToken,
      EXPACTI_SESSION: session,
    });
  });
  after(async () => {
    await client.close();
    await server.stop();
    work.remove();
  });

  /** Calls run_command and lets the reviewer decide once it is pending. */
  async function callReviewed(
    args: Record<string, unknown>,
    decide: (id: string) => Promise<void>,
  ): Promise<CallToolResult> {
    const call = client.callTool({ name: 'run_command', arguments: args });
    await decide(await pendingOf(server, session));
    return (await call) as CallToolResult;
  }

  it('lists run_command with honest annotations', async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'run_command');
    assert.ok(tool);
    assert.deepEqual(Object.keys(tool.inputSchema.properties ?? {}).sort(), [
      'command',
      'cwd',
      'reason',
      'timeout',
    ]);
    assert.deepEqual(tool.inputSchema.required, ['command']);
    assert.equal(tool.annotations?.readOnlyHint, false);
    assert.equal(tool.annotations?.destructiveHint, true);
    assert.equal(tool.annotations?.idempotentHint, false);
    assert.equal(tool.annotations?.openWorldHint, true);
  });

  it('runs an approved command and returns its exit code, stdout and stderr', async () => {
    const marker = join(work.path, 'approved');
    const result = await callReviewed(
      { command: `touch ${marker}; echo out; echo err >&2; exit 3`, cwd: work.path, reason: 'mcp test' },
      async (id) => {
        assert.equal(existsSync(marker), false, 'nothing runs before the decision');
        assert.equal((await runCli(['approve', id, '--note', 'ok'], { env: reviewer() })).code, 0);
      },
    );
    assert.notEqual(result.isError, true);
    const text = textOf(result);
    assert.match(text, /^exit code: 3$/m);
    assert.match(text, /approved by admin: ok/);
    assert.match(text, /--- stdout ---\nout\n--- stderr ---\nerr/);
    assert.equal(existsSync(marker), true);
  });

  it("returns a denial as an isError result with the reviewer's note", async () => {
    const marker = join(work.path, 'denied');
    const result = await callReviewed({ command: `touch ${marker}`, cwd: work.path }, async (id) => {
      assert.equal((await runCli(['deny', id, '--note', 'not in prod'], { env: reviewer() })).code, 0);
    });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /DENIED — the command was not run/);
    assert.match(textOf(result), /note: not in prod/);
    assert.equal(existsSync(marker), false);
  });

  it('runs a whitelisted command at once', async () => {
    await callReviewed({ command: 'echo mcp-whitelisted' }, async (id) => {
      assert.equal((await runCli(['approve', id, '--whitelist'], { env: reviewer() })).code, 0);
    });
    const result = (await client.callTool({
      name: 'run_command',
      arguments: { command: 'echo mcp-whitelisted' },
    })) as CallToolResult;
    assert.notEqual(result.isError, true);
    assert.match(textOf(result), /exit code: 0/);
    assert.match(textOf(result), /whitelisted: approved by admin/);
    assert.match(textOf(result), /--- stdout ---\nmcp-whitelisted\n/);
  });

  it('bounds the output and says so', async () => {
    const result = await callReviewed(
      { command: "head -c 200000 /dev/zero | tr '\\0' x; echo; echo END" },
      async (id) => {
        await runCli(['approve', id], { env: reviewer() });
      },
    );
    const text = textOf(result);
    assert.ok(text.length < 40_000, `bounded (${text.length} chars)`);
    assert.match(text, /\[stdout truncated: \d+ bytes omitted from the middle/);
    assert.match(text, /END/, 'keeps the end, where errors usually are');
  });

  it('stops a command at its time limit', async () => {
    const result = await callReviewed({ command: 'sleep 30', timeout: 1 }, async (id) => {
      await runCli(['approve', id], { env: reviewer() });
    });
    assert.match(textOf(result), /stopped: the time limit was reached/);
  });

  it('reports progress while it waits for a reviewer, so clients can keep waiting', async () => {
    const messages: string[] = [];
    const call = client.callTool(
      { name: 'run_command', arguments: { command: 'echo progress' } },
      undefined,
      {
        onprogress: (p) => messages.push(p.message ?? ''),
        resetTimeoutOnProgress: true,
      },
    );
    const id = await pendingOf(server, session);
    await eventually(() => (messages.length > 0 ? true : undefined));
    assert.match(messages[0] ?? '', new RegExp(`waiting for a reviewer: request ${id}`));
    await runCli(['deny', id, '--note', 'not now'], { env: reviewer() });
    assert.equal(((await call) as CallToolResult).isError, true);
  });

  it('refuses a working directory that does not exist, without asking', async () => {
    const result = (await client.callTool({
      name: 'run_command',
      arguments: { command: 'ls', cwd: '/nonexistent/dir' },
    })) as CallToolResult;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /does not exist/);
  });
});

describe('expacti mcp when the server is down', () => {
  it('returns an isError result and runs nothing', async () => {
    const dir = tempDir();
    const marker = join(dir.path, 'ran');
    const client = await connect({ EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'exp_a_x' });
    try {
      const result = (await client.callTool({
        name: 'run_command',
        arguments: { command: `touch ${marker}` },
      })) as CallToolResult;
      assert.equal(result.isError, true);
      assert.match(textOf(result), /NOT RUN — cannot reach the expacti server at http:\/\/127\.0\.0\.1:9/);
      assert.equal(existsSync(marker), false);
    } finally {
      await client.close();
      dir.remove();
    }
  });
});
