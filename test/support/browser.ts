/**
 * Headless Debian chromium driven by playwright-core (no downloaded browsers), and the dashboard's
 * sign-in as a user would do it — including TOTP enrolment, reading the key the page shows.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { generateSync } from 'otplib';

export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (own cookies) that records every request that would leave the server's origin. */
export async function newContext(
  browser: Browser,
  origin: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; foreign: string[]; problems: string[] }> {
  const phone = viewport.width < 600;
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const foreign: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  page.on('console', (m) => {
    if (
      m.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
    )
      problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, foreign, problems };
}

export function totpCode(secret: string): string {
  return generateSync({ secret });
}

/** Signs in through the page; enrols TOTP when asked (remembering the secret in `secrets`). */
export async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
  secrets: Map<string, string>,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const done = page.getByTestId('signed-in-user');
  const code = page.getByLabel('6-digit code');
  await done.or(code).first().waitFor();
  if (await done.isVisible()) return;
  const enrol = page.getByTestId('totp-secret');
  if ((await enrol.count()) > 0) secrets.set(username, ((await enrol.textContent()) ?? '').trim());
  const secret = secrets.get(username);
  if (!secret) throw new Error(`${username} needs a TOTP code and the test has no secret`);
  await code.fill(totpCode(secret));
  await code.press('Enter');
  await done.waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}
