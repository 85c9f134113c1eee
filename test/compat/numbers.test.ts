/**
 * Numbers v1 through the official Node SDK (`@sinch/sdk-core` 1.4.0 → `@sinch/numbers` 1.5.0),
 * pointed at a real server by hostname only. Every NumbersService method except emergency
 * addresses and callback configuration. A recording proxy sits between the SDK and the server,
 * so tests can also state what the SDK put on the wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Numbers as Models } from '@sinch/sdk-core';
import { type Numbers, raw, sdkError, sdkFor } from './client.js';
import { lastExchangeTo, type RecordingProxy, startRecordingProxy } from './proxy.js';
import { CREDENTIALS, type RunningServer, startServer, waitFor } from './server.js';
import { AVAILABLE_NUMBER_KEYS, assertActiveNumberShape, assertDate, DAY_MS } from './shapes.js';

/** Provisioning takes 2 clock-seconds in this suite; allow for a slow machine. */
const PROVISIONING_WAIT = { timeoutMs: 15_000 };

let server: RunningServer;
let proxy: RecordingProxy;
let numbers: Numbers;

before(async () => {
  server = await startServer();
  proxy = await startRecordingProxy(server.baseUrl);
  numbers = sdkFor(proxy);
});

after(async () => {
  await proxy?.close();
  await server?.dispose();
});

/** The raw URL of the last request the SDK sent to `pathPart`. */
function lastRequestTo(pathPart: string): string {
  return lastExchangeTo(proxy, pathPart).url;
}

async function availableUsLocal(size = 1): Promise<Models.AvailableNumber[]> {
  const { availableNumbers } = await numbers.searchForAvailableNumbers({
    regionCode: 'US',
    type: 'LOCAL',
    size,
  });
  assert.ok(availableNumbers && availableNumbers.length === size, 'inventory has US LOCAL numbers');
  return availableNumbers;
}

async function rentUsLocal(body: Parameters<Numbers['rent']>[0]['rentNumberRequestBody'] = {}) {
  const [available] = await availableUsLocal();
  return numbers.rent({ phoneNumber: available.phoneNumber!, rentNumberRequestBody: body });
}

/** Rents any US LOCAL number in one atomic call (safe when tests run concurrently). */
async function rentAnyUsLocal(configuration: Omit<Models.RentAnyNumberRequest, 'regionCode' | 'type'> = {}) {
  return numbers.rentAny({ rentAnyNumberRequestBody: { regionCode: 'US', type: 'LOCAL', ...configuration } });
}

/** Polls GET until both scheduled changes are gone (promoted or cancelled). */
async function settled(phoneNumber: string): Promise<Models.ActiveNumber> {
  return waitFor(
    async () => {
      const number = await numbers.get({ phoneNumber });
      const pending =
        number.smsConfiguration?.scheduledProvisioning ||
        number.voiceConfiguration?.scheduledVoiceProvisioning;
      return pending ? undefined : number;
    },
    { ...PROVISIONING_WAIT, description: `scheduled provisioning of ${phoneNumber} to finish` },
  );
}

describe('availableRegions.list', () => {
  it('lists every region with its code, name and the number types it sells', async () => {
    const { availableRegions } = await numbers.availableRegions.list();
    assert.ok(availableRegions && availableRegions.length > 100);
    for (const region of availableRegions) {
      assert.deepEqual(Object.keys(region), ['regionCode', 'regionName', 'types']);
      assert.match(region.regionCode!, /^[A-Z]{2}$/);
      assert.ok(region.regionName);
      assert.ok(region.types!.length > 0);
      for (const type of region.types!) assert.ok(['MOBILE', 'LOCAL', 'TOLL_FREE'].includes(type));
    }
    const us = availableRegions.find((r) => r.regionCode === 'US');
    assert.deepEqual(us, { regionCode: 'US', regionName: 'United States', types: ['LOCAL', 'TOLL_FREE'] });
  });

  it('with a types filter returns only the regions selling at least one of those types', async () => {
    const all = (await numbers.availableRegions.list()).availableRegions!;
    const tollFree = (await numbers.availableRegions.list({ types: ['TOLL_FREE'] })).availableRegions!;
    assert.ok(tollFree.length > 0 && tollFree.length < all.length);
    assert.ok(tollFree.every((r) => r.types!.includes('TOLL_FREE')));
    assert.deepEqual(
      tollFree.map((r) => r.regionCode),
      all.filter((r) => r.types!.includes('TOLL_FREE')).map((r) => r.regionCode),
    );

    const either = (await numbers.availableRegions.list({ types: ['TOLL_FREE', 'MOBILE'] }))
      .availableRegions!;
    // The SDK repeats the parameter for arrays.
    assert.match(lastRequestTo('/availableRegions'), /\?types=TOLL_FREE&types=MOBILE$/);
    assert.deepEqual(
      either.map((r) => r.regionCode),
      all.filter((r) => r.types!.some((t) => t === 'TOLL_FREE' || t === 'MOBILE')).map((r) => r.regionCode),
    );
  });
});

