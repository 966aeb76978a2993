/**
 * Reviewer load on the Insights page (issue 24): what passed without asking and why, the shapes
 * that asked most, and the one-click typed pattern that covers a shape — added through the same
 * checks as any entry, after which the next command of that shape passes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { RequestView, WhitelistEntryView } from '../src/protocol/index.js';
import { startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { launchBrowser, newContext, screenshot, signIn } from './support/browser.js';

describe('reviewer load in the dashboard', () => {
  let browser: Browser;
  let server: ServerHandle;
  const submit = async (shell: string) =>
    (
      (
        await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
          command: { shell },
          cwd: '/home/dev/src/app',
        })
      ).body as { request: RequestView }
    ).request;
  before(async () => {
    browser = await launchBrowser();
    server = await startServer();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows what asks most and adds its typed pattern in one click', async () => {
    for (const shell of ["sed -n '1,40p' src/a.ts", "sed -n '80,120p' src/b.ts", 'git status']) {
      const r = await submit(shell);
      assert.equal(r.status, 'pending');
      await api(server.url, 'POST', `/v1/requests/${r.id}/approve`, server.secrets.adminToken, {});
    }
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { autoAllowReadOnly: true });
    assert.equal((await submit('ls -la')).status, 'approved', 'read-only, auto-allowed');

    const { page } = await newContext(browser, server.url);
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, new Map());
    await page.goto(`${server.url}/#/insights`);
    const shapes = page.getByTestId('prompting-shapes');
    await shapes.waitFor();
    const row = shapes.locator('li').filter({ hasText: 'sed -n <range>p <path>' });
    assert.match((await row.textContent()) ?? '', /2× asked/);
    assert.match((await page.getByTestId('passed-by-reason').textContent()) ?? '', /read-only/);
    await screenshot(page, 'insights-reviewer-load');
    await row.getByRole('button', { name: 'Add typed pattern' }).click();
    await row.getByRole('status').waitFor();

    const entries = (await api(server.url, 'GET', '/v1/whitelist', server.secrets.adminToken)).body[
      'entries'
    ] as WhitelistEntryView[];
    assert.ok(entries.some((e) => e.pattern === 'sed -n <range>p <path>'));
    await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { autoAllowReadOnly: false });
    assert.equal((await submit("sed -n '5,9p' lib/c.ts")).status, 'approved', 'the pattern allows the shape');
    assert.equal((await submit("sed -n '5,9p' ../other/c.ts")).status, 'pending', 'not outside the project');
  });

  it('lets an admin turn project mode on in Settings, and says so', async () => {
    const { page } = await newContext(browser, server.url);
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, new Map());
    await page.goto(`${server.url}/#/settings`);
    const policy = page.getByTestId('policy-settings');
    await policy.waitFor();
    const projectMode = policy.getByLabel(/Project mode/);
    assert.equal(await projectMode.isChecked(), false, 'off by default');
    await projectMode.check();
    await page.getByRole('status').filter({ hasText: 'Project mode is on.' }).waitFor();
    const org = (await api(server.url, 'GET', '/v1/org', server.secrets.adminToken)).body['org'] as {
      settings: { projectMode: boolean };
    };
    assert.equal(org.settings.projectMode, true);
    await screenshot(page, 'settings-policy');
  });
});
