/**
 * Vote progress for agents that wait in a hook or through MCP (issue 11), as `expacti run` shows it:
 * while a request needing two approvals waits, the Claude Code hook prints "1 of 2 approvals …" on
 * stderr and, when its time runs out first, says it in the answer the model reads; the MCP
 * server's run_command reports it as a progress notification. A real server with a policy file,
 * reviewers in a real group, the real `expacti hook` and `expacti mcp` processes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  agentEnv,
  BIN,
  eventually,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { api } from './support/api.js';
import { answerOf, pendingOf, preToolUse, spawnHook } from './support/hook.js';

const POLICY = `version: 1
rules:
  - name: touch-needs-two
    match: { program: [touch] }
    effect: { approvals: 2, from: [dba], route: [dba], timeout: 2m }
    examples:
      match: ["touch x"]
      noMatch: ["ls"]
`;
const ONE_OF_TWO = /1 of 2 approvals \(from dba\) — approved by ana/;

describe('vote progress in the hooks and the MCP server', () => {
  const work = tempDir('expacti-policy-agents-');
  let server: ServerHandle;
  const tokens: Record<string, string> = {};

  before(async () => {
    const policyFile = join(work.path, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    server = await startServer({ args: ['--policy', policyFile] });
    const admin = server.secrets.adminToken;
    assert.equal((await api(server.url, 'POST', '/v1/groups', admin, { name: 'dba' })).status, 201);
    for (const name of ['ana', 'bo']) {
      const password = `pw-${name}-12345678`;
      const made = await api(server.url, 'POST', '/v1/users', admin, {
        username: name,
        role: 'reviewer',
        password,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const joined = await api(server.url, 'POST', '/v1/groups/dba/members', admin, { username: name });
      assert.equal(joined.status, 200);
      const login = await api(server.url, 'POST', '/v1/auth/token', null, { username: name, password });
      assert.equal(login.status, 201, JSON.stringify(login.body));
      tokens[name] = (login.body as { secret: string }).secret;
    }
  });
  after(async () => {
    await server?.stop();
    work.remove();
  });

  const approve = async (who: string, id: string, status: string) => {
    const res = await api(server.url, 'POST', `/v1/requests/${id}/approve`, tokens[who] as string, {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((res.body as { request: { status: string } }).request.status, status);
  };

  it('the Claude Code hook shows "1 of 2 approvals" on stderr while it waits, and allows after the second', async () => {
    const session = `claude-${randomUUID()}`;
    const run = spawnHook(
      preToolUse(`touch ${join(work.path, 'hooked')}`, { session_id: session, cwd: work.path }),
      agentEnv(server),
      ['--timeout', '30'],
    );
    const id = await pendingOf(server, session);
    await approve('ana', id, 'pending');
    await waitForText(run.stderrSoFar, ONE_OF_TWO);
    assert.match(run.stderrSoFar(), /expacti: 1 of 2 approvals .*; waiting for more/);
    assert.equal(run.proc.exitCode, null, 'still waiting after one approval');
    await approve('bo', id, 'approved');
    const answer = answerOf(await run.result);
    assert.equal(answer.permissionDecision, 'allow', answer.permissionDecisionReason);
    assert.ok(answer.permissionDecisionReason.includes(id));
  });

  it("says how far the votes got in the answer the model reads when the hook's time runs out first", async () => {
    const session = `claude-${randomUUID()}`;
    const input = preToolUse(`touch ${join(work.path, 'ticketed')}`, { session_id: session, cwd: work.path });
    const first = spawnHook(input, agentEnv(server), ['--timeout', '8']);
    const id = await pendingOf(server, session);
    await approve('ana', id, 'pending');
    const answer = answerOf(await first.result);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /NOT RUN YET — waiting for a human reviewer/);
    assert.match(
      answer.permissionDecisionReason,
      /expacti: so far 1 of 2 approvals \(from dba\) — approved by ana; it waits for more reviewers\./,
    );
    await approve('bo', id, 'approved');
    const again = answerOf(await spawnHook(input, agentEnv(server), ['--timeout', '8']).result);
    assert.equal(again.permissionDecision, 'allow', again.permissionDecisionReason);
  });

  it('the MCP run_command reports "1 of 2 approvals" as progress, and runs after the second', async () => {
    const session = `mcp-${randomUUID()}`;
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('EXPACTI_')) base[k] = v;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      env: {
        ...base,
        EXPACTI_CONFIG: join(tmpdir(), 'expacti-test-no-config.json'),
        EXPACTI_URL: server.url,
        EXPACTI_TOKEN: server.secrets.agentToken,
        EXPACTI_SESSION: session,
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'expacti-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const marker = join(work.path, 'via-mcp');
      const messages: string[] = [];
      const call = client.callTool(
        { name: 'run_command', arguments: { command: `touch ${marker}`, cwd: work.path } },
        undefined,
        { onprogress: (p) => messages.push(p.message ?? ''), resetTimeoutOnProgress: true },
      );
      const id = await pendingOf(server, session);
      await approve('ana', id, 'pending');
      const told = await eventually(() => messages.find((m) => ONE_OF_TWO.test(m)));
      assert.ok(told.includes(id), told);
      assert.equal(existsSync(marker), false, 'one approval is not enough');
      await approve('bo', id, 'approved');
      const result = (await call) as CallToolResult;
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      assert.equal(existsSync(marker), true);
    } finally {
      await client.close();
    }
  });
});
