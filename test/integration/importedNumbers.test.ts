import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signBody } from '../../src/domain/callbacks/events.js';
import { assertFlatError, call, fieldViolations, rent, someAvailable } from '../helpers/api.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

// The Imported Numbers API under /imported (issue 9, first increment): imported numbers and the
// API's own callback configuration, with its flat error envelope.
let t: TestApp;
/** Long enough that a slow machine never lets two steps pass between two requests of a test. */
const STEP_SECONDS = 30;
before(async () => {
  t = await startTestApp({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: String(STEP_SECONDS) });
});
after(() => t.close());

const BASE = '/imported/v1/projects/project-a';
const OTHER_BASE = '/imported/v1/projects/project-b';
/** Valid US and CA numbers (libphonenumber) outside the test inventory's ranges. */
const US = ['+12025550134', '+12065550100', '+12125551234', '+13125550199'];
const CA = '+14165550123';

const importNumber = (body: unknown, headers?: Record<string, string>, base = BASE) =>
  call(t, { method: 'POST', url: `${base}/importedNumbers`, body, headers });
const get = (number: string) => call(t, { method: 'GET', url: `${BASE}/importedNumbers/${number}` });
const patch = (number: string, body: unknown) =>
  call(t, { method: 'PATCH', url: `${BASE}/importedNumbers/${number}`, body });
const remove = (number: string) => call(t, { method: 'DELETE', url: `${BASE}/importedNumbers/${number}` });
const list = (query = '') => call(t, { method: 'GET', url: `${BASE}/importedNumbers${query}` });

const usImport = (phoneNumber: string, extra: Record<string, unknown> = {}) => ({
  phoneNumber,
  regionCode: 'US',
  smsConfiguration: { servicePlanId: 'plan-1' },
  ...extra,
});