describe('searchForAvailableNumbers', () => {
  it('returns available numbers with prices, capabilities and the documentation flag', async () => {
    const [first] = await availableUsLocal();
    assert.deepEqual(Object.keys(first), AVAILABLE_NUMBER_KEYS);
    assert.match(first.phoneNumber!, /^\+1\d{10}$/);
    assert.deepEqual(
      { ...first, phoneNumber: undefined },
      {
        phoneNumber: undefined,
        regionCode: 'US',
        type: 'LOCAL',
        capability: ['SMS', 'VOICE'],
        setupPrice: { currencyCode: 'USD', amount: '0.50' },
        monthlyPrice: { currencyCode: 'USD', amount: '0.50' },
        paymentIntervalMonths: 1,
        supportingDocumentationRequired: true,
      },
    );
  });

  it('returns at most `size` numbers', async () => {
    for (const size of [1, 5, 10]) {
      const { availableNumbers } = await numbers.searchForAvailableNumbers({
        regionCode: 'US',
        type: 'LOCAL',
        size,
      });
      assert.equal(availableNumbers!.length, size);
    }
  });

  it('START with a "+1…" pattern matches the beginning of the E.164 number (the SDK sends "+" raw)', async () => {
    const [sample] = await availableUsLocal();
    const prefix = sample.phoneNumber!.slice(0, 5); // "+1" and the area code
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'US',
      type: 'LOCAL',
      'numberPattern.pattern': prefix,
      'numberPattern.searchPattern': 'START',
      size: 50,
    });
    assert.ok(lastRequestTo('/availableNumbers?').includes(`numberPattern.pattern=${prefix}&`));
    assert.ok(availableNumbers!.length > 0);
    assert.ok(availableNumbers!.some((n) => n.phoneNumber === sample.phoneNumber));
    for (const n of availableNumbers!) assert.ok(n.phoneNumber!.startsWith(prefix), n.phoneNumber);
  });

  it('START is matched against the "+"-prefixed number, so digits without "+" find nothing', async () => {
    const [sample] = await availableUsLocal();
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'US',
      type: 'LOCAL',
      'numberPattern.pattern': sample.phoneNumber!.slice(1, 5),
      'numberPattern.searchPattern': 'START',
    });
    assert.deepEqual(availableNumbers, []);
  });

  it('END matches the last digits', async () => {
    const [sample] = await availableUsLocal();
    const suffix = sample.phoneNumber!.slice(-4);
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'US',
      type: 'LOCAL',
      'numberPattern.pattern': suffix,
      'numberPattern.searchPattern': 'END',
      size: 100,
    });
    assert.ok(availableNumbers!.some((n) => n.phoneNumber === sample.phoneNumber));
    for (const n of availableNumbers!) assert.ok(n.phoneNumber!.endsWith(suffix), n.phoneNumber);
  });

  it('CONTAINS matches digits anywhere in the number', async () => {
    const [sample] = await availableUsLocal();
    const middle = sample.phoneNumber!.slice(5, 9);
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'US',
      type: 'LOCAL',
      'numberPattern.pattern': middle,
      'numberPattern.searchPattern': 'CONTAINS',
      size: 100,
    });
    assert.ok(availableNumbers!.length > 0);
    for (const n of availableNumbers!) assert.ok(n.phoneNumber!.includes(middle), n.phoneNumber);
  });

  it('a capabilities filter keeps only numbers supporting every listed capability', async () => {
    // GB landlines are voice-only.
    const voice = await numbers.searchForAvailableNumbers({
      regionCode: 'GB',
      type: 'LOCAL',
      capabilities: ['VOICE'],
    });
    assert.ok(voice.availableNumbers!.length > 0);
    for (const n of voice.availableNumbers!) assert.deepEqual(n.capability, ['VOICE']);

    const both = await numbers.searchForAvailableNumbers({
      regionCode: 'GB',
      type: 'LOCAL',
      capabilities: ['SMS', 'VOICE'],
    });
    assert.match(lastRequestTo('/availableNumbers?'), /capabilities=SMS&capabilities=VOICE/);
    assert.deepEqual(both, { availableNumbers: [] });

    const mobiles = await numbers.searchForAvailableNumbers({
      regionCode: 'GB',
      type: 'MOBILE',
      capabilities: ['SMS', 'VOICE'],
    });
    assert.ok(mobiles.availableNumbers!.length > 0);
  });
});

