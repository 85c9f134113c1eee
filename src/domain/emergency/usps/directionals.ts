/**
 * Directionals of the offline US emergency-address validator: USPS Publication 28, Appendix B and
 * section 233.
 * Everything is upper case without punctuation; callers fold their input before looking up.
 */

/** Publication 28 directionals: spelled-out (one or two words, hyphenated) and abbreviated forms. */
export const DIRECTIONAL_LOOKUP: ReadonlyMap<string, string> = new Map([
  ['NORTH', 'N'],
  ['SOUTH', 'S'],
  ['EAST', 'E'],
  ['WEST', 'W'],
  ['NORTHEAST', 'NE'],
  ['NORTHWEST', 'NW'],
  ['SOUTHEAST', 'SE'],
  ['SOUTHWEST', 'SW'],
  ['NORTH-EAST', 'NE'],
  ['NORTH-WEST', 'NW'],
  ['SOUTH-EAST', 'SE'],
  ['SOUTH-WEST', 'SW'],
  ['NORTH EAST', 'NE'],
  ['NORTH WEST', 'NW'],
  ['SOUTH EAST', 'SE'],
  ['SOUTH WEST', 'SW'],
  ['N', 'N'],
  ['S', 'S'],
  ['E', 'E'],
  ['W', 'W'],
  ['NE', 'NE'],
  ['NW', 'NW'],
  ['SE', 'SE'],
  ['SW', 'SW'],
]);
