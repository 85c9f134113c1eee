import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../errors.js';
import { assertConfigurationFits, capabilitiesConfigured } from './capabilities.js';

const violations = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.httpStatus, 400);
    return (error.details[0] as { fieldViolations: { field: string }[] }).fieldViolations.map((v) => v.field);
  }
  return [];
};

describe('configuration objects and the number’s capabilities', () => {
  test('smsConfiguration needs SMS, voiceConfiguration needs VOICE', () => {
    assert.deepEqual(
      violations(() => assertConfigurationFits(['VOICE'], { smsConfiguration: {} }, 'x')),
      ['smsConfiguration'],
    );
    assert.deepEqual(
      violations(() => assertConfigurationFits(['SMS'], { voiceConfiguration: {} }, 'x')),
      ['voiceConfiguration'],
    );
    assert.deepEqual(
      violations(() => assertConfigurationFits([], { smsConfiguration: {}, voiceConfiguration: {} }, 'x')),
      ['smsConfiguration', 'voiceConfiguration'],
    );
    assert.deepEqual(
      violations(() =>
        assertConfigurationFits(['SMS', 'VOICE'], { smsConfiguration: {}, voiceConfiguration: {} }, 'x'),
      ),
      [],
    );
  });

  test('a prefix names the field inside a number order option', () => {
    assert.deepEqual(
      violations(() =>
        assertConfigurationFits(['VOICE'], { smsConfiguration: {} }, 'x', 'numberOrderOption.'),
      ),
      ['numberOrderOption.smsConfiguration'],
    );
  });

  test('the capabilities a request configures', () => {
    assert.deepEqual(capabilitiesConfigured({}), []);
    assert.deepEqual(capabilitiesConfigured({ voiceConfiguration: {}, smsConfiguration: {} }), [
      'SMS',
      'VOICE',
    ]);
  });
});
