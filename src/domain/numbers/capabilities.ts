import { type Capability, capabilityMask } from '../inventory/products.js';

const ALL_MASKS = [0, 1, 2, 3];

/**
 * The stored capability masks that include every requested capability, or `undefined` when none
 * is requested. Sent as `IN (…)` rather than bit arithmetic so PostgreSQL can use its statistics.
 */
export function masksIncluding(capabilities: Capability[] | undefined): number[] | undefined {
  if (!capabilities?.length) return undefined;
  const wanted = capabilityMask(capabilities);
  return ALL_MASKS.filter((mask) => (mask & wanted) === wanted);
}

/** Query values may be repeated (`capabilities=SMS&capabilities=VOICE`) or comma-joined (Node SDK). */
export function splitQueryList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim());
  const nonEmpty = parts.filter(Boolean);
  return nonEmpty.length ? nonEmpty : undefined;
}
