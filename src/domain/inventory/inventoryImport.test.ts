import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import { ApiError } from '../../errors.js';
import { generateInventory } from './generate.js';
import { readInventoryCsv } from './inventoryImport.js';
import { numberTypeProblem } from './regions.js';

const HEADER = 'phoneNumber,regionCode,type,capabilities';

test('every number the seed generates passes the import check for its own region and type', () => {
  const sample = [...generateInventory({ perType: 3, usLocal: 3 })];
  assert.ok(sample.length > 1000);
  for (const n of sample) {
    assert.equal(
      numberTypeProblem(n.e164, n.regionCode, n.numberType),
      undefined,
      `${n.e164} ${n.regionCode}`,
    );
  }
});

test('the type check agrees with libphonenumber, and judges a shared calling code per region', () => {
  const cases: [string, string, 'LOCAL' | 'MOBILE' | 'TOLL_FREE', string | undefined][] = [
    ['+442071838750', 'GB', 'LOCAL', undefined],
    ['+447400123456', 'GB', 'MOBILE', undefined],
    ['+447400123456', 'GB', 'LOCAL', 'a MOBILE number in GB, not LOCAL'],
    ['+4915123456789', 'DE', 'MOBILE', undefined],
    ['+4915123456789', 'AT', 'MOBILE', 'AT numbers start with +43'],
    // NANPA toll-free: libphonenumber names US, but the number is CA's as well.
    ['+18005550199', 'CA', 'TOLL_FREE', undefined],
    ['+18005550199', 'US', 'LOCAL', 'a TOLL_FREE number in US, not LOCAL'],
    // US and MX plans cannot tell fixed lines from mobiles: either type is accepted.
    ['+12127363101', 'US', 'MOBILE', undefined],
    ['+525512345678', 'MX', 'LOCAL', undefined],
    ['+12127363101', 'CA', 'LOCAL', 'not a valid CA number'],
    ['+4412', 'GB', 'LOCAL', 'not a valid GB number'],
  ];
  for (const [e164, region, type, problem] of cases) {
    assert.equal(numberTypeProblem(e164, region, type), problem, `${e164} ${region} ${type}`);
    if (!problem && region !== 'CA') {
      const parsed = parsePhoneNumber(e164);
      assert.ok(parsed.isValid(), `${e164} valid by libphonenumber`);
      assert.equal(parsed.country, region);
    }
  }
});

test('rows are numbered by their line in the file; header names in any case and order; BOM and blank lines', async () => {
  const csv = `\ufeffCAPABILITIES,Type,phonenumber,RegionCode\r\n"SMS;VOICE",local,+442071838750,gb\r\n\r\nvoice|sms,MOBILE,+447400123456,GB\r\n"multi\nline",LOCAL,+442071838751,GB\r\nVOICE,LOCAL,+442071838752,GB\r\n`;
  const { accepted, rejected } = await readInventoryCsv(csv);
  assert.deepEqual(accepted, [
    { row: 2, number: { e164: '+442071838750', regionCode: 'GB', numberType: 'LOCAL', capabilities: 3 } },
    { row: 4, number: { e164: '+447400123456', regionCode: 'GB', numberType: 'MOBILE', capabilities: 3 } },
    { row: 7, number: { e164: '+442071838752', regionCode: 'GB', numberType: 'LOCAL', capabilities: 1 } },
  ]);
  assert.deepEqual(rejected, [
    { row: 6, phoneNumber: '+442071838751', reason: 'unknown capability "MULTI" (SMS or VOICE)' },
  ]);
});

test('a file larger than one parse chunk is read whole, in order', async () => {
  const lines = Array.from(
    { length: 20_000 },
    (_, i) => `+1212${736 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')},US,LOCAL,SMS`,
  );
  const { accepted, rejected } = await readInventoryCsv(`${HEADER}\n${lines.join('\n')}\n`);
  assert.equal(rejected.length, 0);
  assert.equal(accepted.length, 20_000);
  assert.deepEqual(accepted[19_999], {
    row: 20_001,
    number: { e164: '+12127379999', regionCode: 'US', numberType: 'LOCAL', capabilities: 2 },
  });
});

test('a file that is no inventory CSV is a 400 naming the problem', async () => {
  for (const [csv, message] of [
    ['', /empty/],
    [
      'phoneNumber;regionCode;type;capabilities\n',
      /Unknown column "phoneNumber;regionCode;type;capabilities"/,
    ],
    [`${HEADER},monthlyPrice\n`, /PUT \/admin\/v1\/prices/],
    [`${HEADER}\n"+1,US`, /cannot be read/],
  ] as const) {
    await assert.rejects(readInventoryCsv(csv), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.httpStatus, 400);
      assert.match(error.message, message);
      return true;
    });
  }
});
