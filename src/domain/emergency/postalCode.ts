import { statesForZip } from './usps/zipPrefixes.js';
import { VALIDATION_MESSAGES as M } from './validationMessages.js';

/** ZIP codes and plus-fours: their forms, the corrections we make, and the state a ZIP belongs to. */

interface PostalAnalysis {
  zip: string | undefined;
  zipAlternatives: string[];
  plusFour: string | undefined;
  plusFourAlternatives: string[];
  problems: string[];
}

/**
 * postalCode: 5 digits, or 9 (`12345-6789`, `123456789`, `12345 6789`) carrying the plus-four.
 * postalCodePlusFour: '' or 4 digits (a leading '-' or spaces are dropped); when postalCode carries a
 * plus-four too, the two must agree. A 4-digit ZIP is suggested zero-padded (spreadsheets drop the
 * leading zero of New England ZIPs).
 */
export function analyzePostalCode(postalCode: string, plusFourInput: string): PostalAnalysis {
  const problems: string[] = [];
  let zip: string | undefined;
  let embedded: string | undefined;
  const zipAlternatives: string[] = [];

  const digits = postalCode.replace(/[\s-]/g, '');
  if (postalCode === '') problems.push(M.missingPostalCode);
  else if (/^[0-9]{5}$/.test(digits)) zip = digits;
  else if (/^[0-9]{9}$/.test(digits) && /^[0-9]{5}[\s-]?[0-9]{4}$/.test(postalCode)) {
    zip = digits.slice(0, 5);
    embedded = digits.slice(5);
  } else {
    problems.push(M.invalidPostalCode);
    if (/^[0-9]{4}$/.test(digits)) zipAlternatives.push(`0${digits}`);
  }

  let plusFour: string | undefined;
  const plusFourAlternatives: string[] = [];
  const given = plusFourInput.replace(/[\s-]/g, '');
  if (given !== '' && !/^[0-9]{4}$/.test(given)) {
    problems.push(M.invalidPostalCodePlusFour);
    plusFourAlternatives.push(embedded ?? '');
  } else if (given !== '' && embedded !== undefined && given !== embedded) {
    problems.push(M.invalidPostalCodePlusFour);
    plusFourAlternatives.push(embedded, given);
  } else {
    plusFour = given !== '' ? given : (embedded ?? '');
  }

  return { zip, zipAlternatives, plusFour, plusFourAlternatives, problems };
}

export function zipMatchesState(zip: string, stateCode: string): boolean {
  const states = statesForZip(zip);
  return states.length === 0 || states.includes(stateCode);
}
