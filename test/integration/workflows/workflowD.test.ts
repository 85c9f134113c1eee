import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { chromium } from 'playwright-core';
import { signBody } from '../../../src/domain/callbacks/events.js';
import { call } from '../../helpers/api.js';
import { browserSkipReason, chromiumPath } from '../../helpers/browser.js';
import {
  ADMIN,
  adminOrder,
  directLoa,
  HBASE,
  mails,
  orderState,
  resellerLoa,
  verifyNumbers,
} from '../../helpers/hosting.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { startTestApp, type TestApp } from '../../helpers/testApp.js';

// Seed 003, workflow D: text-enable with a direct LOA (the LOA is mailed, its link opened and
// signed in a real Chromium, the order goes on to COMPLETED), a reseller LOA through
// qualifiedNumbers:textEnableNumbers, a blanket LOA that skips the signature, the toll-free
// variant, and a partial failure. Callbacks are received and their signatures checked.
let t: TestApp;
let receiver: Receiver;
let origin: string;
const SECRET = 'hosting-secret-d-0123456789-0123456789';
const STEP = 60;

before(async () => {
  t = await startTestApp({
    OPEN_NUMBERS_HOSTING_STEP_SECONDS: String(STEP),
    OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS: '1',
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  receiver = await startReceiver('/hooks/d');
  const config = await call(t, {
    method: 'PATCH',
    url: `${HBASE}/callbackConfiguration`,
    body: { hmacSecret: SECRET },
  });
  assert.equal(config.status, 200);
});
after(async () => {
  await t.close();
  await receiver.close();
});

async function textEnable(path: string, numbers: string[], extra: Record<string, unknown>) {
  await verifyNumbers(t, 'project-a', numbers);
  return call(t, {
    method: 'POST',
    url: `${HBASE}/${path}`,
    body: { regionCode: 'US', numbers, servicePlanId: 'plan-d', callbackUrl: receiver.url, ...extra },
  });
}

/** The signing link of the newest mail to `to`, as a path on our server. */
async function signingPath(to: string): Promise<string> {
  const [mail] = await mails(t, to);
  assert.ok(mail, `no mail to ${to}`);
  assert.equal(mail.links.length, 1);
  assert.ok(mail.text.includes(mail.links[0]));
  const url = new URL(mail.links[0]);
  assert.match(url.pathname, /^\/loa\/[A-Za-z0-9_-]{32}$/);
  return url.pathname;
}

function callbacksFor(resourceId: string) {
  return receiver.received
    .map((r) => {
      assert.equal(
        r.headers['x-sinch-signature'],
        signBody(r.body, SECRET),
        'signed with the imported secret',
      );
      return JSON.parse(r.body);
    })
    .filter((b) => b.resourceId === resourceId);
}

describe('direct LOA, signed in Chromium', () => {
  const numbers = ['+12025550140', '+12025550141'];
  const email = 'jane.direct@example.com';
  let id: string;

  test('text-enable: SUBMITTED with the LOA details; after review WAITING_FOR_LOA_SIGNATURE and a mail', async () => {
    const res = await textEnable('hostingOrders:textEnableNumbers', numbers, {
      campaignId: 'CAMPD',
      directLoaInfo: directLoa(email),
      displayName: 'Direct',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.state, 'SUBMITTED');
    assert.equal(res.body.type, 'TYPE_TEXT_ENABLE');
    assert.equal(res.body.textEnableInfo.loaType, 'Direct');
    assert.equal(res.body.textEnableInfo.authorisedPerson.email, email);
    id = res.body.hostingOrderId;
    assert.deepEqual(await mails(t, email), []);
    await t.advance(STEP);
    assert.equal(await orderState(t, id), 'WAITING_FOR_LOA_SIGNATURE');
    const [mail] = await mails(t, email);
    assert.match(mail.subject, new RegExp(id));
    assert.equal(mail.to, email);
    // The clock alone does not sign.
    await t.advance(STEP * 10);
    assert.equal(await orderState(t, id), 'WAITING_FOR_LOA_SIGNATURE');
  });

  test('the unsigned LOA downloads as a PDF naming the numbers', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `${HBASE}/hostingOrders/${id}/loa`,
      headers: { authorization: t.auth },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="loa-[a-z0-9]+\.pdf"$/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const pdf = await PDFDocument.load(res.rawPayload);
    assert.equal(pdf.getSubject(), 'Not signed');
    assert.equal(pdf.getKeywords(), numbers.join(' '));
  });

  test('Chromium opens the mailed link, types the name, ticks consent and signs', {
    skip: browserSkipReason(),
  }, async () => {
    const path = await signingPath(email);
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const opened = await page.goto(`${origin}${path}`);
      assert.equal(opened?.status(), 200);
      const text = await page.textContent('body');
      for (const n of numbers) assert.ok(text?.includes(n), `the page names ${n}`);
      assert.ok(text?.includes('Jane Signer'));
      // The browser refuses to submit without the required fields; the server checks too.
      await page.fill('input[name=fullName]', 'Jane Q. Signer');
      await page.check('input[name=consent]');
      const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.equal(response?.status(), 200);
      assert.match((await page.textContent('h1')) ?? '', /Signed/);
      // The link works once.
      const again = await page.goto(`${origin}${path}`);
      assert.equal(again?.status(), 409);
      assert.match((await page.textContent('body')) ?? '', /signed already/);
    } finally {
      await browser.close();
    }
    assert.equal(await orderState(t, id), 'IN_PROGRESS');
    const audited = await adminOrder(t, id);
    assert.equal(audited.signature.fullName, 'Jane Q. Signer');
    assert.equal(audited.signature.ip, '127.0.0.1');
    assert.equal(audited.signature.via, 'signing page');
    assert.deepEqual([audited.review.decision, audited.review.reviewer], ['APPROVED', 'sandbox']);

    const signed = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/hostingOrders/${id}/loa`,
      headers: ADMIN,
    });
    assert.equal(signed.statusCode, 200);
    assert.equal(signed.headers['x-loa-signed'], 'true');
    const pdf = await PDFDocument.load(signed.rawPayload);
    assert.match(pdf.getSubject() ?? '', /^Signed by Jane Q\. Signer at .* from 127\.0\.0\.1$/);

    // OSR update, SMS platform, campaign: COMPLETED, and the numbers are imported numbers.
    await t.advance(STEP);
    await t.advance(STEP);
    await t.advance(STEP);
    assert.equal(await orderState(t, id), 'COMPLETED');
    for (const n of numbers) {
      const imported = await call(t, { method: 'GET', url: `${HBASE}/importedNumbers/${n}` });
      assert.equal(imported.status, 200);
      assert.equal(imported.body.smsConfiguration.campaignId, 'CAMPD');
    }
    await t.advance(1);
    const order = callbacksFor(id).map((b) => `${b.eventType}:${b.status}`);
    // SUBMITTED, WAITING_FOR_LOA_SIGNATURE, IN_PROGRESS, COMPLETED.
    assert.deepEqual(order, Array(4).fill('HOSTING_PROCESS:SUCCEEDED'));
    for (const n of numbers) {
      assert.deepEqual(
        callbacksFor(n).map((b) => `${b.eventType}:${b.status}`),
        [
          'OSR_UPDATE:SUCCEEDED',
          'PROVISIONING_TO_SMS_PLATFORM:SUCCEEDED',
          'LINK_TO_10DLC_CAMPAIGN:SUCCEEDED',
          // The number's hosting process, when the order ends.
          'HOSTING_PROCESS:SUCCEEDED',
        ],
      );
    }
  });
});

describe('the signing page refuses what it must, in HTML', () => {
  test('unknown link → 404 page; a form without consent → 400 page; after rejection → 410 page', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/loa/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /^text\/html/);
    assert.match(unknown.body, /Unknown signing link/);

    const email = 'reject.me@example.com';
    const res = await textEnable('hostingOrders:textEnableNumbers', ['+12025550150'], {
      directLoaInfo: {
        ...directLoa(email),
        authorisedPerson: { firstName: '<b>Eve</b>', lastName: '"x"', email },
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await t.advance(STEP);
    const path = await signingPath(email);
    const page = await t.app.inject({ method: 'GET', url: path });
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('<b>Eve</b>'), 'names are escaped');
    assert.ok(page.body.includes('&#60;b&#62;Eve&#60;&#47;b&#62;'));
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);

    const form = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });
    const noConsent = await form('fullName=Eve');
    assert.equal(noConsent.statusCode, 400);
    assert.match(noConsent.body, /Tick the box/);
    const noName = await form('consent=yes');
    assert.equal(noName.statusCode, 400);
    assert.match(noName.body, /full name/);

    const rejected = await call(t, {
      method: 'POST',
      url: `/admin/v1/projects/project-a/hostingOrders/${res.body.hostingOrderId}:review`,
      headers: ADMIN,
      body: { decision: 'REJECT', reason: 'Letter not wanted', reviewer: 'ops-1' },
    });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal(rejected.body.state, 'REJECTED');
    assert.equal(rejected.body.review.reviewer, 'ops-1');
    assert.equal(rejected.body.review.reason, 'Letter not wanted');
    const after = await form('fullName=Eve&consent=yes');
    assert.equal(after.statusCode, 410);
    assert.match(after.body, /rejected/);
    assert.equal(await orderState(t, res.body.hostingOrderId), 'REJECTED');
  });
});

describe('two signatures at once', () => {
  test('one is taken (200), the other is told the link was used (409)', async () => {
    const email = 'twice@example.com';
    const res = await textEnable('hostingOrders:textEnableNumbers', ['+12025550155'], {
      directLoaInfo: directLoa(email),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await t.advance(STEP);
    const path = await signingPath(email);
    const sign = (name: string) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `fullName=${encodeURIComponent(name)}&consent=on`,
      });
    const answers = await Promise.all([sign('First Signer'), sign('Second Signer')]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409]);
    const winner = answers.find((a) => a.statusCode === 200)!;
    const audited = await adminOrder(t, res.body.hostingOrderId);
    assert.ok(winner.body.includes(audited.signature.fullName));
  });
});

describe('reseller, blanket, toll-free, partial failure', () => {
  test('reseller LOA through qualifiedNumbers:textEnableNumbers answers {hostingOrderId}; signing by form post', async () => {
    const email = 'rob@example.com';
    const res = await textEnable('qualifiedNumbers:textEnableNumbers', ['+12025550160'], {
      resellerLoaInfo: resellerLoa(email),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body), ['hostingOrderId']);
    const id = res.body.hostingOrderId;
    const order = await call(t, { method: 'GET', url: `${HBASE}/hostingOrders/${id}` });
    assert.equal(order.body.textEnableInfo.loaType, 'Reseller');
    assert.equal(order.body.textEnableInfo.businessName, 'Acme <Resale> & Co');
    await t.advance(STEP);
    const path = await signingPath(email);
    const signed = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ fullName: 'Rob Reseller', consent: 'yes' }).toString(),
    });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(await orderState(t, id), 'IN_PROGRESS');
    await t.advance(STEP);
    await t.advance(STEP);
    assert.equal(await orderState(t, id), 'COMPLETED');
  });

  test('blanket LOA skips the signature: no mail, no LOA, straight to IN_PROGRESS after review', async () => {
    const res = await textEnable('hostingOrders:textEnableNumbers', ['+12025550170'], { blanketLoaInfo: {} });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = res.body.hostingOrderId;
    assert.equal(res.body.textEnableInfo.loaType, undefined);
    await t.advance(STEP);
    assert.equal(await orderState(t, id), 'IN_PROGRESS');
    const loa = await t.app.inject({
      method: 'GET',
      url: `${HBASE}/hostingOrders/${id}/loa`,
      headers: { authorization: t.auth },
    });
    assert.equal(loa.statusCode, 404);
    await t.advance(STEP);
    await t.advance(STEP);
    assert.equal(await orderState(t, id), 'COMPLETED');
  });

  test('toll-free variant: toll-free numbers only, driven with the sandbox :advance control', async () => {
    const tf = ['+18335870229', '+18339460473'];
    const wrong = await textEnable('hostingOrders:textEnableTollFreeNumbers', ['+12025550180'], {
      directLoaInfo: directLoa(),
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.details[0].fieldViolations[0].field, 'numbers[0]');
    const local = await textEnable('hostingOrders:textEnableNumbers', [tf[0]!], {
      directLoaInfo: directLoa(),
    });
    assert.equal(local.status, 400);

    const email = 'tf@example.com';
    const res = await textEnable('hostingOrders:textEnableTollFreeNumbers', tf, {
      directLoaInfo: directLoa(email),
      scheduledZipwhipProvisioningTime: '2020-01-01T00:00:00Z',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = res.body.hostingOrderId;
    assert.equal(res.body.scheduledOsrUpdateTime, '2020-01-01T00:00:00.000000Z');
    const advance = async () => {
      const r = await call(t, {
        method: 'POST',
        url: `/_sandbox/hostingOrders/${id}:advance`,
        headers: ADMIN,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.state;
    };
    assert.equal(await advance(), 'WAITING_FOR_LOA_SIGNATURE');
    assert.equal((await mails(t, email)).length, 1);
    assert.equal(await advance(), 'IN_PROGRESS');
    const audit = await adminOrder(t, id);
    assert.equal(audit.signature.via, 'sandbox advance');
    assert.equal(audit.review.reviewer, 'sandbox');
    assert.equal(audit.review.reason, 'sandbox advance');
    assert.equal(await advance(), 'COMPLETED');
    const done = await call(t, {
      method: 'POST',
      url: `/_sandbox/hostingOrders/${id}:advance`,
      headers: ADMIN,
    });
    assert.equal(done.status, 400);
    const qualified = await textEnable('qualifiedNumbers:textEnableTollFreeNumbers', ['+18002752273'], {
      resellerLoaInfo: resellerLoa(),
    });
    assert.equal(qualified.status, 200, JSON.stringify(qualified.body));
    assert.equal(qualified.body.state, 'SUBMITTED');
    assert.equal(qualified.body.textEnableInfo.loaType, 'Reseller');
  });

  test('one number fails its OSR update (ends in 6660): the others complete, the report counts it', async () => {
    const numbers = ['+12025556660', '+12025550190'];
    const res = await textEnable('hostingOrders:textEnableNumbers', numbers, {
      blanketLoaInfo: {},
      campaignId: 'CAMPX',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = res.body.hostingOrderId;
    for (let i = 0; i < 4; i++) await t.advance(STEP);
    assert.equal(await orderState(t, id), 'COMPLETED');
    const report = await call(t, { method: 'GET', url: `${HBASE}/hostingOrders/${id}/report` });
    assert.deepEqual(report.body, {
      total: 2,
      osrUpdated: 1,
      smsProvisioned: 1,
      addedToCampaign: 1,
      ongoingManualAction: 1,
    });
    const failed = await call(t, {
      method: 'GET',
      url: `${HBASE}/hostingOrders/${id}/numbers?osrUpdateState=FAILED`,
    });
    assert.deepEqual(
      failed.body.numbers.map((n: any) => n.phoneNumber),
      ['+12025556660'],
    );
    assert.equal(
      (await call(t, { method: 'GET', url: `${HBASE}/importedNumbers/${numbers[0]}` })).status,
      404,
    );
    assert.equal(
      (await call(t, { method: 'GET', url: `${HBASE}/importedNumbers/${numbers[1]}` })).status,
      200,
    );
    await t.advance(1);
    const [osr] = callbacksFor(numbers[0]!);
    assert.equal(osr.eventType, 'OSR_UPDATE');
    assert.equal(osr.status, 'FAILED');
    assert.equal(osr.failureCode, 'NUMBER_PROVISIONING_FAILED');
    // When the order ends, each number's hosting process: FAILED with the step's code, or SUCCEEDED.
    const process = (n: string) =>
      callbacksFor(n)
        .filter((b) => b.eventType === 'HOSTING_PROCESS')
        .map((b) => [b.resourceType, b.status, b.failureCode]);
    assert.deepEqual(process(numbers[0]!), [
      ['HOSTING_ORDER_NUMBER', 'FAILED', 'NUMBER_PROVISIONING_FAILED'],
    ]);
    assert.deepEqual(process(numbers[1]!), [['HOSTING_ORDER_NUMBER', 'SUCCEEDED', undefined]]);
  });

  test('every number fails (servicePlanId FAIL_…): REJECTED, nothing imported', async () => {
    const res = await textEnable('hostingOrders:textEnableNumbers', ['+12025550195'], {
      blanketLoaInfo: {},
      servicePlanId: 'FAIL_plan',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = res.body.hostingOrderId;
    for (let i = 0; i < 3; i++) await t.advance(STEP);
    assert.equal(await orderState(t, id), 'REJECTED');
    assert.equal(
      (await call(t, { method: 'GET', url: `${HBASE}/importedNumbers/+12025550195` })).status,
      404,
    );
    await t.advance(1);
    assert.deepEqual(
      callbacksFor(id).map((b) => `${b.eventType}:${b.status}`),
      ['HOSTING_PROCESS:SUCCEEDED', 'HOSTING_PROCESS:SUCCEEDED', 'HOSTING_PROCESS:FAILED'],
    );
    // The number's own outcome: FAILED, without a code (the SMS platform's failure has none).
    assert.deepEqual(
      callbacksFor('+12025550195')
        .filter((b) => b.eventType === 'HOSTING_PROCESS')
        .map((b) => [b.status, 'failureCode' in b]),
      [['FAILED', false]],
    );
  });
});
