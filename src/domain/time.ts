/** Internally every instant is epoch milliseconds; this is the one place that formats them for the wire. */

/**
 * Instants formatted lately: a page of numbers formats the same few instants again and again
 * (~1.3 µs each through Date). Bounded: emptied when full.
 */
const formatted = new Map<number, string>();
const FORMATTED_MAX = 10_000;

/** RFC 3339 UTC with six fractional digits, as the upstream service prints them ("…22.937000Z"). */
export function toWireTime(ms: number): string;
export function toWireTime(ms: number | null): string | null;
export function toWireTime(ms: number | null): string | null {
  if (ms === null) return null;
  let text = formatted.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString().replace('Z', '000Z');
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(ms, text);
  }
  return text;
}

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}
