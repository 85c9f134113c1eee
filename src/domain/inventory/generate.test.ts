import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePhoneNumber as parseWithMetadata } from 'libphonenumber-js/core';
import {
  type CountryCode,
  getCountryCallingCode,
  type MetadataJson,
  type PhoneNumber,
  parsePhoneNumber,
} from 'libphonenumber-js/max';
import max from 'libphonenumber-js/metadata.max.json';
import { isE164 } from '../numbers/phoneNumbers.js';
import {
  DEFAULT_INVENTORY_SIZE,
  generateInventory,
  type InventoryNumber,
  inventoryPlan,
  sortedInventory,
} from './generate.js';
import { capabilityMask, productFor } from './products.js';
import { callingCodeOf, listRegionTypes } from './regions.js';

const SMALL = { perType: 20, usLocal: 500 };
const small = [...generateInventory(SMALL)];
const key = (n: { regionCode: string; numberType: string }) => `${n.regionCode}:${n.numberType}`;

function take<T>(items: Iterable<T>, count: number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (out.length === count) break;
    out.push(item);
  }
  return out;
}

test('same size and seed give the same sequence; another seed a different one', () => {
  assert.deepEqual([...generateInventory(SMALL, 1)], small); // 1 is the default seed
  assert.notDeepEqual(
    take(generateInventory(SMALL, 2), 200).map((n) => n.e164),
    small.slice(0, 200).map((n) => n.e164),
  );
});

test('numbers are distinct overall', () => {
  assert.equal(new Set(small.map((n) => n.e164)).size, small.length);
});