describe('checkAvailability', () => {
  it('returns the same AvailableNumber the search lists', async () => {
    const [sample] = await availableUsLocal();
    const checked = await numbers.checkAvailability({ phoneNumber: sample.phoneNumber! });
    assert.deepEqual(checked, sample);
  });

  it('answers 404 with a ResourceInfo naming the number once it is rented', async () => {
    const rented = await rentUsLocal();
    const failure = await sdkError(numbers.checkAvailability({ phoneNumber: rented.phoneNumber! }));
    assert.equal(failure.statusCode, 404);
    assert.deepEqual(failure.body, {
      error: {
        code: 404,
        message: '',
        status: 'NOT_FOUND',
        details: [
          {
            type: 'ResourceInfo',
            resourceType: 'AvailableNumber',
            resourceName: rented.phoneNumber,
            owner: '',
            description: `${rented.phoneNumber} is not available: it is not in the inventory, or it is already rented. Search with GET availableNumbers`,
          },
        ],
      },
    });
  });
});

describe('rent', () => {
  it('rents a number with its configuration scheduled (WAITING), not applied', async () => {
    const [available] = await availableUsLocal();
    const before = Date.now();
    const rented = await numbers.rent({
      phoneNumber: available.phoneNumber!,
      rentNumberRequestBody: {
        smsConfiguration: { servicePlanId: 'plan-rent' },
        voiceConfiguration: { type: 'RTC', appId: 'app-rent' },
      },
    });
    // The Node SDK puts the "+" raw into the path.
    assert.ok(lastRequestTo(':rent').endsWith(`/availableNumbers/${available.phoneNumber}:rent`));
    assertActiveNumberShape(rented);

    const nextChargeDate = assertDate(rented.nextChargeDate, 'nextChargeDate');
    const scheduledSms = rented.smsConfiguration!.scheduledProvisioning!;
    const scheduledVoice = rented.voiceConfiguration!.scheduledVoiceProvisioning!;
    assertDate(scheduledSms.lastUpdatedTime, 'scheduledProvisioning.lastUpdatedTime');
    assertDate(scheduledVoice.lastUpdatedTime, 'scheduledVoiceProvisioning.lastUpdatedTime');
    assert.deepEqual(rented, {
      phoneNumber: available.phoneNumber,
      projectId: CREDENTIALS.projectId,
      displayName: '',
      regionCode: 'US',
      type: 'LOCAL',
      capability: ['SMS', 'VOICE'],
      money: available.monthlyPrice,
      paymentIntervalMonths: 1,
      nextChargeDate,
      expireAt: null,
      smsConfiguration: {
        servicePlanId: '',
        scheduledProvisioning: {
          servicePlanId: 'plan-rent',
          status: 'WAITING',
          lastUpdatedTime: scheduledSms.lastUpdatedTime,
          campaignId: '',
          errorCodes: [],
        },
        campaignId: '',
      },
      voiceConfiguration: {
        appId: '',
        scheduledVoiceProvisioning: {
          appId: 'app-rent',
          status: 'WAITING',
          lastUpdatedTime: scheduledVoice.lastUpdatedTime,
          type: 'RTC',
          trunkId: '',
          serviceId: '',
        },
        lastUpdatedTime: null,
        type: 'RTC',
        trunkId: '',
        serviceId: '',
      },
      callbackUrl: '',
    });
    // Monthly interval: charged again one month after the rent.
    const untilCharge = nextChargeDate.getTime() - before;
    assert.ok(untilCharge >= 28 * DAY_MS && untilCharge <= 31 * DAY_MS + 60_000, String(nextChargeDate));
  });

  it('promotes the scheduled configuration to the top level once provisioning completes', async () => {
    const rented = await rentUsLocal({
      smsConfiguration: { servicePlanId: 'plan-promoted', campaignId: 'campaign-1' },
      voiceConfiguration: { type: 'RTC', appId: 'app-promoted' },
      callbackUrl: 'https://example.test/numbers',
    });
    assert.equal(rented.callbackUrl, 'https://example.test/numbers');
    const done = await settled(rented.phoneNumber!);
    assertActiveNumberShape(done);
    assert.deepEqual(done.smsConfiguration, {
      servicePlanId: 'plan-promoted',
      scheduledProvisioning: null,
      campaignId: 'campaign-1',
    });
    assert.equal(done.voiceConfiguration!.appId, 'app-promoted');
    assert.equal(done.voiceConfiguration!.type, 'RTC');
    assert.equal(done.voiceConfiguration!.scheduledVoiceProvisioning, null);
    assert.equal(done.nextChargeDate!.getTime(), rented.nextChargeDate!.getTime());
  });

  it('without configuration the number has nothing scheduled and empty ids', async () => {
    const rented = await rentUsLocal();
    assertActiveNumberShape(rented);
    assert.deepEqual(rented.smsConfiguration, {
      servicePlanId: '',
      scheduledProvisioning: null,
      campaignId: '',
    });
    assert.deepEqual(rented.voiceConfiguration, {
      appId: '',
      scheduledVoiceProvisioning: null,
      lastUpdatedTime: null,
      type: 'RTC',
      trunkId: '',
      serviceId: '',
    });
    // The SDK sends "{}" when no body is given.
    assert.equal(lastExchangeTo(proxy, ':rent').requestBody, '{}');
  });

  it('a number outside the US rents like any other (supporting documentation does not block)', async () => {
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'GB',
      type: 'MOBILE',
      size: 1,
    });
    const rented = await numbers.rent({
      phoneNumber: availableNumbers![0].phoneNumber!,
      rentNumberRequestBody: {},
    });
    assert.equal(rented.regionCode, 'GB');
    assert.equal(rented.type, 'MOBILE');
    assert.deepEqual(rented.money, availableNumbers![0].monthlyPrice);
  });

  it('answers 404 AvailableNumber for a number that is already rented', async () => {
    const rented = await rentUsLocal();
    const failure = await sdkError(
      numbers.rent({ phoneNumber: rented.phoneNumber!, rentNumberRequestBody: {} }),
    );
    assert.equal(failure.statusCode, 404);
    assert.equal(failure.body.error.status, 'NOT_FOUND');
    assert.deepEqual(failure.body.error.details, [
      {
        type: 'ResourceInfo',
        resourceType: 'AvailableNumber',
        resourceName: rented.phoneNumber,
        owner: '',
        description: `${rented.phoneNumber} is not available: it is not in the inventory, or it is already rented. Search with GET availableNumbers`,
      },
    ]);
  });
});

