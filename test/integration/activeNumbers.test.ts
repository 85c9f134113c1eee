import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, BASE, call, fieldViolations, rent, someAvailable } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

// Provisioning takes OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS (2 s here) of clock time, in two steps.
let t: TestApp;
before(async () => {
  t = await startTestApp({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '2' });
});
after(() => t.close());

const get = (number: string) => call(t, { method: 'GET', url: `${BASE}/activeNumbers/${number}` });
const patch = (number: string, body: unknown) =>
  call(t, { method: 'PATCH', url: `${BASE}/activeNumbers/${number}`, body });
const list = (query = '') => call(t, { method: 'GET', url: `${BASE}/activeNumbers${query}` });

describe('scheduled provisioning', () => {
  test('rent with SMS and voice configuration: WAITING → IN_PROGRESS → promoted to the top level', async () => {
    const rented = await rent(t, {
      smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'CAMP1' },
      voiceConfiguration: { type: 'RTC', appId: 'app-1' },
    });
    assert.equal(rented.smsConfiguration.servicePlanId, '');
    assert.equal(rented.smsConfiguration.scheduledProvisioning.status, 'WAITING');
    assert.deepEqual(rented.smsConfiguration.scheduledProvisioning.errorCodes, []);
    assert.equal(rented.voiceConfiguration.scheduledVoiceProvisioning.status, 'WAITING');

    await t.advance(1);
    const midway = (await get(rented.phoneNumber)).body;
    assert.equal(midway.smsConfiguration.scheduledProvisioning.status, 'IN_PROGRESS');
    assert.equal(midway.voiceConfiguration.scheduledVoiceProvisioning.status, 'IN_PROGRESS');

    await t.advance(1);
    const done = (await get(rented.phoneNumber)).body;
    assert.deepEqual(done.smsConfiguration, {
      servicePlanId: 'plan-1',
      scheduledProvisioning: null,
      campaignId: 'CAMP1',
    });
    assert.deepEqual(done.voiceConfiguration, {
      appId: 'app-1',
      scheduledVoiceProvisioning: null,
      lastUpdatedTime: null,
      type: 'RTC',
      trunkId: '',
      serviceId: '',
    });
  });

  test('a FAIL_<CODE> service plan ends FAILED with that error code', async () => {
    const rented = await rent(t, { smsConfiguration: { servicePlanId: 'FAIL_CAMPAIGN_NOT_AVAILABLE' } });
    await t.advance(2);
    const sms = (await get(rented.phoneNumber)).body.smsConfiguration;
    assert.equal(sms.servicePlanId, '');
    assert.equal(sms.scheduledProvisioning.status, 'FAILED');
    assert.deepEqual(sms.scheduledProvisioning.errorCodes, ['CAMPAIGN_NOT_AVAILABLE']);
  });

  test('a failing voice app ends FAILED and keeps the top level unchanged', async () => {
    const rented = await rent(t, { voiceConfiguration: { appId: 'FAIL_app' } });
    await t.advance(2);
    const voice = (await get(rented.phoneNumber)).body.voiceConfiguration;
    assert.equal(voice.appId, '');
    assert.equal(voice.scheduledVoiceProvisioning.status, 'FAILED');
  });
});