function assertType(parsed: PhoneNumber, n: InventoryNumber) {
  assert.equal(parsed.number, n.e164, n.e164); // E.164 round trip: nothing stripped or added
  assert.ok(parsed.isValid(), `${n.e164} valid`);
  const type = parsed.getType();
  if (n.numberType === 'LOCAL') {
    assert.ok(type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE', `${n.e164} ${type}`);
  } else {
    assert.equal(type, n.numberType, n.e164);
  }
}

// Max metadata in which the region is alone on its calling code, so the number is judged by
// that region's own numbering plan.
function metadataOnly(regionCode: string): MetadataJson {
  const region = regionCode as CountryCode;
  const callingCode = getCountryCallingCode(region);
  return { ...max, country_calling_codes: { ...max.country_calling_codes, [callingCode]: [region] } };
}

test('every number is valid for its type and region per libphonenumber max metadata', () => {
  const shared = new Set<string>();
  for (const n of small) {
    const parsed = parsePhoneNumber(n.e164);
    assertType(parsed, n);
    if (parsed.country !== n.regionCode) {
      // Numbers valid in several regions of one calling code (NANPA toll-free, AU/CC/CX, GP/BL/MF,
      // ...) are attributed by libphonenumber to the first region; such a number must still be
      // valid, with the same type, in the region it is sold for.
      shared.add(key(n));
      assertType(parseWithMetadata(n.e164, metadataOnly(n.regionCode)), n);
    }
  }
  assert.ok(shared.has('CA:TOLL_FREE'));
  assert.ok(!shared.has('US:TOLL_FREE'));
});

test('every pair is covered in catalogue order, with the product capabilities', () => {
  const counts = new Map<string, number>();
  for (const n of small) counts.set(key(n), (counts.get(key(n)) ?? 0) + 1);
  const pairs = listRegionTypes();
  // Pairs first appear in listRegionTypes() order.
  const order = [...new Set(small.map(key))];
  assert.deepEqual(order, pairs.map(key));
  for (const pair of pairs) {
    const want = pair.regionCode === 'US' && pair.numberType === 'LOCAL' ? SMALL.usLocal : SMALL.perType;
    // A few pairs have fewer valid numbers than that in total (VU toll-free: 200).
    assert.ok((counts.get(key(pair)) ?? 0) > 0, key(pair));
    assert.ok((counts.get(key(pair)) ?? 0) <= want, key(pair));
  }
  const short = pairs.filter((p) => (counts.get(key(p)) ?? 0) < SMALL.perType);
  assert.deepEqual(short, []);
  for (const n of small.filter((_, i) => i % 97 === 0)) {
    assert.equal(n.capabilities, capabilityMask(productFor(n.regionCode, n.numberType).capabilities));
  }
  assert.equal(small.find((n) => n.regionCode === 'US')?.capabilities, 3);
  assert.equal(small.find((n) => n.regionCode === 'DE' && n.numberType === 'LOCAL')?.capabilities, 1);
});

test('US LOCAL count is honoured and spread over many area codes', () => {
  const usLocal: InventoryNumber[] = [];
  for (const n of generateInventory({ perType: 0, usLocal: 5000 })) usLocal.push(n);
  assert.equal(usLocal.length, 5000);
  assert.ok(
    usLocal.every((n) => n.regionCode === 'US' && n.numberType === 'LOCAL' && n.e164.startsWith('+1')),
  );
  const npas = new Set(usLocal.map((n) => n.e164.slice(2, 5)));
  assert.ok(npas.size > 300, `${npas.size} area codes`);
  for (const prefix of ['+1206', '+1415', '+1307', '+1212']) {
    assert.ok(
      usLocal.some((n) => n.e164.startsWith(prefix)),
      prefix,
    );
  }
});

test('tiny number spaces end without looping forever; larger inventories stay distinct', () => {
  const numbers = new Set<string>();
  let vu = 0;
  let yielded = 0;
  for (const n of generateInventory({ perType: 210, usLocal: 0 })) {
    numbers.add(n.e164);
    yielded++;
    // VU toll-free is '81[18]\d\d' in the metadata: exactly 200 numbers.
    if (n.regionCode === 'VU' && n.numberType === 'TOLL_FREE') vu++;
  }
  assert.equal(vu, 200);
  assert.equal(numbers.size, yielded);
  assert.ok(yielded > 100_000);
});

test('other regions spread over several prefixes', () => {
  for (const pair of ['GB:LOCAL', 'GB:MOBILE', 'DE:LOCAL', 'FR:LOCAL']) {
    const prefixes = new Set(small.filter((n) => key(n) === pair).map((n) => n.e164.slice(0, 6)));
    assert.ok(prefixes.size >= 5, `${pair}: ${prefixes.size} prefixes`);
  }
});

test('sortedInventory: the generated numbers and the extras, each once, in E.164 order, as sorting all of them gives', () => {
  const extra: InventoryNumber[] = [
    { ...small.find((n) => n.regionCode === 'GB')!, capabilities: 99 }, // a repeat: the extra wins
    { e164: '+61411111112', regionCode: 'AU', numberType: 'MOBILE', capabilities: 3 },
    { e164: '+12017654321', regionCode: 'US', numberType: 'LOCAL', capabilities: 3 },
  ];
  const expected = [...new Map([...small, ...extra].map((n) => [n.e164, n])).values()].sort((a, b) =>
    a.e164 < b.e164 ? -1 : 1,
  );
  assert.deepEqual([...sortedInventory(SMALL, extra)], expected);
  assert.deepEqual(
    [...sortedInventory(SMALL, [], 2)].map((n) => n.e164),
    [...generateInventory(SMALL, 2)].map((n) => n.e164).sort(),
  );
  assert.throws(() => [...sortedInventory(SMALL, [{ ...extra[1]!, regionCode: 'US' }])], /does not belong/);
});

test('inventoryPlan: its groups, generated in any order, are sortedInventory; regions and numbers find their group', () => {
  const extra: InventoryNumber[] = [
    { e164: '+61411111112', regionCode: 'AU', numberType: 'MOBILE', capabilities: 3 },
    { e164: '+12017654321', regionCode: 'US', numberType: 'LOCAL', capabilities: 3 },
  ];
  const plan = inventoryPlan(SMALL, extra);
  assert.equal(plan.groups[0], '1');
  assert.deepEqual([...plan.groups].sort(), plan.groups);
  // Backwards, and a group twice: the same numbers, the same fields.
  const byGroup = new Map(
    [...plan.groups].reverse().map((code) => [code, [...plan.numbers(code)].filter((n) => n !== null)]),
  );
  assert.deepEqual(
    [...plan.numbers('44')].filter((n) => n !== null),
    byGroup.get('44'),
  );
  const all = plan.groups.flatMap((code) => byGroup.get(code)!);
  assert.deepEqual(all, [...sortedInventory(SMALL, extra)]);
  for (const n of all) {
    assert.equal(plan.groupOfNumber(n.e164), plan.groupOfRegion(n.regionCode), n.e164);
    assert.ok(byGroup.get(plan.groupOfNumber(n.e164)!)!.includes(n));
  }
  assert.ok(
    byGroup.get('1')!.some((n) => n.e164 === '+12017654321'),
    'an extra joins its group',
  );
  assert.equal(plan.groupOfRegion('CA'), '1');
  assert.equal(plan.groupOfRegion('XX'), undefined);
  assert.equal(plan.groupOfNumber('+99912345678'), undefined);
  assert.throws(() => plan.numbers('999'), /no inventory group/);
});

test('the whole default inventory is E.164 (at most 15 digits), so every number can be rented and ordered', () => {
  // Walks the generator's full default output (733k numbers, about 2 s). libphonenumber's own
  // check costs ~25 µs a number, so it sees every long number (14-15 digits, where the plans
  // that allow longer national numbers live) and every 10th of the others.
  const seen = new Set<string>();
  let index = 0;
  for (const n of generateInventory(DEFAULT_INVENTORY_SIZE)) {
    // isE164 is the check the rent, update, release and order requests apply.
    if (!isE164(n.e164) || !n.e164.startsWith(`+${callingCodeOf(n.regionCode)}`)) {
      assert.fail(`${n.e164} (${key(n)}) is not an E.164 number of its region`);
    }
    if (seen.has(n.e164)) assert.fail(`${n.e164} is generated twice`);
    seen.add(n.e164);
    if (n.e164.length > 14 || index++ % 10 === 0) assertType(parsePhoneNumber(n.e164), n);
  }
  assert.equal(seen.size, 733_200);
});