describe('rentAny', () => {
  it('rents a US LOCAL number matching the capabilities and pattern, with configuration scheduled', async () => {
    const [sample] = await availableUsLocal();
    const suffix = sample.phoneNumber!.slice(-4);
    const rented = await numbers.rentAny({
      rentAnyNumberRequestBody: {
        regionCode: 'US',
        type: 'LOCAL',
        capabilities: ['SMS', 'VOICE'],
        numberPattern: { pattern: suffix, searchPattern: 'END' },
        smsConfiguration: { servicePlanId: 'plan-any' },
        // The older request form without `type`; RTC is the default.
        voiceConfiguration: { appId: 'app-any' },
      },
    });
    assertActiveNumberShape(rented);
    assert.ok(rented.phoneNumber!.endsWith(suffix), rented.phoneNumber);
    assert.equal(rented.regionCode, 'US');
    assert.equal(rented.type, 'LOCAL');
    assert.deepEqual(rented.capability, ['SMS', 'VOICE']);
    assert.equal(rented.smsConfiguration!.servicePlanId, '');
    assert.equal(rented.smsConfiguration!.scheduledProvisioning!.servicePlanId, 'plan-any');
    assert.equal(rented.smsConfiguration!.scheduledProvisioning!.status, 'WAITING');
    assert.equal(rented.voiceConfiguration!.scheduledVoiceProvisioning!.type, 'RTC');
    assert.equal(rented.voiceConfiguration!.scheduledVoiceProvisioning!.appId, 'app-any');
    // The body carries `capabilities` (plural) as the SDK model names it.
    const sent = JSON.parse(lastExchangeTo(proxy, ':rentAny').requestBody);
    assert.deepEqual(sent.capabilities, ['SMS', 'VOICE']);

    const fetched = await numbers.get({ phoneNumber: rented.phoneNumber! });
    assert.equal(fetched.phoneNumber, rented.phoneNumber);
  });

  it('rejects regions other than the US with 400 INVALID_ARGUMENT', async () => {
    const failure = await sdkError(
      numbers.rentAny({ rentAnyNumberRequestBody: { regionCode: 'GB', type: 'MOBILE' } }),
    );
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.code, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
    assert.deepEqual(
      failure.body.error.details.map((d) => d.type),
      ['BadRequest'],
    );
    const [violation] = failure.body.error.details[0].fieldViolations as Array<{ field: string }>;
    assert.equal(violation.field, 'regionCode');
  });

  it('rejects US types other than LOCAL with 400 INVALID_ARGUMENT', async () => {
    const failure = await sdkError(
      numbers.rentAny({ rentAnyNumberRequestBody: { regionCode: 'US', type: 'TOLL_FREE' } }),
    );
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
  });
});

