/**
 * The reviewer dashboard in a real browser (headless Debian chromium via playwright-core) against a
 * real `expacti serve`, with real `expacti run` subprocesses waiting on the decisions made in it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { EXIT } from '../src/protocol/exitCodes.js';
import {
  agentEnv,
  runCli,
  spawnCli,
  startServer,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { api } from './support/api.js';
import { PHONE, launchBrowser, newContext, screenshot, signIn, totpCode } from './support/browser.js';

const WAITING = /request ([0-9a-f-]{36})/;

describe('the reviewer dashboard', () => {
  let server: ServerHandle;
  let browser: Browser;
  let page: Page;
  const secrets = new Map<string, string>();
  const checks: Array<{ foreign: string[]; problems: string[] }> = [];
  const agent = (args: string[], session = 'sess-browser') =>
    spawnCli(['run', ...args], { env: agentEnv(server, { EXPACTI_SESSION: session }) });
  const row = (p: Page, id: string) => p.locator(`[data-testid="queue"] [data-request-id="${id}"]`);
  /** Selects a request in the queue and waits until its detail (and its keys) are there. */
  const open = async (p: Page, id: string) => {
    await row(p, id).click();
    await p.locator(`[data-testid="request-detail"][data-request-id="${id}"]`).waitFor();
    await p.locator(`[data-request-id="${id}"] [data-keys-armed="true"]`).waitFor();
  };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    for (const c of checks) {
      assert.deepEqual(c.foreign, [], 'the page asks nothing of any other origin');
      assert.deepEqual(c.problems, [], 'no script errors or CSP violations in the page');
    }
  });

  it('signs in with a password and a TOTP code the reviewer enrols with the QR code shown', async () => {
    const org = await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, { requireTotp: true });
    assert.equal(org.status, 200);
    const c = await newContext(browser, server.url);
    checks.push(c);
    page = c.page;
    await page.goto(server.url);
    await screenshot(page, 'signin');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong username or password' }).waitFor();

    await page.getByLabel('Password').fill(server.secrets.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByAltText(/TOTP enrolment code/).waitFor();
    await screenshot(page, 'totp-enrol');
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
    secrets.set('admin', secret);
    await page.getByLabel('6-digit code').fill('000000' === totpCode(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on and sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong or expired code' }).waitFor();
    await page.getByLabel('6-digit code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on and sign in' }).click();
    await page.getByTestId('signed-in-user').filter({ hasText: 'admin' }).waitFor();

    const [cookie] = await c.context.cookies();
    assert.equal(cookie?.name, 'expacti_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');

    // Sign out, then in again: now the code is asked for, not enrolment.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').waitFor();
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, secrets);

    const audit = await api(server.url, 'GET', '/v1/audit', server.secrets.adminToken);
    const actions = (audit.body['records'] as Array<{ action: string; data: { via?: string } }>)
      .filter((r) => r.data.via === 'web')
      .map((r) => r.action);
    for (const a of ['user.login_failed', 'user.totp_enrolled', 'user.login', 'user.logout'])
      assert.ok(actions.includes(a), `audited: ${a}`);
  });

  it('shows a request from a real expacti run live, and approving it runs the command (exit 0)', async () => {
    const run = agent(['--reason', 'list the build output', '--', 'sh', '-c', 'echo approved-in-browser']);
    const [, id] = await waitForText(run.stderrSoFar, WAITING);
    await row(page, id as string).waitFor(); // pushed: no reload
    await open(page, id as string);
    const detail = page.getByTestId('request-detail');
    await detail.getByText('list the build output').waitFor();
    assert.match((await detail.getByTestId('command').textContent()) ?? '', /echo approved-in-browser/);
    await detail.getByText(/auto-deny in/).waitFor();
    await screenshot(page, 'queue-detail');
    await page.keyboard.press('a');
    const res = await run.result;
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, 'approved-in-browser\n');
    await row(page, id as string).waitFor({ state: 'detached' });
  });

  it('denies with a required note from the keyboard: the agent exits with the deny code and prints the note', async () => {
    const run = agent(['-c', 'rm -rf ./build && echo should-not-run']);
    const [, id] = await waitForText(run.stderrSoFar, WAITING);
    await open(page, id as string);
    await page.keyboard.press('d');
    const note = page.getByLabel(/Note to the agent/);
    await note.waitFor();
    assert.equal(await note.evaluate((el) => el.matches(':focus')), true, 'd focuses the note');
    await note.fill('use make clean instead');
    await note.press('Enter');
    const res = await run.result;
    assert.equal(res.code, EXIT.denied);
    assert.match(res.stderr, /use make clean instead/);
    assert.doesNotMatch(res.stdout, /should-not-run/);
  });

  it('approves & whitelists with a preview of past matches; the next identical run passes without review', async () => {
    const cmd = ['--', 'echo', 'whitelisted-in-browser'];
    // Asked twice before (and denied then): the preview lists them.
    for (let i = 0; i < 2; i++) {
      const earlier = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
        command: { argv: ['echo', 'whitelisted-in-browser'] },
        cwd: '/tmp',
      });
      const earlierId = (earlier.body['request'] as { id: string }).id;
      await api(server.url, 'POST', `/v1/requests/${earlierId}/deny`, server.secrets.adminToken, {
        note: 'not yet',
      });
    }
    const run = agent(cmd);
    const [, id] = await waitForText(run.stderrSoFar, WAITING);
    await open(page, id as string);
    await page.keyboard.press('w');
    const dialog = page.getByTestId('whitelist-dialog');
    await dialog.getByTestId('whitelist-preview').getByText('Would have matched 2 past commands').waitFor();
    // Both were denied: the preview says so, with the note, and confirming needs a second step.
    await dialog.getByTestId('preview-denied-warning').waitFor();
    await dialog.getByTestId('preview-denial').getByText('not yet').first().waitFor();
    await screenshot(page, 'whitelist-dialog');
    const confirm = dialog.getByRole('button', { name: 'Approve & add to whitelist' });
    assert.equal(await confirm.isDisabled(), true);
    await dialog.getByTestId('accept-denied').getByRole('checkbox').check();
    await confirm.click();
    assert.equal((await run.result).code, 0);

    const again = await runCli(['run', ...cmd], { env: agentEnv(server) });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'whitelisted-in-browser\n');
    assert.doesNotMatch(again.stderr, /waiting/);

    await page.getByRole('link', { name: 'Whitelist' }).click();
    const table = page.getByTestId('whitelist-table');
    await table.getByText('whitelisted-in-browser').waitFor();
    await table.getByRole('link', { name: `request ${(id as string).slice(0, 8)}` }).waitFor();
    await screenshot(page, 'whitelist');
    // Disable it from the page: the same command needs review again.
    await table.getByRole('button', { name: 'Disable' }).click();
    await table.getByRole('button', { name: 'Enable' }).waitFor();
    const entries = await api(server.url, 'GET', '/v1/whitelist', server.secrets.adminToken);
    const entry = (entries.body['entries'] as Array<{ createdFromRequest: string; disabled: boolean }>).find(
      (e) => e.createdFromRequest === id,
    );
    assert.equal(entry?.disabled, true);
  });

  it('shows each reviewer the decisions of the others at once, and who decided when acting too late', async () => {
    const bob = await api(server.url, 'POST', '/v1/users', server.secrets.adminToken, {
      username: 'bob',
      role: 'reviewer',
      password: 'bob-password-123',
    });
    assert.equal(bob.status, 201);
    const b = await newContext(browser, server.url);
    checks.push(b);
    await signIn(b.page, server.url, 'bob', 'bob-password-123', secrets);
    await page.getByRole('link', { name: /Queue/ }).click();

    const run = agent(['--reason', 'deploy preview', '--', 'echo', 'two-reviewers']);
    const [, id] = await waitForText(run.stderrSoFar, WAITING);
    await open(page, id as string);
    await open(b.page, id as string);
    await b.page
      .getByTestId('request-detail')
      .getByRole('button', { name: /^Approve a$/ })
      .click();
    assert.equal((await run.result).code, 0);
    // admin's open detail turns into "Approved by bob" without a reload.
    await page.getByTestId('decision-banner').getByText('Approved by bob', { exact: true }).waitFor();

    // A third tab that missed the push (its event stream is cut) acts late and is told who decided.
    const late = await newContext(browser, server.url);
    checks.push(late);
    await late.page.route('**/v1/events', (r) => r.abort());
    late.problems.length = 0;
    await signIn(late.page, server.url, 'bob', 'bob-password-123', secrets);
    const run2 = agent(['--', 'echo', 'decided-elsewhere']);
    const [, id2] = await waitForText(run2.stderrSoFar, WAITING);
    await late.page.goto(`${server.url}/#/requests/${id2 as string}`);
    await late.page.getByTestId('request-detail').waitFor();
    await page.getByTestId('request-detail').waitFor();
    await open(page, id2 as string);
    await page.keyboard.press('a');
    assert.equal((await run2.result).code, 0);
    await late.page
      .getByTestId('request-detail')
      .getByRole('button', { name: /^Approve a$/ })
      .click();
    await late.page.getByTestId('decision-error').getByText('Too late: already approved by admin.').waitFor();
    late.problems.splice(0); // the cut event stream logs errors by design
    await late.context.close();
    await b.context.close();
  });

  it('has history with a session timeline, insights, and a phone layout', async () => {
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByTestId('history-table').getByText('echo whitelisted-in-browser').first().waitFor();
    await screenshot(page, 'history');
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    assert.match((await csv).suggestedFilename(), /^expacti-history-.*\.csv$/);

    await page.goto(`${server.url}/#/sessions/sess-browser`);
    await page.getByTestId('session-timeline').getByText('rm -rf ./build').waitFor();
    await screenshot(page, 'session');

    await page.getByRole('link', { name: 'Insights' }).click();
    await page.getByText('Requests per day by outcome').waitFor();
    await screenshot(page, 'insights');

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard' }).waitFor();
    await screenshot(page, 'keys');
    await page.keyboard.press('Escape');

    // A busy queue, riskiest first, on a desktop and on a phone; everything is denied at the end.
    const runs = [
      agent(['--reason', 'clean the cache', '-c', 'rm -rf ~/.cache/pip'], 'sess-busy'),
      agent(['--reason', 'publish the fix', '--', 'git', 'push', '--force', 'origin', 'main'], 'sess-busy'),
      agent(['--reason', 'see what changed', '--', 'git', 'status'], 'sess-busy'),
    ];
    const ids: string[] = [];
    for (const r of runs) ids.push(((await waitForText(r.stderrSoFar, WAITING))[1] ?? '') as string);
    await page.getByRole('link', { name: /Queue/ }).click();
    for (const id of ids) await row(page, id).waitFor();
    await page.goto(`${server.url}/#/queue`);
    await page.getByTestId('request-detail').waitFor();
    await screenshot(page, 'queue');

    const phone = await newContext(browser, server.url, PHONE);
    checks.push(phone);
    await signIn(phone.page, server.url, 'admin', server.secrets.adminPassword, secrets);
    const id = ids[0] as string;
    await row(phone.page, id).waitFor();
    await screenshot(phone.page, 'phone-queue');
    await open(phone.page, id);
    await screenshot(phone.page, 'phone-detail');
    await phone.page.getByRole('button', { name: /Deny/ }).click();
    await phone.page.getByLabel(/Note to the agent/).fill('not now');
    await phone.page.getByRole('button', { name: /Deny/ }).click();
    assert.equal((await runs[0]?.result)?.code, EXIT.denied);
    for (const other of ids.slice(1)) {
      await api(server.url, 'POST', `/v1/requests/${other}/deny`, server.secrets.adminToken, {
        note: 'end of test',
      });
    }
    for (const r of runs.slice(1)) assert.equal((await r.result).code, EXIT.denied);
    await phone.context.close();
  });
});
