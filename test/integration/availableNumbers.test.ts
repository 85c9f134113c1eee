import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { type Capability, capabilityMask } from '../../src/domain/inventory/products.js';
import { assertError, BASE, call, fieldViolations, smallPrefix, someAvailable } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const search = (query: string) => call(t, { method: 'GET', url: `${BASE}/availableNumbers?${query}` });

describe('GET /availableRegions', () => {
  test('lists every region that sells numbers, with its name and types', async () => {
    const res = await call(t, { method: 'GET', url: `${BASE}/availableRegions` });
    assert.equal(res.status, 200);
    const us = res.body.availableRegions.find((r: any) => r.regionCode === 'US');
    assert.deepEqual(us, { regionCode: 'US', regionName: 'United States', types: ['LOCAL', 'TOLL_FREE'] });
    assert.ok(res.body.availableRegions.length > 200);
  });

  test('the repeated types filter keeps regions that sell any of the types', async () => {
    const res = await call(t, {
      method: 'GET',
      url: `${BASE}/availableRegions?types=MOBILE&types=TOLL_FREE`,
    });
    const codes = res.body.availableRegions.map((r: any) => r.regionCode);
    assert.ok(codes.includes('US') && codes.includes('GB'));
    const mobileOnly = await call(t, { method: 'GET', url: `${BASE}/availableRegions?types=MOBILE` });
    assert.ok(mobileOnly.body.availableRegions.every((r: any) => r.types.includes('MOBILE')));
    assert.ok(
      !mobileOnly.body.availableRegions.some((r: any) => r.regionCode === 'US'),
      'US sells no MOBILE numbers',
    );
  });

  test('an unknown type → 400 naming the field', async () => {
    const error = assertError(
      await call(t, { method: 'GET', url: `${BASE}/availableRegions?types=FIXED` }),
      400,
      'INVALID_ARGUMENT',
    );
    assert.deepEqual(fieldViolations(error), ['types']);
  });
});

