/**
 * The dashboard shows hostile text exactly as the CLI does (src/protocol/displayText.ts): in a real
 * browser, no page carries a raw hidden character in its text or attributes, the command block
 * reads back to the exact command, and nothing in a command, note, reason or path runs as HTML.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { displayInline } from '../src/protocol/displayText.js';
import { startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { launchBrowser, newContext, screenshot, signIn } from './support/browser.js';
import { HOSTILE_COMMANDS, HOSTILE_NOTE, decodeDisplay, rawHidden } from './support/hostileText.js';

const SESSION = 'sess\u202e-hostile';
const PATH = '/tmp/\x1b[2Kbuild\u200b';

/** Every text node and attribute value of the page (what a reviewer can see or hover). */
async function pageText(page: Page): Promise<string> {
  // A string, evaluated in the page: the tests' tsconfig has no DOM types.
  return (await page.evaluate(`(() => {
    const out = [document.body.textContent ?? ''];
    for (const el of Array.from(document.querySelectorAll('*')))
      for (const a of Array.from(el.attributes)) if (a.name !== 'style') out.push(a.value);
    return out.join('\\n');
  })()`)) as string;
}

/** The command block read back: numbered lines joined, escapes decoded. */
async function commandShown(page: Page): Promise<string> {
  const block = page.getByTestId('command');
  const lines = await block.locator('.line-text').allTextContents();
  return lines.length > 0
    ? lines.map(decodeDisplay).join('\n')
    : decodeDisplay((await block.textContent()) ?? '');
}

describe('the dashboard with hostile text', () => {
  let server: ServerHandle;
  let browser: Browser;
  let page: Page;
  const ids = new Map<string, string>();
  let check: Awaited<ReturnType<typeof newContext>>;
  const secrets = new Map<string, string>();

  before(async () => {
    server = await startServer();
    for (const h of HOSTILE_COMMANDS) {
      const res = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
        command: { shell: h.text },
        cwd: PATH,
        host: 'host\x1b]8;;https://evil.example\x07',
        osUser: 'root\u200d',
        session: SESSION,
        gitBranch: 'main\u202e',
        reason: 'tidy up <img src=x onerror="window.__pwned=1">\rsafe',
      });
      assert.ok(res.status === 201 || res.status === 202, JSON.stringify(res.body));
      ids.set(h.name, (res.body['request'] as { id: string }).id);
    }
    const denied = await api(
      server.url,
      'POST',
      `/v1/requests/${ids.get('ANSI colours')}/deny`,
      server.secrets.adminToken,
      { note: HOSTILE_NOTE },
    );
    assert.equal(denied.status, 200, JSON.stringify(denied.body));
    const wl = await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, {
      pattern: 'npm test',
      note: 'from <script>window.__pwned=1</script>\u202e ticket',
    });
    assert.equal(wl.status, 201, JSON.stringify(wl.body));
    browser = await launchBrowser();
    check = await newContext(browser, server.url);
    page = check.page;
    page.on('dialog', (d) => {
      check.problems.push(`a dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, secrets);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const h of HOSTILE_COMMANDS.filter((x) => x.name !== 'ANSI colours')) {
    it(`queue detail: "${h.name}" reads back exactly, nothing hidden on the page`, async () => {
      const id = ids.get(h.name) as string;
      await page.locator(`[data-testid="queue"] [data-request-id="${id}"]`).click();
      await page.locator(`[data-testid="request-detail"][data-request-id="${id}"]`).waitFor();
      assert.equal(await commandShown(page), h.text);
      assert.equal(rawHidden(await pageText(page)), null);
      if (h.text.split('\n').length > 1)
        assert.equal(await page.getByTestId('command').locator('.ln').count(), h.text.split('\n').length);
    });
  }

  it('marks each escape visibly, with the character named for hover and screen readers', async () => {
    await page.locator(`[data-testid="queue"] [data-request-id="${ids.get('bare CR overprint')}"]`).click();
    const esc = page.getByTestId('command').locator('.esc').first();
    assert.equal(await esc.textContent(), '⟨\\r⟩');
    assert.match((await esc.getAttribute('title')) ?? '', /U\+000D CARRIAGE RETURN/);
    const style = await esc.evaluate('(el) => getComputedStyle(el).backgroundColor');
    assert.notEqual(style, 'rgba(0, 0, 0, 0)', 'an escape has a background of its own');
    await screenshot(page, 'hidden-characters');
  });

  it('history, session, whitelist and insights pages show no raw hidden character', async () => {
    for (const [hash, ready] of [
      ['#/history', 'table'],
      [`#/sessions/${encodeURIComponent(SESSION)}`, '.row-cmd'],
      ['#/whitelist', '.pattern'],
      ['#/insights', 'h2'],
    ] as const) {
      await page.goto(`${server.url}/${hash}`);
      await page.locator(ready).first().waitFor();
      assert.equal(rawHidden(await pageText(page)), null, hash);
    }
    await page.goto(`${server.url}/#/history`);
    await page.getByText('approved by security').first().waitFor();
    const shown = await pageText(page);
    assert.ok(shown.includes(displayInline(HOSTILE_NOTE)));
  });

  it('never runs text as HTML: no script ran, no dialog, strict CSP on the page', async () => {
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.equal(await page.locator('script:not([src])').count(), 0);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    const res = await fetch(server.url + '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    // Scripts from this origin only; WebAssembly may compile (the recording player), JS text never runs.
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
    const apiRes = await fetch(server.url + '/v1/requests');
    assert.match(apiRes.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.foreign, []);
  });
});
