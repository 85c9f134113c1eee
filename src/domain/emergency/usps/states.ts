/**
 * The USPS two-letter state codes for the offline US emergency-address validator: 50 states, DC,
 * territories, freely associated states and military "states", with their names and aliases.
 * Everything is upper case without punctuation; callers fold their input before looking up.
 */

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
