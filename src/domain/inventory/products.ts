// What a number of a given region and type costs, and what it can do.
//
// Kept as data rather than code so prices and KYC flags can be reviewed (and later loaded
// from configuration) without touching any logic.

export type NumberType = 'MOBILE' | 'LOCAL' | 'TOLL_FREE';
export type Capability = 'SMS' | 'VOICE';

export interface Product {
  regionCode: string;
  numberType: NumberType;
  currencyCode: string; // ISO 4217
  setupPrice: string; // decimal string with 2 decimals, as the wire format has it
  monthlyPrice: string;
  paymentIntervalMonths: number;
  capabilities: Capability[];
  supportingDocumentationRequired: boolean;
}

type ProductSpec = Omit<Product, 'regionCode' | 'numberType' | 'paymentIntervalMonths'>;

// Applied to every region/type pair the table below does not mention. Mobile numbers text and
// call everywhere; outside North America landlines and toll-free numbers are voice-only.
const DEFAULTS: Readonly<Record<NumberType, ProductSpec>> = {
  LOCAL: {
    currencyCode: 'USD',
    setupPrice: '1.00',
    monthlyPrice: '1.00',
    capabilities: ['VOICE'],
    supportingDocumentationRequired: false,
  },
  MOBILE: {
    currencyCode: 'USD',
    setupPrice: '2.00',
    monthlyPrice: '2.00',
    capabilities: ['SMS', 'VOICE'],
    supportingDocumentationRequired: false,
  },
  TOLL_FREE: {
    currencyCode: 'USD',
    setupPrice: '5.00',
    monthlyPrice: '5.00',
    capabilities: ['VOICE'],
    supportingDocumentationRequired: false,
  },
};

// Shorthands keep the table one line per product.
const SV: Capability[] = ['SMS', 'VOICE'];
const V: Capability[] = ['VOICE'];
const p = (
  currencyCode: string,
  price: string,
  capabilities: Capability[],
  supportingDocumentationRequired = false,
): ProductSpec => ({
  currencyCode,
  setupPrice: price,
  monthlyPrice: price,
  capabilities,
  supportingDocumentationRequired,
});

// Per-region overrides. US values are captured from the live service. A `true` last argument
// marks regulated (KYC) pairs: numbers there need an address/identity bundle before activation.
const PRODUCTS: Readonly<Record<string, Partial<Record<NumberType, ProductSpec>>>> = {
  US: { LOCAL: p('USD', '0.50', SV, true), TOLL_FREE: p('USD', '2.00', SV, true) },
  CA: { LOCAL: p('USD', '1.00', SV), TOLL_FREE: p('USD', '2.00', SV) },
  GB: { LOCAL: p('GBP', '1.00', V), MOBILE: p('GBP', '1.50', SV), TOLL_FREE: p('GBP', '4.00', V) },
  IE: { LOCAL: p('EUR', '1.50', V, true), MOBILE: p('EUR', '3.00', SV) },
  DE: { LOCAL: p('EUR', '1.00', V, true), MOBILE: p('EUR', '3.00', SV), TOLL_FREE: p('EUR', '10.00', V) },
  FR: { LOCAL: p('EUR', '1.00', V, true), MOBILE: p('EUR', '3.00', SV), TOLL_FREE: p('EUR', '10.00', V) },
  IT: { LOCAL: p('EUR', '1.50', V, true), MOBILE: p('EUR', '4.00', SV) },
  ES: { LOCAL: p('EUR', '1.00', V, true), MOBILE: p('EUR', '3.00', SV) },
  BE: { LOCAL: p('EUR', '1.50', V, true), MOBILE: p('EUR', '3.00', SV) },
  NL: { LOCAL: p('EUR', '1.00', V), MOBILE: p('EUR', '3.00', SV), TOLL_FREE: p('EUR', '8.00', V) },
  AT: { LOCAL: p('EUR', '1.50', V, true), MOBILE: p('EUR', '3.00', SV) },
  CH: { LOCAL: p('CHF', '2.00', V, true), MOBILE: p('CHF', '5.00', SV) },
  SE: { LOCAL: p('SEK', '10.00', V), MOBILE: p('SEK', '20.00', SV), TOLL_FREE: p('SEK', '60.00', V) },
  NO: { LOCAL: p('NOK', '10.00', V), MOBILE: p('NOK', '20.00', SV) },
  DK: { LOCAL: p('DKK', '8.00', V), MOBILE: p('DKK', '15.00', SV) },
  FI: { LOCAL: p('EUR', '1.50', V), MOBILE: p('EUR', '3.00', SV) },
  PL: { LOCAL: p('EUR', '1.50', V), MOBILE: p('EUR', '3.00', SV) },
  AU: { LOCAL: p('AUD', '2.00', V), MOBILE: p('AUD', '5.00', SV, true), TOLL_FREE: p('AUD', '10.00', V) },
  NZ: { LOCAL: p('NZD', '2.00', V), MOBILE: p('NZD', '5.00', SV) },
  BR: { LOCAL: p('USD', '3.00', V, true), MOBILE: p('USD', '6.00', SV) },
  // libphonenumber cannot tell MX fixed from mobile numbers, so MX sells them all as LOCAL.
  MX: { LOCAL: p('USD', '2.00', SV) },
  JP: { LOCAL: p('USD', '5.00', V, true), TOLL_FREE: p('USD', '15.00', V) },
  ZA: { LOCAL: p('USD', '2.00', V, true), MOBILE: p('USD', '4.00', SV) },
};

/**
 * The product for a region/type pair. Meant for pairs from listRegionTypes(); any other pair gets
 * the per-type default, so this never throws and does not depend on the numbering metadata.
 */
export function productFor(regionCode: string, numberType: NumberType): Product {
  const spec = PRODUCTS[regionCode]?.[numberType] ?? DEFAULTS[numberType];
  return {
    regionCode,
    numberType,
    ...spec,
    paymentIntervalMonths: 1,
    capabilities: [...spec.capabilities], // callers may mutate their copy; the table stays intact
  };
}

/**
 * Every product the table above configures explicitly (not the per-type defaults), e.g. to seed
 * KYC policies for those with supportingDocumentationRequired.
 */
export function listConfiguredProducts(): Product[] {
  return Object.entries(PRODUCTS).flatMap(([regionCode, byType]) =>
    Object.keys(byType).map((numberType) => productFor(regionCode, numberType as NumberType)),
  );
}

// Bit values used when capabilities are stored as one integer column.
const CAPABILITY_BITS: Readonly<Record<Capability, number>> = { VOICE: 1, SMS: 2 };
// Order in which the live API lists capabilities: ["SMS","VOICE"].
const WIRE_ORDER: readonly Capability[] = ['SMS', 'VOICE'];

export function capabilityMask(caps: Capability[]): number {
  let mask = 0;
  for (const cap of caps) mask |= CAPABILITY_BITS[cap];
  return mask;
}

export function capabilitiesFromMask(mask: number): Capability[] {
  return WIRE_ORDER.filter((cap) => (mask & CAPABILITY_BITS[cap]) !== 0);
}
