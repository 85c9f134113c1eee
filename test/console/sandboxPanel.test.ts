import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.js';
import { createDeOrder, customer, deOrderInReview, orderOf } from '../helpers/console.js';
import { openConsole, refusals, screenshot } from '../helpers/consoleBrowser.js';
import { directLoa, verifyNumbers } from '../helpers/hosting.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';

// The sandbox panel in a real Chromium: a developer moves the clock, watches callbacks arrive
// (the log refreshes itself), sends one again, and reads the mail and voice-call logs.

const skip = browserSkipReason();
const HOUR = 3600_000;

describe('the sandbox panel in Chromium', { skip }, () => {
  let s: LiveServer;
  let receiver: Receiver;
  let browser: Browser;
  let page: Page;

  before(async () => {
    s = await startLiveServer({ OPEN_NUMBERS_REVIEW_DELAY_SECONDS: '86400' });
    receiver = await startReceiver('/hooks/sandbox');
    ({ browser, page } = await openConsole(s.base, 'Dev Eloper'));
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await s?.close();
  });

  const sandboxClock = async () => Date.parse((await s.admin('GET', '/_sandbox/clock')).body.now);

  test('advancing the clock 48 hours expires an order created before', async () => {
    const { orderId } = await createDeOrder(s);
    assert.equal((await orderOf(s, orderId)).state, 'CREATED');
    await page.goto('/console/sandbox');
    const before = await sandboxClock();
    await screenshot(page, 'sandbox-clock');
    await page.getByRole('button', { name: '+ 48 hours' }).click();
    await page.waitForURL(/\/console\/sandbox\?notice=/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /moved forward 2 d; it is now/);
    assert.ok((await sandboxClock()) - before >= 48 * HOUR);
    assert.equal((await orderOf(s, orderId)).state, 'EXPIRED');
    // The header's clock shows the new time.
    const shown = Date.parse((await page.locator('#clock time').getAttribute('datetime')) ?? '');
    assert.ok(shown - before >= 48 * HOUR, 'the header clock moved');

    // A custom step: 2 hours.
    const moved = await sandboxClock();
    await page.getByLabel('Advance by').fill('2');
    await page.getByLabel('Unit').selectOption('hours');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.waitForURL(/notice=/);
    const step = (await sandboxClock()) - moved;
    assert.ok(step >= 2 * HOUR && step < 3 * HOUR, `moved ${step} ms`);
    assert.deepEqual(refusals(page), []);
  });

  test('the callback log shows a new callback by itself; an event is sent again on request', async () => {
    await page.goto('/console/sandbox/callbacks');
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    const { orderId } = await deOrderInReview(s, receiver.url);
    // htmx reloads the table every 5 seconds: the submission's callback appears without a reload.
    const row = page.locator('#callback-log tbody tr').filter({ hasText: orderId });
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true);
    await s.until(
      () => s.admin('GET', `/_sandbox/callbacks?resourceId=${orderId}`),
      (r) => r.body.callbacks[0]?.deliveryState === 'DELIVERED',
    );
    await page.reload();
    await screenshot(page, 'sandbox-callbacks');

    await row.getByRole('link', { name: /Attempts/ }).click();
    await page.getByRole('button', { name: 'Deliver again' }).click();
    await page.waitForURL(/notice=/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /queued for delivery again/);
    await s.until(
      () => s.admin('GET', `/_sandbox/callbacks?resourceId=${orderId}`),
      (r) => r.body.callbacks[0]?.deliveries.length === 2,
    );
    await page.reload();
    assert.deepEqual(
      (await page.locator('.attempt h3').allTextContents()).map((t) =>
        t.replace(/ at .*: /, ': ').replace(/\d+ ms/, 'n ms'),
      ),
      ['Attempt 1: answered 200, after n ms', 'Attempt 2: answered 200, after n ms'],
    );
    assert.equal(receiver.received.filter((r) => r.body.includes(orderId)).length, 2);
  });

  test('the mail and voice-call logs: the LOA link mailed, the code a number was told', async () => {
    const numbers = ['+12025550191'];
    await verifyNumbers(s.t, 'project-a', numbers);
    const email = 'jane.console@example.com';
    const created = await customer(s, 'POST', `${s.imported}/hostingOrders:textEnableNumbers`, {
      regionCode: 'US',
      numbers,
      servicePlanId: 'plan-console',
      campaignId: 'CAMPC',
      directLoaInfo: directLoa(email),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    // The sandbox approves it after a step; the LOA signing link is mailed.
    await s.advance(60);
    await s.until(
      () => s.admin('GET', `/_sandbox/emails?to=${encodeURIComponent(email)}`),
      (r) => r.body.emails.length === 1,
    );
    await page.goto('/console/sandbox/mail');
    await page.getByLabel('To').fill(email);
    await page.getByRole('button', { name: 'Filter' }).click();
    const mail = page.locator('article.mail');
    assert.equal(await mail.count(), 1);
    assert.match(
      (await mail.getByRole('heading').textContent()) ?? '',
      new RegExp(created.body.hostingOrderId),
    );
    assert.match((await mail.getByRole('link').getAttribute('href')) ?? '', /\/loa\/[A-Za-z0-9_-]{32}$/);
    await screenshot(page, 'sandbox-mail');

    await page
      .getByRole('navigation', { name: 'Sandbox panel' })
      .getByRole('link', { name: 'Voice calls' })
      .click();
    await page.getByLabel(/Phone number/).fill(numbers[0]!);
    await page.getByRole('button', { name: 'Show calls' }).click();
    const code = (await s.admin('GET', `/_sandbox/voiceCalls?phoneNumber=${encodeURIComponent(numbers[0]!)}`))
      .body.voiceCalls[0].code;
    assert.equal(await page.locator('tbody code').first().textContent(), code);
    await screenshot(page, 'sandbox-voice-calls');
  });
});
