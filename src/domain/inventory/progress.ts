// Progress of the inventory load, for the operator watching `npm start`.

/**
 * What a store's background load of the inventory reports, in this order: `numbers` counts what
 * this process wrote (also for requests that needed a group first), `total` the whole inventory.
 */
export type InventoryLoadProgress =
  | { phase: 'loading'; groups: number; of: number }
  | { phase: 'numbers'; written: number }
  | { phase: 'ready'; total: number; ms: number };

/**
 * What a start reports about the inventory, in this order: `start` on the first start (the
 * products are written, the numbers not yet), then, while the server serves, the load of the
 * groups not loaded yet.
 */
export type SeedProgress =
  | { phase: 'start'; pairs: number; regions: number; expected: number }
  | { phase: 'loading'; groups: number; of: number }
  | { phase: 'numbers'; written: number; expected: number }
  | { phase: 'ready'; total: number; ms: number };

/** A `numbers` event every this many numbers. */
export const PROGRESS_EVERY = 100_000;

/** One line of the start's output for an event, e.g. `  numbers written: 100,000 (of at most 733,202)`. */
export function progressLine(event: SeedProgress): string {
  const n = (value: number) => value.toLocaleString('en-US');
  switch (event.phase) {
    case 'start':
      return `First start: the inventory has up to ${n(event.expected)} numbers for ${n(event.pairs)} region/type pairs in ${n(event.regions)} regions`;
    case 'loading':
      return `  loading ${n(event.groups)} of ${n(event.of)} calling-code groups in the background (+1 first); a request for a group not loaded yet loads it first`;
    case 'numbers':
      return `  numbers written: ${n(event.written)} (of at most ${n(event.expected)})`;
    case 'ready':
      return `Inventory ready: ${n(event.total)} numbers (all loaded in ${(event.ms / 1000).toFixed(1)} s)`;
  }
}
