import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE, streetInfoOf, validate } from './exampleAddresses.js';
import { STREET_SUFFIX_LOOKUP, STREET_SUFFIXES } from './usps/streetSuffixes.js';
import { UNIT_DESIGNATORS } from './usps/unitDesignators.js';

describe('street suffixes (Pub 28 Appendix C1)', () => {
  test('reproduces the SDK fixture: "Lenox Road NE" → "Lenox Rd NE"', () => {
    const result = validate({ streetInfo: 'Lenox Road NE' });
    assert.deepEqual(result, {
      result: 'NEAR_MATCH',
      message: 'Corrected to valid address|Corrected address abbreviations',
      correctedAddress: BASE,
      candidates: [],
    });
  });

  test('primary names and common spellings become the standard abbreviation', () => {
    assert.equal(streetInfoOf('MAIN AVENUE'), 'MAIN AVE');
    assert.equal(streetInfoOf('MAIN AVNUE'), 'MAIN AVE');
    assert.equal(streetInfoOf('MAIN AV'), 'MAIN AVE');
    assert.equal(streetInfoOf('MAIN STREET'), 'MAIN ST');
    assert.equal(streetInfoOf('MAIN STRT'), 'MAIN ST');
    assert.equal(streetInfoOf('SUNSET BOULEVARD'), 'SUNSET BLVD');
    assert.equal(streetInfoOf('SUNSET BOULV'), 'SUNSET BLVD');
    assert.equal(streetInfoOf('OAK CIRCLE'), 'OAK CIR');
    assert.equal(streetInfoOf('PINE CRSENT'), 'PINE CRES');
    assert.equal(streetInfoOf('RIVER PARKWAY'), 'RIVER PKWY');
    assert.equal(streetInfoOf('OLD MILL TURNPIKE'), 'OLD MILL TPKE');
    assert.equal(streetInfoOf('FOX CROSSING'), 'FOX XING');
    assert.equal(streetInfoOf('HIGH MEADOWS'), 'HIGH MDWS');
    assert.equal(streetInfoOf('HIGH MDW'), 'HIGH MDW');
  });

  test('a trailing period is dropped from an abbreviation', () => {
    const result = validate({ streetInfo: 'Lenox Rd. NE' });
    assert.equal(result.result, 'NEAR_MATCH');
    assert.equal(result.correctedAddress.streetInfo, 'Lenox Rd NE');
  });

  test('only the last word of the name is a suffix; a lone suffix word is a name', () => {
    assert.equal(streetInfoOf('COURT STREET'), 'COURT ST');
    assert.equal(streetInfoOf('ST JAMES PLACE'), 'ST JAMES PL');
    assert.equal(streetInfoOf('AVENUE OF THE AMERICAS'), 'AVENUE OF THE AMERICAS');
    assert.equal(streetInfoOf('BROADWAY'), 'BROADWAY');
    assert.equal(streetInfoOf('PARKWAY'), 'PARKWAY');
    assert.equal(streetInfoOf('COUNTY ROAD 12'), 'COUNTY ROAD 12');
  });

  test('the table maps every spelling to its row, and every standard abbreviation to itself', () => {
    assert.ok(STREET_SUFFIXES.length >= 195, `${STREET_SUFFIXES.length} rows`);
    const standards = new Set(STREET_SUFFIXES.map((row) => row.standard));
    for (const row of STREET_SUFFIXES) {
      assert.equal(STREET_SUFFIX_LOOKUP.get(row.standard), row.standard);
      for (const spelling of [row.primary, ...row.variants]) {
        const expected = standards.has(spelling) ? spelling : row.standard;
        assert.equal(STREET_SUFFIX_LOOKUP.get(spelling), expected, spelling);
      }
    }
  });
});

describe('directionals (Pub 28 Appendix B)', () => {
  test('spelled-out pre- and post-directionals are abbreviated', () => {
    assert.equal(streetInfoOf('NORTH MAIN STREET'), 'N MAIN ST');
    assert.equal(streetInfoOf('MAIN ST SOUTHWEST'), 'MAIN ST SW');
    assert.equal(streetInfoOf('MAIN ST NORTH WEST'), 'MAIN ST NW');
    assert.equal(streetInfoOf('EAST BROADWAY'), 'E BROADWAY');
    assert.equal(streetInfoOf('N.E. 5th Avenue'), 'NE 5th Ave');
  });

  test('a directional that is the whole name stays spelled out', () => {
    assert.equal(streetInfoOf('NORTH AVENUE'), 'NORTH AVE');
    assert.equal(streetInfoOf('SOUTH ST'), 'SOUTH ST');
    assert.equal(streetInfoOf('NORTH WEST'), 'NORTH WEST');
  });
});

describe('secondary unit designators (Pub 28 Appendix C2)', () => {
  test('designators in location are abbreviated, the unit number kept', () => {
    const result = validate({ location: 'Apartment 4B' });
    assert.equal(result.result, 'NEAR_MATCH');
    assert.equal(result.message, 'Corrected to valid address|Corrected address abbreviations');
    assert.equal(result.correctedAddress.location, 'Apt 4B');
    assert.equal(validate({ location: 'SUITE 200' }).correctedAddress.location, 'STE 200');
    assert.equal(validate({ location: 'Building 2 Floor 3' }).correctedAddress.location, 'Bldg 2 Fl 3');
    assert.equal(validate({ location: 'Room 101' }).correctedAddress.location, 'Rm 101');
    assert.equal(validate({ location: 'Department 7' }).correctedAddress.location, 'Dept 7');
    assert.equal(validate({ location: 'Penthouse' }).correctedAddress.location, 'Ph');
  });

  test('standard designators, "#" and free text are left alone', () => {
    for (const location of ['UNIT 5', 'APT 4B', '# 12', '#12', 'Rear entrance by the loading dock']) {
      const result = validate({ location });
      assert.equal(result.result, 'EXACT_MATCH', location);
    }
  });

  test('a unit at the end of streetInfo is abbreviated in place, and the suffix in front of it too', () => {
    assert.equal(streetInfoOf('Main Street Suite 200'), 'Main St Ste 200');
    assert.equal(streetInfoOf('Main Street #5'), 'Main St #5');
  });

  test('every designator name maps to its abbreviation', () => {
    assert.equal(UNIT_DESIGNATORS.length, 24);
    for (const row of UNIT_DESIGNATORS) {
      const location = row.requiresRange ? `${row.name} 1` : row.name;
      const expected = row.requiresRange ? `${row.standard} 1` : row.standard;
      assert.equal(validate({ location }).correctedAddress.location, expected, row.name);
    }
  });
});