describe('GET /availableNumbers (search)', () => {
  test('returns priced numbers of the region and type, capped by size', async () => {
    const res = await search('regionCode=US&type=LOCAL&size=5');
    assert.equal(res.status, 200);
    assert.equal(res.body.availableNumbers.length, 5);
    assert.deepEqual(res.body.availableNumbers[0], {
      phoneNumber: res.body.availableNumbers[0].phoneNumber,
      regionCode: 'US',
      type: 'LOCAL',
      capability: ['SMS', 'VOICE'],
      setupPrice: { currencyCode: 'USD', amount: '0.50' },
      monthlyPrice: { currencyCode: 'USD', amount: '0.50' },
      paymentIntervalMonths: 1,
      supportingDocumentationRequired: true,
    });
  });

  test('START matches the full E.164 string: "+1206" finds numbers, "1206" does not', async () => {
    const prefix = (await someAvailable(t)).slice(0, 5);
    const withPlus = await search(
      `regionCode=US&type=LOCAL&numberPattern.pattern=${encodeURIComponent(prefix)}&numberPattern.searchPattern=START`,
    );
    assert.ok(withPlus.body.availableNumbers.length > 0);
    assert.ok(withPlus.body.availableNumbers.every((n: any) => n.phoneNumber.startsWith(prefix)));
    const withoutPlus = await search(
      `regionCode=US&type=LOCAL&numberPattern.pattern=${prefix.slice(1)}&numberPattern.searchPattern=START`,
    );
    assert.deepEqual(withoutPlus.body, { availableNumbers: [] });
  });

  test('a raw + in the query (decoded as a space) still means +', async () => {
    const prefix = (await someAvailable(t)).slice(0, 5);
    const res = await search(
      `regionCode=US&type=LOCAL&numberPattern.pattern=${prefix}&numberPattern.searchPattern=START`,
    );
    assert.ok(res.body.availableNumbers.length > 0);
  });

  test('END and CONTAINS (short and long) match, CONTAIN is accepted', async () => {
    const number = await someAvailable(t);
    for (const [pattern, kind, check] of [
      [number.slice(-3), 'END', (n: string) => n.endsWith(number.slice(-3))],
      [number.slice(-7), 'END', (n: string) => n.endsWith(number.slice(-7))],
      [number.slice(4, 7), 'CONTAINS', (n: string) => n.includes(number.slice(4, 7))],
      [number.slice(3, 9), 'CONTAINS', (n: string) => n.includes(number.slice(3, 9))],
      [number.slice(3, 9), 'CONTAIN', (n: string) => n.includes(number.slice(3, 9))],
    ] as const) {
      const res = await search(
        `regionCode=US&type=LOCAL&size=50&numberPattern.pattern=${pattern}&numberPattern.searchPattern=${kind}`,
      );
      assert.equal(res.status, 200);
      const found = res.body.availableNumbers.map((n: any) => n.phoneNumber);
      assert.ok(found.includes(number) || found.length === 50, `${kind} ${pattern} should find ${number}`);
      assert.ok(found.every(check), `${kind} ${pattern}`);
    }
  });

  test('a parameter of another operation (capability, pageSize) is ignored, and a Warning header names it and the right one', async () => {
    const res = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=GB&type=LOCAL&capability=SMS&pageSize=2`,
    });
    assert.equal(res.status, 200);
    // Ignored as upstream does: GB LOCAL numbers are voice-only, and more than 2 come back.
    assert.ok(res.body.availableNumbers.length > 2);
    assert.equal(
      res.headers.warning,
      '299 - "Ignored query parameter capability: this operation reads capabilities", ' +
        '299 - "Ignored query parameter pageSize: this operation reads size"',
    );
    const right = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=GB&type=LOCAL&capabilities=VOICE&size=2`,
    });
    assert.equal(right.body.availableNumbers.length, 2);
    assert.equal(right.headers.warning, undefined);
  });

  test('capabilities must all be supported', async () => {
    const both = await search('regionCode=US&type=LOCAL&size=3&capabilities=SMS&capabilities=VOICE');
    assert.equal(both.body.availableNumbers.length, 3);
    const gbLocalSms = await search('regionCode=GB&type=LOCAL&capabilities=SMS');
    assert.ok(gbLocalSms.body.availableNumbers.every((n: any) => n.capability.includes('SMS')));
  });

  test('a region that sells nothing → an empty list', async () => {
    assert.deepEqual((await search('regionCode=ZZ&type=LOCAL')).body, { availableNumbers: [] });
  });

  test('missing regionCode or type, bad enums, bad patterns → 400 with the field', async () => {
    for (const [query, field] of [
      ['type=LOCAL', 'regionCode'],
      ['regionCode=US', 'type'],
      ['regionCode=US&type=FIXED', 'type'],
      ['regionCode=US&type=LOCAL&capabilities=FAX', 'capabilities'],
      ['regionCode=US&type=LOCAL&numberPattern.pattern=12a', 'numberPattern.pattern'],
      [
        'regionCode=US&type=LOCAL&numberPattern.pattern=12&numberPattern.searchPattern=MIDDLE',
        'numberPattern.searchPattern',
      ],
      ['regionCode=US&type=LOCAL&size=-1', 'size'],
    ]) {
      const error = assertError(await search(query), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(fieldViolations(error), [field], query);
    }
  });
});

