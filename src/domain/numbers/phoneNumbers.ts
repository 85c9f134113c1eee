import { errors } from '../../errors.js';

/**
 * Reads a phone number from a path. `%2B` arrives decoded; a raw `+` that some client decoded as
 * a space is read as `+`. Only E.164 is accepted, as upstream documents.
 */
export function isE164(value: string): boolean {
  return /^\+[1-9][0-9]{1,14}$/.test(value);
}

export function parsePathPhoneNumber(raw: string): string {
  const value = raw.replace(/^ /, '+');
  if (!isE164(value)) {
    throw errors.fieldViolation(
      'phoneNumber',
      `"${raw}" is not an E.164 phone number (for example +12025550134)`,
    );
  }
  return value;
}
