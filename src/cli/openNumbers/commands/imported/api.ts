import type { ApiClient, Json, QueryValue } from '../../client.js';
import { ApiError } from '../../errors.js';
import type { ImportRegion } from './phoneNumbers.js';
import { pathNumber } from './phoneNumbers.js';

/**
 * The Imported Numbers API as the `imported` commands and the wizard use it: one function per
 * request of seed 003's workflows, so both speak to the server the same way.
 */

export const STATE_PREFIX = 'GLOBAL_PROCESS_STATE_';

/** A qualified number's state without the API's prefix: ELIGIBLE, VERIFIED, … */
export function qualifiedState(record: Json): string {
  return String(record?.globalProcessState ?? '').replace(STATE_PREFIX, '');
}

export { HOSTING_ORDER_STATES as ORDER_STATES } from '../../../../domain/hosting/hostingOrder.js';
/** The states the API names, as the server's domain defines them (the CLI checks `--state`). */
export { QUALIFIED_STATES } from '../../../../domain/qualified/qualifiedNumber.js';

/** Where a hosting order has stopped for good. */
export function orderFinished(order: Json): boolean {
  return order?.state === 'COMPLETED' || order?.state === 'REJECTED';
}

/** Every page of a list, following `nextPageToken`, up to `limit` items. */
export async function allPages(
  client: ApiClient,
  path: string,
  key: string,
  query: Record<string, QueryValue>,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ items: Json[]; totalSize: number | undefined }> {
  const items: Json[] = [];
  let pageToken: string | undefined;
  let totalSize: number | undefined;
  do {
    const pageSize = Math.min(1000, Math.max(1, limit - items.length));
    const page = await client.imported('GET', path, {
      query: { ...query, pageSize: Number.isFinite(pageSize) ? pageSize : 1000, pageToken },
    });
    items.push(...(page?.[key] ?? []));
    totalSize = page?.totalSize ?? totalSize;
    pageToken = page?.nextPageToken || undefined;
  } while (pageToken && items.length < limit);
  return { items: items.slice(0, limit), totalSize };
}

// Workflow A and F: imported numbers.

export interface ImportRequest {
  phoneNumber: string;
  region: ImportRegion;
  servicePlanId: string;
  campaignId?: string;
  displayName?: string;
  callbackUrl?: string;
  migrateToSinchTmo?: boolean;
}

export function importNumber(client: ApiClient, request: ImportRequest): Promise<Json> {
  return client.imported('POST', '/importedNumbers', {
    body: {
      phoneNumber: request.phoneNumber,
      regionCode: request.region,
      displayName: request.displayName,
      smsConfiguration: {
        servicePlanId: request.servicePlanId,
        campaignId: request.campaignId,
        migrateToSinchTmo: request.migrateToSinchTmo,
      },
      callbackUrl: request.callbackUrl,
    },
  });
}

export function getImported(client: ApiClient, phoneNumber: string): Promise<Json> {
  return client.imported('GET', `/importedNumbers/${pathNumber(phoneNumber)}`);
}

/** The imported number, or undefined when the project has none by that number (404). */
export async function findImported(client: ApiClient, phoneNumber: string): Promise<Json | undefined> {
  return orUndefinedOn404(getImported(client, phoneNumber));
}

export function updateImported(client: ApiClient, phoneNumber: string, body: Json): Promise<Json> {
  return client.imported('PATCH', `/importedNumbers/${pathNumber(phoneNumber)}`, { body });
}

export function deleteImported(client: ApiClient, phoneNumber: string): Promise<Json> {
  return client.imported('DELETE', `/importedNumbers/${pathNumber(phoneNumber)}`);
}

// Workflow C and F: qualified numbers and the voice challenge.

export function addNumbers(client: ApiClient, phoneNumbers: readonly string[]): Promise<Json> {
  return client.imported('POST', '/qualifiedNumbers:addNumbers', { body: { phoneNumbers } });
}

export function getQualified(client: ApiClient, phoneNumber: string): Promise<Json> {
  return client.imported('GET', `/qualifiedNumbers/${pathNumber(phoneNumber)}`);
}

/** The qualified number, or undefined when the project never asked to qualify it (404). */
export function findQualified(client: ApiClient, phoneNumber: string): Promise<Json | undefined> {
  return orUndefinedOn404(getQualified(client, phoneNumber));
}

export function deleteQualified(client: ApiClient, phoneNumber: string): Promise<Json> {
  return client.imported('DELETE', `/qualifiedNumbers/${pathNumber(phoneNumber)}`);
}

export function sendVoiceChallenge(client: ApiClient, phoneNumber: string): Promise<Json> {
  return client.imported('POST', `/qualifiedNumbers/${pathNumber(phoneNumber)}:sendVoiceChallenge`);
}

export function verifyVoiceChallenge(client: ApiClient, phoneNumber: string, code: string): Promise<Json> {
  return client.imported('POST', `/qualifiedNumbers/${pathNumber(phoneNumber)}:verifyVoiceChallenge`, {
    body: { code },
  });
}

// Workflows B and D: hosting orders.

export interface OrderRequest {
  numbers: readonly string[];
  region: ImportRegion;
  servicePlanId: string;
  campaignId?: string;
  displayName?: string;
  callbackUrl?: string;
}

export function importOrder(
  client: ApiClient,
  request: OrderRequest & { migrateToSinchTmo?: boolean },
): Promise<Json> {
  return client.imported('POST', '/hostingOrders:importNumbers', {
    body: { ...orderBody(request), migrateToSinchTmo: request.migrateToSinchTmo },
  });
}

/** The fields every order-creating request shares. */
function orderBody(request: OrderRequest): Json {
  return {
    regionCode: request.region,
    numbers: request.numbers,
    servicePlanId: request.servicePlanId,
    campaignId: request.campaignId,
    displayName: request.displayName,
    callbackUrl: request.callbackUrl,
  };
}

/** Who the Letter of Authorization is from, as the API takes it. */
export type LoaInfo =
  | { blanketLoaInfo: Record<string, never> }
  | { directLoaInfo: Json }
  | { resellerLoaInfo: Json };

export interface TextEnableRequest extends OrderRequest {
  tollFree: boolean;
  loa: LoaInfo;
  nnid?: string;
  scheduledOsrUpdateTime?: string;
}

/** `hostingOrders:textEnableNumbers`, or its toll-free twin: the answer is the whole order. */
export function textEnable(client: ApiClient, request: TextEnableRequest): Promise<Json> {
  const operation = request.tollFree ? 'textEnableTollFreeNumbers' : 'textEnableNumbers';
  return client.imported('POST', `/hostingOrders:${operation}`, {
    body: {
      ...orderBody(request),
      nnid: request.nnid,
      scheduledOsrUpdateTime: request.scheduledOsrUpdateTime,
      ...request.loa,
    },
  });
}

// Workflow E: order status.

export function getOrder(client: ApiClient, id: string): Promise<Json> {
  return client.imported('GET', `/hostingOrders/${encodeURIComponent(id)}`);
}

export function getOrderReport(client: ApiClient, id: string): Promise<Json> {
  return client.imported('GET', `/hostingOrders/${encodeURIComponent(id)}/report`);
}

async function orUndefinedOn404(request: Promise<Json>): Promise<Json | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.httpStatus === 404) return undefined;
    throw error;
  }
}
