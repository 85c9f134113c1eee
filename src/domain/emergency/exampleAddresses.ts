import assert from 'node:assert/strict';
import { type EmergencyAddress, validateEmergencyAddress } from './addressValidation.js';

// Addresses and helpers the emergency-address tests share.

export const EMPTY: EmergencyAddress = {
  streetNumber: '',
  streetInfo: '',
  location: '',
  city: '',
  state: '',
  postalCode: '',
  postalCodePlusFour: '',
};

/** A valid, already-standard address; tests override single fields. */
export const BASE: EmergencyAddress = {
  streetNumber: '3500',
  streetInfo: 'Lenox Rd NE',
  location: '',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
  postalCodePlusFour: '',
};

export function validate(overrides: Partial<EmergencyAddress>) {
  return validateEmergencyAddress({ ...BASE, ...overrides });
}

export function streetInfoOf(streetInfo: string): string {
  const result = validate({ streetInfo });
  assert.notEqual(result.result, 'NO_MATCH', `${streetInfo}: ${result.message}`);
  return result.correctedAddress.streetInfo;
}
