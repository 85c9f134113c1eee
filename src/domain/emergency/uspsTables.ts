/**
 * Reference data for the offline US emergency-address validator (see addressValidation.ts).
 *
 * - Street suffixes: USPS Publication 28, Appendix C1 ("Street Suffix Abbreviations").
 * - Directionals: Publication 28, Appendix B / section 233.
 * - Secondary unit designators: Publication 28, Appendix C2.
 * - States: the USPS two-letter codes (50 states, DC, territories, freely associated states, military).
 * - ZIP prefixes: the public 3-digit ZIP prefix → state assignment, plus a few 5-digit exceptions.
 *
 * Everything is upper case without punctuation; callers fold their input before looking up.
 */

/** One row of Pub 28 Appendix C1: primary suffix name, USPS standard abbreviation, common spellings. */
export interface StreetSuffixRow {
  readonly primary: string;
  readonly standard: string;
  readonly variants: readonly string[];
}

function suffix(primary: string, standard: string, ...variants: string[]): StreetSuffixRow {
  return { primary, standard, variants };
}

/** Publication 28 Appendix C1, in the publication's order. */
export const STREET_SUFFIXES: readonly StreetSuffixRow[] = [
  suffix('ALLEY', 'ALY', 'ALLEE', 'ALLY'),
  suffix('ANEX', 'ANX', 'ANNEX', 'ANNX'),
  suffix('ARCADE', 'ARC'),
  suffix('AVENUE', 'AVE', 'AV', 'AVEN', 'AVENU', 'AVN', 'AVNUE'),
  suffix('BAYOU', 'BYU', 'BAYOO'),
  suffix('BEACH', 'BCH'),
  suffix('BEND', 'BND'),
  suffix('BLUFF', 'BLF', 'BLUF'),
  suffix('BLUFFS', 'BLFS'),
  suffix('BOTTOM', 'BTM', 'BOT', 'BOTTM'),
  suffix('BOULEVARD', 'BLVD', 'BOUL', 'BOULV'),
  suffix('BRANCH', 'BR', 'BRNCH'),
  suffix('BRIDGE', 'BRG', 'BRDGE'),
  suffix('BROOK', 'BRK'),
  suffix('BROOKS', 'BRKS'),
  suffix('BURG', 'BG'),
  suffix('BURGS', 'BGS'),
  suffix('BYPASS', 'BYP', 'BYPA', 'BYPAS', 'BYPS'),
  suffix('CAMP', 'CP', 'CMP'),
  suffix('CANYON', 'CYN', 'CANYN', 'CNYN'),
  suffix('CAPE', 'CPE'),
  suffix('CAUSEWAY', 'CSWY', 'CAUSWA'),
  suffix('CENTER', 'CTR', 'CEN', 'CENT', 'CENTR', 'CENTRE', 'CNTER', 'CNTR'),
  suffix('CENTERS', 'CTRS'),
  suffix('CIRCLE', 'CIR', 'CIRC', 'CIRCL', 'CRCL', 'CRCLE'),
  suffix('CIRCLES', 'CIRS'),
  suffix('CLIFF', 'CLF'),
  suffix('CLIFFS', 'CLFS'),
  suffix('CLUB', 'CLB'),
  suffix('COMMON', 'CMN'),
  suffix('COMMONS', 'CMNS'),
  suffix('CORNER', 'COR'),
  suffix('CORNERS', 'CORS'),
  suffix('COURSE', 'CRSE'),
  suffix('COURT', 'CT'),
  suffix('COURTS', 'CTS'),
  suffix('COVE', 'CV'),
  suffix('COVES', 'CVS'),
  suffix('CREEK', 'CRK'),
  suffix('CRESCENT', 'CRES', 'CRSENT', 'CRSNT'),
  suffix('CREST', 'CRST'),
  suffix('CROSSING', 'XING', 'CRSSNG'),
  suffix('CROSSROAD', 'XRD'),
  suffix('CROSSROADS', 'XRDS'),
  suffix('CURVE', 'CURV'),
  suffix('DALE', 'DL'),
  suffix('DAM', 'DM'),
  suffix('DIVIDE', 'DV', 'DIV', 'DVD'),
  suffix('DRIVE', 'DR', 'DRIV', 'DRV'),
  suffix('DRIVES', 'DRS'),
  suffix('ESTATE', 'EST'),
  suffix('ESTATES', 'ESTS'),
  suffix('EXPRESSWAY', 'EXPY', 'EXP', 'EXPR', 'EXPRESS', 'EXPW'),
  suffix('EXTENSION', 'EXT', 'EXTN', 'EXTNSN'),
  suffix('EXTENSIONS', 'EXTS'),
  suffix('FALL', 'FALL'),
  suffix('FALLS', 'FLS'),
  suffix('FERRY', 'FRY', 'FRRY'),
  suffix('FIELD', 'FLD'),
  suffix('FIELDS', 'FLDS'),
  suffix('FLAT', 'FLT'),
  suffix('FLATS', 'FLTS'),
  suffix('FORD', 'FRD'),
  suffix('FORDS', 'FRDS'),
  suffix('FOREST', 'FRST', 'FORESTS'),
  suffix('FORGE', 'FRG', 'FORG'),
  suffix('FORGES', 'FRGS'),
  suffix('FORK', 'FRK'),
  suffix('FORKS', 'FRKS'),
  suffix('FORT', 'FT', 'FRT'),
  suffix('FREEWAY', 'FWY', 'FREEWY', 'FRWAY', 'FRWY'),
  suffix('GARDEN', 'GDN', 'GARDN', 'GRDEN', 'GRDN'),
  suffix('GARDENS', 'GDNS', 'GRDNS'),
  suffix('GATEWAY', 'GTWY', 'GATEWY', 'GATWAY', 'GTWAY'),
  suffix('GLEN', 'GLN'),
  suffix('GLENS', 'GLNS'),
  suffix('GREEN', 'GRN'),
  suffix('GREENS', 'GRNS'),
  suffix('GROVE', 'GRV', 'GROV'),
  suffix('GROVES', 'GRVS'),
  suffix('HARBOR', 'HBR', 'HARB', 'HARBR', 'HRBOR'),
  suffix('HARBORS', 'HBRS'),
  suffix('HAVEN', 'HVN'),
  suffix('HEIGHTS', 'HTS', 'HT'),
  suffix('HIGHWAY', 'HWY', 'HIGHWY', 'HIWAY', 'HIWY', 'HWAY'),
  suffix('HILL', 'HL'),
  suffix('HILLS', 'HLS'),
  suffix('HOLLOW', 'HOLW', 'HLLW', 'HOLLOWS', 'HOLWS'),
  suffix('INLET', 'INLT'),
  suffix('ISLAND', 'IS', 'ISLND'),
  suffix('ISLANDS', 'ISS', 'ISLNDS'),
  suffix('ISLE', 'ISLE', 'ISLES'),
  suffix('JUNCTION', 'JCT', 'JCTION', 'JCTN', 'JUNCTN', 'JUNCTON'),
  suffix('JUNCTIONS', 'JCTS', 'JCTNS'),
  suffix('KEY', 'KY'),
  suffix('KEYS', 'KYS'),
  suffix('KNOLL', 'KNL', 'KNOL'),
  suffix('KNOLLS', 'KNLS'),
  suffix('LAKE', 'LK'),
  suffix('LAKES', 'LKS'),
  suffix('LAND', 'LAND'),
  suffix('LANDING', 'LNDG', 'LNDNG'),
  suffix('LANE', 'LN'),
  suffix('LIGHT', 'LGT'),
  suffix('LIGHTS', 'LGTS'),
  suffix('LOAF', 'LF'),
  suffix('LOCK', 'LCK'),
  suffix('LOCKS', 'LCKS'),
  suffix('LODGE', 'LDG', 'LDGE', 'LODG'),
  suffix('LOOP', 'LOOP', 'LOOPS'),
  suffix('MALL', 'MALL'),
  suffix('MANOR', 'MNR'),
  suffix('MANORS', 'MNRS'),
  suffix('MEADOW', 'MDW'),
  // Pub 28 lists MDW as a common spelling of MEADOWS too; as MEADOW's standard form it maps to itself.
  suffix('MEADOWS', 'MDWS', 'MDW', 'MEDOWS'),
  suffix('MEWS', 'MEWS'),
  suffix('MILL', 'ML'),
  suffix('MILLS', 'MLS'),
  suffix('MISSION', 'MSN', 'MISSN', 'MSSN'),
  suffix('MOTORWAY', 'MTWY'),
  suffix('MOUNT', 'MT', 'MNT'),
  suffix('MOUNTAIN', 'MTN', 'MNTAIN', 'MNTN', 'MOUNTIN', 'MTIN'),
  suffix('MOUNTAINS', 'MTNS', 'MNTNS'),
  suffix('NECK', 'NCK'),
  suffix('ORCHARD', 'ORCH', 'ORCHRD'),
  suffix('OVAL', 'OVAL', 'OVL'),
  suffix('OVERPASS', 'OPAS'),
  suffix('PARK', 'PARK', 'PRK'),
  suffix('PARKS', 'PARK'),
  suffix('PARKWAY', 'PKWY', 'PARKWY', 'PKWAY', 'PKY'),
  suffix('PARKWAYS', 'PKWY', 'PKWYS'),
  suffix('PASS', 'PASS'),
  suffix('PASSAGE', 'PSGE'),
  suffix('PATH', 'PATH', 'PATHS'),
  suffix('PIKE', 'PIKE', 'PIKES'),
  suffix('PINE', 'PNE'),
  suffix('PINES', 'PNES'),
  suffix('PLACE', 'PL'),
  suffix('PLAIN', 'PLN'),
  suffix('PLAINS', 'PLNS'),
  suffix('PLAZA', 'PLZ', 'PLZA'),
  suffix('POINT', 'PT'),
  suffix('POINTS', 'PTS'),
  suffix('PORT', 'PRT'),
  suffix('PORTS', 'PRTS'),
  suffix('PRAIRIE', 'PR', 'PRR'),
  suffix('RADIAL', 'RADL', 'RAD', 'RADIEL'),
  suffix('RAMP', 'RAMP'),
  suffix('RANCH', 'RNCH', 'RANCHES', 'RNCHS'),
  suffix('RAPID', 'RPD'),
  suffix('RAPIDS', 'RPDS'),
  suffix('REST', 'RST'),
  suffix('RIDGE', 'RDG', 'RDGE'),
  suffix('RIDGES', 'RDGS'),
  suffix('RIVER', 'RIV', 'RVR', 'RIVR'),
  suffix('ROAD', 'RD'),
  suffix('ROADS', 'RDS'),
  suffix('ROUTE', 'RTE'),
  suffix('ROW', 'ROW'),
  suffix('RUE', 'RUE'),
  suffix('RUN', 'RUN'),
  suffix('SHOAL', 'SHL'),
  suffix('SHOALS', 'SHLS'),
  suffix('SHORE', 'SHR', 'SHOAR'),
  suffix('SHORES', 'SHRS', 'SHOARS'),
  suffix('SKYWAY', 'SKWY'),
  suffix('SPRING', 'SPG', 'SPNG', 'SPRNG'),
  suffix('SPRINGS', 'SPGS', 'SPNGS', 'SPRNGS'),
  suffix('SPUR', 'SPUR'),
  suffix('SPURS', 'SPUR'),
  suffix('SQUARE', 'SQ', 'SQR', 'SQRE', 'SQU'),
  suffix('SQUARES', 'SQS', 'SQRS'),
  suffix('STATION', 'STA', 'STATN', 'STN'),
  suffix('STRAVENUE', 'STRA', 'STRAV', 'STRAVEN', 'STRAVN', 'STRVN', 'STRVNUE'),
  suffix('STREAM', 'STRM', 'STREME'),
  suffix('STREET', 'ST', 'STRT', 'STR'),
  suffix('STREETS', 'STS'),
  suffix('SUMMIT', 'SMT', 'SUMIT', 'SUMITT'),
  suffix('TERRACE', 'TER', 'TERR'),
  suffix('THROUGHWAY', 'TRWY'),
  suffix('TRACE', 'TRCE', 'TRACES'),
  suffix('TRACK', 'TRAK', 'TRACKS', 'TRK', 'TRKS'),
  suffix('TRAFFICWAY', 'TRFY'),
  suffix('TRAIL', 'TRL', 'TRAILS', 'TRLS'),
  suffix('TRAILER', 'TRLR', 'TRLRS'),
  suffix('TUNNEL', 'TUNL', 'TUNEL', 'TUNLS', 'TUNNELS', 'TUNNL'),
  suffix('TURNPIKE', 'TPKE', 'TRNPK', 'TURNPK'),
  suffix('UNDERPASS', 'UPAS'),
  suffix('UNION', 'UN'),
  suffix('UNIONS', 'UNS'),
  suffix('VALLEY', 'VLY', 'VALLY', 'VLLY'),
  suffix('VALLEYS', 'VLYS'),
  suffix('VIADUCT', 'VIA', 'VDCT', 'VIADCT'),
  suffix('VIEW', 'VW'),
  suffix('VIEWS', 'VWS'),
  suffix('VILLAGE', 'VLG', 'VILL', 'VILLAG', 'VILLG', 'VILLIAGE'),
  suffix('VILLAGES', 'VLGS'),
  suffix('VILLE', 'VL'),
  suffix('VISTA', 'VIS', 'VIST', 'VST', 'VSTA'),
  suffix('WALK', 'WALK'),
  suffix('WALKS', 'WALK'),
  suffix('WALL', 'WALL'),
  suffix('WAY', 'WAY', 'WY'),
  suffix('WAYS', 'WAYS'),
  suffix('WELL', 'WL'),
  suffix('WELLS', 'WLS'),
];

