import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumPath } from './browser.js';
import { ADMIN_TOKEN } from './testApp.js';

/** Where the console tests put their screenshots (gitignored; kept by CI as an artifact). */
export const SCREENSHOTS = new URL('../../test-artifacts/console/', import.meta.url);

/** One Chromium per test file, a desktop-sized window, and a page signed in as `actor` (null: not). */
export async function openConsole(
  base: string,
  actor: string | null,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: base });
  const page = await context.newPage();
  // A page the CSP refuses something on (an inline style, a script) fails the test that loaded it.
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  page.on('pageerror', (error) => refused.push(error.message));
  (page as Page & { refused: string[] }).refused = refused;
  if (actor) await signIn(page, actor);
  return { browser, page };
}

/** What the page's CSP refused (or scripts threw) since it opened. */
export function refusals(page: Page): string[] {
  return (page as Page & { refused: string[] }).refused;
}

/** Types the admin token and a name into the sign-in form, as a person does. */
export async function signIn(page: Page, actor: string, token = ADMIN_TOKEN) {
  await page.goto('/console/');
  assert.match(page.url(), /\/console\/sign-in$/);
  await page.getByLabel('Admin token').fill(token);
  await page.getByLabel('Your name').fill(actor);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/$/);
}

/** A screenshot into test-artifacts/console/<name>.png: the whole page, or (long lists) the window. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage });
}
