import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type EmergencyAddress,
  VALIDATION_MESSAGES as M,
  normalizeInput,
  validateEmergencyAddress,
} from './addressValidation.js';
import {
  STATES,
  STREET_SUFFIX_LOOKUP,
  STREET_SUFFIXES,
  statesForZip,
  UNIT_DESIGNATORS,
} from './uspsTables.js';

const EMPTY: EmergencyAddress = {
  streetNumber: '',
  streetInfo: '',
  location: '',
  city: '',
  state: '',
  postalCode: '',
  postalCodePlusFour: '',
};

/** A valid, already-standard address; tests override single fields. */
const BASE: EmergencyAddress = {
  streetNumber: '3500',
  streetInfo: 'Lenox Rd NE',
  location: '',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
  postalCodePlusFour: '',
};

function validate(overrides: Partial<EmergencyAddress>) {
  return validateEmergencyAddress({ ...BASE, ...overrides });
}

function streetInfoOf(streetInfo: string): string {
  const result = validate({ streetInfo });
  assert.notEqual(result.result, 'NO_MATCH', `${streetInfo}: ${result.message}`);
  return result.correctedAddress.streetInfo;
}

describe('an address already in standard form', () => {
  test('is an EXACT_MATCH, returned unchanged, with "Address is valid"', () => {
    assert.deepEqual(validate({}), {
      result: 'EXACT_MATCH',
      message: 'Address is valid',
      correctedAddress: BASE,
      candidates: [],
    });
  });

  test('upper-case USPS form is an EXACT_MATCH too', () => {
    const address = {
      streetNumber: '1',
      streetInfo: 'MARKET ST',
      location: 'STE 300',
      city: 'SAN FRANCISCO',
      state: 'CA',
      postalCode: '94105',
      postalCodePlusFour: '1420',
    };
    const result = validateEmergencyAddress(address);
    assert.equal(result.result, 'EXACT_MATCH');
    assert.deepEqual(result.correctedAddress, address);
  });

  test('absent optional fields come back as "" and surrounding whitespace is not a correction', () => {
    const result = validateEmergencyAddress({
      streetNumber: ' 3500 ',
      streetInfo: 'Lenox  Rd   NE',
      city: 'Atlanta ',
      state: 'GA',
      postalCode: '30326',
    });
    assert.equal(result.result, 'EXACT_MATCH');
    assert.deepEqual(result.correctedAddress, BASE);
  });
});

describe('letter case (decision: never a correction)', () => {
  test('an all-lower-case address in standard abbreviations is an EXACT_MATCH, case kept', () => {
    const result = validate({ streetInfo: 'lenox rd ne', city: 'atlanta' });
    assert.equal(result.result, 'EXACT_MATCH');
    assert.equal(result.message, M.valid);
    assert.equal(result.correctedAddress.streetInfo, 'lenox rd ne');
    assert.equal(result.correctedAddress.city, 'atlanta');
  });

  test('a lower-case state code is upper-cased, which is a state-code correction', () => {
    const result = validate({ streetInfo: 'lenox rd ne', city: 'atlanta', state: 'ga' });
    assert.equal(result.result, 'NEAR_MATCH');
    assert.equal(result.message, 'Corrected to valid address|Corrected state code');
    assert.equal(result.correctedAddress.state, 'GA');
    assert.equal(result.correctedAddress.city, 'atlanta');
  });

  test('abbreviations take the case style of the word they replace', () => {
    assert.equal(streetInfoOf('Lenox Road NE'), 'Lenox Rd NE');
    assert.equal(streetInfoOf('LENOX ROAD NE'), 'LENOX RD NE');
    assert.equal(streetInfoOf('lenox road northeast'), 'lenox rd ne');
    assert.equal(streetInfoOf('Lenox Road Northeast'), 'Lenox Rd NE');
  });
});

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

