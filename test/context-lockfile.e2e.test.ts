/**
 * `npm install <package>` end to end (issue 24): a real server, real `expacti run` agents and the
 * real npm. The entry allows a package the project's lockfile already lists, without a reviewer;
 * a new dependency goes to a reviewer, who sees that it is new, and nothing runs when denied.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../src/protocol/exitCodes.js';
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
const INSTALL = ['npm', 'install', '--dry-run', '--offline', '--no-audit', '--no-fund'];
const PATTERN = `${INSTALL.join(' ')} <package>`;

describe('a whitelist entry `npm install … <package>`', () => {
  let server: ServerHandle;
  const work = tempDir('expacti-lockfile-e2e-');
  const project = join(work.path, 'shop');

  before(async () => {
    server = await startServer();
    mkdirSync(join(project, '.git'), { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'shop', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } }),
    );
    writeFileSync(
      join(project, 'package-lock.json'),
      JSON.stringify({
        name: 'shop',
        lockfileVersion: 3,
        packages: {
          '': { name: 'shop', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } },
          'node_modules/left-pad': { version: '1.3.0' },
        },
      }),
    );
  });
  after(async () => {
    await server?.stop();
    work.remove();
  });

  it('allows a package already in the lockfile and asks for a new dependency', async () => {
    const reviewer = reviewerEnv(server);
    const added = await runCli(['whitelist', 'add', PATTERN], { env: reviewer });
    assert.equal(added.code, 0, added.stderr);
    const env = agentEnv(server, {
      EXPACTI_PROBE_BUDGET_MS: '5000',
      EXPACTI_SESSION: 'lockfile-e2e',
      HOME: work.path,
    });

    const known = await runCli(['run', '--', ...INSTALL, 'left-pad'], {
      cwd: project,
      env,
      timeoutMs: 60_000,
    });
    assert.doesNotMatch(known.stderr, /waiting for a reviewer/, known.stderr);
    assert.notEqual(known.code, EXIT.denied, known.stderr);
    assert.notEqual(known.code, EXIT.expired, known.stderr);

    const fresh = spawnCli(['run', '--', ...INSTALL, 'is-odd'], { cwd: project, env });
    const [, id] = await waitForText(fresh.stderrSoFar, WAITING, 30_000);
    const shown = (await runCli(['show', id as string], { env: reviewer })).stdout;
    assert.match(shown, /CONTEXT CHANGED since the whitelist entry/);
    assert.match(
      shown,
      /is-odd \(npm\): approved a package already in the lockfile, now not in .*package-lock\.json: a new dependency/,
    );
    assert.match(shown, /NEW dependencies \(not in the lockfile\): is-odd/);
    assert.equal((await runCli(['deny', id as string, '--note', 'no new deps'], { env: reviewer })).code, 0);
    const denied = await fresh.result;
    assert.equal(denied.code, EXIT.denied);
    assert.match(denied.stderr, /no new deps/);
  });
});
