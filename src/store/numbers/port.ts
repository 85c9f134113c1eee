import type { OutgoingEvent } from '../../domain/callbacks/events.js';
import type { NumberType } from '../../domain/inventory/products.js';
import type { ActiveNumberRecord, InventoryRow, NumberChange } from '../../domain/numbers/activeNumber.js';
import type { NumberPattern } from '../../domain/numbers/patterns.js';
import type { AvailableSearch } from '../inventory/port.js';

export type ActiveOrder = 'phoneNumber' | 'displayName';

export interface ActiveListQuery {
  projectId: string;
  regionCode?: string;
  numberType?: NumberType;
  pattern?: NumberPattern;
  capabilityMasks?: number[];
  orderBy: ActiveOrder;
  /** Keyset cursor: the sort key of the last row of the previous page. */
  after?: { displayName: string; phoneNumber: string };
  limit: number;
  /** Numbers released with `expireAt <= now` are gone. */
  now: number;
}

/** Builds the active number (and its jobs) from the inventory row a rent claimed. */
export type RentBuilder = (row: InventoryRow) => NumberChange;
export type NumberMutation = (current: ActiveNumberRecord) => NumberChange | null;

export interface NumbersPort {
  /** Claims one specific available number; `undefined` when it is not available (or a race lost it). */
  rent(e164: string, build: RentBuilder): Promise<ActiveNumberRecord | undefined>;
  /** Claims the first available number matching the search. */
  rentAny(
    search: Omit<AvailableSearch, 'limit'>,
    build: RentBuilder,
  ): Promise<ActiveNumberRecord | undefined>;
  getActive(projectId: string, e164: string): Promise<ActiveNumberRecord | undefined>;
  listActive(query: ActiveListQuery): Promise<{ records: ActiveNumberRecord[]; totalSize: number }>;
  /**
   * Runs `mutate` on the current record inside a transaction. `null` from `mutate` means
   * "no change". Returns the stored record, or `undefined` when the number is not active there.
   */
  updateActive(
    projectId: string,
    e164: string,
    mutate: NumberMutation,
  ): Promise<ActiveNumberRecord | undefined>;
  /**
   * Returns a released number whose `expireAt` has passed to the inventory and writes the events
   * `onRemoved` derives from the removed record. Its emergency address goes with it (the schema
   * cascades the delete).
   */
  completeRelease(
    projectId: string,
    e164: string,
    now: number,
    onRemoved: (record: ActiveNumberRecord) => OutgoingEvent[],
  ): Promise<boolean>;
}