describe('import, get, list, update, delete', () => {
  test('import: 200 with the number, its SMS configuration and waiting carrier steps', async () => {
    const res = await importNumber(
      usImport(US[0]!, {
        displayName: 'Main line',
        callbackUrl: 'https://example.com/hook',
        smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'CAMP1', migrateToSinchTmo: true },
      }),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.phoneNumber, US[0]);
    assert.equal(res.body.projectId, 'project-a');
    assert.equal(res.body.regionCode, 'US');
    assert.equal(res.body.displayName, 'Main line');
    assert.equal(res.body.callbackUrl, 'https://example.com/hook');
    assert.deepEqual(res.body.smsConfiguration, {
      servicePlanId: 'plan-1',
      campaignId: 'CAMP1',
      migrateToSinchTmo: true,
    });
    assert.equal(res.body.smsProvisioning.serviceType, 'SMS');
    assert.equal(res.body.smsProvisioning.state, 'WAITING');
    assert.equal(res.body.campaignProvisioning.serviceId, 'CAMP1');
    assert.deepEqual(Object.keys(res.body.mnoConfiguration), ['smsAtt', 'smsTmo', 'mmsAtt', 'mmsTmo']);
    assert.deepEqual((await get(US[0]!)).body, res.body);
  });

  test('a CA number, and a plan without campaign', async () => {
    const res = await importNumber({
      phoneNumber: CA,
      regionCode: 'CA',
      smsConfiguration: { servicePlanId: 'plan-2' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.regionCode, 'CA');
    assert.equal(res.body.campaignProvisioning, undefined);
  });

  test('list: filters, totalSize, pages with a token, orderBy', async () => {
    for (const n of US.slice(1)) assert.equal((await importNumber(usImport(n))).status, 200);
    const all = await list();
    assert.equal(all.status, 200);
    assert.equal(all.body.totalSize, 5);
    assert.equal(all.body.nextPageToken, '');
    assert.deepEqual(
      all.body.importedNumbers.map((n: any) => n.phoneNumber),
      [...US, CA].sort(),
    );
    assert.equal((await list('?regionCode=CA')).body.totalSize, 1);
    assert.equal((await list('?servicePlanId=plan-2')).body.importedNumbers[0].phoneNumber, CA);
    assert.equal((await list('?campaignId=CAMP1')).body.totalSize, 1);
    assert.equal(
      (await list('?numberPattern.pattern=%2B1202&numberPattern.searchPattern=START')).body.totalSize,
      1,
    );
    assert.equal(
      (await list('?numberPattern.pattern=0199&numberPattern.searchPattern=END')).body.totalSize,
      1,
    );
    // Pages of two, in creation order.
    const seen: string[] = [];
    let token = '';
    do {
      const page = await list(`?pageSize=2&orderBy=createdTime${token ? `&pageToken=${token}` : ''}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.totalSize, 5);
      seen.push(...page.body.importedNumbers.map((n: any) => n.phoneNumber));
      token = page.body.nextPageToken;
    } while (token);
    assert.deepEqual(seen, [US[0], CA, ...US.slice(1)]);
  });

  test('update: name and callback URL; unlink before relinking another plan', async () => {
    const renamed = await patch(US[1]!, { displayName: 'Renamed', callbackUrl: 'https://example.com/x' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.displayName, 'Renamed');
    assert.equal(renamed.body.callbackUrl, 'https://example.com/x');

    const relink = await patch(US[1]!, { smsConfiguration: { servicePlanId: 'plan-9' } });
    assert.deepEqual(fieldViolations(assertFlatError(relink, 400, 'INVALID_ARGUMENT')), [
      'smsConfiguration.servicePlanId',
    ]);
    const unlinked = await patch(US[1]!, { smsConfiguration: { servicePlanId: '' } });
    assert.equal(unlinked.status, 200);
    assert.equal(unlinked.body.smsConfiguration.servicePlanId, '');
    assert.equal(unlinked.body.smsProvisioning.type, 'DEPROVISIONING');
    const linked = await patch(US[1]!, { smsConfiguration: { servicePlanId: 'plan-9' } });
    assert.equal(linked.status, 200);
    assert.equal(linked.body.smsConfiguration.servicePlanId, 'plan-9');
    assert.equal(linked.body.smsProvisioning.type, 'PROVISIONING');
    assert.equal((await list('?servicePlanId=plan-9')).body.totalSize, 1);
  });

  test('delete: 200 with an empty body, then 404', async () => {
    const res = await remove(US[3]!);
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
    assertFlatError(await get(US[3]!), 404, 'NOT_FOUND');
    assertFlatError(await remove(US[3]!), 404, 'NOT_FOUND');
    // Deleted, it can be imported again.
    assert.equal((await importNumber(usImport(US[3]!))).status, 200);
  });
});

describe('errors (flat envelope)', () => {
  test('400 names the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ regionCode: 'US', smsConfiguration: { servicePlanId: 'p' } }, 'phoneNumber'],
      [usImport('12025550134'), 'phoneNumber'],
      [usImport('+442071838750'), 'phoneNumber'],
      [usImport('+12025550135', { regionCode: 'CA' }), 'regionCode'],
      [{ phoneNumber: '+12025550135', smsConfiguration: { servicePlanId: 'p' } }, 'regionCode'],
      [{ phoneNumber: '+12025550135', regionCode: 'US' }, 'smsConfiguration'],
      [usImport('+12025550135', { smsConfiguration: {} }), 'smsConfiguration.servicePlanId'],
      [usImport('+12025550135', { callbackUrl: 'ftp://x' }), 'callbackUrl'],
      [usImport('+12025550135', { displayName: 'x'.repeat(257) }), 'displayName'],
      [usImport('+12025550135', { projectId: 'project-b' }), 'projectId'],
    ];
    for (const [body, field] of cases) {
      const error = assertFlatError(await importNumber(body), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(fieldViolations(error), [field], JSON.stringify(body));
    }
    assertFlatError(await list('?orderBy=nope'), 400, 'INVALID_ARGUMENT');
    assertFlatError(await list('?pageToken=garbage'), 400, 'INVALID_ARGUMENT');
    // A well-formed token with a time that is not whole milliseconds (PostgreSQL's bigint
    // would refuse it): a 400 like any token not of ours.
    for (const time of [1.5, 1e300]) {
      const forged = Buffer.from(JSON.stringify({ o: 'createdTime', t: time, p: '+1' })).toString(
        'base64url',
      );
      assertFlatError(await list(`?orderBy=createdTime&pageToken=${forged}`), 400, 'INVALID_ARGUMENT');
    }
    assertFlatError(await get('not-a-number'), 400, 'INVALID_ARGUMENT');
    // Nothing was half-created.
    assert.equal((await get('+12025550135')).status, 404);
  });

  test('a percent-encoded path is answered in the envelope of the surface it reaches', async () => {
    // `%69` is `i`: the router matches /imported, and so must the choice of envelope.
    const encoded = await call(t, {
      method: 'GET',
      url: '/%69mported/v1/projects/project-a/importedNumbers',
    });
    assert.equal(encoded.status, 200);
    const anonymous = await call(t, {
      method: 'GET',
      url: '/%69mported/v1/projects/project-a/importedNumbers',
      headers: { authorization: '' },
    });
    assertFlatError(anonymous, 401, 'UNAUTHENTICATED');
  });

  test('401 without credentials, 403 with another project’s key', async () => {
    const anonymous = await call(t, {
      method: 'GET',
      url: `${BASE}/importedNumbers`,
      headers: { authorization: '' },
    });
    assertFlatError(anonymous, 401, 'UNAUTHENTICATED');
    assert.ok(anonymous.headers['www-authenticate']);
    const wrongKey = await importNumber(usImport('+12025550136'), { authorization: t.other.auth });
    assertFlatError(wrongKey, 403, 'PERMISSION_DENIED');
    assert.equal((await get('+12025550136')).status, 404);
  });

  test('409: imported already (this project or another), or a number of our own inventory', async () => {
    assertFlatError(await importNumber(usImport(US[0]!)), 409, 'ALREADY_EXISTS');
    const other = await importNumber(usImport(US[0]!), { authorization: t.other.auth }, OTHER_BASE);
    assertFlatError(other, 409, 'ALREADY_EXISTS');
    const available = await someAvailable(t);
    assertFlatError(await importNumber(usImport(available)), 409, 'ALREADY_EXISTS');
    const active = (await rent(t)).phoneNumber;
    assertFlatError(await importNumber(usImport(active)), 409, 'ALREADY_EXISTS');
    assert.equal((await get(active)).status, 404);
  });

  test('404 for another project’s number; no route and 405 in the flat envelope too', async () => {
    const theirs = await call(t, {
      method: 'GET',
      url: `${OTHER_BASE}/importedNumbers/${US[0]}`,
      headers: { authorization: t.other.auth },
    });
    assertFlatError(theirs, 404, 'NOT_FOUND');
    assertFlatError(await call(t, { method: 'GET', url: `${BASE}/nothing` }), 404, 'NOT_FOUND');
    assertFlatError(await call(t, { method: 'PUT', url: `${BASE}/importedNumbers` }), 405, 'UNIMPLEMENTED');
    // The Numbers API keeps its wrapped envelope.
    const numbers = await call(t, { method: 'GET', url: '/v1/projects/project-a/nothing' });
    assert.deepEqual(Object.keys(numbers.body), ['error']);
  });
});

describe('callbackConfiguration of the Imported Numbers API', () => {
  const url = `${BASE}/callbackConfiguration`;
  test('its own secret, apart from the Numbers API’s', async () => {
    assert.deepEqual((await call(t, { method: 'GET', url })).body, {
      projectId: 'project-a',
      hmacSecret: '',
    });
    const set = await call(t, {
      method: 'PATCH',
      url,
      body: { hmacSecret: 'imported-secret-0123456789-0123456789' },
    });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, {
      projectId: 'project-a',
      hmacSecret: 'imported-secret-0123456789-0123456789',
    });
    assert.equal(
      (await call(t, { method: 'GET', url })).body.hmacSecret,
      'imported-secret-0123456789-0123456789',
    );
    const numbers = await call(t, { method: 'GET', url: '/v1/projects/project-a/callbackConfiguration' });
    assert.equal(numbers.body.hmacSecret, '');
    await call(t, {
      method: 'PATCH',
      url: '/v1/projects/project-a/callbackConfiguration',
      body: { hmacSecret: 'numbers-secret-0123456789-0123456789' },
    });
    assert.equal(
      (await call(t, { method: 'GET', url })).body.hmacSecret,
      'imported-secret-0123456789-0123456789',
    );
  });

  test('400 on hmacSecret, 401, 403, in the flat envelope', async () => {
    const error = assertFlatError(await call(t, { method: 'PATCH', url, body: {} }), 400, 'INVALID_ARGUMENT');
    assert.deepEqual(fieldViolations(error), ['hmacSecret']);
    for (const hmacSecret of ['imported-secret-1', 'imported_secret_with_underscores_0123']) {
      const rule = assertFlatError(
        await call(t, { method: 'PATCH', url, body: { hmacSecret } }),
        400,
        'INVALID_ARGUMENT',
      );
      assert.deepEqual(fieldViolations(rule), ['hmacSecret'], hmacSecret);
    }
    assertFlatError(
      await call(t, { method: 'GET', url, headers: { authorization: '' } }),
      401,
      'UNAUTHENTICATED',
    );
    assertFlatError(
      await call(t, { method: 'GET', url, headers: { authorization: t.other.auth } }),
      403,
      'PERMISSION_DENIED',
    );
  });
});

describe('carrier work with the clock, and its callbacks', () => {
  const SECRET = 'imported-callbacks-secret-0123456789';
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver('/hooks/imported');
    const res = await call(t, {
      method: 'PATCH',
      url: `${BASE}/callbackConfiguration`,
      body: { hmacSecret: SECRET },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
  after(() => receiver.close());

  /**
   * The callbacks received about one number, each checked against its signature, in the order
   * they were created (event ids are monotonic ULIDs): events of one step are delivered at once,
   * so they may arrive in either order.
   */
  const callbacksFor = (number: string) =>
    receiver.received
      .filter((r) => JSON.parse(r.body).resourceId === number)
      .map((r) => {
        assert.equal(
          r.headers['x-sinch-signature'],
          signBody(r.body, SECRET),
          'signed with the imported secret',
        );
        return JSON.parse(r.body);
      })
      .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
  const summary = (number: string) =>
    callbacksFor(number).map((c) => [c.eventType, c.status, c.failureCode ?? '-'].join(' '));
  const states = (body: any) => ({
    sms: body.smsProvisioning?.state,
    campaign: body.campaignProvisioning?.state,
    carriers: Object.values(body.mnoConfiguration).map((c: any) => c.state),
  });

  test('SMS platform, then campaign, then carriers, one step per provisioning delay', async () => {
    const number = '+12065550101';
    const res = await importNumber(
      usImport(number, {
        callbackUrl: receiver.url,
        smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'CAMP1' },
      }),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(states(res.body), {
      sms: 'WAITING',
      campaign: 'WAITING',
      carriers: Array(4).fill('WAITING'),
    });
    await t.advance(STEP_SECONDS);
    assert.equal((await get(number)).body.smsProvisioning.state, 'IN_PROGRESS');
    await t.advance(STEP_SECONDS);
    const afterSms = (await get(number)).body;
    assert.deepEqual(states(afterSms), {
      sms: 'DONE',
      campaign: 'WAITING',
      carriers: Array(4).fill('WAITING'),
    });
    assert.deepEqual(summary(number), ['PROVISIONING_TO_SMS_PLATFORM SUCCEEDED -']);
    await t.advance(20 * STEP_SECONDS);
    const done = (await get(number)).body;
    assert.deepEqual(states(done), { sms: 'DONE', campaign: 'DONE', carriers: Array(4).fill('DONE') });
    assert.deepEqual(done.smsConfiguration, {
      servicePlanId: 'plan-1',
      campaignId: 'CAMP1',
      migrateToSinchTmo: false,
    });
    assert.deepEqual(summary(number), [
      'PROVISIONING_TO_SMS_PLATFORM SUCCEEDED -',
      'LINK_TO_10DLC_CAMPAIGN SUCCEEDED -',
    ]);
    const [first] = callbacksFor(number);
    assert.deepEqual(Object.keys(first), [
      'eventId',
      'timestamp',
      'projectId',
      'resourceId',
      'resourceType',
      'eventType',
      'status',
    ]);
    assert.match(first.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(first.resourceType, 'IMPORTED_NUMBER');
    assert.equal(first.projectId, 'project-a');
  });

  test('a FAIL_ plan fails the platform step (no failureCode) and what waited behind it', async () => {
    const number = '+12065550102';
    await importNumber(
      usImport(number, {
        callbackUrl: receiver.url,
        smsConfiguration: { servicePlanId: 'FAIL_plan', campaignId: 'CAMP1' },
      }),
    );
    await t.advance(20 * STEP_SECONDS);
    const failed = (await get(number)).body;
    assert.deepEqual(states(failed), {
      sms: 'FAILED',
      campaign: 'FAILED',
      carriers: Array(4).fill('FAILED'),
    });
    assert.equal(failed.smsProvisioning.errorCode, 'SMS_PROVISIONING_FAILED');
    assert.notEqual(failed.smsProvisioning.errorMessage, '');
    assert.equal(failed.smsProvisioning.serviceId, 'FAIL_plan');
    assert.deepEqual(failed.smsConfiguration, {
      servicePlanId: '',
      campaignId: '',
      migrateToSinchTmo: false,
    });
    assert.deepEqual(summary(number), [
      'PROVISIONING_TO_SMS_PLATFORM FAILED -',
      'LINK_TO_10DLC_CAMPAIGN FAILED NUMBER_PROVISIONING_FAILED',
    ]);
    // Nothing is linked, so another plan needs no unlink first.
    const retry = await patch(number, { smsConfiguration: { servicePlanId: 'plan-2' } });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    await t.advance(20 * STEP_SECONDS);
    assert.deepEqual(states((await get(number)).body), {
      sms: 'DONE',
      campaign: 'FAILED',
      carriers: Array(4).fill('DONE'),
    });
  });

  test('FAIL_<CODE> campaigns fail the link with that code; a number ending in 666 fails at T-Mobile', async () => {
    const number = '+12025550666';
    await importNumber(
      usImport(number, {
        callbackUrl: receiver.url,
        smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'FAIL_CAMPAIGN_EXPIRED' },
      }),
    );
    await t.advance(20 * STEP_SECONDS);
    const body = (await get(number)).body;
    assert.equal(body.campaignProvisioning.state, 'FAILED');
    assert.equal(body.campaignProvisioning.errorCode, 'CAMPAIGN_EXPIRED');
    assert.equal(body.smsConfiguration.campaignId, '');
    assert.deepEqual(
      Object.fromEntries(Object.entries(body.mnoConfiguration).map(([k, v]: [string, any]) => [k, v.state])),
      { smsAtt: 'DONE', smsTmo: 'FAILED', mmsAtt: 'DONE', mmsTmo: 'FAILED' },
    );
    assert.equal(body.mnoConfiguration.smsTmo.errorCode, 'MNO_SHARING_ERROR');
    assert.deepEqual(summary(number), [
      'PROVISIONING_TO_SMS_PLATFORM SUCCEEDED -',
      'LINK_TO_10DLC_CAMPAIGN FAILED CAMPAIGN_EXPIRED',
    ]);
  });

  test('unlinking: the campaign first, then the plan and the carriers; delete sends DELETE', async () => {
    const number = '+12065550103';
    await importNumber(
      usImport(number, {
        callbackUrl: receiver.url,
        smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'CAMP1' },
      }),
    );
    await t.advance(20 * STEP_SECONDS);
    const unlinked = await patch(number, { smsConfiguration: { servicePlanId: '', campaignId: '' } });
    assert.equal(unlinked.status, 200, JSON.stringify(unlinked.body));
    assert.equal(unlinked.body.smsProvisioning.type, 'DEPROVISIONING');
    assert.equal(unlinked.body.smsProvisioning.state, 'WAITING');
    assert.equal(unlinked.body.mnoConfiguration.smsAtt.operation, 'DEPROVISIONING');
    await t.advance(20 * STEP_SECONDS);
    const body = (await get(number)).body;
    assert.deepEqual(states(body), { sms: 'DONE', campaign: 'DONE', carriers: Array(4).fill('DONE') });
    assert.equal(body.campaignProvisioning.type, 'DEPROVISIONING');
    assert.equal((await remove(number)).status, 200);
    await t.advance(1);
    assert.deepEqual(summary(number), [
      'PROVISIONING_TO_SMS_PLATFORM SUCCEEDED -',
      'LINK_TO_10DLC_CAMPAIGN SUCCEEDED -',
      'UNLINK_TO_10DLC_CAMPAIGN SUCCEEDED -',
      'DEPROVISIONING_TO_SMS_PLATFORM SUCCEEDED -',
      'DELETE SUCCEEDED -',
    ]);
  });

  test('a change mid-way supersedes the pending step: one chain, no duplicate callbacks', async () => {
    const number = '+12065550104';
    await importNumber(
      usImport(number, {
        callbackUrl: receiver.url,
        smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'CAMP1' },
      }),
    );
    await t.advance(STEP_SECONDS);
    // The campaign is unlinked before it was ever linked; the platform step carries on.
    assert.equal((await patch(number, { smsConfiguration: { campaignId: '' } })).status, 200);
    await t.advance(20 * STEP_SECONDS);
    const body = (await get(number)).body;
    assert.equal(body.smsProvisioning.state, 'DONE');
    assert.equal(body.campaignProvisioning.type, 'DEPROVISIONING');
    assert.equal(body.campaignProvisioning.state, 'DONE');
    assert.deepEqual(summary(number), [
      'UNLINK_TO_10DLC_CAMPAIGN SUCCEEDED -',
      'PROVISIONING_TO_SMS_PLATFORM SUCCEEDED -',
    ]);
  });

  test('no callback URL, no callbacks; the steps still progress', async () => {
    const number = '+12065550105';
    await importNumber(usImport(number));
    await t.advance(20 * STEP_SECONDS);
    assert.deepEqual(states((await get(number)).body), {
      sms: 'DONE',
      campaign: undefined,
      carriers: Array(4).fill('DONE'),
    });
    assert.deepEqual(summary(number), []);
  });
});
