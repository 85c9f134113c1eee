import type { AuthorisedPerson, LoaAddress } from '../../../../domain/hosting/hostingOrder.js';
import { usageError } from '../../errors.js';
import type { LoaInfo } from './api.js';

/**
 * The Letter of Authorization of a text-enable order (seed 003, workflow D): who the numbers'
 * owner is decides its kind. A direct customer of Sinch signs for their own numbers; a reseller
 * signs for a business it serves; a blanket LOA is already on file with the account manager.
 */
export const LOA_KINDS = ['direct', 'reseller', 'blanket'] as const;
export type LoaKind = (typeof LOA_KINDS)[number];

/** Who signs the letter (the address it names is the API's `LoaAddress`). */
export type Signer = AuthorisedPerson;
export type { LoaAddress };

export interface LoaDetails {
  businessName?: string;
  signer: Signer;
  address: LoaAddress;
  currentVoiceCarrier: string;
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function emailProblem(email: string): string | undefined {
  return EMAIL.test(email.trim()) ? undefined : `"${email.trim()}" is not an e-mail address`;
}

export function loaKind(value: string): LoaKind {
  const kind = value.toLowerCase();
  if (!(LOA_KINDS as readonly string[]).includes(kind))
    throw usageError(`--loa must be direct, reseller or blanket, not ${value}`);
  return kind as LoaKind;
}

/** "Jane Doe" (the last word is the last name) or "Doe, Jane". */
export function splitName(name: string): { firstName: string; lastName: string } {
  const text = name.trim().replace(/\s+/g, ' ');
  const comma = text.indexOf(',');
  if (comma > 0) return { lastName: text.slice(0, comma).trim(), firstName: text.slice(comma + 1).trim() };
  const space = text.lastIndexOf(' ');
  if (space <= 0)
    throw usageError(
      `--signer-name needs a first and a last name ("Jane Doe" or "Doe, Jane"), not "${name}"`,
    );
  return { firstName: text.slice(0, space), lastName: text.slice(space + 1) };
}

/**
 * A US or Canadian postal address on one line:
 * `<building number> <street>[, <more street>], <city>, <state> <postal code>[, <country>]`,
 * e.g. `2433 Vesta Drive, Chicago, IL 60647, US` or `1 Main St, Suite 5, Ottawa, ON K1A 0B1, CA`.
 */
export function parseAddress(text: string, defaultCountry: string): LoaAddress {
  const bad = () =>
    usageError(
      `--address "${text}" is not "<number> <street>, <city>, <state> <postal code>[, <country>]" (e.g. "2433 Vesta Drive, Chicago, IL 60647, US")`,
    );
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !p)) throw bad();
  let country = defaultCountry;
  if (parts.length >= 4 && /^[A-Za-z]{2}$/.test(parts.at(-1)!)) country = parts.pop()!.toUpperCase();
  if (parts.length < 3) throw bad();
  const statePostal = parts.pop()!.match(/^(\S+)\s+(.+)$/);
  const city = parts.pop()!;
  const streetLine = parts.join(', ').match(/^(\d[\w-]*)\s+(.+)$/);
  if (!statePostal || !streetLine) throw bad();
  return {
    buildingNumber: streetLine[1]!,
    street: streetLine[2]!,
    city,
    state: statePostal[1]!,
    postalCode: statePostal[2]!,
    country,
  };
}

/** The request's LOA field for the kind: `directLoaInfo`, `resellerLoaInfo` or `blanketLoaInfo: {}`. */
export function loaInfo(kind: LoaKind, details: LoaDetails | undefined): LoaInfo {
  if (kind === 'blanket') return { blanketLoaInfo: {} };
  if (!details) throw usageError(`a ${kind} LOA needs the signer, the address and the voice carrier`);
  const info = {
    ...(kind === 'reseller' ? { businessName: details.businessName } : {}),
    authorisedPerson: details.signer,
    address: details.address,
    currentVoiceCarrier: details.currentVoiceCarrier,
  };
  return kind === 'direct' ? { directLoaInfo: info } : { resellerLoaInfo: info };
}