describe('list (active numbers)', () => {
  /** Three CA numbers in phone order, named in reverse order, plus one voice-only GB landline. */
  let canadian: string[];
  let gbLandline: string;

  before(async () => {
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'CA',
      type: 'LOCAL',
      size: 3,
    });
    canadian = availableNumbers!.map((n) => n.phoneNumber!).sort();
    const names = ['Charlie', 'Bravo', 'Alpha'];
    for (const [i, phoneNumber] of canadian.entries()) {
      await numbers.rent({ phoneNumber, rentNumberRequestBody: {} });
      await numbers.update({ phoneNumber, updateActiveNumberRequestBody: { displayName: names[i] } });
    }
    const gb = await numbers.searchForAvailableNumbers({ regionCode: 'GB', type: 'LOCAL', size: 1 });
    gbLandline = gb.availableNumbers![0].phoneNumber!;
    await numbers.rent({ phoneNumber: gbLandline, rentNumberRequestBody: {} });
  });

  it('returns a page ordered by phone number, with hasNextPage and nextPage()', async () => {
    const first = await numbers.list({ regionCode: 'CA', pageSize: 2 });
    assert.deepEqual(
      first.data.map((n) => n.phoneNumber),
      canadian.slice(0, 2),
    );
    for (const n of first.data) assertActiveNumberShape(n);
    assert.equal(first.hasNextPage, true);

    const second = await first.nextPage();
    assert.deepEqual(
      second.data.map((n) => n.phoneNumber),
      canadian.slice(2),
    );
    assert.equal(second.hasNextPage, false);
    // The next page repeats the filters and adds the token, unencoded.
    const url = lastRequestTo('/activeNumbers?');
    assert.match(url, /regionCode=CA/);
    assert.match(url, /pageSize=2/);
    assert.match(url, /pageToken=[A-Za-z0-9_-]+/);
  });

  it('iterates over every page with for await', async () => {
    proxy.clear();
    const seen: string[] = [];
    for await (const number of numbers.list({ regionCode: 'CA', pageSize: 1 }))
      seen.push(number.phoneNumber!);
    assert.deepEqual(seen, canadian);
    const listCalls = proxy.exchanges.filter((e) => e.url.includes('/activeNumbers?'));
    assert.equal(listCalls.length, 3);
    assert.ok(listCalls.every((e) => e.status === 200));
  });

  it('orders by displayName when asked', async () => {
    const page = await numbers.list({ regionCode: 'CA', orderBy: 'displayName' });
    assert.deepEqual(
      page.data.map((n) => n.displayName),
      ['Alpha', 'Bravo', 'Charlie'],
    );
    assert.deepEqual(
      page.data.map((n) => n.phoneNumber),
      [...canadian].reverse(),
    );
  });

  it('filters by type, pattern and capability', async () => {
    const local = await numbers.list({ regionCode: 'CA', type: 'LOCAL' });
    assert.equal(local.data.length, 3);
    const tollFree = await numbers.list({ regionCode: 'CA', type: 'TOLL_FREE' });
    assert.deepEqual(tollFree.data, []);
    assert.equal(tollFree.hasNextPage, false);

    const target = canadian[1];
    const byPattern = await numbers.list({
      'numberPattern.pattern': target.slice(-7),
      'numberPattern.searchPattern': 'END',
    });
    assert.deepEqual(
      byPattern.data.map((n) => n.phoneNumber),
      [target],
    );
    const byPrefix = await numbers.list({
      'numberPattern.pattern': target.slice(0, 8),
      'numberPattern.searchPattern': 'START',
    });
    assert.ok(byPrefix.data.some((n) => n.phoneNumber === target));

    // The SDK sends the singular `capability` for this endpoint.
    const sms = await numbers.list({ capability: 'SMS', pageSize: 100 });
    assert.match(lastRequestTo('/activeNumbers?'), /capability=SMS/);
    assert.ok(!sms.data.some((n) => n.phoneNumber === gbLandline));
    assert.ok(canadian.every((p) => sms.data.some((n) => n.phoneNumber === p)));
    const voice = await numbers.list({ capability: 'VOICE', pageSize: 100 });
    assert.ok(voice.data.some((n) => n.phoneNumber === gbLandline));
  });

  it('reports totalSize across pages (only visible on the wire: the SDK page object drops it)', async () => {
    const firstPage = await raw<{ activeNumbers: unknown[]; nextPageToken: string; totalSize: number }>(
      server,
      'GET',
      '/activeNumbers?regionCode=CA&pageSize=2',
    );
    assert.equal(firstPage.status, 200);
    assert.equal(firstPage.body.totalSize, 3);
    assert.equal(firstPage.body.activeNumbers.length, 2);
    assert.match(firstPage.body.nextPageToken, /^[A-Za-z0-9_-]+$/);
    const last = await raw<{ activeNumbers: unknown[]; nextPageToken: string; totalSize: number }>(
      server,
      'GET',
      `/activeNumbers?regionCode=CA&pageSize=2&pageToken=${firstPage.body.nextPageToken}`,
    );
    assert.equal(last.body.totalSize, 3);
    assert.equal(last.body.activeNumbers.length, 1);
    assert.equal(last.body.nextPageToken, '');
    const page = await numbers.list({ regionCode: 'CA', pageSize: 2 });
    assert.equal((page as unknown as Record<string, unknown>).totalSize, undefined);
  });

  it('rejects an unknown orderBy with 400 and a field violation on order_by', async () => {
    const failure = await sdkError(numbers.list({ orderBy: 'bogus' }));
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
    assert.deepEqual(failure.body.error.details, [
      { type: 'BadRequest', fieldViolations: [{ field: 'order_by', description: 'Invalid order_by bogus' }] },
    ]);
  });
});

