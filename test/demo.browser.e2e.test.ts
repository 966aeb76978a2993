/**
 * The demo played through the dashboard, as a prospective user would: `expacti demo` prints a
 * one-time link, the browser opens it (signed in, the link then spent), and every request the
 * scripted agent waits on is decided in the dashboard — with the notes the agent then reads.
 * Screenshots of what a reviewer sees go to test-artifacts/ (docs/demo.md shows them).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { BIN } from './support/expacti.js';
import { launchBrowser, newContext, screenshot } from './support/browser.js';

const DECISION =
  /your call in the dashboard: (http:\/\/127\.0\.0\.1:\d+\/#\/requests\/([0-9a-f-]{36}))\n\s*\(the script would (approve|deny)(?:: “(.*)”)?\)/g;

/** What each waiting step shows, to wait for before the screenshot (by the command's words). */
const SHOTS: Array<{ command: RegExp; shows: RegExp; name: string }> = [
  { command: /WHERE role IS NULL"$/, shows: /no narrow WHERE/, name: 'demo-update' },
  { command: /rm -rf build-\*\/$/, shows: /production\/uploads/, name: 'demo-symlink' },
  { command: /id_ed25519/, shows: /possible prompt injection/, name: 'demo-injection' },
  { command: /v1\/health/, shows: /possible exfiltration/, name: 'demo-sequence' },
];

describe('expacti demo in the dashboard', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  it('signs in by the one-time link and plays every decision in the browser', async () => {
    const env = { ...process.env };
    for (const k of Object.keys(env))
      if (k.startsWith('EXPACTI_') || k === 'NODE_TEST_CONTEXT') delete env[k];
    const proc = spawn(process.execPath, [BIN, 'demo', '--no-open'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('close', resolve));
    const waitFor = async (pattern: RegExp, ms = 60_000) => {
      const until = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > until) throw new Error(`no ${pattern} in:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await waitFor(/dashboard\s+\S+#\/sign-in\//);
      const link = /dashboard\s+(\S+#\/sign-in\/[A-Za-z0-9_-]{43})/.exec(out)?.[1] ?? '';
      const origin = new URL(link).origin;
      const { page, foreign, problems } = await newContext(browser, origin);
      await page.goto(link);
      await page.getByTestId('signed-in-user').waitFor();
      assert.equal(new URL(page.url()).hash, '#/queue', 'the secret is taken out of the address bar');

      const late = await newContext(browser, origin);
      await late.page.goto(link);
      await late.page.getByText(/used already or has expired/).waitFor();
      await late.context.close();

      let decided = 0;
      for (;;) {
        await waitFor(
          new RegExp(`(${DECISION.source}[\\s\\S]*){${decided + 1}}|steps ended as scripted`),
          60_000,
        );
        const waiting = [...out.matchAll(DECISION)][decided];
        if (!waiting) break;
        const [, url, id, decision, note] = waiting;
        await page.goto(url as string);
        const detail = page.locator(`[data-testid="request-detail"][data-request-id="${id}"]`);
        await detail.waitFor();
        await page.locator(`[data-request-id="${id}"] [data-keys-armed="true"]`).waitFor();
        const command = (await detail.getByTestId('command').textContent()) ?? '';
        const shot = SHOTS.find((s) => s.command.test(command.trim()));
        if (shot) {
          await detail.getByText(shot.shows).first().waitFor();
          await screenshot(page, shot.name);
        }
        if (decision === 'approve') await page.keyboard.press('a');
        else {
          await page.keyboard.press('d');
          const field = page.getByLabel(/Note to the agent/);
          await field.fill(note as string);
          await field.press('Enter');
        }
        await detail.waitFor({ state: 'detached' });
        decided++;
      }
      assert.equal(decided, 7, out);
      await waitFor(/all 13 steps ended as scripted/);
      assert.match(out, /\(reads the note\) “Too broad: .*add AND org_id = 42\.”/);
      assert.match(out, /approved by admin — nothing ran|approved by admin/);
      await page.goto(`${origin}/#/history`);
      await page
        .getByText(/grep STRIPE_KEY/)
        .first()
        .waitFor();
      await screenshot(page, 'demo-history');
      assert.deepEqual(foreign, []);
      assert.deepEqual(problems, []);
      const sandbox = /sandbox\s+(\S+)/.exec(out)?.[1] ?? '';
      proc.stdin.end(); // not a terminal: the demo ends when its input does
      assert.equal(await exited, 0, out);
      assert.equal(existsSync(sandbox), false);
    } finally {
      proc.kill('SIGKILL');
    }
  });
});
