import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../src/domain/inventory/inventoryImport.js';
import { assertError, BASE, call, fieldViolations } from '../helpers/api.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/testApp.js';

/**
 * The inventory as an operator sees and changes it: counts per region and type, CSV imports
 * (all rows or none), and prices per region and type.
 */
let t: TestApp;
before(async () => {
  // Number orders wait for the operator's review (the sandbox would decide after this delay).
  t = await startTestApp({ OPEN_NUMBERS_REVIEW_DELAY_SECONDS: '86400' });
  // The counts of every pair: without a region, the summary counts the groups loaded so far.
  await t.runtime.loadInventory();
});
after(() => t.close());

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const HEADER = 'phoneNumber,regionCode,type,capabilities';

const summary = async (query: string) => {
  const res = await call(t, { method: 'GET', url: `/admin/v1/inventory${query}`, headers: admin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.inventory as {
    regionCode: string;
    type: string;
    available: number;
    reserved: number;
    active: number;
  }[];
};
const pairCount = async (regionCode: string, type: string) =>
  (await summary(`?regionCode=${regionCode}&type=${type}`))[0];

const importCsv = (csv: string, headers: Record<string, string> = {}) =>
  call(t, {
    method: 'POST',
    url: '/admin/v1/inventory:import',
    body: csv,
    headers: { ...admin, 'content-type': 'text/csv', ...headers },
  });
const available = (phoneNumber: string) =>
  call(t, { method: 'GET', url: `${BASE}/availableNumbers/${phoneNumber}` });
const rent = (phoneNumber: string) =>
  call(t, { method: 'POST', url: `${BASE}/availableNumbers/${phoneNumber}:rent`, body: {} });
const someNumber = async (regionCode: string, type: string, skip = 0) => {
  const res = await call(t, {
    method: 'GET',
    url: `${BASE}/availableNumbers?regionCode=${regionCode}&type=${type}&size=${skip + 1}`,
  });
  return res.body.availableNumbers[skip].phoneNumber as string;
};

/** A number order (created, holding its number) for the first available number of the pair. */
async function orderOne(regionCode: string, numberType: string) {
  const ordered = await call(t, {
    method: 'POST',
    url: `${BASE}/numberOrders:createNumberOrder`,
    body: {
      regionCode,
      numberType,
      numberOrderOption: { phoneNumbers: [await someNumber(regionCode, numberType)] },
    },
  });
  assert.equal(ordered.status, 200, JSON.stringify(ordered.body));
  return ordered;
}

describe('GET /admin/v1/inventory', () => {
  test('per region and type: a rented number is active, a number held by an order reserved', async () => {
    const before = await pairCount('US', 'LOCAL');
    assert.ok(before!.available > 1000, JSON.stringify(before));
    assert.equal((await rent(await someNumber('US', 'LOCAL'))).status, 200);
    await orderOne('US', 'LOCAL');
    const afterwards = await pairCount('US', 'LOCAL');
    assert.deepEqual(afterwards, {
      regionCode: 'US',
      type: 'LOCAL',
      available: before!.available - 2,
      reserved: before!.reserved + 1,
      active: before!.active + 1,
    });
  });

  test('every pair in region and type order; filtered by region (any case) or type', async () => {
    const all = await summary('');
    assert.ok(all.length > 500, 'every (region, type) of the seed');
    const keys = all.map((c) => `${c.regionCode}/${c.type}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.deepEqual(
      (await summary('?regionCode=gb')).map((c) => c.type),
      ['LOCAL', 'MOBILE', 'TOLL_FREE'],
    );
    const mobiles = await summary('?type=MOBILE');
    assert.ok(mobiles.length > 100 && mobiles.every((c) => c.type === 'MOBILE'));
    assert.deepEqual(await summary('?regionCode=ZZ'), []);
  });

  test('400 for an unknown type; 401 without the admin token', async () => {
    const bad = await call(t, { method: 'GET', url: '/admin/v1/inventory?type=PAGER', headers: admin });
    assert.deepEqual(fieldViolations(assertError(bad, 400, 'INVALID_ARGUMENT')), ['type']);
    assertError(await call(t, { method: 'GET', url: '/admin/v1/inventory' }), 401, 'UNAUTHENTICATED');
  });
});

describe('POST /admin/v1/inventory:import', () => {
  test('imports every row: the numbers are for sale at once, found by search (trigram too) and rentable', async () => {
    const before = await pairCount('US', 'LOCAL');
    assert.equal((await available('+12127363101')).status, 404);
    const res = await importCsv(
      `${HEADER}\n+12127363101,US,LOCAL,SMS;VOICE\n+4915123456789,de,mobile,sms;voice\n"+18005550199",CA,TOLL_FREE,VOICE\n`,
      { 'x-open-numbers-actor': 'olga' },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { imported: 3, rejected: [] });

    const got = await available('+12127363101');
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.capability, ['SMS', 'VOICE']);
    assert.deepEqual(got.body.monthlyPrice, { currencyCode: 'USD', amount: '0.50' }, "the product's price");
    assert.equal((await available('+18005550199')).body.regionCode, 'CA');
    for (const [pattern, searchPattern] of [
      ['+1212736310', 'START'],
      ['7363101', 'CONTAINS'],
      ['63101', 'END'],
    ]) {
      const found = await call(t, {
        method: 'GET',
        url: `${BASE}/availableNumbers?regionCode=US&type=LOCAL&numberPattern.pattern=${encodeURIComponent(pattern!)}&numberPattern.searchPattern=${searchPattern}`,
      });
      assert.deepEqual(
        found.body.availableNumbers.map((n: any) => n.phoneNumber),
        ['+12127363101'],
        `${searchPattern} ${pattern}`,
      );
    }
    assert.equal((await pairCount('US', 'LOCAL'))!.available, before!.available + 1);
    assert.equal((await rent('+12127363101')).status, 200);

    const audit = await call(t, {
      method: 'GET',
      url: '/admin/v1/auditLog?resourceType=Inventory',
      headers: admin,
    });
    const [entry] = audit.body.auditEntries;
    assert.equal(entry.actor, 'olga');
    assert.equal(entry.action, 'IMPORT');
    assert.deepEqual(entry.details, {
      imported: 3,
      perRegionAndType: { 'US/LOCAL': 1, 'DE/MOBILE': 1, 'CA/TOLL_FREE': 1 },
    });
  });

  test('a (region, type) not sold yet gets the generated product and is sold from then on', async () => {
    const regions = async () =>
      (
        await call(t, { method: 'GET', url: `${BASE}/availableRegions?types=MOBILE` })
      ).body.availableRegions.map((r: any) => r.regionCode);
    assert.ok(!(await regions()).includes('US'), 'no US MOBILE product yet');
    const res = await importCsv(`type,capabilities,phoneNumber,regionCode\nMOBILE,SMS,+12127363102,US\n`);
    assert.deepEqual(res.body, { imported: 1, rejected: [] });
    assert.ok((await regions()).includes('US'));
    const got = await available('+12127363102');
    assert.deepEqual(got.body.capability, ['SMS']);
    assert.deepEqual(
      got.body.setupPrice,
      { currencyCode: 'USD', amount: '2.00' },
      'the default MOBILE price',
    );
    assert.deepEqual(await pairCount('US', 'MOBILE'), {
      regionCode: 'US',
      type: 'MOBILE',
      available: 1,
      reserved: 0,
      active: 0,
    });
  });

  test('one bad row: nothing is imported, and every rejected row is named by its line', async () => {
    const taken = await someNumber('GB', 'LOCAL');
    const rented = await someNumber('GB', 'LOCAL', 1);
    assert.equal((await rent(rented)).status, 200);
    const hosted = await call(t, {
      method: 'POST',
      url: '/imported/v1/projects/project-a/hostingOrders:importNumbers',
      body: { regionCode: 'US', numbers: ['+12127363199'], servicePlanId: 'plan-1' },
    });
    assert.equal(hosted.status, 200, JSON.stringify(hosted.body));
    const before = await summary('?regionCode=GB');
    const res = await importCsv(
      [
        HEADER,
        '+442071838751,GB,LOCAL,VOICE',
        '442071838752,GB,LOCAL,VOICE',
        '+442071838753,XX,LOCAL,VOICE',
        '+442071838754,GB,PAGER,VOICE',
        '+442071838755,GB,LOCAL,FAX',
        '+447400123456,GB,LOCAL,VOICE',
        '+442071838751,GB,LOCAL,VOICE',
        `${taken},GB,LOCAL,VOICE`,
        `${rented},GB,LOCAL,VOICE`,
        '+12127363199,US,LOCAL,SMS',
        '+442071838756,GB,LOCAL',
        '',
        '+442071838757,GB,LOCAL,VOICE',
      ].join('\n'),
    );
    const error = assertError(res, 400, 'INVALID_ARGUMENT');
    assert.match(error.message, /10 rows were rejected, so nothing was imported/);
    assert.deepEqual(error.details[0].fieldViolations, [
      {
        field: 'line 3',
        description: '442071838752: phoneNumber is not E.164 ("+", then at most 15 digits)',
      },
      { field: 'line 4', description: '+442071838753: unknown regionCode "XX"' },
      { field: 'line 5', description: '+442071838754: type must be MOBILE, LOCAL, TOLL_FREE' },
      { field: 'line 6', description: '+442071838755: unknown capability "FAX" (SMS or VOICE)' },
      { field: 'line 7', description: '+447400123456: a MOBILE number in GB, not LOCAL' },
      { field: 'line 8', description: '+442071838751: repeats the number of line 2' },
      { field: 'line 9', description: `${taken}: already in the inventory (available, reserved or rented)` },
      {
        field: 'line 10',
        description: `${rented}: already in the inventory (available, reserved or rented)`,
      },
      { field: 'line 11', description: '+12127363199: in an open hosting order' },
      { field: 'line 12', description: '+442071838756: 3 fields where the header has 4' },
    ]);
    assert.equal((await available('+442071838751')).status, 404, 'the good rows were not imported');
    assert.equal((await available('+442071838757')).status, 404);
    assert.deepEqual(await summary('?regionCode=GB'), before);
  });

  test('the domain service answers the same report, for the console', async () => {
    const report = await t.runtime.deps.admin.importInventory(
      `${HEADER}\n+442071838758,GB,LOCAL,VOICE\n+1,US,LOCAL,SMS\n`,
    );
    assert.deepEqual(report, {
      imported: 0,
      rejected: [
        { row: 3, phoneNumber: '+1', reason: 'phoneNumber is not E.164 ("+", then at most 15 digits)' },
      ],
    });
  });

  test('400 for a file that is not the expected CSV, naming what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      [`${HEADER}\n`, /no rows/],
      ['phoneNumber,regionCode,type\n+442071838758,GB,LOCAL\n', /lacks capabilities/],
      [`${HEADER},setupPrice\n+442071838758,GB,LOCAL,VOICE,1.00\n`, /prices belong to a region and type/],
      [`${HEADER},phoneNumber\n`, /appears twice/],
      [`${HEADER}\n"+442071838758,GB,LOCAL,VOICE\n`, /cannot be read/],
    ];
    for (const [csv, message] of cases) {
      const error = assertError(await importCsv(csv), 400, 'INVALID_ARGUMENT');
      assert.match(error.message, message, JSON.stringify(csv));
    }
  });

  test('413 beyond the size or row limit, 415 for another content type, 401 without the admin token', async () => {
    const big = `${HEADER}\n${'#'.repeat(MAX_IMPORT_BYTES)}`;
    assertError(await importCsv(big), 413, 'INVALID_ARGUMENT');
    const rows = `${HEADER}\n${'+1,US,LOCAL,SMS\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    assert.match(assertError(await importCsv(rows), 413, 'INVALID_ARGUMENT').message, /100000 rows/);
    const json = await importCsv('{}', { 'content-type': 'application/json' });
    assertError(json, 415, 'INVALID_ARGUMENT');
    assertError(await importCsv(`${HEADER}\n`, { authorization: '' }), 401, 'UNAUTHENTICATED');
  });
});

describe('prices', () => {
  const price = (regionCode: string, type: string, body: unknown, headers: Record<string, string> = admin) =>
    call(t, { method: 'PUT', url: `/admin/v1/prices/${regionCode}/${type}`, body, headers });
  const prices = async (query: string) =>
    (await call(t, { method: 'GET', url: `/admin/v1/prices${query}`, headers: admin })).body.prices;

  test("GET lists each product with the price table's price until an operator sets one", async () => {
    const [gb] = await prices('?regionCode=GB&type=MOBILE');
    assert.deepEqual(gb, {
      regionCode: 'GB',
      type: 'MOBILE',
      setupPrice: { currencyCode: 'GBP', amount: '1.50' },
      monthlyPrice: { currencyCode: 'GBP', amount: '1.50' },
      paymentIntervalMonths: 1,
      capabilities: ['SMS', 'VOICE'],
      supportingDocumentationRequired: false,
      source: 'GENERATED',
      updateTime: null,
    });
    assert.ok((await prices('')).length > 500);
  });

  test('PUT: searches and new rentals get the new price; rented numbers and earlier orders keep theirs', async () => {
    const rentedBefore = await someNumber('GB', 'MOBILE');
    assert.equal((await rent(rentedBefore)).status, 200);
    const ordered = await orderOne('GB', 'MOBILE');

    const set = await price(
      'gb',
      'mobile',
      { setupPrice: '4', monthlyPrice: '2.5', currencyCode: 'eur' },
      {
        ...admin,
        'x-open-numbers-actor': 'pricing desk',
      },
    );
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.setupPrice, { currencyCode: 'EUR', amount: '4.00' });
    assert.deepEqual(set.body.monthlyPrice, { currencyCode: 'EUR', amount: '2.50' });
    assert.equal(set.body.source, 'OPERATOR');
    assert.match(set.body.updateTime, /Z$/);
    assert.deepEqual((await prices('?regionCode=GB&type=MOBILE'))[0], set.body);

    const search = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=GB&type=MOBILE&size=3`,
    });
    for (const n of search.body.availableNumbers) {
      assert.deepEqual(n.setupPrice, { currencyCode: 'EUR', amount: '4.00' });
      assert.deepEqual(n.monthlyPrice, { currencyCode: 'EUR', amount: '2.50' });
    }
    const rentedAfter = search.body.availableNumbers[0].phoneNumber;
    assert.deepEqual((await rent(rentedAfter)).body.money, { currencyCode: 'EUR', amount: '2.50' });
    const old = await call(t, { method: 'GET', url: `${BASE}/activeNumbers/${rentedBefore}` });
    assert.deepEqual(
      old.body.money,
      { currencyCode: 'GBP', amount: '1.50' },
      'a rented number keeps its price',
    );

    // The order quoted 1.50 GBP when it was created; completing it now keeps that quote.
    const id = ordered.body.idNumberOrder;
    const orderedNumber = ordered.body.orderNumbers[0].phoneNumber;
    assert.deepEqual(ordered.body.orderNumbers[0].numberPrice.monthlyPrice, {
      currencyCode: 'GBP',
      amount: '1.50',
    });
    assert.equal((await call(t, { method: 'POST', url: `${BASE}/numberOrders/${id}/submit` })).status, 200);
    const reviewed = await call(t, {
      method: 'POST',
      url: `/admin/v1/projects/project-a/numberOrders/${id}:review`,
      headers: admin,
      body: { decision: 'COMPLETED' },
    });
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    const fromOrder = await call(t, { method: 'GET', url: `${BASE}/activeNumbers/${orderedNumber}` });
    assert.equal(fromOrder.status, 200, JSON.stringify(fromOrder.body));
    assert.deepEqual(fromOrder.body.money, { currencyCode: 'GBP', amount: '1.50' });

    const audit = await call(t, {
      method: 'GET',
      url: '/admin/v1/auditLog?resourceType=Price',
      headers: admin,
    });
    const [entry] = audit.body.auditEntries;
    assert.equal(entry.actor, 'pricing desk');
    assert.equal(entry.resourceId, 'GB/MOBILE');
    assert.deepEqual(entry.details, {
      before: { currencyCode: 'GBP', setupPrice: '1.50', monthlyPrice: '1.50' },
      after: { currencyCode: 'EUR', setupPrice: '4.00', monthlyPrice: '2.50' },
    });
  });

  test('400 naming each bad field; 404 for a pair not sold here; 401 without the admin token', async () => {
    const bad = await price('GB', 'LOCAL', {
      setupPrice: '-1',
      monthlyPrice: '1.234567',
      currencyCode: 'XXY',
    });
    assert.deepEqual(fieldViolations(assertError(bad, 400, 'INVALID_ARGUMENT')), [
      'setupPrice',
      'monthlyPrice',
      'currencyCode',
    ]);
    const missing = await price('GB', 'LOCAL', { setupPrice: '1.00' });
    assertError(missing, 400, 'INVALID_ARGUMENT');
    assert.deepEqual(
      fieldViolations(
        assertError(
          await price('GB', 'PAGER', { setupPrice: '1', monthlyPrice: '1', currencyCode: 'USD' }),
          400,
          'INVALID_ARGUMENT',
        ),
      ),
      ['type'],
    );
    const unknown = await price('ZZ', 'LOCAL', { setupPrice: '1', monthlyPrice: '1', currencyCode: 'USD' });
    assert.equal(assertError(unknown, 404, 'NOT_FOUND').details[0].resourceType, 'NumberProduct');
    assertError(
      await price('GB', 'LOCAL', { setupPrice: '1', monthlyPrice: '1', currencyCode: 'USD' }, {}),
      401,
      'UNAUTHENTICATED',
    );
  });
});
