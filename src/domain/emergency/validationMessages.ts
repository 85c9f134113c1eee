/**
 * The whole message vocabulary. Messages are joined with '|' in this order:
 * - EXACT_MATCH: `valid` alone.
 * - NEAR_MATCH: `correctedToValid`, then the corrections that applied (abbreviations, stateCode,
 *   postalCodeFormat).
 * - NO_MATCH: `noCorrection`, the problems in field order (missing…, invalid…, zipStateMismatch),
 *   `changedComponent` when candidates are returned, the corrections that applied to the valid parts,
 *   and `invalid` last.
 */
export const VALIDATION_MESSAGES = {
  valid: 'Address is valid',
  correctedToValid: 'Corrected to valid address',
  abbreviations: 'Corrected address abbreviations',
  stateCode: 'Corrected state code',
  postalCodeFormat: 'Corrected postal code format',
  noCorrection: 'Invalid address - no correction found',
  changedComponent: 'Changed address component',
  invalid: 'Address is Invalid',
  missingStreetNumber: 'Missing street number',
  invalidStreetNumber: 'Invalid street number',
  missingStreetInfo: 'Missing street name',
  invalidStreetInfo: 'Invalid street name',
  missingCity: 'Missing city',
  invalidCity: 'Invalid city',
  missingState: 'Missing state',
  invalidState: 'Invalid state',
  missingPostalCode: 'Missing postal code',
  invalidPostalCode: 'Invalid postal code',
  invalidPostalCodePlusFour: 'Invalid postal code plus four',
  postalCodeStateMismatch: 'Postal code does not match state',
} as const;
