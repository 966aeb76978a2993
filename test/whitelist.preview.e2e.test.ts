/**
 * Widening the whitelist shows what colleagues refused: previews list each past command with what
 * happened to it (denials first, with who and the note), an entry that would have allowed a denied
 * command needs a confirming step (API, CLI and browser), and a pattern that can never match is
 * refused with the reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { RequestView, WhitelistPreview } from '../src/protocol/index.js';
import { reviewerEnv, runCli, startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { launchBrowser, newContext, screenshot, signIn } from './support/browser.js';

describe('whitelist preview with outcomes', () => {
  let server: ServerHandle;
  const submit = async (shell: string): Promise<RequestView> => {
    const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { shell },
      cwd: '/tmp',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return (r.body as { request: RequestView }).request;
  };
  const admin = (method: string, path: string, body?: unknown) =>
    api(server.url, method, path, server.secrets.adminToken, body);

  before(async () => {
    server = await startServer();
    const wip = await submit('git commit -m wip');
    assert.equal((await admin('POST', `/v1/requests/${wip.id}/deny`, { note: 'squash first' })).status, 200);
    const ok = await submit('git commit -m docs');
    assert.equal((await admin('POST', `/v1/requests/${ok.id}/approve`, {})).status, 200);
    await submit('git commit -m later'); // stays pending
    const release = await submit('make release');
    assert.equal(
      (await admin('POST', `/v1/requests/${release.id}/deny`, { note: 'not on a Friday' })).status,
      200,
    );
  });
  after(() => server.stop());

  it('lists each matched command with its outcomes, denials first with who and the note', async () => {
    const res = await admin('POST', '/v1/whitelist/preview', { pattern: 'git commit -m *' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = res.body as unknown as WhitelistPreview;
    assert.equal(p.matched, 3);
    assert.equal(p.deniedCommands, 1);
    assert.equal(p.examples[0]?.commandText, 'git commit -m wip');
    assert.deepEqual(
      p.examples[0]?.denials.map((d) => [d.by, d.note]),
      [['admin', 'squash first']],
    );
    const docs = p.examples.find((m) => m.commandText === 'git commit -m docs');
    assert.equal(docs?.outcomes.approved, 1);
    assert.equal(docs?.last.by, 'admin');
    assert.equal(p.examples.find((m) => m.commandText === 'git commit -m later')?.outcomes.pending, 1);
  });

  it('refuses an entry covering a denied command until it is confirmed (API and CLI)', async () => {
    const refused = await admin('POST', '/v1/whitelist', { pattern: 'git commit -m *' });
    assert.equal(refused.status, 409);
    assert.match(
      refused.body.error?.message ?? '',
      /a reviewer denied: `git commit -m wip` \(denied by admin: “squash first”\)/,
    );
    const cli = await runCli(['whitelist', 'add', 'git commit -m *'], { env: reviewerEnv(server) });
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /--accept-denied/);
    const accepted = await runCli(['whitelist', 'add', 'git commit -m *', '--accept-denied'], {
      env: reviewerEnv(server),
    });
    assert.equal(accepted.code, 0, accepted.stderr);
    const audit = await admin('GET', '/v1/audit');
    assert.ok(
      (audit.body['records'] as Array<{ action: string }>).some((r) => r.action === 'whitelist.added'),
    );
  });

  it('asks again when approve --whitelist would cover a past denial', async () => {
    const again = await submit('make release');
    const noWl = await runCli(['approve', again.id, '--whitelist'], { env: reviewerEnv(server) });
    assert.notEqual(noWl.code, 0, 'the exact command was denied before');
    assert.match(noWl.stderr, /`make release` \(denied by admin: “not on a Friday”\)/);
    assert.equal(
      ((await admin('GET', `/v1/requests/${again.id}`)).body['request'] as RequestView).status,
      'pending',
      'nothing was decided',
    );
    const yes = await runCli(['approve', again.id, '--whitelist', '--accept-denied'], {
      env: reviewerEnv(server),
    });
    assert.equal(yes.code, 0, yes.stderr);
  });

  it('refuses a pattern that can never allow anything, saying why', async () => {
    const never = await admin('POST', '/v1/whitelist', { pattern: 'sudo rm -rf *' });
    assert.equal(never.status, 400);
    assert.match(never.body.error?.message ?? '', /can never allow anything: even `sudo rm -rf x`/);
    const push = await admin('POST', '/v1/whitelist', { pattern: 'git push --force origin *' });
    assert.equal(push.status, 400);
    const fine = await admin('POST', '/v1/whitelist', { pattern: 'rm -rf *' });
    assert.equal(fine.status, 201, 'rm -rf ./dist is low: this pattern can match');
  });
});

describe('the approve & whitelist dialog with a past denial', () => {
  let server: ServerHandle;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the denial and its note, and needs a confirming step before approving', async () => {
    const sub = (shell: string) =>
      api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, { command: { shell }, cwd: '/tmp' });
    const wip = (await sub('npm run seed -- --env=staging')).body as { request: RequestView };
    await api(server.url, 'POST', `/v1/requests/${wip.request.id}/deny`, server.secrets.adminToken, {
      note: 'staging is frozen this week',
    });
    const now = ((await sub("npm run seed -- '--env=preview 30 days'")).body as { request: RequestView })
      .request;
    const { page } = await newContext(browser, server.url);
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, new Map());
    await page.goto(`${server.url}/#/requests/${now.id}`);
    await page.locator(`[data-request-id="${now.id}"] [data-keys-armed="true"]`).waitFor();
    await page.keyboard.press('w');
    const dialog = page.getByTestId('whitelist-dialog');
    // The exact choice reads as the agent wrote it; the canonical form is one click away.
    await dialog.getByText("npm run seed -- '--env=preview 30 days'", { exact: true }).waitFor();
    await dialog.getByRole('radio').nth(1).check(); // the first suggestion (a wildcard)
    await dialog.getByTestId('preview-denied-warning').waitFor();
    await dialog.getByTestId('preview-denial').getByText('staging is frozen this week').waitFor();
    await screenshot(page, 'whitelist-preview-denied');
    const confirm = dialog.getByRole('button', { name: /Approve & add to whitelist/ });
    assert.equal(await confirm.isDisabled(), true, 'not without the confirming step');
    await dialog.getByTestId('accept-denied').getByRole('checkbox').check();
    await confirm.click();
    await page
      .locator(`[data-testid="request-detail"][data-request-id="${now.id}"]`)
      .waitFor({ state: 'detached' });
    const after = (await api(server.url, 'GET', `/v1/requests/${now.id}`, server.secrets.adminToken)).body[
      'request'
    ] as RequestView;
    assert.equal(after.status, 'approved');
  });
});
