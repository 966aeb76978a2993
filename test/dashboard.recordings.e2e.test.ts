/**
 * Session recordings in the dashboard (issue 14): a command run through the real SSH gateway on a
 * real sshd is recorded; its request page plays the recording in the browser (asciinema-player,
 * under the dashboard's strict CSP) and offers the stored .cast for export, byte for byte.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { eventually, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { launchBrowser, newContext, screenshot, signIn } from './support/browser.js';
import { ssh, startGateway, startSshd, type Gateway, type Sshd } from './support/sshRig.js';

describe('recordings in the dashboard', () => {
  const dir = tempDir('expacti-ssh-web-');
  let browser: Browser;
  let server: ServerHandle;
  let sshd: Sshd;
  let gateway: Gateway;
  before(async () => {
    browser = await launchBrowser();
    server = await startServer();
    sshd = await startSshd(dir.path);
    gateway = await startGateway(dir.path, server, sshd);
  });
  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await sshd?.stop();
    await server?.stop();
    dir.remove();
  });

  it('plays an SSH command’s recording on its request page and exports the stored bytes', async () => {
    const cmd = "printf 'first line\\n'; sleep 0.3; printf '\\033[1mplayed back in the browser\\033[0m\\n'";
    assert.equal(
      (await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern: cmd })).status,
      201,
    );
    const r = await ssh(
      dir.path,
      gateway,
      {
        password: server.secrets.agentToken,
        args: ['-o', 'SetEnv=EXPACTI_SESSION=web-recording'],
      },
      cmd,
    );
    assert.equal(r.code, 0, r.stderr + gateway.output());
    const listed = await api(
      server.url,
      'GET',
      '/v1/requests?session=web-recording',
      server.secrets.adminToken,
    );
    const id = (listed.body['requests'] as Array<{ id: string }>)[0]?.id ?? '';
    assert.ok(id, JSON.stringify(listed.body));

    const { page } = await newContext(browser, server.url);
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    await signIn(page, server.url, 'admin', server.secrets.adminPassword, new Map());
    await page.goto(`${server.url}/#/requests/${id}`);
    const recording = page.getByTestId('recording');
    await recording.waitFor();
    assert.match((await recording.textContent()) ?? '', /SSH command on/);
    const player = page.getByTestId('recording-player');
    await player.locator('.ap-player').waitFor({ timeout: 20_000 });
    // Play it through and read what the terminal shows.
    await player.locator('.ap-player').click();
    // (Polled from here: the page's CSP rightly refuses the string evaluation waitForFunction uses.)
    await eventually(
      async () => (/played back in the browser/.test((await player.textContent()) ?? '') ? true : undefined),
      20_000,
    );

    assert.match((await player.textContent()) ?? '', /first line/);
    await screenshot(page, 'recording-player');
    assert.deepEqual(
      cspErrors.filter((e) => /Content Security Policy|wasm/i.test(e)),
      [],
    );

    const download = page.waitForEvent('download');
    await page.getByTestId('recording-export').click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    const listedRec = await api(server.url, 'GET', `/v1/recordings?request=${id}`, server.secrets.adminToken);
    const rec = (listedRec.body['recordings'] as Array<{ sha256: string }>)[0];
    assert.equal(
      createHash('sha256').update(bytes).digest('hex'),
      rec?.sha256,
      'the export is the audited recording',
    );
  });
});
