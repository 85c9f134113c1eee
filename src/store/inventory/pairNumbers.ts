// The numbers of one (region, type) pair in memory, for searches.
//
// Inventory rows are inserted and never deleted, re-numbered or moved to another pair
// (0001_init.sql), so the matching half of a search — which numbers contain the digits — can be
// answered from an immutable copy. Only availability changes: a flag per number that the store
// keeps current from its change log where it has one (SQLite), and that claims never trust (they
// check the candidates in the statement that claims them). docs/architecture.md, "Searches in
// memory".

import type { NumberPattern } from '../../domain/numbers/patterns.js';

/** One inventory row as the index needs it. */
export interface PairRow {
  id: number;
  e164: string;
  capabilities: number;
  /** Whether it is for sale; true when omitted. */
  available?: boolean;
}

/** Pairs with more numbers than this get a trigram posting list; smaller ones are scanned. */
export const TRIGRAM_MIN_NUMBERS = 20_000;

const PLUS = 0x2b;
const ZERO = 0x30;

/** Where each 3-digit gram occurs: `postings[starts[g]..starts[g + 1])` are row positions, ascending. */
interface Trigrams {
  starts: Uint32Array;
  postings: Uint32Array;
}

function gramAt(text: Buffer, at: number): number {
  return (text[at]! - ZERO) * 100 + (text[at + 1]! - ZERO) * 10 + (text[at + 2]! - ZERO);
}

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= ZERO + 9;
}

/**
 * One pair's numbers in e164 order: the strings side by side in one latin1 buffer (`offsets[i]`
 * to `offsets[i + 1]`), ids and capability masks in typed arrays. About 20 bytes a number, where
 * a JavaScript object per number would take ten times that.
 */
export class PairNumbers {
  readonly size: number;
  private readonly text: Buffer;
  private readonly offsets: Uint32Array;
  private readonly ids: Float64Array;
  private readonly capabilities: Uint8Array;
  /** 1 while the number is for sale. */
  private readonly free: Uint8Array;
  private readonly trigrams: Trigrams | undefined;

  /** `rows` in ascending e164 order (code units, as the store's ORDER BY e164). */
  constructor(rows: readonly PairRow[], trigramMin = TRIGRAM_MIN_NUMBERS) {
    this.size = rows.length;
    this.offsets = new Uint32Array(rows.length + 1);
    this.ids = new Float64Array(rows.length);
    this.capabilities = new Uint8Array(rows.length);
    this.free = new Uint8Array(rows.length);
    let length = 0;
    for (const row of rows) length += row.e164.length;
    this.text = Buffer.allocUnsafe(length);
    let at = 0;
    rows.forEach((row, i) => {
      if (i > 0 && rows[i - 1]!.e164 >= row.e164)
        throw new Error('PairNumbers: rows must be in ascending e164 order');
      this.offsets[i] = at;
      at += this.text.write(row.e164, at, 'latin1');
      this.ids[i] = row.id;
      this.capabilities[i] = row.capabilities;
      this.free[i] = row.available === false ? 0 : 1;
    });
    this.offsets[rows.length] = at;
    this.trigrams = rows.length > trigramMin ? this.buildTrigrams() : undefined;
  }

  /** Memory held, in bytes. */
  get bytes(): number {
    const t = this.trigrams;
    return (
      this.text.length +
      this.offsets.byteLength +
      this.ids.byteLength +
      this.capabilities.byteLength +
      this.free.byteLength +
      (t ? t.starts.byteLength + t.postings.byteLength : 0)
    );
  }

  /** Two passes (count, then place), each number listed once per gram however often it has it. */
  private buildTrigrams(): Trigrams {
    const starts = new Uint32Array(1001);
    const last = new Int32Array(1000).fill(-1);
    const eachGram = (visit: (gram: number, row: number) => void) => {
      for (let row = 0; row < this.size; row++) {
        const end = this.offsets[row + 1]!;
        for (let at = this.offsets[row]!; at + 3 <= end; at++) {
          if (!isDigit(this.text[at]!)) continue;
          const gram = gramAt(this.text, at);
          if (last[gram] === row) continue;
          last[gram] = row;
          visit(gram, row);
        }
      }
    };
    eachGram((gram) => starts[gram + 1]!++);
    for (let g = 1; g <= 1000; g++) starts[g]! += starts[g - 1]!;
    const postings = new Uint32Array(starts[1000]!);
    const next = starts.slice(0, 1000);
    last.fill(-1);
    eachGram((gram, row) => {
      postings[next[gram]!++] = row;
    });
    return { starts, postings };
  }

  /** Whether row `row`'s number contains `needle` (a few bytes: compared in place). */
  private rowContains(row: number, needle: Buffer): boolean {
    const start = this.offsets[row]!;
    const last = this.offsets[row + 1]! - needle.length;
    outer: for (let at = start; at <= last; at++) {
      for (let k = 0; k < needle.length; k++) if (this.text[at + k] !== needle[k]) continue outer;
      return true;
    }
    return false;
  }