describe('get', () => {
  it('returns the rented number as the rent answered it', async () => {
    const rented = await rentUsLocal();
    const fetched = await numbers.get({ phoneNumber: rented.phoneNumber! });
    assert.deepEqual(fetched, rented);
  });

  it('answers 404 with a ResourceInfo for a number the project does not rent', async () => {
    const failure = await sdkError(numbers.get({ phoneNumber: '+12025550100' }));
    assert.equal(failure.statusCode, 404);
    assert.match(failure.message, /\[status: 404\]/);
    assert.deepEqual(failure.body, {
      error: {
        code: 404,
        message: '',
        status: 'NOT_FOUND',
        details: [
          {
            type: 'ResourceInfo',
            resourceType: 'ActiveNumber',
            resourceName: '+12025550100',
            owner: '',
            description:
              '+12025550100 is not an active number of this project: it was never rented here, or it was released and its expireAt has passed',
          },
        ],
      },
    });
  });
});

// Each test rents its own number and waits for real provisioning, so they run side by side.
describe('update', { concurrency: true }, () => {
  it('applies displayName and callbackUrl immediately', async () => {
    const rented = await rentAnyUsLocal();
    const updated = await numbers.update({
      phoneNumber: rented.phoneNumber!,
      updateActiveNumberRequestBody: { displayName: 'Front desk', callbackUrl: 'https://example.test/cb' },
    });
    assertActiveNumberShape(updated);
    assert.equal(updated.displayName, 'Front desk');
    assert.equal(updated.callbackUrl, 'https://example.test/cb');
    const fetched = await numbers.get({ phoneNumber: rented.phoneNumber! });
    assert.equal(fetched.displayName, 'Front desk');
    assert.equal(fetched.callbackUrl, 'https://example.test/cb');
  });

  it('schedules SMS and voice changes (WAITING) and keeps the current values until they are promoted', async () => {
    const rented = await rentAnyUsLocal();
    const updated = await numbers.update({
      phoneNumber: rented.phoneNumber!,
      updateActiveNumberRequestBody: {
        smsConfiguration: { servicePlanId: 'plan-update', campaignId: 'campaign-update' },
        voiceConfiguration: { type: 'FAX', serviceId: 'fax-service' },
      },
    });
    assertActiveNumberShape(updated);
    const scheduledSms = updated.smsConfiguration!.scheduledProvisioning!;
    assert.deepEqual(updated.smsConfiguration, {
      servicePlanId: '',
      scheduledProvisioning: {
        servicePlanId: 'plan-update',
        status: 'WAITING',
        lastUpdatedTime: assertDate(scheduledSms.lastUpdatedTime, 'lastUpdatedTime'),
        campaignId: 'campaign-update',
        errorCodes: [],
      },
      campaignId: '',
    });
    const scheduledVoice = updated.voiceConfiguration!.scheduledVoiceProvisioning!;
    // The top-level type stays the current one while a switch to FAX is pending.
    assert.deepEqual(updated.voiceConfiguration, {
      appId: '',
      scheduledVoiceProvisioning: {
        appId: '',
        status: 'WAITING',
        lastUpdatedTime: assertDate(scheduledVoice.lastUpdatedTime, 'lastUpdatedTime'),
        type: 'FAX',
        trunkId: '',
        serviceId: 'fax-service',
      },
      lastUpdatedTime: null,
      type: 'RTC',
      trunkId: '',
      serviceId: '',
    });

    const done = await settled(rented.phoneNumber!);
    assert.deepEqual(done.smsConfiguration, {
      servicePlanId: 'plan-update',
      scheduledProvisioning: null,
      campaignId: 'campaign-update',
    });
    assert.equal(done.voiceConfiguration!.type, 'FAX');
    assert.equal(done.voiceConfiguration!.serviceId, 'fax-service');
    assert.equal(done.voiceConfiguration!.appId, '');
    assert.equal(done.voiceConfiguration!.trunkId, '');
    assert.equal(done.voiceConfiguration!.scheduledVoiceProvisioning, null);
  });

  it('refuses a direct switch to another service plan; unlinking with "" first and then linking works', async () => {
    const rented = await rentAnyUsLocal({ smsConfiguration: { servicePlanId: 'plan-old' } });
    await settled(rented.phoneNumber!);

    const refused = await sdkError(
      numbers.update({
        phoneNumber: rented.phoneNumber!,
        updateActiveNumberRequestBody: { smsConfiguration: { servicePlanId: 'plan-new' } },
      }),
    );
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.body.error.status, 'INVALID_ARGUMENT');
    const [violation] = refused.body.error.details[0].fieldViolations as Array<{ field: string }>;
    assert.equal(violation.field, 'smsConfiguration.servicePlanId');

    const unlinking = await numbers.update({
      phoneNumber: rented.phoneNumber!,
      updateActiveNumberRequestBody: { smsConfiguration: { servicePlanId: '' } },
    });
    assert.equal(unlinking.smsConfiguration!.servicePlanId, 'plan-old');
    assert.equal(unlinking.smsConfiguration!.scheduledProvisioning!.servicePlanId, '');
    assert.equal(unlinking.smsConfiguration!.scheduledProvisioning!.status, 'WAITING');
    const unlinked = await settled(rented.phoneNumber!);
    assert.equal(unlinked.smsConfiguration!.servicePlanId, '');

    const linking = await numbers.update({
      phoneNumber: rented.phoneNumber!,
      updateActiveNumberRequestBody: { smsConfiguration: { servicePlanId: 'plan-new' } },
    });
    assert.equal(linking.smsConfiguration!.scheduledProvisioning!.servicePlanId, 'plan-new');
    const linked = await settled(rented.phoneNumber!);
    assert.equal(linked.smsConfiguration!.servicePlanId, 'plan-new');
  });

  it('a failed SMS provisioning stays visible as FAILED with its error code and no service plan', async () => {
    // Sandbox convention: a service plan id "FAIL_<SmsErrorCode>" makes provisioning fail.
    const rented = await rentAnyUsLocal({ smsConfiguration: { servicePlanId: 'FAIL_INSUFFICIENT_BALANCE' } });
    const failed = await waitFor(
      async () => {
        const number = await numbers.get({ phoneNumber: rented.phoneNumber! });
        return number.smsConfiguration?.scheduledProvisioning?.status === 'FAILED' ? number : undefined;
      },
      { ...PROVISIONING_WAIT, description: 'provisioning to fail' },
    );
    assertActiveNumberShape(failed);
    const scheduled = failed.smsConfiguration!.scheduledProvisioning!;
    assert.deepEqual(failed.smsConfiguration, {
      servicePlanId: '',
      scheduledProvisioning: {
        servicePlanId: 'FAIL_INSUFFICIENT_BALANCE',
        status: 'FAILED',
        lastUpdatedTime: assertDate(scheduled.lastUpdatedTime, 'lastUpdatedTime'),
        campaignId: '',
        errorCodes: ['INSUFFICIENT_BALANCE'],
      },
      campaignId: '',
    });
  });

  it('answers 404 for a number the project does not rent', async () => {
    const failure = await sdkError(
      numbers.update({ phoneNumber: '+12025550101', updateActiveNumberRequestBody: { displayName: 'x' } }),
    );
    assert.equal(failure.statusCode, 404);
    assert.equal(failure.body.error.details[0].resourceType, 'ActiveNumber');
    assert.equal(failure.body.error.details[0].resourceName, '+12025550101');
  });
});

