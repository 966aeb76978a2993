/**
 * How a command ended is never lost (issue 26): the server dies while an approved command runs;
 * the agent keeps the report in its spool and the next run delivers it after the restart.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestView } from '../src/protocol/api.js';
import { api } from './support/api.js';
import { runCli, spawnCli, startServer, tempDir, waitForText } from './support/expacti.js';

it('keeps a report the server could not take, and the next run delivers it', async () => {
  const data = tempDir();
  const home = tempDir();
  let server = await startServer({ dataDir: data.path });
  const { port, secrets } = server;
  try {
    const env = { EXPACTI_URL: server.url, EXPACTI_TOKEN: secrets.agentToken, XDG_STATE_HOME: home.path };
    const marker = join(home.path, 'ran');
    const agent = spawnCli(['run', '--', 'sh', '-c', `sleep 2; touch ${marker}; exit 3`], { env });
    const [, id] = await waitForText(agent.stderrSoFar, /request ([0-9a-f-]{36})/);
    assert.equal(
      (await api(server.url, 'POST', `/v1/requests/${id}/approve`, secrets.adminToken, {})).status,
      200,
    );
    await new Promise((r) => setTimeout(r, 800)); // claimed and running
    await server.crash();
    const first = await agent.result;
    assert.equal(first.code, 3, 'the command’s own status');
    assert.equal(existsSync(marker), true);
    assert.match(first.stderr, /could not report the exit code .*kept to send with the next run/);
    const spool = join(home.path, 'expacti', 'reports');
    assert.deepEqual(readdirSync(spool), [`${id}.json`]);

    server = await startServer({ dataDir: data.path, port, secrets });
    await api(server.url, 'POST', '/v1/whitelist', secrets.adminToken, { pattern: 'true' });
    const next = await runCli(['run', '--', 'true'], { env });
    assert.equal(next.code, 0, next.stderr);
    const view = (await api(server.url, 'GET', `/v1/requests/${id}`, secrets.adminToken)).body[
      'request'
    ] as RequestView;
    assert.equal(view.execution?.exitCode, 3, 'the first run’s report arrived');
    assert.deepEqual(readdirSync(spool), [], 'and left the spool');
  } finally {
    await server.stop();
    data.remove();
    home.remove();
  }
});