/**
 * Any spelling in Appendix C1 (primary name, common spelling or standard abbreviation) → the standard
 * abbreviation. A word that is some row's standard abbreviation always maps to itself (MDW stays MDW
 * even though MEADOWS lists it as a common spelling).
 */
export const STREET_SUFFIX_LOOKUP: ReadonlyMap<string, string> = (() => {
  const lookup = new Map<string, string>();
  for (const row of STREET_SUFFIXES) {
    for (const spelling of [row.primary, ...row.variants]) {
      if (!lookup.has(spelling)) lookup.set(spelling, row.standard);
    }
  }
  for (const row of STREET_SUFFIXES) lookup.set(row.standard, row.standard);
  return lookup;
})();

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

/** One row of Pub 28 Appendix C2. `requiresRange`: the designator is followed by a unit number. */
export interface UnitDesignatorRow {
  readonly name: string;
  readonly standard: string;
  readonly requiresRange: boolean;
}

/** Publication 28 Appendix C2 ("Secondary Unit Designators"). */
export const UNIT_DESIGNATORS: readonly UnitDesignatorRow[] = [
  { name: 'APARTMENT', standard: 'APT', requiresRange: true },
  { name: 'BASEMENT', standard: 'BSMT', requiresRange: false },
  { name: 'BUILDING', standard: 'BLDG', requiresRange: true },
  { name: 'DEPARTMENT', standard: 'DEPT', requiresRange: true },
  { name: 'FLOOR', standard: 'FL', requiresRange: true },
  { name: 'FRONT', standard: 'FRNT', requiresRange: false },
  { name: 'HANGAR', standard: 'HNGR', requiresRange: true },
  { name: 'KEY', standard: 'KEY', requiresRange: true },
  { name: 'LOBBY', standard: 'LBBY', requiresRange: false },
  { name: 'LOT', standard: 'LOT', requiresRange: true },
  { name: 'LOWER', standard: 'LOWR', requiresRange: false },
  { name: 'OFFICE', standard: 'OFC', requiresRange: false },
  { name: 'PENTHOUSE', standard: 'PH', requiresRange: false },
  { name: 'PIER', standard: 'PIER', requiresRange: true },
  { name: 'REAR', standard: 'REAR', requiresRange: false },
  { name: 'ROOM', standard: 'RM', requiresRange: true },
  { name: 'SIDE', standard: 'SIDE', requiresRange: false },
  { name: 'SLIP', standard: 'SLIP', requiresRange: true },
  { name: 'SPACE', standard: 'SPC', requiresRange: true },
  { name: 'STOP', standard: 'STOP', requiresRange: true },
  { name: 'SUITE', standard: 'STE', requiresRange: true },
  { name: 'TRAILER', standard: 'TRLR', requiresRange: true },
  { name: 'UNIT', standard: 'UNIT', requiresRange: true },
  { name: 'UPPER', standard: 'UPPR', requiresRange: false },
];