describe('release', () => {
  it('sets expireAt to nextChargeDate, cancels pending voice provisioning, and keeps the number listed', async () => {
    const rented = await rentUsLocal({ voiceConfiguration: { type: 'RTC', appId: 'app-release' } });
    const released = await numbers.release({ phoneNumber: rented.phoneNumber! });
    // The SDK sends no body on :release, with Content-Type: application/json.
    const sent = lastExchangeTo(proxy, ':release');
    assert.equal(sent.requestBody, '');
    assert.equal(sent.requestHeaders['content-type'], 'application/json');

    assertActiveNumberShape(released);
    const expireAt = assertDate(released.expireAt, 'expireAt');
    assert.equal(expireAt.getTime(), assertDate(released.nextChargeDate, 'nextChargeDate').getTime());
    assert.equal(released.voiceConfiguration!.scheduledVoiceProvisioning, null);

    const fetched = await numbers.get({ phoneNumber: rented.phoneNumber! });
    assert.equal(fetched.expireAt!.getTime(), expireAt.getTime());
    const listed = await numbers.list({
      'numberPattern.pattern': rented.phoneNumber!.slice(-8),
      'numberPattern.searchPattern': 'END',
    });
    assert.deepEqual(
      listed.data.map((n) => n.phoneNumber),
      [rented.phoneNumber],
    );
  });

  it('answers 404 for a number the project does not rent', async () => {
    const failure = await sdkError(numbers.release({ phoneNumber: '+12025550102' }));
    assert.equal(failure.statusCode, 404);
    assert.equal(failure.body.error.details[0].resourceType, 'ActiveNumber');
  });
});

