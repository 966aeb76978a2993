/**
 * A whitelist entry over a command that runs a script file, end to end (issue 19 item 3): a real
 * server and real `expacti run` agents. The entry holds while the file is unchanged (the agent
 * sends only its hash) or changed within the tier it was approved at; a change that makes it
 * more dangerous goes back to a reviewer, who sees what changed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../src/protocol/exitCodes.js';
import type { RequestView } from '../src/protocol/api.js';
import {
  agentEnv,
  reviewerEnv,
  runCli,
  spawnCli,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';

const WAITING = /request ([0-9a-f-]{36})/;
const PROBE_ENV = { EXPACTI_PROBE_BUDGET_MS: '5000', EXPACTI_SESSION: 'script-e2e' };

describe('a whitelist entry over `bash deploy.sh`', () => {
  let server: ServerHandle;
  const work = tempDir('expacti-script-e2e-');
  const project = join(work.path, 'project');
  const precious = join(work.path, 'precious');
  const script = join(project, 'deploy.sh');
  const cmd = ['run', '-c', 'bash deploy.sh'];

  before(async () => {
    server = await startServer();
    mkdirSync(project, { recursive: true });
    mkdirSync(precious);
    writeFileSync(join(precious, 'data'), 'keep');
  });
  after(async () => {
    await server?.stop();
    work.remove();
  });

  it('holds while the script stays within its tier, and re-asks, marked, when it does not', async () => {
    const env = agentEnv(server, { ...PROBE_ENV, HOME: work.path });
    writeFileSync(script, 'echo built > out.txt\n');
    const first = spawnCli(cmd, { cwd: project, env });
    const [, id] = await waitForText(first.stderrSoFar, WAITING, 20_000);
    const view = JSON.parse(
      (await runCli(['show', id as string, '--json'], { env: reviewerEnv(server) })).stdout,
    ) as RequestView;
    assert.ok(
      view.context?.probes?.some(
        (p) => p.kind === 'script' && p.fact.known && p.fact.value.content !== undefined,
      ),
      'the reviewer sees the script content',
    );
    assert.equal(
      (await runCli(['approve', id as string, '--whitelist'], { env: reviewerEnv(server) })).code,
      0,
    );
    assert.equal((await first.result).code, 0);

    // Unchanged: allowed by the entry (the agent sends only the hash), no reviewer.
    const same = await runCli(cmd, { cwd: project, env, timeoutMs: 30_000 });
    assert.equal(same.code, 0, same.stderr);
    assert.doesNotMatch(same.stderr, /waiting for a reviewer/);

    // Changed within the approved tier (another local write): still allowed.
    writeFileSync(script, 'echo built again > out2.txt\n');
    const within = await runCli(cmd, { cwd: project, env, timeoutMs: 30_000 });
    assert.equal(within.code, 0, within.stderr);
    assert.equal(existsSync(join(project, 'out2.txt')), true);

    // Changed to something destructive: a reviewer sees the change, and nothing runs when denied.
    writeFileSync(script, 'rm -rf "$HOME"/precious\n');
    const worse = spawnCli(cmd, { cwd: project, env });
    const [, id2] = await waitForText(worse.stderrSoFar, WAITING, 20_000);
    const shown = (await runCli(['show', id2 as string], { env: reviewerEnv(server) })).stdout;
    assert.match(shown, /CONTEXT CHANGED since the whitelist entry/);
    assert.match(
      shown,
      /deploy\.sh runs: approved sha256 [0-9a-f]{12}…, judged low, now changed content, judged (high|critical)/,
    );
    assert.match(shown, /\[context\.script\]/);
    assert.equal(
      (await runCli(['deny', id2 as string, '--note', 'no'], { env: reviewerEnv(server) })).code,
      0,
    );
    assert.equal((await worse.result).code, EXIT.denied);
    assert.equal(existsSync(join(precious, 'data')), true, 'nothing was deleted');
  });
});
