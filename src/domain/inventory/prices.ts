import { errors, type FieldViolation } from '../../errors.js';

/** A product's prices as an operator sets them: decimal strings in one currency. */
export interface PriceInput {
  setupPrice?: unknown;
  monthlyPrice?: unknown;
  currencyCode?: unknown;
}

/** Up to 999,999,999 with up to 4 decimals (3-decimal currencies such as KWD, sub-cent rates). */
const AMOUNT = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,4})?$/;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** An amount as the wire prints it: at least two decimals ("1" → "1.00", "0.125" stays). */
function normalizedAmount(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/**
 * The prices of a request, checked: `setupPrice` and `monthlyPrice` are non-negative decimal
 * strings, `currencyCode` an ISO 4217 code (any case); a 400 naming every bad field.
 */
export function readPrice(input: PriceInput): {
  currencyCode: string;
  setupPrice: string;
  monthlyPrice: string;
} {
  const violations: FieldViolation[] = [];
  const amount = (field: 'setupPrice' | 'monthlyPrice') => {
    const value = input[field];
    if (typeof value === 'string' && AMOUNT.test(value)) return normalizedAmount(value);
    violations.push({
      field,
      description: `${field} is a decimal string such as "1.50" (at most 9 digits before the point, 4 after)`,
    });
    return '';
  };
  const setupPrice = amount('setupPrice');
  const monthlyPrice = amount('monthlyPrice');
  const currencyCode = typeof input.currencyCode === 'string' ? input.currencyCode.toUpperCase() : '';
  if (!CURRENCIES.has(currencyCode)) {
    violations.push({
      field: 'currencyCode',
      description: 'currencyCode is an ISO 4217 code such as USD or EUR',
    });
  }
  if (violations.length) throw errors.invalidArgument(violations[0]!.description, violations);
  return { currencyCode, setupPrice, monthlyPrice };
}
