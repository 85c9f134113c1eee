// Progress of the first start's inventory load, for the operator watching `npm start`.

/** What the first start reports while it loads the inventory, in this order. */
export type SeedProgress =
  | { phase: 'start'; pairs: number; regions: number; expected: number }
  | { phase: 'numbers'; written: number; expected: number }
  | { phase: 'indexing'; written: number }
  | { phase: 'ready'; written: number; ms: number };

/** A `numbers` event every this many numbers. */
export const PROGRESS_EVERY = 100_000;

/**
 * Passes `items` through, calling `onCount(count)` after every `every` items and
 * `onEnd(count)` once the last has been taken (not when the consumer stops early).
 */
export function* counted<T>(
  items: Iterable<T>,
  every: number,
  onCount: (count: number) => void,
  onEnd: (count: number) => void,
): Generator<T> {
  let count = 0;
  for (const item of items) {
    yield item;
    if (++count % every === 0) onCount(count);
  }
  onEnd(count);
}

/** One line of the first start's output for an event, e.g. `  numbers: 100,000 of 733,202`. */
export function progressLine(event: SeedProgress): string {
  const n = (value: number) => value.toLocaleString('en-US');
  switch (event.phase) {
    case 'start':
      return `First start: generating the inventory, up to ${n(event.expected)} numbers for ${n(event.pairs)} region/type pairs in ${n(event.regions)} regions`;
    case 'numbers':
      return `  numbers written: ${n(event.written)} (of at most ${n(event.expected)})`;
    case 'indexing':
      return `  all ${n(event.written)} numbers written; building the search index`;
    case 'ready':
      return `Inventory ready: ${n(event.written)} numbers in ${(event.ms / 1000).toFixed(1)} s`;
  }
}
