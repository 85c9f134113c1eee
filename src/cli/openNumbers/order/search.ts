import type { ApiClient, Json } from '../client.js';

/** Step 2: numbers for sale (GET /availableNumbers), to pick one from. */
export interface SearchCriteria {
  regionCode: string;
  numberType: string;
  /** Digits, optionally led by `+`, matched against the E.164 string. */
  pattern?: string;
  searchPattern?: string;
  capabilities?: string[];
  size?: number;
}

export async function searchNumbers(client: ApiClient, criteria: SearchCriteria): Promise<Json[]> {
  const answer = await client.numbers('GET', '/availableNumbers', {
    query: {
      regionCode: criteria.regionCode,
      type: criteria.numberType,
      'numberPattern.pattern': criteria.pattern || undefined,
      'numberPattern.searchPattern': criteria.pattern ? (criteria.searchPattern ?? 'START') : undefined,
      capabilities: criteria.capabilities?.length ? criteria.capabilities : undefined,
      size: criteria.size,
    },
  });
  return answer?.availableNumbers ?? [];
}

/** "+61411111112  SMS, VOICE  setup 5.00 AUD, monthly 5.00 AUD" */
export function numberLine(n: Json): { phoneNumber: string; capabilities: string; price: string } {
  const money = (m: Json) => (m ? `${m.amount} ${m.currencyCode}` : '?');
  return {
    phoneNumber: n.phoneNumber,
    capabilities: (n.capability ?? n.capabilities ?? []).join(', '),
    price: `setup ${money(n.setupPrice)}, monthly ${money(n.monthlyPrice)}`,
  };
}
