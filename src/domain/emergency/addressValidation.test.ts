import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type EmergencyAddress, normalizeInput, validateEmergencyAddress } from './addressValidation.js';
import { BASE, EMPTY, streetInfoOf, validate } from './exampleAddresses.js';
import { STATES } from './usps/states.js';
import { VALIDATION_MESSAGES as M } from './validationMessages.js';

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
