import type { ApiClient } from '../../client.js';
import { ApiError } from '../../errors.js';
import { allPages, walkPages } from '../../pageWalker.js';
import type { ActiveNumber } from './activeNumber.js';

/** GET /activeNumbers/{n}: the number, or `undefined` when it is not an active number of the project. */
export async function findActive(client: ApiClient, phoneNumber: string): Promise<ActiveNumber | undefined> {
  try {
    return await client.numbers<ActiveNumber>('GET', `/activeNumbers/${phoneNumber}`);
  } catch (error) {
    if (error instanceof ApiError && error.httpStatus === 404) return undefined;
    throw error;
  }
}

/** GET /activeNumbers/{n}; a 404 is the API's refusal (exit 1). */
export function getActive(client: ApiClient, phoneNumber: string): Promise<ActiveNumber> {
  return client.numbers<ActiveNumber>('GET', `/activeNumbers/${phoneNumber}`);
}

/** Every page of GET /activeNumbers with these filters. */
export function activePages(
  client: ApiClient,
  filters: Record<string, string | string[] | undefined>,
  pageSize: number,
) {
  return walkPages<ActiveNumber>(client, 'numbers', '/activeNumbers', 'activeNumbers', filters, pageSize);
}

/** Every active number matching the filters. */
export function listAllActive(
  client: ApiClient,
  filters: Record<string, string | string[] | undefined>,
): Promise<ActiveNumber[]> {
  return allPages(activePages(client, filters, 100));
}
