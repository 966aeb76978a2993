/**
 * No key or button acts on a request the reviewer is not looking at: in a real browser, searching,
 * Esc, new arrivals and fresh selections never swap the request a key decides, and the server
 * refuses a decision on a request that changed since it was shown.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { RequestView } from '../src/protocol/index.js';
import { startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { launchBrowser, newContext, signIn } from './support/browser.js';

describe('selection safety in the review queue', () => {
  let server: ServerHandle;
  let browser: Browser;
  let page: Page;
  const secrets = new Map<string, string>();
  const submit = async (shell: string): Promise<RequestView> => {
    const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { shell },
      cwd: '/tmp',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return (r.body as { request: RequestView }).request;
  };
  const status = async (id: string) =>
    (
      (await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken)).body[
        'request'
      ] as RequestView
    ).status;
  const shownId = () => page.getByTestId('request-detail').getAttribute('data-request-id');
  const armed = (id: string) => page.locator(`[data-request-id="${id}"] [data-keys-armed="true"]`).waitFor();
  const open = async (id: string) => {
    await page.locator(`[data-testid="queue"] [data-request-id="${id}"]`).click();
    await armed(id);
  };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = (await newContext(browser, server.url)).page;
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, secrets);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('selects the first request explicitly, so a new arrival at the top does not move the selection', async () => {
    const a = await submit('rm -rf ./alpha');
    await page.goto(`${server.url}/#/queue`);
    await page.waitForURL(new RegExp(`#/requests/${a.id}$`));
    await armed(a.id);
    const critical = await submit('rm -rf ~');
    await page.locator(`[data-testid="queue"] [data-request-id="${critical.id}"]`).waitFor();
    assert.equal(await shownId(), a.id, 'the detail still shows the request the reviewer was reading');
    await page.keyboard.press('a');
    await page
      .locator(`[data-testid="request-detail"][data-request-id="${a.id}"]`)
      .waitFor({ state: 'detached' });
    assert.equal(await status(a.id), 'approved');
    assert.equal(await status(critical.id), 'pending', 'the new arrival was not decided');
    await api(server.url, 'POST', `/v1/requests/${critical.id}/deny`, server.secrets.adminToken, {
      note: 'no',
    });
  });

  it('/, a search, Esc, then a: decides the request that was being read, never another one', async () => {
    const beta = await submit('rm -rf ./beta');
    const gamma = await submit('rm -rf ./gamma');
    await page.locator(`[data-testid="queue"] [data-request-id="${gamma.id}"]`).waitFor();
    await open(beta.id);
    await page.keyboard.press('/');
    await page.keyboard.type('gamma');
    await page.getByTestId('selection-hidden').waitFor();
    assert.equal(await page.getByTestId('request-detail').count(), 0, 'a hidden request is not shown');
    await page.keyboard.press('Escape');
    await page.locator(`[data-testid="request-detail"][data-request-id="${beta.id}"]`).waitFor();
    await armed(beta.id);
    await page.keyboard.press('a');
    await page
      .locator(`[data-testid="request-detail"][data-request-id="${beta.id}"]`)
      .waitFor({ state: 'detached' });
    assert.equal(await status(beta.id), 'approved');
    assert.equal(await status(gamma.id), 'pending');
  });

  it('while the search hides the selected request, no key decides anything', async () => {
    const delta = await submit('rm -rf ./delta');
    const eps = await submit('rm -rf ./epsilon');
    await page.locator(`[data-testid="queue"] [data-request-id="${eps.id}"]`).waitFor();
    await open(delta.id);
    await page.keyboard.press('/');
    await page.keyboard.type('epsilon');
    await page.getByTestId('selection-hidden').waitFor();
    await page.locator('h1').click(); // leave the search field without clearing it
    for (const key of ['a', 'd', 'w']) await page.keyboard.press(key);
    await page.waitForTimeout(300);
    assert.equal(await status(delta.id), 'pending');
    assert.equal(await status(eps.id), 'pending');
    assert.equal(await page.getByRole('dialog').count(), 0);
    await page.getByRole('searchbox').fill('');
    await page.locator(`[data-testid="request-detail"][data-request-id="${delta.id}"]`).waitFor();
  });

  it('keys act only once a request has been on screen for a moment', async () => {
    const zeta = await submit('rm -rf ./zeta');
    await page.locator(`[data-testid="queue"] [data-request-id="${zeta.id}"]`).click();
    await page.keyboard.press('a'); // at once: not armed yet
    await page.waitForTimeout(250);
    assert.equal(await status(zeta.id), 'pending');
    await armed(zeta.id);
    await page.keyboard.press('a');
    await page
      .locator(`[data-testid="request-detail"][data-request-id="${zeta.id}"]`)
      .waitFor({ state: 'detached' });
    assert.equal(await status(zeta.id), 'approved');
  });

  it('an empty deny note shows an error in place', async () => {
    const eta = await submit('rm -rf ./eta');
    await page.locator(`[data-testid="queue"] [data-request-id="${eta.id}"]`).waitFor();
    await open(eta.id);
    await page.getByRole('button', { name: /^Deny/ }).click();
    await page
      .getByTestId('decision-error')
      .getByText(/Write a note to deny/)
      .waitFor();
    assert.equal(await page.getByLabel(/Note to the agent/).getAttribute('aria-invalid'), 'true');
    assert.equal(await status(eta.id), 'pending');
  });
});

describe('decisions bound to what was shown (API)', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('refuses an approve or deny whose fingerprint is stale, and accepts the current one', async () => {
    const s = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { shell: 'rm -rf ./build' },
      cwd: '/tmp',
    });
    const shown = (s.body as { request: RequestView }).request;
    assert.ok(shown.fingerprint, 'a pending request carries a fingerprint');
    const ctx = await api(server.url, 'POST', `/v1/requests/${shown.id}/context`, server.secrets.agentToken, {
      probes: [{ id: 'fs-1', kind: 'fs', fact: { known: false, why: 'permission denied' } }],
      elapsedMs: 5,
      budgetMs: 300,
    });
    assert.equal(ctx.status, 200, JSON.stringify(ctx.body));
    const now = (ctx.body['request'] as RequestView).fingerprint;
    assert.notEqual(now, shown.fingerprint, 'new context changes the fingerprint');

    const stale = await api(
      server.url,
      'POST',
      `/v1/requests/${shown.id}/approve`,
      server.secrets.adminToken,
      {
        seen: shown.fingerprint,
      },
    );
    assert.equal(stale.status, 409);
    assert.match(stale.body.error?.message ?? '', /changed since it was shown/);
    const staleDeny = await api(
      server.url,
      'POST',
      `/v1/requests/${shown.id}/deny`,
      server.secrets.adminToken,
      {
        note: 'no',
        seen: shown.fingerprint,
      },
    );
    assert.equal(staleDeny.status, 409);
    const ok = await api(server.url, 'POST', `/v1/requests/${shown.id}/approve`, server.secrets.adminToken, {
      seen: now,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(
      (ok.body['request'] as RequestView).fingerprint,
      undefined,
      'only pending requests carry one',
    );
  });
});