describe('states', () => {
  test('a full state name in any case becomes its code', () => {
    for (const [state, code] of [
      ['california', 'CA'],
      ['New York', 'NY'],
      ['DISTRICT OF COLUMBIA', 'DC'],
      ['Puerto Rico', 'PR'],
      ['Calif.', 'CA'],
      ['N.Y.', 'NY'],
    ]) {
      const zip = { CA: '94105', NY: '10001', DC: '20001', PR: '00901' }[code]!;
      const result = validate({ state, postalCode: zip, city: 'Somewhere' });
      assert.equal(result.result, 'NEAR_MATCH', state);
      assert.equal(result.message, 'Corrected to valid address|Corrected state code');
      assert.equal(result.correctedAddress.state, code);
    }
  });

  test('the table has 50 states, DC, 5 territories, 3 freely associated states and 3 military codes', () => {
    const count = (kind: string) => STATES.filter((row) => row.kind === kind).length;
    assert.equal(count('state'), 50);
    assert.equal(count('district'), 1);
    assert.deepEqual(
      STATES.filter((row) => row.kind === 'territory').map((row) => row.code),
      ['PR', 'GU', 'VI', 'AS', 'MP'],
    );
    assert.equal(count('freely-associated'), 3);
    assert.deepEqual(
      STATES.filter((row) => row.kind === 'military').map((row) => row.code),
      ['AA', 'AE', 'AP'],
    );
  });

  test('an unknown state is a NO_MATCH; its ZIP suggests the state', () => {
    const result = validate({ state: 'XX' });
    assert.equal(result.result, 'NO_MATCH');
    assert.equal(
      result.message,
      'Invalid address - no correction found|Invalid state|Changed address component|Address is Invalid',
    );
    assert.deepEqual(result.candidates, [BASE]);
  });

  test('an unknown state with a ZIP we cannot place gets no candidates', () => {
    const result = validate({ state: 'Atlantis', postalCode: '00001' });
    assert.equal(result.result, 'NO_MATCH');
    assert.deepEqual(result.candidates, []);
    assert.equal(result.message, 'Invalid address - no correction found|Invalid state|Address is Invalid');
  });

  test('a misspelled state name one edit from exactly one state is a candidate', () => {
    const result = validate({ state: 'Gerogia', postalCode: '00001' });
    assert.equal(result.result, 'NO_MATCH');
    assert.deepEqual(result.candidates, [{ ...BASE, postalCode: '00001', state: 'GA' }]);
    const transposed = validate({
      streetInfo: 'Market St',
      city: 'San Francisco',
      state: 'Califronia',
      postalCode: '94105',
    });
    assert.deepEqual(
      transposed.candidates.map((c) => c.state),
      ['CA'],
    );
  });

  test('military addresses need APO/FPO/DPO as the city', () => {
    const military = { streetNumber: '1', streetInfo: 'Unit 2050 Box 4190', city: 'APO', state: 'AE' };
    assert.equal(validate({ ...military, postalCode: '09096' }).result, 'EXACT_MATCH');
    const result = validate({ ...military, city: 'Ramstein', postalCode: '09096' });
    assert.equal(result.result, 'NO_MATCH');
    assert.match(result.message, /\|Invalid city\|/);
  });
});

describe('postal codes', () => {
  test('ZIP+4 in postalCode is split into postalCode and postalCodePlusFour', () => {
    for (const postalCode of ['30326-1234', '303261234', '30326 1234']) {
      const result = validate({ postalCode });
      assert.equal(result.result, 'NEAR_MATCH', postalCode);
      assert.equal(result.message, 'Corrected to valid address|Corrected postal code format');
      assert.equal(result.correctedAddress.postalCode, '30326');
      assert.equal(result.correctedAddress.postalCodePlusFour, '1234');
    }
  });

  test('a plus-four given both ways must agree', () => {
    assert.equal(validate({ postalCode: '30326-1234', postalCodePlusFour: '1234' }).result, 'NEAR_MATCH');
    const result = validate({ postalCode: '30326-1234', postalCodePlusFour: '5678' });
    assert.equal(result.result, 'NO_MATCH');
    assert.deepEqual(
      result.candidates.map((c) => c.postalCodePlusFour),
      ['1234', '5678'],
    );
  });

  test('a malformed plus-four is a NO_MATCH suggesting the address without it', () => {
    const result = validate({ postalCodePlusFour: '12' });
    assert.equal(result.result, 'NO_MATCH');
    assert.match(result.message, /\|Invalid postal code plus four\|/);
    assert.deepEqual(result.candidates, [BASE]);
  });

  test('a ZIP that is not 5 digits is a NO_MATCH', () => {
    for (const postalCode of ['3032', '303', 'ABCDE', '3032612']) {
      const result = validate({ postalCode });
      assert.equal(result.result, 'NO_MATCH', postalCode);
      assert.match(result.message, /\|Invalid postal code\|/);
    }
  });

  test('a 4-digit ZIP that lost its leading zero is suggested zero-padded', () => {
    const result = validate({
      streetNumber: '1',
      streetInfo: 'Beacon Street',
      city: 'Boston',
      state: 'MA',
      postalCode: '2108',
    });
    assert.equal(result.result, 'NO_MATCH');
    assert.equal(
      result.message,
      'Invalid address - no correction found|Invalid postal code|Changed address component|Corrected address abbreviations|Address is Invalid',
    );
    assert.deepEqual(result.candidates, [
      {
        ...EMPTY,
        streetNumber: '1',
        streetInfo: 'Beacon St',
        city: 'Boston',
        state: 'MA',
        postalCode: '02108',
      },
    ]);
  });

  test('a ZIP whose prefix belongs to another state is a NO_MATCH with the ZIP’s state as candidate', () => {
    const result = validate({ state: 'FL' });
    assert.equal(result.result, 'NO_MATCH');
    assert.equal(
      result.message,
      'Invalid address - no correction found|Postal code does not match state|Changed address component|Address is Invalid',
    );
    assert.deepEqual(result.correctedAddress, EMPTY);
    assert.deepEqual(result.candidates, [BASE]);
  });

  test('ZIP prefixes map to states, with 5-digit exceptions and state-line ZIPs', () => {
    assert.deepEqual(statesForZip('94105'), ['CA']);
    assert.deepEqual(statesForZip('10001'), ['NY']);
    assert.deepEqual(statesForZip('20001'), ['DC']);
    assert.deepEqual(statesForZip('20166'), ['VA']);
    assert.deepEqual(statesForZip('73301'), ['TX']);
    assert.deepEqual(statesForZip('96799'), ['AS']);
    assert.deepEqual(statesForZip('96910'), ['GU']);
    assert.deepEqual(statesForZip('42223'), ['KY', 'TN']);
    assert.deepEqual(statesForZip('00001'), []);
    assert.equal(validate({ city: 'Fort Campbell', state: 'TN', postalCode: '42223' }).result, 'EXACT_MATCH');
  });
});