  /** The position of the row holding byte `at` of the text (binary search on the offsets). */
  private rowAt(at: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.offsets[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether row `row`'s number ends with `needle`. */
  private rowEndsWith(row: number, needle: Buffer): boolean {
    const start = this.offsets[row + 1]! - needle.length;
    if (start < this.offsets[row]!) return false;
    for (let k = 0; k < needle.length; k++) if (this.text[start + k] !== needle[k]) return false;
    return true;
  }

  /**
   * Ids of the numbers containing `pattern` (`+` and digits; a `+` matches only where numbers
   * have it, in front), or ending with it (`end`), whose capability mask is one of `masks` (any
   * when omitted), in e164 order, whether for sale or not. Lazy: a search stops pulling once it
   * has what it needs.
   */
  *matches(pattern: string, end: boolean, masks?: readonly number[]): Generator<number> {
    for (const row of this.matchRows(pattern, end, masks)) yield this.ids[row]!;
  }

  /** The positions of matches(), ascending. */
  private *matchRows(pattern: string, end: boolean, masks?: readonly number[]): Generator<number> {
    if (pattern === '' || pattern.indexOf('+', 1) !== -1) return;
    const needle = Buffer.from(pattern, 'latin1');
    const wanted = masks ? new Set(masks) : undefined;
    const accepts = (row: number) => !wanted || wanted.has(this.capabilities[row]!);
    const digitsFrom = needle[0] === PLUS ? 1 : 0;
    if (this.trigrams && needle.length - digitsFrom >= 3) {
      // The rarest gram of the pattern (END: its last one): its posting list holds every match,
      // in row order.
      let best = gramAt(needle, needle.length - 3);
      let bestLength = this.trigrams.starts[best + 1]! - this.trigrams.starts[best]!;
      for (let at = digitsFrom; !end && at + 3 <= needle.length; at++) {
        const gram = gramAt(needle, at);
        const length = this.trigrams.starts[gram + 1]! - this.trigrams.starts[gram]!;
        if (length < bestLength) {
          best = gram;
          bestLength = length;
        }
      }
      const { starts, postings } = this.trigrams;
      for (let p = starts[best]!; p < starts[best + 1]!; p++) {
        const row = postings[p]!;
        if (!accepts(row)) continue;
        if (end ? this.rowEndsWith(row, needle) : this.rowContains(row, needle)) yield row;
      }
      return;
    }
    // A native substring search over all the numbers; a hit names its row. A pattern without `+`
    // cannot span two numbers: each begins with one.
    let from = 0;
    while (from < this.text.length) {
      const at = this.text.indexOf(needle, from);
      if (at === -1) return;
      const row = this.rowAt(at);
      const rowEnd = this.offsets[row + 1]!;
      if (end && at + needle.length !== rowEnd) {
        from = at + 1; // a later occurrence in the same number may end it
        continue;
      }
      if (at + needle.length <= rowEnd && accepts(row)) yield row;
      from = rowEnd;
    }
  }

  /** The first position whose number is not below `key` (code-unit order); `size` when none. */
  private lowerBound(key: Buffer): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.text.compare(key, 0, key.length, this.offsets[mid]!, this.offsets[mid + 1]!) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The position of `e164`; -1 when the pair does not have it. */
  private position(e164: string): number {
    const key = Buffer.from(e164, 'latin1');
    const row = this.lowerBound(key);
    if (row === this.size) return -1;
    return this.text.compare(key, 0, key.length, this.offsets[row]!, this.offsets[row + 1]!) === 0 ? row : -1;
  }

  /** Positions from the first number starting with `prefix` while they do, ascending. */
  private *prefixRows(prefix: string): Generator<number> {
    const needle = Buffer.from(prefix, 'latin1');
    for (let row = this.lowerBound(needle); row < this.size; row++) {
      const start = this.offsets[row]!;
      if (this.offsets[row + 1]! - start < needle.length) return;
      if (this.text.compare(needle, 0, needle.length, start, start + needle.length) !== 0) return;
      yield row;
    }
  }

  /** Records whether `e164` is for sale; a number the pair does not have is ignored. */
  setAvailable(e164: string, available: boolean): void {
    const row = this.position(e164);
    if (row !== -1) this.free[row] = available ? 1 : 0;
  }

  /**
   * Up to `limit` numbers for sale matching `pattern` (START, CONTAINS or END, as the store's
   * search statement defines them) whose mask is one of `masks` (any when omitted), in e164 order.
   */
  available(
    pattern: NumberPattern | undefined,
    masks: readonly number[] | undefined,
    limit: number,
  ): PairRow[] {
    const wanted = masks ? new Set(masks) : undefined;
    let rows: Iterable<number>;
    if (!pattern) rows = this.prefixRows('');
    else if (pattern.searchPattern === 'START') rows = this.prefixRows(pattern.pattern);
    else if (pattern.searchPattern === 'END' && pattern.pattern.startsWith('+')) {
      const row = this.position(pattern.pattern);
      rows = row === -1 ? [] : [row];
    } else rows = this.matchRows(pattern.pattern, pattern.searchPattern === 'END', masks);
    const found: PairRow[] = [];
    // An empty pattern matches nothing, as in the search statement (no range below '').
    if (limit <= 0 || pattern?.pattern === '') return found;
    for (const row of rows) {
      if (!this.free[row] || (wanted && !wanted.has(this.capabilities[row]!))) continue;
      found.push({
        id: this.ids[row]!,
        e164: this.text.toString('latin1', this.offsets[row]!, this.offsets[row + 1]!),
        capabilities: this.capabilities[row]!,
      });
      if (found.length === limit) break;
    }
    return found;
  }
}
