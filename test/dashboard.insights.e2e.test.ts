/**
 * Insights read well with little data and with a lot: with one day and one agent every chart
 * labels its values; with a year of data no two axis labels overlap. Screenshots of both go to
 * test-artifacts/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { RequestView } from '../src/protocol/index.js';
import { join } from 'node:path';
import { openStore } from '../src/store/open.js';
import { AUDIT_KEY_FILE, readAuditKeys } from '../src/server/auditKeys.js';
import { FIRST_ORG_ID } from '../src/server/bootstrap.js';
import { startServer, tempDir } from './support/expacti.js';
import { api } from './support/api.js';
import { launchBrowser, newContext, screenshot, signIn } from './support/browser.js';
import { ANALYSIS } from './support/storeFixtures.js';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Bounding boxes of the text elements of each chart, per chart, and of the chart's drawing. */
async function chartTexts(page: Page, cls: string): Promise<Array<{ svg: Box; texts: Box[] }>> {
  return (await page.evaluate(`Array.from(document.querySelectorAll('.chart svg')).map((svg) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
    return { svg: box(svg), texts: Array.from(svg.querySelectorAll('text.${cls}')).map(box) };
  })`)) as Array<{ svg: Box; texts: Box[] }>;
}

const inside = (a: Box, outer: Box) =>
  a.x >= outer.x - 0.5 &&
  a.x + a.w <= outer.x + outer.w + 0.5 &&
  a.y >= outer.y - 0.5 &&
  a.y + a.h <= outer.y + outer.h + 0.5;

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('insights with little and with a lot of data', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('labels every value when there is one day and one agent', async () => {
    const server = await startServer();
    try {
      const sub = async (shell: string) =>
        (
          (
            await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
              command: { shell },
              cwd: '/tmp',
            })
          ).body as { request: RequestView }
        ).request;
      const a = await sub('rm -rf ./one');
      await api(server.url, 'POST', `/v1/requests/${a.id}/approve`, server.secrets.adminToken, {});
      const b = await sub('rm -rf ./two');
      await api(server.url, 'POST', `/v1/requests/${b.id}/deny`, server.secrets.adminToken, { note: 'no' });
      await sub('ls -la');
      const { page } = await newContext(browser, server.url);
      await signIn(page, server.url, 'admin', server.secrets.adminPassword, new Map());
      await page.goto(`${server.url}/#/insights`);
      await page.getByText('Requests per day by outcome').waitFor();
      await page.locator('.chart text.value').first().waitFor();
      const values = (await chartTexts(page, 'value')).map((c) => c.texts);
      assert.equal(values.length, 4, 'four charts');
      assert.ok((values[0]?.length ?? 0) >= 1, 'the bar of the one day is labelled with its total');
      assert.ok((values[1]?.length ?? 0) >= 1, 'the hit-rate point is labelled');
      assert.ok((values[2]?.length ?? 0) >= 1, 'the decision-time point is labelled');
      assert.ok((values[3]?.length ?? 0) >= 1, 'the prompts-per-100 point is labelled');
      for (const c of await chartTexts(page, 'axis'))
        for (const t of c.texts) assert.ok(inside(t, c.svg), 'every axis label is inside its chart');
      assert.match((await page.locator('.chart').first().textContent()) ?? '', /approved 1/);
      await screenshot(page, 'insights-one-day');
    } finally {
      await server.stop();
    }
  });

  it('keeps axis labels apart with a year of data', async () => {
    const dir = tempDir();
    const first = await startServer({ dataDir: dir.path });
    await first.stop();
    const store = await openStore({
      dataDir: dir.path,
      auditKeys: readAuditKeys(join(dir.path, AUDIT_KEY_FILE)).chain,
    });
    const token = (await store.listTokens(FIRST_ORG_ID)).find((t) => t.kind === 'agent');
    assert.ok(token);
    const now = Date.now();
    for (let day = 0; day < 365; day++) {
      for (let k = 0; k < 1 + (day % 4); k++) {
        const createdAt = new Date(now - day * 86_400_000 - k * 60_000 - 3_600_000).toISOString();
        const outcome = k % 3 === 0 ? 'denied' : 'approved';
        await store.insertRequest(
          {
            id: randomUUID(),
            orgId: FIRST_ORG_ID,
            agentTokenId: token.id,
            agentName: k % 2 ? 'claude' : 'codex',
            command: { shell: `npm run job-${k}` },
            commandText: `npm run job-${k}`,
            cwd: '/srv/app',
            host: 'build',
            osUser: 'ci',
            session: `s-${day}`,
            gitBranch: 'main',
            reason: null,
            analysis: ANALYSIS,
            context: null,
            status: outcome,
            createdAt,
            expiresAt: new Date(Date.parse(createdAt) + 60_000).toISOString(),
            decision: {
              outcome,
              by: { kind: 'user', id: 'u', name: 'ana' },
              justification: `${outcome} by ana`,
              at: new Date(Date.parse(createdAt) + 20_000 + day * 100).toISOString(),
              ...(outcome === 'denied' ? { note: 'no' } : {}),
            },
            claimBy: null,
            execution: null,
          },
          [],
        );
      }
    }
    await store.close();
    const server = await startServer({ dataDir: dir.path, secrets: first.secrets });
    try {
      const { page } = await newContext(browser, server.url);
      await signIn(page, server.url, 'admin', first.secrets.adminPassword, new Map());
      await page.goto(`${server.url}/#/insights`);
      await page.getByText('Requests per day by outcome').waitFor();
      await page.getByLabel('Period').selectOption('365');
      await page.locator('.chart rect').nth(300).waitFor();
      const charts = await chartTexts(page, 'axis');
      assert.equal(charts.length, 4);
      for (const { svg, texts } of charts) {
        assert.ok(texts.length >= 4, 'labelled axes');
        for (const t of texts) assert.ok(inside(t, svg), 'every axis label is inside its chart');
        for (let i = 0; i < texts.length; i++)
          for (let j = i + 1; j < texts.length; j++)
            assert.ok(!overlaps(texts[i] as never, texts[j] as never), `labels ${i} and ${j} overlap`);
      }
      assert.equal(await page.locator('.chart text.value').count(), 0, 'no value labels crowd a year');
      await screenshot(page, 'insights-year');
    } finally {
      await server.stop();
      dir.remove();
    }
  });
});
