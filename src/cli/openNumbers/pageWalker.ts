import type { Api, ApiClient, QueryValue } from './client.js';
import { CliError, EXIT } from './errors.js';

/** One page of a token-paged list, as it arrived. */
export interface Page<T> {
  items: T[];
  /** Which page this is, from 1. */
  number: number;
  /** The answer's `totalSize`: how many items match on all pages (as of this page). */
  totalSize: number | undefined;
}

/**
 * Every page of a list that pages with `pageSize`/`pageToken` and answers
 * `{<key>: [...], nextPageToken, totalSize}`: the original query is re-sent with each token until
 * the token is empty, as the SDKs do. A token that comes back twice is an error, not a loop.
 */
export async function* walkPages<T>(
  client: ApiClient,
  api: Api,
  path: string,
  key: string,
  query: Record<string, QueryValue>,
  pageSize: number,
): AsyncGenerator<Page<T>> {
  const seen = new Set<string>();
  let pageToken: string | undefined;
  for (let number = 1; ; number++) {
    const answer = await client.json<Record<string, unknown>>(api, 'GET', path, {
      query: { ...query, pageSize, pageToken },
    });
    const items = answer?.[key];
    if (!Array.isArray(items))
      throw new CliError(`GET ${path}: the answer has no "${key}" list`, EXIT.refused, { page: number });
    const totalSize = typeof answer.totalSize === 'number' ? answer.totalSize : undefined;
    yield { items: items as T[], number, totalSize };
    const next = typeof answer.nextPageToken === 'string' ? answer.nextPageToken : '';
    if (!next) return;
    if (seen.has(next))
      throw new CliError(`GET ${path}: page ${number} sent a nextPageToken already used`, EXIT.refused);
    seen.add(next);
    pageToken = next;
  }
}

/** All items of every page. */
export async function allPages<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page.items);
  return all;
}