describe('PATCH /activeNumbers/{phoneNumber}', () => {
  test('displayName and callbackUrl apply at once', async () => {
    const rented = await rent(t);
    const res = await patch(rented.phoneNumber, {
      displayName: 'Support line',
      callbackUrl: 'https://example.com/hook',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.displayName, 'Support line');
    assert.equal(res.body.callbackUrl, 'https://example.com/hook');
    assert.equal((await get(rented.phoneNumber)).body.displayName, 'Support line');
  });

  test('SMS changes are scheduled; the response keeps the current plan at the top level', async () => {
    const rented = await rent(t, { smsConfiguration: { servicePlanId: 'plan-a' } });
    await t.advance(2);
    const unlink = await patch(rented.phoneNumber, { smsConfiguration: { servicePlanId: '' } });
    assert.equal(unlink.status, 200);
    assert.equal(unlink.body.smsConfiguration.servicePlanId, 'plan-a');
    assert.equal(unlink.body.smsConfiguration.scheduledProvisioning.servicePlanId, '');
    await t.advance(2);
    assert.equal((await get(rented.phoneNumber)).body.smsConfiguration.servicePlanId, '');
    const relink = await patch(rented.phoneNumber, { smsConfiguration: { servicePlanId: 'plan-b' } });
    assert.equal(relink.body.smsConfiguration.scheduledProvisioning.servicePlanId, 'plan-b');
  });

  test('relinking without unlinking first → 400 naming the field', async () => {
    const rented = await rent(t, {
      smsConfiguration: { servicePlanId: 'plan-a' },
      voiceConfiguration: { appId: 'app-a' },
    });
    await t.advance(2);
    for (const [body, field] of [
      [{ smsConfiguration: { servicePlanId: 'plan-b' } }, 'smsConfiguration.servicePlanId'],
      [{ voiceConfiguration: { type: 'RTC', appId: 'app-b' } }, 'voiceConfiguration.appId'],
    ] as const) {
      const error = assertError(await patch(rented.phoneNumber, body), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(fieldViolations(error), [field]);
    }
  });

  test('a voice type switch (RTC → FAX, then FAX → EST) is scheduled; the top level keeps the current type until promoted', async () => {
    const rented = await rent(t, { voiceConfiguration: { type: 'RTC', appId: 'app-a' } });
    await t.advance(2);
    const toFax = await patch(rented.phoneNumber, {
      voiceConfiguration: { type: 'FAX', serviceId: 'fax-1' },
    });
    assert.equal(toFax.status, 200, JSON.stringify(toFax.body));
    const { scheduledVoiceProvisioning, ...topLevel } = toFax.body.voiceConfiguration;
    assert.deepEqual(topLevel, {
      type: 'RTC',
      appId: 'app-a',
      trunkId: '',
      serviceId: '',
      lastUpdatedTime: null,
    });
    assert.deepEqual(
      { ...scheduledVoiceProvisioning, lastUpdatedTime: typeof scheduledVoiceProvisioning.lastUpdatedTime },
      {
        type: 'FAX',
        appId: '',
        trunkId: '',
        serviceId: 'fax-1',
        status: 'WAITING',
        lastUpdatedTime: 'string',
      },
    );
    await t.advance(2);
    const fax = (await get(rented.phoneNumber)).body.voiceConfiguration;
    assert.deepEqual(
      [fax.type, fax.appId, fax.serviceId, fax.scheduledVoiceProvisioning],
      ['FAX', '', 'fax-1', null],
    );
    const toEst = await patch(rented.phoneNumber, {
      voiceConfiguration: { type: 'EST', trunkId: 'trunk-1' },
    });
    assert.equal(toEst.status, 200, JSON.stringify(toEst.body));
    assert.equal(toEst.body.voiceConfiguration.type, 'FAX');
    assert.equal(toEst.body.voiceConfiguration.scheduledVoiceProvisioning.type, 'EST');
    await t.advance(2);
    const est = (await get(rented.phoneNumber)).body.voiceConfiguration;
    assert.deepEqual([est.type, est.trunkId, est.serviceId], ['EST', 'trunk-1', '']);
  });

  test('smsConfiguration on a voice-only number → 400 naming smsConfiguration; nothing changes', async () => {
    // In the other project, so the lists of project-a keep their SMS-capable numbers only.
    const other = { authorization: t.other.auth };
    const otherBase = `/v1/projects/${t.other.projectId}`;
    const number = await someAvailable(t, 'GB', 'LOCAL');
    const rented = await call(t, {
      method: 'POST',
      url: `${otherBase}/availableNumbers/${number}:rent`,
      body: {},
      headers: other,
    });
    assert.equal(rented.status, 200, JSON.stringify(rented.body));
    const patchOther = (body: unknown) =>
      call(t, { method: 'PATCH', url: `${otherBase}/activeNumbers/${number}`, body, headers: other });
    const error = assertError(
      await patchOther({ displayName: 'Reception', smsConfiguration: { servicePlanId: 'plan-a' } }),
      400,
      'INVALID_ARGUMENT',
    );
    assert.deepEqual(fieldViolations(error), ['smsConfiguration']);
    assert.ok(error.message.startsWith(`${number} cannot take smsConfiguration`), error.message);
    const after = (
      await call(t, { method: 'GET', url: `${otherBase}/activeNumbers/${number}`, headers: other })
    ).body;
    assert.equal(after.displayName, '');
    assert.equal(after.smsConfiguration.scheduledProvisioning, null);
    assert.equal((await patchOther({ voiceConfiguration: { appId: 'app-a' } })).status, 200);
  });

  test('empty or irrelevant configuration objects → 400', async () => {
    const rented = await rent(t);
    for (const [body, field] of [
      [{ smsConfiguration: {} }, 'smsConfiguration.servicePlanId'],
      [{ voiceConfiguration: {} }, 'voiceConfiguration.appId'],
      [{ voiceConfiguration: { type: 'RTC', appId: 'a', trunkId: 't' } }, 'voiceConfiguration.trunkId'],
      [{ voiceConfiguration: { type: 'SIP', appId: 'a' } }, 'voiceConfiguration.type'],
      [{ displayName: 42 }, 'displayName'],
    ] as const) {
      const error = assertError(await patch(rented.phoneNumber, body), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(fieldViolations(error), [field], JSON.stringify(body));
    }
  });

  test('a number the project does not rent → 404 ResourceInfo ActiveNumber: empty message (live), description says why', async () => {
    const error = assertError(await patch('+12025550199', { displayName: 'x' }), 404, 'NOT_FOUND');
    assert.equal(error.message, '');
    assert.deepEqual(error.details[0], {
      type: 'ResourceInfo',
      resourceType: 'ActiveNumber',
      resourceName: '+12025550199',
      owner: '',
      description:
        '+12025550199 is not an active number of this project: it was never rented here, or it was released and its expireAt has passed',
    });
  });
});

describe('POST /activeNumbers/{phoneNumber}:release', () => {
  test('sets expireAt = nextChargeDate, cancels pending voice, keeps the number listed until then', async () => {
    const rented = await rent(t, { voiceConfiguration: { appId: 'app-1' } });
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/activeNumbers/${encodeURIComponent(rented.phoneNumber)}:release`,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.expireAt, res.body.nextChargeDate);
    assert.equal(res.body.voiceConfiguration.scheduledVoiceProvisioning, null);
    assert.equal((await get(rented.phoneNumber)).body.expireAt, res.body.expireAt);

    // One day before expiry it is still there; after it the number is back in the inventory.
    const secondsLeft = (Date.parse(res.body.expireAt) - Date.parse(rented.nextChargeDate)) / 1000;
    assert.equal(secondsLeft, 0);
    const untilExpiry =
      (Date.parse(res.body.expireAt) -
        Date.parse(
          (
            await t.app.inject({
              method: 'GET',
              url: '/_sandbox/clock',
              headers: { authorization: 'Bearer test-admin-token' },
            })
          ).json().now,
        )) /
      1000;
    await t.advance(untilExpiry - 86400);
    assert.equal((await get(rented.phoneNumber)).status, 200);
    await t.advance(86400 + 1);
    assertError(await get(rented.phoneNumber), 404, 'NOT_FOUND');
    const again = await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${rented.phoneNumber}` });
    assert.equal(again.status, 200, 'the released number is available again');
  });

  test('releasing twice returns the same expireAt', async () => {
    const rented = await rent(t);
    const first = await call(t, {
      method: 'POST',
      url: `${BASE}/activeNumbers/${rented.phoneNumber}:release`,
    });
    const second = await call(t, {
      method: 'POST',
      url: `${BASE}/activeNumbers/${rented.phoneNumber}:release`,
    });
    assert.equal(second.status, 200);
    assert.equal(second.body.expireAt, first.body.expireAt);
  });

  test('a number the project does not rent → 404', async () => {
    assertError(
      await call(t, { method: 'POST', url: `${BASE}/activeNumbers/+12025550199:release` }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('GET /activeNumbers', () => {
  test('size (the search’s name) is ignored, and a Warning header points to pageSize', async () => {
    await rent(t);
    await rent(t);
    const res = await list('?size=1');
    assert.equal(res.status, 200);
    assert.ok(res.body.activeNumbers.length >= 2, 'not paged by size');
    assert.equal(res.headers.warning, '299 - "Ignored query parameter size: this operation reads pageSize"');
    const odd = await list('?col%22our=blue');
    assert.equal(
      odd.headers.warning,
      '299 - "Ignored query parameter col\\"our: this operation does not read it"',
    );
  });

  test('pages with nextPageToken until "" and always reports totalSize', async () => {
    const { body: first } = await list();
    const total = first.totalSize;
    assert.ok(total >= 5);
    const seen: string[] = [];
    let token = '';
    do {
      const { body } = await list(`?pageSize=2${token ? `&pageToken=${token}` : ''}`);
      assert.equal(body.totalSize, total);
      assert.ok(body.activeNumbers.length <= 2);
      seen.push(...body.activeNumbers.map((n: any) => n.phoneNumber));
      token = body.nextPageToken;
      assert.match(token, /^[A-Za-z0-9_-]*$/, 'tokens are URL-safe');
    } while (token);
    assert.equal(seen.length, total);
    assert.deepEqual(seen, [...seen].sort(), 'ordered by phone number');
  });

  test('orderBy=displayName pages by name', async () => {
    const { body } = await list('?orderBy=displayName&pageSize=1000');
    const names = body.activeNumbers.map((n: any) => `${n.displayName}\u0000${n.phoneNumber}`);
    assert.deepEqual(names, [...names].sort());
  });

  test('filters by region, type, pattern and capability (singular, comma-joined or plural)', async () => {
    const gb = await rent(t, {}, 'GB', 'MOBILE');
    const byRegion = (await list('?regionCode=GB')).body;
    assert.deepEqual(
      byRegion.activeNumbers.map((n: any) => n.phoneNumber),
      [gb.phoneNumber],
    );
    assert.equal(byRegion.totalSize, 1);
    assert.equal((await list('?type=MOBILE')).body.totalSize, 1);
    const pattern = (
      await list(`?numberPattern.pattern=${gb.phoneNumber.slice(-6)}&numberPattern.searchPattern=END`)
    ).body;
    assert.deepEqual(
      pattern.activeNumbers.map((n: any) => n.phoneNumber),
      [gb.phoneNumber],
    );
    const all = (await list()).body.totalSize;
    assert.equal((await list('?capability=SMS')).body.totalSize, all);
    assert.equal((await list('?capability=SMS,VOICE')).body.totalSize, all);
    assert.equal((await list('?capabilities=SMS&capabilities=VOICE')).body.totalSize, all);
  });

  test('bad orderBy, pageSize, pageToken, type → 400', async () => {
    for (const [query, field] of [
      ['?orderBy=price', 'order_by'],
      ['?pageSize=-3', 'pageSize'],
      ['?pageToken=garbage', 'pageToken'],
      ['?type=FIXED', 'type'],
      ['?capability=FAX', 'capability'],
    ]) {
      assert.deepEqual(
        fieldViolations(assertError(await list(query), 400, 'INVALID_ARGUMENT')),
        [field],
        query,
      );
    }
  });
});

describe('GET /activeNumbers/{phoneNumber}', () => {
  test('answers for + and %2B paths, 404 for numbers not rented, 400 for non-E.164', async () => {
    const rented = await rent(t);
    assert.equal((await get(encodeURIComponent(rented.phoneNumber))).body.phoneNumber, rented.phoneNumber);
    assertError(await get('+12025550199'), 404, 'NOT_FOUND');
    assertError(await get('abc'), 400, 'INVALID_ARGUMENT');
  });
});

describe('input limits (issue 7, finding 2)', () => {
  const tooLong = 'p'.repeat(129);

  test('rent with a servicePlanId over 128 characters → 400 naming the field; nothing is rented', async () => {
    const number = await someAvailable(t);
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers/${number}:rent`,
      body: { smsConfiguration: { servicePlanId: tooLong } },
    });
    const error = assertError(res, 400, 'INVALID_ARGUMENT');
    assert.deepEqual(fieldViolations(error), ['smsConfiguration.servicePlanId']);
    assertError(await get(number), 404, 'NOT_FOUND');
    // 128 characters are fine.
    assert.equal(
      (await rent(t, { smsConfiguration: { servicePlanId: 'p'.repeat(128) } })).smsConfiguration
        .scheduledProvisioning.servicePlanId.length,
      128,
    );
  });

  test('every configuration id is bounded, on rent and on PATCH', async () => {
    const rented = await rent(t);
    for (const [body, field] of [
      [{ smsConfiguration: { servicePlanId: '', campaignId: tooLong } }, 'smsConfiguration.campaignId'],
      [{ voiceConfiguration: { type: 'RTC', appId: tooLong } }, 'voiceConfiguration.appId'],
      [{ voiceConfiguration: { type: 'EST', trunkId: tooLong } }, 'voiceConfiguration.trunkId'],
      [{ voiceConfiguration: { type: 'FAX', serviceId: tooLong } }, 'voiceConfiguration.serviceId'],
      [{ displayName: 'd'.repeat(257) }, 'displayName'],
    ] as const) {
      const error = assertError(await patch(rented.phoneNumber, body), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(fieldViolations(error), [field]);
    }
  });

  test('list filters are bounded too: an over-long pageToken → 400 on pageToken', async () => {
    const error = assertError(await list(`?pageToken=${'t'.repeat(5000)}`), 400, 'INVALID_ARGUMENT');
    assert.deepEqual(fieldViolations(error), ['pageToken']);
  });
});
