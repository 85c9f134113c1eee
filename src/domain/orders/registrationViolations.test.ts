import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type KycPolicy, loadPolicyFiles, validateRegistration } from './policyFile.js';

// How registration violations read: the field paths and descriptions of the shipped DE LOCAL policy.
const DE_LOCAL = loadPolicyFiles().find((p) => p.regionCode === 'DE' && p.numberType === 'LOCAL');

function fields(p: KycPolicy, data: unknown): string[] {
  return validateRegistration(p, data)
    .map((v) => v.field)
    .sort();
}

describe('validateRegistration paths and descriptions', () => {
  const de = (): KycPolicy => {
    assert.ok(DE_LOCAL, 'policy DE LOCAL is missing');
    return DE_LOCAL;
  };

  test('required appends the missing property', () => {
    const data = structuredClone(de().examples!.valid) as any;
    delete data[1].postalCode;
    assert.deepEqual(validateRegistration(de(), data), [
      { field: 'data[1].postalCode', description: 'data[1].postalCode is required' },
    ]);
  });

  test('additionalProperties appends the extra property', () => {
    const data = structuredClone(de().examples!.valid) as any;
    data[1].favouriteColour = 'blue';
    assert.deepEqual(validateRegistration(de(), data), [
      { field: 'data[1].favouriteColour', description: 'data[1].favouriteColour is not an allowed field' },
    ]);
  });

  test('odd property names are quoted', () => {
    const data = structuredClone(de().examples!.valid) as any;
    data[1]['post code'] = '10117';
    assert.deepEqual(fields(de(), data), ['data[1]["post code"]']);
  });

  test('a pattern violation names the expected format', () => {
    const data = structuredClone(de().examples!.valid) as any;
    data[1].postalCode = 'ABCDE';
    assert.deepEqual(validateRegistration(de(), data), [
      {
        field: 'data[1].postalCode',
        description: 'data[1].postalCode has an invalid format (expected: a five-digit Postleitzahl)',
      },
    ]);
  });

  test('several problems of one field are reported once, joined', () => {
    const data = structuredClone(de().examples!.valid) as any;
    data[1].dateOfBirth = '12.08.1964';
    const violations = validateRegistration(de(), data);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!.description, /must be a valid date; .*has an invalid format/);
  });

  test('a string over its maxLength is reported for its length only: the pattern never sees it', () => {
    const data = structuredClone(de().examples!.valid) as any;
    data[1].postalCode = '1234567';
    assert.deepEqual(validateRegistration(de(), data), [
      { field: 'data[1].postalCode', description: 'data[1].postalCode must be at most 5 characters long' },
    ]);
  });

  test('a pathological e-mail address is refused at once (finding 1 of issue 7)', () => {
    const data = structuredClone(de().examples!.valid) as any;
    data[2].email = `a@${'.'.repeat(60_000)}@`;
    const started = performance.now();
    assert.deepEqual(fields(de(), data), ['data[2].email']);
    // Seconds before the fix; a generous bound, so a loaded machine does not make it flaky.
    assert.ok(performance.now() - started < 250, 'validated in well under a second');
  });

  test('e-mail addresses: a dot-separated domain, no empty labels', () => {
    const data = structuredClone(de().examples!.valid) as any;
    for (const ok of ['erika@example.de', 'e.m+kyc@mail.example.co.uk']) {
      data[2].email = ok;
      assert.deepEqual(fields(de(), data), [], ok);
    }
    for (const bad of [
      'erika@example',
      'erika@example..de',
      'erika@.example.de',
      'erika@example.de.',
      'a b@x.de',
    ]) {
      data[2].email = bad;
      assert.deepEqual(fields(de(), data), ['data[2].email'], bad);
    }
  });

  test('data that is not an array is reported on "data"', () => {
    assert.deepEqual(validateRegistration(de(), { hello: 'world' }), [
      { field: 'data', description: 'data must be an array' },
    ]);
    assert.deepEqual(fields(de(), undefined), ['data']);
  });

  test('a missing customer type does not trigger the business or individual branch', () => {
    const data = structuredClone(de().examples!.valid) as any;
    delete data[1].typeOfCustomer;
    delete data[1].registrationNumber;
    assert.deepEqual(fields(de(), data), ['data[1].typeOfCustomer']);
  });

  test('an individual in Germany gives a date of birth (TKG § 172)', () => {
    const data = structuredClone(de().examples!.valid) as any;
    data[1] = {
      typeOfCustomer: 'INDIVIDUAL',
      firstName: 'Erika',
      lastName: 'Mustermann',
      street: 'Heidestraße 17',
      postalCode: '51147',
      city: 'Köln',
      country: 'DE',
    };
    assert.deepEqual(fields(de(), data), ['data[1].dateOfBirth']);
    data[1].dateOfBirth = '1964-08-12';
    assert.deepEqual(validateRegistration(de(), data), []);
  });

  test('a replaced schema under the same region/type/version is not served from the cache', () => {
    const changed = structuredClone(de()) as any;
    assert.deepEqual(validateRegistration(changed, changed.examples.valid), []);
    changed.dataSchema.items[1].properties.postalCode.pattern = '^9[0-9]{4}$';
    assert.deepEqual(fields(changed, changed.examples.valid), ['data[1].postalCode']);
    // The shipped policy object still validates with its own schema.
    assert.deepEqual(validateRegistration(de(), de().examples!.valid), []);
  });

  test('the number of reported fields is capped', () => {
    const data = structuredClone(de().examples!.valid) as any;
    for (let i = 0; i < 500; i++) data[1][`extra${i}`] = i;
    assert.equal(validateRegistration(de(), data).length, 100);
  });
});
