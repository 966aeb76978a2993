/**
 * Every page of the dashboard on a phone (360–414 px) and a desktop: no horizontal scrolling, and
 * no serious or critical accessibility violation (axe-core), with realistic data — long commands,
 * long patterns, many rows — including the decision bar in its deny state and the dialogs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { RequestView } from '../src/protocol/index.js';
import { startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { DESKTOP, launchBrowser, newContext, screenshot, signIn } from './support/browser.js';
import { axeViolations, overflow } from './support/pageChecks.js';

const LONG =
  'docker run --rm -v /home/dev/projects/expacti:/work -w /work node:20-bookworm-slim sh -c "npm ci && npm run build && npm test -- --coverage --reporter=junit"';

describe('dashboard layouts and accessibility', () => {
  let server: ServerHandle;
  let browser: Browser;
  let pending: RequestView;
  const secrets = new Map<string, string>();

  before(async () => {
    server = await startServer();
    const sub = async (shell: string, session: string, reason?: string) => {
      const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
        command: { shell },
        cwd: '/home/dev/projects/expacti/packages/some-really-long-directory-name/node_modules_cache',
        session,
        ...(reason ? { reason } : {}),
      });
      return (r.body as { request: RequestView }).request;
    };
    for (let i = 0; i < 6; i++) {
      const r = await sub(
        `${LONG} --shard=${i}`,
        'session-layout-1',
        'run the whole test suite in a clean container',
      );
      if (i % 2)
        await api(server.url, 'POST', `/v1/requests/${r.id}/deny`, server.secrets.adminToken, {
          note: 'use the CI job instead of a local container, it caches node_modules',
        });
      else await api(server.url, 'POST', `/v1/requests/${r.id}/approve`, server.secrets.adminToken, {});
    }
    await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, {
      pattern: `${LONG} --shard=*`,
      note: 'the CI image, any shard',
      acceptDenied: true,
    });
    await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern: 'npm test **' });
    pending = await sub(
      'rm -rf ./dist ./build ./coverage ./node_modules/.cache/some-tool-with-a-long-name && git clean -fdx -e .env.local',
      'session-layout-2',
      'start from a clean tree before the release build',
    );
    await sub(
      'git push --force origin feature/very-long-branch-name-for-the-layout-test',
      'session-layout-2',
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Each page, and what shows that it is ready. */
  const pages = (): Array<[string, string, (p: Page) => Promise<void>]> => [
    ['queue', '#/queue', async (p) => void (await p.getByTestId('queue').waitFor())],
    [
      'detail',
      `#/requests/${pending.id}`,
      async (p) =>
        void (await p.locator(`[data-request-id="${pending.id}"] [data-keys-armed="true"]`).waitFor()),
    ],
    [
      'deny',
      `#/requests/${pending.id}`,
      async (p) => {
        await p.locator(`[data-request-id="${pending.id}"] [data-keys-armed="true"]`).waitFor();
        await p.getByRole('button', { name: /^Deny/ }).click();
        await p.getByTestId('decision-error').waitFor();
      },
    ],
    [
      'whitelist-dialog',
      `#/requests/${pending.id}`,
      async (p) => {
        await p.locator(`[data-request-id="${pending.id}"] [data-keys-armed="true"]`).waitFor();
        await p.getByRole('button', { name: /whitelist/ }).click();
        await p.getByTestId('whitelist-preview').waitFor();
      },
    ],
    ['whitelist', '#/whitelist', async (p) => void (await p.locator('.pattern').first().waitFor())],
    [
      'history',
      '#/history',
      async (p) => void (await p.locator('[data-testid="history-table"] tbody tr').first().waitFor()),
    ],
    [
      'session',
      '#/sessions/session-layout-1',
      async (p) => void (await p.getByTestId('session-timeline').waitFor()),
    ],
    [
      'insights',
      '#/insights',
      async (p) => void (await p.getByText('Requests per day by outcome').waitFor()),
    ],
    ['settings', '#/settings', async (p) => void (await p.getByText('Signed in as').waitFor())],
  ];

  for (const width of [360, 390, 414]) {
    it(`fits every page in ${width} px without sideways scrolling`, async () => {
      const { page, context } = await newContext(browser, server.url, { width, height: 800 });
      await page.goto(server.url);
      assert.deepEqual(await overflow(page), [], 'sign-in');
      await signIn(page, server.url, 'admin', server.secrets.adminPassword, secrets);
      const problems: string[] = [];
      for (const [name, hash, ready] of pages()) {
        await page.goto(`${server.url}/${hash}`);
        await ready(page);
        const o = await overflow(page);
        if (o.length) problems.push(`${name}: ${o.join('; ')}`);
        if (width === 390) await screenshot(page, `phone-${name}`);
      }
      await context.close();
      assert.deepEqual(problems, []);
    });
  }

  it('has no serious or critical accessibility violation on any page (phone and desktop)', async () => {
    const found: string[] = [];
    for (const viewport of [DESKTOP, { width: 390, height: 844 }]) {
      const { page, context } = await newContext(browser, server.url, viewport);
      await page.goto(server.url);
      for (const v of await axeViolations(page))
        found.push(`sign-in ${viewport.width}: ${v.id} ${v.nodes.join(', ')}`);
      await signIn(page, server.url, 'admin', server.secrets.adminPassword, secrets);
      for (const [name, hash, ready] of pages()) {
        await page.goto(`${server.url}/${hash}`);
        await ready(page);
        for (const v of await axeViolations(page))
          found.push(`${name} ${viewport.width}: ${v.id} (${v.help}) ${v.nodes.join(', ')}`);
      }
      await context.close();
    }
    assert.deepEqual(found, []);
  });

  it('shows where the keyboard focus is, on every control', async () => {
    const { page, context } = await newContext(browser, server.url, DESKTOP);
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, secrets);
    await page.goto(`${server.url}/#/requests/${pending.id}`);
    await page.locator(`[data-request-id="${pending.id}"] [data-keys-armed="true"]`).waitFor();
    const unmarked: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const info = (await page.evaluate(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        return { what: el.tagName.toLowerCase() + ' ' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30), visible };
      })()`)) as { what: string; visible: boolean } | null;
      if (info && !info.visible) unmarked.push(info.what);
    }
    await context.close();
    assert.deepEqual(unmarked, []);
  });
});