/** Designator name or abbreviation → its row. */
export const UNIT_DESIGNATOR_LOOKUP: ReadonlyMap<string, UnitDesignatorRow> = (() => {
  const lookup = new Map<string, UnitDesignatorRow>();
  for (const row of UNIT_DESIGNATORS) {
    lookup.set(row.name, row);
    lookup.set(row.standard, row);
  }
  return lookup;
})();

export type StateKind = 'state' | 'district' | 'territory' | 'freely-associated' | 'military';

export interface StateRow {
  readonly code: string;
  readonly name: string;
  readonly kind: StateKind;
  /** Other accepted spellings (folded: upper case, letters and single spaces only). */
  readonly aliases: readonly string[];
}

function state(code: string, name: string, kind: StateKind, ...aliases: string[]): StateRow {
  return { code, name, kind, aliases };
}

/**
 * USPS state codes. Aliases are the usual long forms and the AP-style abbreviations ("Calif.", "Mass.",
 * "N.Y." folds to "NY", already a code).
 */
export const STATES: readonly StateRow[] = [
  state('AL', 'ALABAMA', 'state', 'ALA'),
  state('AK', 'ALASKA', 'state'),
  state('AZ', 'ARIZONA', 'state', 'ARIZ'),
  state('AR', 'ARKANSAS', 'state', 'ARK'),
  state('CA', 'CALIFORNIA', 'state', 'CALIF', 'CAL'),
  state('CO', 'COLORADO', 'state', 'COLO'),
  state('CT', 'CONNECTICUT', 'state', 'CONN'),
  state('DE', 'DELAWARE', 'state', 'DEL'),
  state('FL', 'FLORIDA', 'state', 'FLA'),
  state('GA', 'GEORGIA', 'state'),
  state('HI', 'HAWAII', 'state'),
  state('ID', 'IDAHO', 'state'),
  state('IL', 'ILLINOIS', 'state', 'ILL'),
  state('IN', 'INDIANA', 'state', 'IND'),
  state('IA', 'IOWA', 'state'),
  state('KS', 'KANSAS', 'state', 'KAN', 'KANS'),
  state('KY', 'KENTUCKY', 'state'),
  state('LA', 'LOUISIANA', 'state'),
  state('ME', 'MAINE', 'state'),
  state('MD', 'MARYLAND', 'state'),
  state('MA', 'MASSACHUSETTS', 'state', 'MASS'),
  state('MI', 'MICHIGAN', 'state', 'MICH'),
  state('MN', 'MINNESOTA', 'state', 'MINN'),
  state('MS', 'MISSISSIPPI', 'state', 'MISS'),
  state('MO', 'MISSOURI', 'state'),
  state('MT', 'MONTANA', 'state', 'MONT'),
  state('NE', 'NEBRASKA', 'state', 'NEB', 'NEBR'),
  state('NV', 'NEVADA', 'state', 'NEV'),
  state('NH', 'NEW HAMPSHIRE', 'state'),
  state('NJ', 'NEW JERSEY', 'state'),
  state('NM', 'NEW MEXICO', 'state'),
  state('NY', 'NEW YORK', 'state'),
  state('NC', 'NORTH CAROLINA', 'state'),
  state('ND', 'NORTH DAKOTA', 'state'),
  state('OH', 'OHIO', 'state'),
  state('OK', 'OKLAHOMA', 'state', 'OKLA'),
  state('OR', 'OREGON', 'state', 'ORE', 'OREG'),
  state('PA', 'PENNSYLVANIA', 'state', 'PENN', 'PENNA'),
  state('RI', 'RHODE ISLAND', 'state'),
  state('SC', 'SOUTH CAROLINA', 'state'),
  state('SD', 'SOUTH DAKOTA', 'state'),
  state('TN', 'TENNESSEE', 'state', 'TENN'),
  state('TX', 'TEXAS', 'state', 'TEX'),
  state('UT', 'UTAH', 'state'),
  state('VT', 'VERMONT', 'state'),
  state('VA', 'VIRGINIA', 'state'),
  state('WA', 'WASHINGTON', 'state', 'WASH', 'WASHINGTON STATE'),
  state('WV', 'WEST VIRGINIA', 'state', 'WVA', 'W VA'),
  state('WI', 'WISCONSIN', 'state', 'WIS', 'WISC'),
  state('WY', 'WYOMING', 'state', 'WYO'),
  state('DC', 'DISTRICT OF COLUMBIA', 'district', 'WASHINGTON DC', 'WASHINGTON D C', 'D C'),
  state('PR', 'PUERTO RICO', 'territory'),
  state('GU', 'GUAM', 'territory'),
  state(
    'VI',
    'VIRGIN ISLANDS',
    'territory',
    'US VIRGIN ISLANDS',
    'U S VIRGIN ISLANDS',
    'UNITED STATES VIRGIN ISLANDS',
  ),
  state('AS', 'AMERICAN SAMOA', 'territory'),
  state('MP', 'NORTHERN MARIANA ISLANDS', 'territory', 'NORTHERN MARIANAS', 'MARIANA ISLANDS'),
  state('FM', 'FEDERATED STATES OF MICRONESIA', 'freely-associated', 'MICRONESIA'),
  state('MH', 'MARSHALL ISLANDS', 'freely-associated'),
  state('PW', 'PALAU', 'freely-associated'),
  state('AA', 'ARMED FORCES AMERICAS', 'military', 'ARMED FORCES AMERICAS EXCEPT CANADA'),
  state(
    'AE',
    'ARMED FORCES EUROPE',
    'military',
    'ARMED FORCES AFRICA',
    'ARMED FORCES CANADA',
    'ARMED FORCES MIDDLE EAST',
    'ARMED FORCES EUROPE THE MIDDLE EAST AND CANADA',
  ),
  state('AP', 'ARMED FORCES PACIFIC', 'military'),
];

export const STATE_BY_CODE: ReadonlyMap<string, StateRow> = new Map(STATES.map((row) => [row.code, row]));

/** Folded full name or alias → code (codes themselves are looked up in STATE_BY_CODE). */
export const STATE_NAME_LOOKUP: ReadonlyMap<string, string> = (() => {
  const lookup = new Map<string, string>();
  for (const row of STATES) {
    lookup.set(row.name, row.code);
    for (const alias of row.aliases) lookup.set(alias, row.code);
  }
  return lookup;
})();

/** City names that military addresses (AA/AE/AP) use instead of a town (Pub 28 section 225). */
export const MILITARY_CITIES: ReadonlySet<string> = new Set(['APO', 'FPO', 'DPO']);

/**
 * 3-digit ZIP prefix ranges (inclusive) → state. Prefixes not listed are unassigned or unknown here.
 * The 5-digit exceptions below take precedence.
 */
export const ZIP_PREFIX_RANGES: readonly (readonly [from: number, to: number, code: string])[] = [
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
export const ZIP5_EXCEPTIONS: readonly (readonly [from: number, to: number, codes: readonly string[]])[] = [
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