describe('GET /availableNumbers/{phoneNumber}', () => {
  test('returns the number, whether the path says + or %2B', async () => {
    const number = await someAvailable(t);
    for (const path of [number, encodeURIComponent(number)]) {
      const res = await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${path}` });
      assert.equal(res.status, 200);
      assert.equal(res.body.phoneNumber, number);
    }
  });

  test('a number that is not available → 404 ResourceInfo AvailableNumber: empty message (live), description says why', async () => {
    const res = await call(t, { method: 'GET', url: `${BASE}/availableNumbers/+19999999999` });
    const error = assertError(res, 404, 'NOT_FOUND');
    assert.deepEqual(error.details, [
      {
        type: 'ResourceInfo',
        resourceType: 'AvailableNumber',
        resourceName: '+19999999999',
        owner: '',
        description:
          '+19999999999 is not available: it is not in the inventory, or it is already rented. Search with GET availableNumbers',
      },
    ]);
    assert.equal(error.message, '');
  });

  test('a path that is not E.164 → 400', async () => {
    assertError(
      await call(t, { method: 'GET', url: `${BASE}/availableNumbers/12065550123` }),
      400,
      'INVALID_ARGUMENT',
    );
  });
});

describe('POST /availableNumbers/{phoneNumber}:rent', () => {
  test('rents the number: it leaves the inventory and shows up as active', async () => {
    const number = await someAvailable(t);
    const res = await call(t, { method: 'POST', url: `${BASE}/availableNumbers/${number}:rent`, body: {} });
    assert.equal(res.status, 200);
    assert.equal(res.body.phoneNumber, number);
    assert.equal(res.body.projectId, 'project-a');
    assertError(
      await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${number}` }),
      404,
      'NOT_FOUND',
    );
    assert.equal((await call(t, { method: 'GET', url: `${BASE}/activeNumbers/${number}` })).status, 200);
  });

  test('an empty body, and a body-less POST, both work (the Node SDK sends {})', async () => {
    const number = await someAvailable(t, 'GB', 'MOBILE');
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers/${encodeURIComponent(number)}:rent`,
    });
    assert.equal(res.status, 200);
  });

  test('20 parallel rents of one number → exactly one 200, the others the 404 of an unavailable number', async () => {
    const number = await someAvailable(t);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(t, { method: 'POST', url: `${BASE}/availableNumbers/${number}:rent`, body: {} }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    for (const r of results.filter((r) => r.status !== 200)) {
      assert.equal(assertError(r, 404, 'NOT_FOUND').details[0].resourceType, 'AvailableNumber');
    }
  });

  test('invalid configuration → 400 and the number stays available', async () => {
    const number = await someAvailable(t);
    for (const [body, field] of [
      [{ smsConfiguration: {} }, 'smsConfiguration.servicePlanId'],
      [{ voiceConfiguration: {} }, 'voiceConfiguration.appId'],
      [{ voiceConfiguration: { type: 'EST', appId: 'a' } }, 'voiceConfiguration.trunkId'],
      [{ callbackUrl: 'ftp://example.com' }, 'callbackUrl'],
      [{ smsConfiguration: { servicePlanId: 5 } }, 'smsConfiguration.servicePlanId'],
    ] as const) {
      const error = assertError(
        await call(t, { method: 'POST', url: `${BASE}/availableNumbers/${number}:rent`, body }),
        400,
        'INVALID_ARGUMENT',
      );
      assert.ok(fieldViolations(error).includes(field), `${JSON.stringify(body)} → ${JSON.stringify(error)}`);
    }
    assert.equal((await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${number}` })).status, 200);
  });
});

describe('a configuration for a capability the number lacks', () => {
  test('smsConfiguration on a voice-only number (GB LOCAL) → 400 naming smsConfiguration; the number stays available', async () => {
    const number = await someAvailable(t, 'GB', 'LOCAL');
    const error = assertError(
      await call(t, {
        method: 'POST',
        url: `${BASE}/availableNumbers/${number}:rent`,
        body: { smsConfiguration: { servicePlanId: 'plan-1' }, voiceConfiguration: { appId: 'app-1' } },
      }),
      400,
      'INVALID_ARGUMENT',
    );
    assert.deepEqual(fieldViolations(error), ['smsConfiguration']);
    assert.match(error.message, /no SMS capability \(it has VOICE\); leave smsConfiguration out/);
    assert.equal((await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${number}` })).status, 200);
    const voiceOnly = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers/${number}:rent`,
      body: { voiceConfiguration: { appId: 'app-1' } },
    });
    assert.equal(voiceOnly.status, 200, JSON.stringify(voiceOnly.body));
  });
});