describe('validation errors through the SDK', () => {
  it('an unknown number type is 400 INVALID_ARGUMENT naming the field', async () => {
    const failure = await sdkError(numbers.searchForAvailableNumbers({ regionCode: 'US', type: 'XXX' }));
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.code, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
    assert.equal(failure.body.error.message, 'parsing field "type": "XXX" is not a valid value');
  });

  it('a search without regionCode is 400 with a field violation on regionCode', async () => {
    const failure = await sdkError(
      numbers.searchForAvailableNumbers({ type: 'LOCAL' } as Parameters<
        Numbers['searchForAvailableNumbers']
      >[0]),
    );
    assert.equal(failure.statusCode, 400);
    const [detail] = failure.body.error.details;
    assert.equal(detail.type, 'BadRequest');
    assert.deepEqual(
      (detail.fieldViolations as Array<{ field: string }>).map((v) => v.field),
      ['regionCode'],
    );
  });

  it('an unknown search pattern is 400 INVALID_ARGUMENT', async () => {
    const failure = await sdkError(
      numbers.searchForAvailableNumbers({
        regionCode: 'US',
        type: 'LOCAL',
        'numberPattern.pattern': '+1',
        'numberPattern.searchPattern': 'MIDDLE',
      }),
    );
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
  });
});

describe('deprecated sub-APIs (availableNumber.*, activeNumber.*)', () => {
  it('reach the same operations as the service-level methods', async () => {
    const search = await numbers.availableNumber.list({ regionCode: 'US', type: 'LOCAL', size: 1 });
    const [sample] = search.availableNumbers!;
    assert.deepEqual(
      await numbers.availableNumber.checkAvailability({ phoneNumber: sample.phoneNumber! }),
      sample,
    );
    const rented = await numbers.availableNumber.rent({
      phoneNumber: sample.phoneNumber!,
      rentNumberRequestBody: {},
    });
    const renamed = await numbers.activeNumber.update({
      phoneNumber: rented.phoneNumber!,
      updateActiveNumberRequestBody: { displayName: 'deprecated path' },
    });
    assert.equal(renamed.displayName, 'deprecated path');
    assert.equal(
      (await numbers.activeNumber.get({ phoneNumber: rented.phoneNumber! })).displayName,
      'deprecated path',
    );
    const page = await numbers.activeNumber.list();
    assert.ok(page.data.length > 0);
    const released = await numbers.activeNumber.release({ phoneNumber: rented.phoneNumber! });
    assert.ok(released.expireAt instanceof Date);
    const any = await numbers.availableNumber.rentAny({
      rentAnyNumberRequestBody: { regionCode: 'US', type: 'LOCAL' },
    });
    assert.equal(any.regionCode, 'US');
  });
});
