import { errors, type FieldViolation } from '../../errors.js';
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

/** Which capability each configuration object needs. */
const CONFIGURATION_CAPABILITY = { smsConfiguration: 'SMS', voiceConfiguration: 'VOICE' } as const;

/** The capabilities a request's configuration objects need (SMS for smsConfiguration…). */
export function capabilitiesConfigured(request: {
  smsConfiguration?: unknown;
  voiceConfiguration?: unknown;
}): Capability[] {
  return (Object.keys(CONFIGURATION_CAPABILITY) as (keyof typeof CONFIGURATION_CAPABILITY)[])
    .filter((field) => request[field] !== undefined)
    .map((field) => CONFIGURATION_CAPABILITY[field]);
}

/**
 * Refuses a configuration for a capability the number lacks (smsConfiguration on a voice-only
 * number, voiceConfiguration on an SMS-only one): `400 INVALID_ARGUMENT` naming each such field.
 * `subject` says which number(s) ("+441632960000", "GB LOCAL numbers"); `prefix` goes before the
 * field name when the configuration sits inside another object (a number order's option).
 * Number orders call it too, with the product's capabilities.
 */
export function assertConfigurationFits(
  capabilities: readonly Capability[],
  request: { smsConfiguration?: unknown; voiceConfiguration?: unknown },
  subject: string,
  prefix = '',
): void {
  const violations: FieldViolation[] = [];
  for (const [field, capability] of Object.entries(CONFIGURATION_CAPABILITY)) {
    if (request[field as keyof typeof CONFIGURATION_CAPABILITY] === undefined) continue;
    if (capabilities.includes(capability)) continue;
    violations.push({
      field: `${prefix}${field}`,
      description: `${subject} cannot take ${field}: no ${capability} capability (it has ${capabilities.join(', ') || 'none'}); leave ${field} out`,
    });
  }
  if (violations.length) {
    throw errors.invalidArgument(violations.map((v) => v.description).join('; '), violations);
  }
}