/**
 * Test only: what a product's numbers can do, changed in the store behind the app (either store),
 * since every product rentAny serves (US LOCAL) has both capabilities.
 */
async function setProductCapabilities(regionCode: string, numberType: string, capabilities: Capability[]) {
  const values = [capabilityMask(capabilities), regionCode, numberType];
  const sql = 'UPDATE products SET capabilities = $1 WHERE region_code = $2 AND number_type = $3';
  if (t.storage.databaseUrl) {
    const db = postgres(t.storage.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      assert.equal((await db.unsafe(sql, values)).count, 1);
    } finally {
      await db.end();
    }
  } else {
    const db = new Database(join(t.storage.dataDir, 'open-numbers.db'));
    try {
      assert.equal(db.prepare(sql.replace(/\$\d/g, '?')).run(...values).changes, 1);
    } finally {
      db.close();
    }
  }
}

describe('rentAny: a configuration for a capability the product lacks (over HTTP, on either store)', () => {
  const activeCount = async () =>
    (await call(t, { method: 'GET', url: `${BASE}/activeNumbers?pageSize=1` })).body.totalSize;
  after(() => setProductCapabilities('US', 'LOCAL', ['SMS', 'VOICE']));

  for (const [capabilities, body, field, lacking] of [
    [['VOICE'], { smsConfiguration: { servicePlanId: 'plan-1' } }, 'smsConfiguration', 'SMS'],
    [['SMS'], { voiceConfiguration: { type: 'RTC', appId: 'app-1' } }, 'voiceConfiguration', 'VOICE'],
  ] as const) {
    test(`${capabilities}-only US LOCAL numbers: ${field} → 400 naming ${field}, nothing rented`, async () => {
      await setProductCapabilities('US', 'LOCAL', [...capabilities]);
      const before = await activeCount();
      const error = assertError(
        await call(t, {
          method: 'POST',
          url: `${BASE}/availableNumbers:rentAny`,
          body: { regionCode: 'US', type: 'LOCAL', ...body },
        }),
        400,
        'INVALID_ARGUMENT',
      );
      assert.deepEqual(fieldViolations(error), [field]);
      assert.match(
        error.message,
        new RegExp(`US LOCAL numbers cannot take ${field}: no ${lacking} capability`),
      );
      assert.equal(await activeCount(), before);
      // The configuration the product can take still rents.
      const other =
        field === 'smsConfiguration'
          ? { voiceConfiguration: { type: 'RTC', appId: 'app-1' } }
          : { smsConfiguration: { servicePlanId: 'plan-1' } };
      const rented = await call(t, {
        method: 'POST',
        url: `${BASE}/availableNumbers:rentAny`,
        body: { regionCode: 'US', type: 'LOCAL', ...other },
      });
      assert.equal(rented.status, 200, JSON.stringify(rented.body));
    });
  }
});

