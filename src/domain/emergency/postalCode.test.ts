import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE, EMPTY, validate } from './exampleAddresses.js';
import { statesForZip } from './usps/zipPrefixes.js';

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
