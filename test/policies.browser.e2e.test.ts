/**
 * Team policies in the dashboard (issue 11), in a real browser against a real server: an admin
 * creates the dba group and its members in Settings, a policy needing two dba approvals is loaded,
 * and two reviewers in two browser sessions vote on the request an `expacti run` waits on — the
 * first sees "1 of 2 approvals" and the request stay, the second's vote lets the command run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  agentEnv,
  spawnCli,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { api } from './support/api.js';
import { launchBrowser, newContext, screenshot, signIn } from './support/browser.js';

const WAITING = /request ([0-9a-f-]{36})/;
const POLICY = `version: 1
rules:
  - name: touch-needs-two-dbas
    match: { program: [touch] }
    effect: { approvals: 2, from: [dba], whitelist: forbid }
    examples:
      match: ["touch x"]
      noMatch: ["ls"]
`;

describe('team policy votes in the dashboard', () => {
  let server: ServerHandle;
  let browser: Browser;
  const secrets = new Map<string, string>();
  const checks: Array<{ foreign: string[]; problems: string[] }> = [];
  const work = tempDir('expacti-policy-browser-');

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const name of ['ana', 'bo']) {
      const made = await api(server.url, 'POST', '/v1/users', server.secrets.adminToken, {
        username: name,
        role: 'reviewer',
        password: `${name}-password-123`,
      });
      assert.equal(made.status, 201);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    work.remove();
    for (const c of checks) {
      assert.deepEqual(c.foreign, [], 'the page asks nothing of any other origin');
      assert.deepEqual(c.problems, [], 'no script errors or CSP violations in the page');
    }
  });

  it('lets an admin make the dba group in Settings, and two reviewers approve in two sessions', async () => {
    const admin = await newContext(browser, server.url);
    checks.push(admin);
    await signIn(admin.page, server.url, 'admin', server.secrets.adminPassword, secrets);
    await admin.page.getByRole('link', { name: 'Settings' }).click();
    const groups = admin.page.getByTestId('groups-settings');
    await groups.getByLabel('New group name').fill('dba');
    await groups.getByRole('button', { name: 'Create group' }).click();
    for (const name of ['ana', 'bo']) {
      await groups.getByLabel('Add a member to dba').fill(name);
      await groups.getByRole('button', { name: 'Add', exact: true }).click();
      await groups.getByTestId('group-dba').getByText(name).waitFor();
    }
    const upload = await api(server.url, 'POST', '/v1/policy', server.secrets.adminToken, { source: POLICY });
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    await admin.page.getByRole('link', { name: /Queue/ }).click();
    await admin.page.getByRole('link', { name: 'Settings' }).click();
    await admin.page
      .getByTestId('team-policy')
      .getByText(/Version 1, loaded by admin/)
      .waitFor();

    const marker = join(work.path, 'voted');
    const run = spawnCli(['run', '--', 'touch', marker], { env: agentEnv(server) });
    const [, id] = await waitForText(run.stderrSoFar, WAITING);
    const sessions = [];
    for (const name of ['ana', 'bo']) {
      const c = await newContext(browser, server.url);
      checks.push(c);
      await signIn(c.page, server.url, name, `${name}-password-123`, secrets);
      await c.page.goto(`${server.url}/#/requests/${id as string}`);
      await c.page.getByTestId('request-detail').waitFor();
      sessions.push(c);
    }
    const [ana, bo] = sessions as [(typeof sessions)[0], (typeof sessions)[0]];
    const panel = (p: typeof ana.page) => p.getByTestId('approvals');
    await panel(ana.page).getByText('Team policy: 0 of 2 approvals (from dba)').waitFor();
    assert.equal(
      await ana.page
        .getByTestId('request-detail')
        .getByRole('button', { name: /Approve & whitelist/ })
        .isDisabled(),
      true,
      'the policy forbids whitelisting it',
    );
    await ana.page
      .getByTestId('request-detail')
      .getByRole('button', { name: /^Approve a$/ })
      .click();
    await panel(ana.page).getByText('Team policy: 1 of 2 approvals (from dba)').waitFor();
    await panel(ana.page).getByTestId('vote').getByText('approved by ana (dba)').waitFor();
    // bo's page hears of ana's vote by push, without a reload.
    await panel(bo.page).getByText('Team policy: 1 of 2 approvals (from dba)').waitFor();
    await screenshot(bo.page, 'policy-one-of-two');
    await waitForText(run.stderrSoFar, /1 of 2 approvals \(from dba\) — approved by ana/);
    assert.equal(existsSync(marker), false);

    await bo.page
      .getByTestId('request-detail')
      .getByRole('button', { name: /^Approve a$/ })
      .click();
    const res = await run.result;
    assert.equal(res.code, 0, res.stderr);
    assert.equal(existsSync(marker), true);
    await ana.page.getByTestId('decision-banner').getByText('Approved by bo', { exact: true }).waitFor();
    for (const c of [admin, ana, bo]) await c.context.close();
  });
});