describe('POST /availableNumbers:rentAny', () => {
  test('rents a US LOCAL number matching the pattern and capabilities', async () => {
    const target = await someAvailable(t);
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: {
        regionCode: 'US',
        type: 'LOCAL',
        capabilities: ['SMS', 'VOICE'],
        numberPattern: { pattern: target.slice(-7), searchPattern: 'END' },
        smsConfiguration: { servicePlanId: 'plan-1' },
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.phoneNumber, target);
    assert.equal(res.body.smsConfiguration.scheduledProvisioning.servicePlanId, 'plan-1');
  });

  test('50 parallel rentAny → 50 distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(t, {
          method: 'POST',
          url: `${BASE}/availableNumbers:rentAny`,
          body: { regionCode: 'US', type: 'LOCAL' },
        }),
      ),
    );
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(new Set(results.map((r) => r.body.phoneNumber)).size, 50);
  });

  test('parallel rentAny on a pair of a few numbers → each number once, then a clean 404 when it runs out', async () => {
    const listed = await search('regionCode=US&type=LOCAL&size=1000');
    const { prefix, members } = smallPrefix(listed.body.availableNumbers.map((n: any) => n.phoneNumber));
    const body = {
      regionCode: 'US',
      type: 'LOCAL',
      numberPattern: { pattern: prefix, searchPattern: 'START' },
    };
    const results = await Promise.all(
      Array.from({ length: members.length + 6 }, () =>
        call(t, { method: 'POST', url: `${BASE}/availableNumbers:rentAny`, body }),
      ),
    );
    const rented = results.filter((r) => r.status === 200).map((r) => r.body.phoneNumber);
    assert.deepEqual([...rented].sort(), [...members].sort(), 'every number of the pair once, no duplicates');
    for (const r of results.filter((r) => r.status !== 200)) assertError(r, 404, 'NOT_FOUND');
  });

  test('parallel rents where some fail (taken number, a configuration the number cannot take): the others still rent', async () => {
    const listed = await search('regionCode=US&type=LOCAL&size=4');
    const [taken, a, b, c] = listed.body.availableNumbers.map((n: any) => n.phoneNumber);
    const voiceOnly = await someAvailable(t, 'GB', 'LOCAL');
    const rent = (number: string, body: object = {}) =>
      call(t, { method: 'POST', url: `${BASE}/availableNumbers/${encodeURIComponent(number)}:rent`, body });
    assert.equal((await rent(taken)).status, 200);
    const [first, again, wrongConfig, second, any, third] = await Promise.all([
      rent(a),
      rent(taken),
      rent(voiceOnly, { smsConfiguration: { servicePlanId: 'plan-1' } }),
      rent(b),
      call(t, {
        method: 'POST',
        url: `${BASE}/availableNumbers:rentAny`,
        body: { regionCode: 'US', type: 'LOCAL', numberPattern: { pattern: c, searchPattern: 'END' } },
      }),
      rent(a),
    ]);
    // The two rents of `a` race: on PostgreSQL either may commit first. One rents it, the other
    // finds it gone.
    const [won, lost] = first.status === 200 ? [first, third] : [third, first];
    assert.equal(won.status, 200, JSON.stringify([first.body, third.body]));
    assert.equal(won.body.phoneNumber, a);
    assertError(lost, 404, 'NOT_FOUND');
    assertError(again, 404, 'NOT_FOUND');
    assert.deepEqual(fieldViolations(assertError(wrongConfig, 400, 'INVALID_ARGUMENT')), [
      'smsConfiguration',
    ]);
    assert.equal(second.body.phoneNumber, b);
    assert.equal(any.body.phoneNumber, c);
    assert.equal(
      (await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${voiceOnly}` })).status,
      200,
    );
    for (const n of [a, b, c]) {
      const active = await call(t, { method: 'GET', url: `${BASE}/activeNumbers/${encodeURIComponent(n)}` });
      assert.equal(active.status, 200);
    }
  });

  test('anything but US LOCAL → 400 INVALID_ARGUMENT', async () => {
    for (const body of [
      { regionCode: 'GB', type: 'LOCAL' },
      { regionCode: 'US', type: 'TOLL_FREE' },
    ]) {
      assertError(
        await call(t, { method: 'POST', url: `${BASE}/availableNumbers:rentAny`, body }),
        400,
        'INVALID_ARGUMENT',
      );
    }
  });

  test('missing regionCode/type → 400 naming them', async () => {
    const error = assertError(
      await call(t, { method: 'POST', url: `${BASE}/availableNumbers:rentAny`, body: { type: 'LOCAL' } }),
      400,
      'INVALID_ARGUMENT',
    );
    assert.deepEqual(fieldViolations(error), ['regionCode']);
  });

  test('no number matches → 404', async () => {
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: { regionCode: 'US', type: 'LOCAL', numberPattern: { pattern: '+1000', searchPattern: 'START' } },
    });
    assertError(res, 404, 'NOT_FOUND');
  });
});
