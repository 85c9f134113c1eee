/**
 * Secondary unit designators of the offline US emergency-address validator: USPS Publication 28,
 * Appendix C2.
 * Everything is upper case without punctuation; callers fold their input before looking up.
 */

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
