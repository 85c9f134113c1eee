import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.js';
import { openConsole, refusals, screenshot } from '../helpers/consoleBrowser.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { ADMIN_TOKEN } from '../helpers/testApp.js';

// Signing in and out of the console in a real Chromium, with the keyboard only, and the
// browser's view of the session cookie; a forged form post from the page is refused.

const skip = browserSkipReason();

describe('signing in and out in Chromium', { skip }, () => {
  let s: LiveServer;
  let browser: Browser;
  let page: Page;
  let context: BrowserContext;

  before(async () => {
    s = await startLiveServer();
    ({ browser, page } = await openConsole(s.base, null));
    context = page.context();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  const sessionCookie = async () => (await context.cookies()).find((c) => c.name === 'on_console_session');

  test('a wrong token is refused with the reason, the name kept', async () => {
    await page.goto('/console/');
    assert.match(page.url(), /\/console\/sign-in$/);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByLabel('Your name').fill('Ann Reviewer');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /not the admin token/);
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Ann Reviewer');
    assert.equal(await sessionCookie(), undefined);
  });

  test('with the keyboard only: the token field has focus, Tab to the name, Enter signs in', async () => {
    await page.goto('/console/sign-in');
    await screenshot(page, 'sign-in');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'token');
    await page.keyboard.type(ADMIN_TOKEN);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'actor');
    // Focus is visible (the style sheet's outline, not the browser's default removed).
    assert.notEqual(
      await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle),
      'none',
    );
    await page.keyboard.type('Ann Reviewer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/$/);
    assert.match((await page.locator('.sign-out').textContent()) ?? '', /Signed in as Ann Reviewer/);
    assert.deepEqual(refusals(page), []);
  });

  test('the session cookie: HttpOnly (no script can read it), SameSite=Strict, only for /console', async () => {
    const cookie = await sessionCookie();
    assert.ok(cookie);
    assert.deepEqual(
      { httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path, secure: cookie.secure },
      // Not Secure: this server is plain HTTP (a TLS proxy makes it Secure; test/console/http.test.ts).
      { httpOnly: true, sameSite: 'Strict', path: '/console', secure: false },
    );
    assert.ok(cookie.expires * 1000 - Date.now() > 11.9 * 3600_000, 'about 12 hours');
    assert.equal(await page.evaluate(() => document.cookie), '');
  });

  test('a form post without the session token, sent from the page, is refused and changes nothing', async () => {
    const before = (await s.admin('GET', '/_sandbox/clock')).body.now;
    const answer = await page.evaluate(async () => {
      const response = await fetch('/console/sandbox/clock', {
        method: 'POST',
        body: new URLSearchParams({ seconds: '172800', _csrf: 'forged-token' }),
      });
      return { status: response.status, text: await response.text() };
    });
    assert.equal(answer.status, 403);
    assert.match(answer.text, /Nothing was changed/);
    const now = (await s.admin('GET', '/_sandbox/clock')).body.now;
    assert.ok(Date.parse(now) - Date.parse(before) < 3600_000, 'the clock did not move');
  });

  test('signing out ends the session: the cookie is gone and the desk asks for a sign-in again', async () => {
    await page.goto('/console/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in\?signedOut=1$/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /You are signed out/);
    assert.equal(await sessionCookie(), undefined);
    await page.goto('/console/sandbox');
    assert.match(page.url(), /\/console\/sign-in\?next=%2Fconsole%2Fsandbox$/);
  });
});
