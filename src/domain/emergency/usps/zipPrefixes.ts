/**
 * Which state a ZIP code belongs to, for the offline US emergency-address validator: the public
 * 3-digit ZIP prefix → state assignment, plus a few 5-digit exceptions.
 */

/**
 * 3-digit ZIP prefix ranges (inclusive) → state. Prefixes not listed are unassigned or unknown here.
 * The 5-digit exceptions below take precedence.
 */
const ZIP_PREFIX_RANGES: readonly (readonly [from: number, to: number, code: string])[] = [
  [5, 5, 'NY'], // Holtsville IRS
  [6, 7, 'PR'],
  [8, 8, 'VI'],
  [9, 9, 'PR'],
  [10, 27, 'MA'],
  [28, 29, 'RI'],
  [30, 38, 'NH'],
  [39, 49, 'ME'],
  [50, 54, 'VT'],
  [55, 55, 'MA'], // Andover IRS
  [56, 59, 'VT'],
  [60, 69, 'CT'],
  [70, 89, 'NJ'],
  [90, 98, 'AE'],
  [100, 149, 'NY'],
  [150, 196, 'PA'],
  [197, 199, 'DE'],
  [200, 200, 'DC'],
  [201, 201, 'VA'], // Dulles
  [202, 205, 'DC'],
  [206, 219, 'MD'],
  [220, 246, 'VA'],
  [247, 268, 'WV'],
  [270, 289, 'NC'],
  [290, 299, 'SC'],
  [300, 319, 'GA'],
  [320, 339, 'FL'],
  [340, 340, 'AA'],
  [341, 349, 'FL'],
  [350, 369, 'AL'],
  [370, 385, 'TN'],
  [386, 397, 'MS'],
  [398, 399, 'GA'],
  [400, 427, 'KY'],
  [430, 459, 'OH'],
  [460, 479, 'IN'],
  [480, 499, 'MI'],
  [500, 528, 'IA'],
  [530, 549, 'WI'],
  [550, 567, 'MN'],
  [569, 569, 'DC'],
  [570, 577, 'SD'],
  [580, 588, 'ND'],
  [590, 599, 'MT'],
  [600, 629, 'IL'],
  [630, 658, 'MO'],
  [660, 679, 'KS'],
  [680, 693, 'NE'],
  [700, 714, 'LA'],
  [716, 729, 'AR'],
  [730, 732, 'OK'],
  [733, 733, 'TX'], // Austin IRS
  [734, 749, 'OK'],
  [750, 799, 'TX'],
  [800, 816, 'CO'],
  [820, 831, 'WY'],
  [832, 838, 'ID'],
  [840, 847, 'UT'],
  [850, 865, 'AZ'],
  [870, 884, 'NM'],
  [885, 885, 'TX'], // El Paso
  [889, 898, 'NV'],
  [900, 961, 'CA'],
  [962, 966, 'AP'],
  [967, 968, 'HI'],
  [969, 969, 'GU'],
  [970, 979, 'OR'],
  [980, 994, 'WA'],
  [995, 999, 'AK'],
];

/**
 * 5-digit ZIP ranges (inclusive) whose state differs from their prefix, and ZIPs known to straddle a
 * state line (every listed state is accepted).
 */
const ZIP5_EXCEPTIONS: readonly (readonly [from: number, to: number, codes: readonly string[]])[] = [
  [6390, 6390, ['NY']], // Fishers Island, NY uses a Connecticut prefix
  [42223, 42223, ['KY', 'TN']], // Fort Campbell
  [59221, 59221, ['MT', 'ND']],
  [63673, 63673, ['MO', 'IL']],
  [71749, 71749, ['AR', 'LA']],
  [73949, 73949, ['OK', 'TX']],
  [81137, 81137, ['CO', 'NM']],
  [82082, 82082, ['WY', 'NE']],
  [83414, 83414, ['WY', 'ID']], // Alta, WY uses an Idaho prefix
  [84536, 84536, ['UT', 'AZ']],
  [86515, 86515, ['AZ', 'NM']],
  [88063, 88063, ['NM', 'TX']],
  [89439, 89439, ['NV', 'CA']],
  [96799, 96799, ['AS']], // American Samoa inside the Hawaii prefix
  [96939, 96940, ['PW']],
  [96941, 96944, ['FM']],
  [96950, 96952, ['MP']],
  [96960, 96960, ['MH']],
  [96970, 96970, ['MH']],
  [97635, 97635, ['OR', 'CA']],
  [99128, 99128, ['WA', 'ID']],
];

/** States a 5-digit ZIP belongs to according to the tables above; [] when the prefix is unknown. */
export function statesForZip(zip: string): readonly string[] {
  if (!/^[0-9]{5}$/.test(zip)) return [];
  const value = Number(zip);
  for (const [from, to, codes] of ZIP5_EXCEPTIONS) {
    if (value >= from && value <= to) return codes;
  }
  const prefix = Math.floor(value / 100);
  for (const [from, to, code] of ZIP_PREFIX_RANGES) {
    if (prefix >= from && prefix <= to) return [code];
  }
  return [];
}