describe('missing or unusable components', () => {
  test('a missing required field is a NO_MATCH with all seven corrected fields ""', () => {
    for (const [field, message] of [
      ['streetNumber', 'Missing street number'],
      ['streetInfo', 'Missing street name'],
      ['city', 'Missing city'],
      ['state', 'Missing state'],
      ['postalCode', 'Missing postal code'],
    ] as const) {
      const result = validate({ [field]: '' });
      assert.equal(result.result, 'NO_MATCH', field);
      assert.deepEqual(result.correctedAddress, EMPTY);
      assert.ok(result.message.startsWith(`${M.noCorrection}|${message}|`), result.message);
      assert.ok(result.message.endsWith(`|${M.invalid}`), result.message);
    }
  });

  test('an undefined required field counts as missing', () => {
    const result = validateEmergencyAddress({ streetNumber: '1', streetInfo: 'Main St', state: 'GA' });
    assert.equal(result.result, 'NO_MATCH');
    assert.equal(
      result.message,
      'Invalid address - no correction found|Missing city|Missing postal code|Address is Invalid',
    );
    assert.deepEqual(result.candidates, []);
  });

  test('a street number without a digit is a NO_MATCH', () => {
    const result = validate({ streetNumber: 'One' });
    assert.equal(result.result, 'NO_MATCH');
    assert.equal(result.message, `${M.noCorrection}|${M.invalidStreetNumber}|${M.invalid}`);
    assert.deepEqual(result.candidates, []);
  });

  test('street numbers with letters, hyphens and fractions are fine', () => {
    for (const streetNumber of ['123A', '123-45', '123 1/2', 'N123W456']) {
      assert.equal(validate({ streetNumber }).result, 'EXACT_MATCH', streetNumber);
    }
  });

  test('a house number typed into streetInfo is suggested as the street number', () => {
    const result = validate({ streetNumber: '', streetInfo: '3500 Lenox Road NE' });
    assert.equal(result.result, 'NO_MATCH');
    assert.equal(
      result.message,
      'Invalid address - no correction found|Missing street number|Changed address component|Corrected address abbreviations|Address is Invalid',
    );
    assert.deepEqual(result.candidates, [BASE]);
  });
});

describe('message vocabulary', () => {
  test('NEAR_MATCH joins every applicable correction with "|", in a fixed order', () => {
    const result = validate({
      streetInfo: 'Lenox Road Northeast',
      location: 'Suite 5',
      state: 'Georgia',
      postalCode: '30326-1234',
    });
    assert.equal(result.result, 'NEAR_MATCH');
    assert.equal(
      result.message,
      'Corrected to valid address|Corrected address abbreviations|Corrected state code|Corrected postal code format',
    );
    assert.deepEqual(result.correctedAddress, {
      ...BASE,
      location: 'Ste 5',
      postalCodePlusFour: '1234',
    });
  });

  test('NO_MATCH reads like upstream: problems, changed component, corrections, "Address is Invalid"', () => {
    const result = validate({ streetInfo: 'Lenox Road NE', state: 'Florida' });
    assert.equal(
      result.message,
      [
        'Invalid address - no correction found',
        'Postal code does not match state',
        'Changed address component',
        'Corrected address abbreviations',
        'Corrected state code',
        'Address is Invalid',
      ].join('|'),
    );
    assert.deepEqual(result.candidates, [BASE]);
  });

  test('every message comes from the fixed vocabulary', () => {
    const vocabulary = new Set<string>(Object.values(M));
    const inputs: Partial<EmergencyAddress>[] = [
      {},
      { streetInfo: 'lenox road' },
      { state: 'Gorgia', postalCode: '3032' },
      { streetNumber: 'x', city: '', postalCodePlusFour: 'abcd' },
    ];
    for (const input of inputs) {
      for (const part of validate(input).message.split('|')) assert.ok(vocabulary.has(part), part);
    }
  });
});

describe('normalizeInput', () => {
  test('fills absent optional fields with "", trims and collapses whitespace', () => {
    assert.deepEqual(normalizeInput({ streetNumber: ' 1 ', streetInfo: 'Main \t St', city: 'X' }), {
      ...EMPTY,
      streetNumber: '1',
      streetInfo: 'Main St',
      city: 'X',
    });
  });

  test('a JSON number becomes a string and other non-strings become ""', () => {
    const raw = { streetNumber: 3500, city: null, state: ['GA'] } as unknown as Partial<EmergencyAddress>;
    assert.deepEqual(normalizeInput(raw), { ...EMPTY, streetNumber: '3500' });
  });
});
