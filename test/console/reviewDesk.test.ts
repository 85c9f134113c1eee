import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.js';
import { customer, DE, deOrderInReview, orderOf } from '../helpers/console.js';
import { openConsole, refusals, screenshot } from '../helpers/consoleBrowser.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';

// The review desk in a real Chromium: a reviewer signs in, works the queues (number orders,
// qualified numbers, hosting orders) and the customer sees the outcome through the API.
// Sandbox automation is held off (a day of clock time), so every decision here is the reviewer's.

const skip = browserSkipReason();
const ADMIN_QUALIFIED = '/admin/v1/qualifiedNumbers';

describe('the review desk in Chromium', { skip }, () => {
  let s: LiveServer;
  let receiver: Receiver;
  let browser: Browser;
  let page: Page;

  before(async () => {
    s = await startLiveServer({
      OPEN_NUMBERS_REVIEW_DELAY_SECONDS: '86400',
      OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS: '86400',
      OPEN_NUMBERS_HOSTING_STEP_SECONDS: '86400',
    });
    receiver = await startReceiver('/hooks/orders');
    ({ browser, page } = await openConsole(s.base, 'Ann Reviewer'));
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await s?.close();
  });

  /** The desk's section of a queue. */
  const section = (name: RegExp) =>
    page.locator('section').filter({ has: page.getByRole('heading', { name }) });

  test('a reviewer approves an order end to end: the number becomes active, the callback is logged', async () => {
    const { orderId, phoneNumber } = await deOrderInReview(s, receiver.url);
    await page.goto('/console/');
    const queue = section(/Number orders in review/);
    assert.equal(await queue.locator('.count').textContent(), '1');
    const row = queue.getByRole('row').filter({ hasText: orderId });
    assert.match((await row.textContent()) ?? '', new RegExp(`DE LOCAL.*\\${phoneNumber}`, 's'));
    await screenshot(page, 'review-desk');

    const files: string[] = [];
    page.on('response', (r) => {
      // Chromium's PDF viewer reports a second, header-less response for the frame's document.
      const type = r.headers()['content-type'];
      if (r.url().includes('/attachments/') && type) files.push(`${r.status()} ${type}`);
    });
    await row.getByRole('link', { name: orderId }).click();
    await page.waitForURL(new RegExp(`/console/orders/project-a/${orderId}$`));
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `Number order ${orderId}`);
    // The registration as the policy's schema lays it out: sections, labels, values; no JSON.
    const registration = page.locator('.registration');
    for (const legend of [
      'Section 1 — use cases',
      'Entry 1',
      'Section 3 — contact person for this registration',
    ]) {
      assert.equal((await registration.locator('legend', { hasText: legend }).count()) > 0, true, legend);
    }
    const text = (await registration.textContent()) ?? '';
    assert.match(text, /Service description/);
    assert.match(text, /Customer service line of the Berlin branch office/);
    assert.match(
      text,
      /Company name\s*Registered name of the business \(BUSINESS\)\.\s*Beispiel Handels GmbH/,
    );
    assert.doesNotMatch(text, /[{}]|serviceDescription/);
    assert.match((await page.locator('.summary').textContent()) ?? '', new RegExp(`version ${DE.version}`));
    assert.match((await page.locator('.summary').textContent()) ?? '', /\d+ h( \d+ min)? left/);
    // The documents: the PNG shown as an image, the PDF in a frame, both from the console.
    const image = page.getByRole('img', { name: /Proof of address/ });
    await image.waitFor();
    assert.ok(
      await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      'image loaded',
    );
    assert.equal(await page.locator('iframe[title^="Identity document: PASSPORT"]').count(), 1);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(files.sort(), ['200 application/pdf', '200 image/png']);
    await screenshot(page, 'number-order');

    await page.getByLabel(/^Reason/).fill('Documents match the registration');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/console\/\?notice=/);
    assert.match(
      (await page.getByRole('status').first().textContent()) ?? '',
      new RegExp(`Number order ${orderId} approved`),
    );
    assert.equal(
      await section(/Number orders in review/)
        .locator('.count')
        .textContent(),
      '0',
    );

    // Who decided, when and why: the order's history (the audit log).
    await page.goto(`/console/orders/project-a/${orderId}`);
    const history = await page
      .locator('section[aria-labelledby=history] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.innerText.trim())),
      );
    assert.deepEqual(history, [
      ['Ann Reviewer', 'REVIEW', 'Documents match the registration', 'decision: COMPLETED'],
    ]);
    assert.match((await page.locator('.summary').textContent()) ?? '', /COMPLETED/);
    assert.match((await page.locator('#decide + p').textContent()) ?? '', /nothing to decide/);

    // The customer's view: the order completed, the number is theirs.
    assert.equal((await orderOf(s, orderId)).state, 'COMPLETED');
    const active = await customer(
      s,
      'GET',
      `/v1/projects/project-a/activeNumbers/${encodeURIComponent(phoneNumber)}`,
    );
    assert.equal(active.status, 200, JSON.stringify(active.body));
    // The callback went out and is in the sandbox panel's log, with its attempt.
    await s.until(
      () => s.admin('GET', `/_sandbox/callbacks?resourceId=${orderId}&status=DELIVERED`),
      (r) => r.body.callbacks.some((e: any) => e.status === 'COMPLETED'),
    );
    await page.getByRole('link', { name: 'Sandbox' }).click();
    await page
      .getByRole('navigation', { name: 'Sandbox panel' })
      .getByRole('link', { name: 'Callbacks' })
      .click();
    await page.getByLabel(/^Resource/).fill(orderId);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/resourceId=/);
    // Submitted (IN_REVIEW), then approved (COMPLETED), newest first.
    const rows = page.locator('#callback-log tbody tr');
    assert.equal(await rows.count(), 2);
    const logged = rows.first();
    assert.deepEqual((await logged.locator('td').allInnerTexts()).slice(3, 7), [
      'NUMBER_ORDER_PROCESSING',
      'COMPLETED',
      'DELIVERED',
      '1',
    ]);
    await screenshot(page, 'callbacks');
    await logged.getByRole('link', { name: /Attempts/ }).click();
    assert.match(
      (await page.locator('.attempt h3').textContent()) ?? '',
      /Attempt 1 at .*: answered 200, after \d+ ms/,
    );
    assert.match(
      (await page.locator('.attempt pre').textContent()) ?? '',
      new RegExp(`"resourceId":"${orderId}"`),
    );
    await screenshot(page, 'callback-attempts');
    assert.deepEqual(refusals(page), []);
  });

  test('rejecting needs a reason, and the customer reads it in the registration logs', async () => {
    const { orderId } = await deOrderInReview(s, undefined, 1);
    await page.goto('/console/');
    await page.getByRole('link', { name: orderId }).click();
    await page.getByRole('button', { name: 'Reject' }).click();
    // Refused: the page again, the field marked, nothing decided.
    assert.match(
      (await page.getByRole('alert').allTextContents()).join(' '),
      /A REJECTED decision needs a reason/,
    );
    assert.equal(await page.getByLabel(/^Reason/).getAttribute('aria-invalid'), 'true');
    assert.equal((await orderOf(s, orderId)).state, 'IN_REVIEW');
    const reason = 'The proof of address is older than three months';
    await page.getByLabel(/^Reason/).fill(reason);
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.waitForURL(/\/console\/\?notice=/);
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /rejected/);
    const seen = await orderOf(s, orderId);
    assert.equal(seen.state, 'REJECTED');
    assert.deepEqual(
      seen.logs.map((log) => log.message),
      [reason],
    );
  });

  test('qualified numbers: decided and unblocked in place, with the name of the reviewer', async () => {
    const numbers = ['+12025550171', '+12025550172'];
    const added = await customer(s, 'POST', `${s.imported}/qualifiedNumbers:addNumbers`, {
      phoneNumbers: numbers,
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    await page.goto('/console/');
    // A marker that a full page load would lose: the decision must happen in place (htmx).
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    const queue = section(/awaiting the eligibility decision/);
    assert.equal(await queue.locator('.count').textContent(), '2');
    const [eligible, refused] = numbers.map((n) => queue.getByRole('row').filter({ hasText: n }));
    // The browser asks for a reason first (the field is required); blanks pass it, not the server.
    await eligible!.getByLabel('Reason').fill('   ');
    await eligible!.getByRole('button', { name: 'Eligible', exact: true }).click();
    // No reason: refused in place, the row keeps its form.
    await eligible!.getByRole('alert').waitFor();
    assert.match((await eligible!.getByRole('alert').textContent()) ?? '', /reason is required/);
    await eligible!.getByLabel('Reason').fill('Carrier confirmed portability');
    await eligible!.getByRole('button', { name: 'Eligible', exact: true }).click();
    await eligible!.getByRole('status').waitFor();
    assert.match((await eligible!.textContent()) ?? '', /is eligible: Carrier confirmed portability/);
    await refused!.getByLabel('Reason').fill('Number is not portable');
    await refused!.getByRole('button', { name: 'Not eligible' }).click();
    await refused!.getByRole('status').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true);
    const decided = await s.admin('GET', `${ADMIN_QUALIFIED}?state=ELIGIBLE`);
    const review = decided.body.qualifiedNumbers.find(
      (q: any) => q.phoneNumber === numbers[0],
    ).eligibilityReview;
    assert.deepEqual(
      [review.decision, review.reviewer, review.reason],
      ['ELIGIBLE', 'Ann Reviewer', 'Carrier confirmed portability'],
    );

    // Three wrong verification codes block the eligible number; the reviewer lifts the block.
    const base = `${s.imported}/qualifiedNumbers/${numbers[0]}`;
    assert.equal((await customer(s, 'POST', `${base}:sendVoiceChallenge`)).status, 200);
    for (let i = 0; i < 3; i++) await customer(s, 'POST', `${base}:verifyVoiceChallenge`, { code: '000000' });
    await page.goto('/console/');
    const blocked = section(/blocked after wrong verification codes/)
      .getByRole('row')
      .filter({ hasText: numbers[0]! });
    assert.equal(await blocked.locator('td').nth(1).textContent(), '3', 'wrong codes');
    await blocked.getByLabel('Reason').fill('Customer called support and proved ownership');
    await blocked.getByRole('button', { name: 'Unblock' }).click();
    await blocked.getByRole('status').waitFor();
    const unblocked = (await s.admin('GET', `${ADMIN_QUALIFIED}?state=ELIGIBLE`)).body.qualifiedNumbers.find(
      (q: any) => q.phoneNumber === numbers[0],
    );
    assert.deepEqual(
      unblocked.unblocks.map((u: any) => u.reviewer),
      ['Ann Reviewer'],
    );
  });

  test('hosting orders: opened from the queue, approved with the reviewer kept in its audit', async () => {
    const created = await customer(s, 'POST', `${s.imported}/hostingOrders:importNumbers`, {
      displayName: 'Console import',
      regionCode: 'US',
      numbers: ['+12065550181', '+12065550182'],
      servicePlanId: 'plan-console',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.hostingOrderId;
    await page.goto('/console/');
    await section(/Hosting orders awaiting review/)
      .getByRole('link', { name: id })
      .click();
    assert.equal(await page.locator('tbody tr').count(), 2);
    await screenshot(page, 'hosting-order');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/console\/\?notice=/);
    assert.match(
      (await page.getByRole('status').first().textContent()) ?? '',
      /approved; it is now IN_PROGRESS/,
    );
    const audited = (await s.admin('GET', '/admin/v1/hostingOrders?pageSize=1000')).body.hostingOrders.find(
      (o: any) => o.hostingOrderId === id,
    );
    assert.deepEqual([audited.review.decision, audited.review.reviewer], ['APPROVED', 'Ann Reviewer']);
  });
});
