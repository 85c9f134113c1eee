// Setup against a running Open Numbers server: a project and token for this run, samples of the
// real inventory, and the request lists the load loops walk. Everything is deterministic (seeded
// PRNG), so two runs on the same inventory send the same requests.

import type { CountryCode } from 'libphonenumber-js';
import { getCountryCallingCode } from 'libphonenumber-js';
import { mulberry32 } from '../src/domain/inventory/seededRandom.js';
import { type Req, send, sendJson, type Target } from './http.js';

export interface Api {
  t: Target;
  base: string; // /v1/projects/{projectId}
  auth: Record<string, string>;
  /** The same key's id and secret as Basic credentials, which the API also accepts per request. */
  basicAuth: Record<string, string>;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/**
 * A project of its own for every run, made through the admin API: with a kept BENCH_DATA_DIR the
 * bootstrap project still holds the previous runs' rentals, which would skew the list figures.
 */
export async function openApi(t: Target, adminToken: string): Promise<Api> {
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const projectId = `bench-${Date.now().toString(36)}`;
  await sendJson(t, {
    method: 'POST',
    path: '/admin/v1/projects',
    headers: admin,
    body: JSON.stringify({ projectId }),
  });
  const key = await sendJson<{ keyId: string; keySecret: string }>(t, {
    method: 'POST',
    path: `/admin/v1/projects/${projectId}/accessKeys`,
    headers: admin,
  });
  // Authenticate once, as an SDK does, and reuse the bearer token for every request.
  const basic = Buffer.from(`${key.keyId}:${key.keySecret}`).toString('base64');
  const token = await sendJson<{ access_token: string }>(t, {
    method: 'POST',
    path: '/oauth2/token',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return {
    t,
    base: `/v1/projects/${projectId}`,
    auth: { authorization: `Bearer ${token.access_token}` },
    basicAuth: { authorization: `Basic ${basic}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Available-number search

export interface Pair {
  regionCode: string;
  type: 'LOCAL' | 'MOBILE' | 'TOLL_FREE';
  /** Share of the search mix; US LOCAL is what most clients search. */
  weight: number;
}

export const SEARCH_PAIRS: Pair[] = [
  { regionCode: 'US', type: 'LOCAL', weight: 6 },
  { regionCode: 'US', type: 'TOLL_FREE', weight: 1 },
  { regionCode: 'CA', type: 'LOCAL', weight: 1 },
  { regionCode: 'GB', type: 'LOCAL', weight: 1 },
  { regionCode: 'GB', type: 'MOBILE', weight: 1 },
  { regionCode: 'DE', type: 'MOBILE', weight: 1 },
  { regionCode: 'FR', type: 'MOBILE', weight: 1 },
  { regionCode: 'AU', type: 'MOBILE', weight: 1 },
  { regionCode: 'JP', type: 'LOCAL', weight: 1 },
  { regionCode: 'BR', type: 'MOBILE', weight: 1 },
];

export interface Sample {
  pair: Pair;
  callingCode: string;
  numbers: string[];
}

export function searchPath(
  api: Api,
  pair: Pick<Pair, 'regionCode' | 'type'>,
  size: number,
  pattern?: { pattern: string; searchPattern: string },
): string {
  const q = new URLSearchParams({ regionCode: pair.regionCode, type: pair.type, size: String(size) });
  if (pattern) {
    q.set('numberPattern.pattern', pattern.pattern);
    q.set('numberPattern.searchPattern', pattern.searchPattern);
  }
  return `${api.base}/availableNumbers?${q}`;
}

/**
 * Real available numbers of a pair, spread over its number space: one START query per first
 * national digit. A plain search returns only the lowest numbers, whose prefixes all look alike.
 */
export async function sampleInventory(api: Api, pair: Pair): Promise<Sample> {
  const callingCode = getCountryCallingCode(pair.regionCode as CountryCode);
  const numbers: string[] = [];
  for (let digit = 0; digit <= 9; digit++) {
    const path = searchPath(api, pair, 100, { pattern: `+${callingCode}${digit}`, searchPattern: 'START' });
    const page = await sendJson<{ availableNumbers: { phoneNumber: string }[] }>(api.t, {
      method: 'GET',
      path,
      headers: api.auth,
    });
    for (const n of page.availableNumbers) numbers.push(n.phoneNumber);
  }
  return { pair, callingCode, numbers };
}

// START prefixes are the calling code plus 1-4 national digits, mostly 3 ('+1206').
const START_NATIONAL_DIGITS = [1, 2, 3, 3, 3, 4];
const END_DIGITS = [2, 3, 4];
const CONTAINS_DIGITS = [3, 4, 5, 6];
export const SEARCH_KINDS = ['NONE', 'START', 'END', 'CONTAINS'] as const;

/** The pattern of one search, seeded from a real number so that the query has at least that hit. */
function patternFor(
  kind: (typeof SEARCH_KINDS)[number],
  e164: string,
  callingCode: string,
  rand: () => number,
) {
  const national = e164.slice(1 + callingCode.length);
  switch (kind) {
    case 'NONE':
      return { tag: 'NONE', pattern: undefined };
    case 'START': {
      const pattern = `+${callingCode}${national.slice(0, pick(rand, START_NATIONAL_DIGITS))}`;
      return { tag: 'START', pattern: { pattern, searchPattern: 'START' } };
    }
    case 'END':
      return { tag: 'END', pattern: { pattern: e164.slice(-pick(rand, END_DIGITS)), searchPattern: 'END' } };
    case 'CONTAINS': {
      const length = Math.min(pick(rand, CONTAINS_DIGITS), national.length);
      const offset = Math.floor(rand() * (national.length - length + 1));
      // Short patterns match densely, longer ones rarely (the index walks a gram's postings): apart.
      const tag = length <= 3 ? 'CONTAINS 3' : 'CONTAINS 4-6';
      return {
        tag,
        pattern: { pattern: national.slice(offset, offset + length), searchPattern: 'CONTAINS' },
      };
    }
  }
}

/** `count` search requests, kinds interleaved so that every moment of the run sees the whole mix. */
export function buildSearchRequests(api: Api, samples: Sample[], count: number, seed = 42): Req[] {
  const rand = mulberry32(seed);
  const usable = samples.filter((s) => s.numbers.length > 0);
  const weighted = usable.flatMap((s) => Array.from({ length: s.pair.weight }, () => s));
  const requests: Req[] = [];
  for (let i = 0; i < count; i++) {
    const sample = pick(rand, weighted);
    const { tag, pattern } = patternFor(
      SEARCH_KINDS[i % SEARCH_KINDS.length],
      pick(rand, sample.numbers),
      sample.callingCode,
      rand,
    );
    requests.push({ method: 'GET', path: searchPath(api, sample.pair, 10, pattern), headers: api.auth, tag });
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------
// Active numbers

export function rentPath(api: Api, e164: string): string {
  return `${api.base}/availableNumbers/${encodeURIComponent(e164)}:rent`;
}

/**
 * Rents `count` distinct sampled numbers of several regions with :rent; returns them. Pairs with a
 * KYC policy (policies/*.json) refuse :rent with a 400 pointing to number orders (their numbers are
 * sold only through them; FAILED_PRECONDITION before): their numbers are skipped, the other pairs
 * supply the count.
 */
const KYC_REFUSAL = /FAILED_PRECONDITION|numberOrders:createNumberOrder/;

export async function rentSampled(api: Api, samples: Sample[], count: number, seed = 7): Promise<string[]> {
  const rand = mulberry32(seed);
  const pool = samples.flatMap((sample) => sample.numbers.map((e164) => ({ e164, sample })));
  const kyc = new Set<Sample>();
  const rented: string[] = [];
  while (rented.length < count && pool.length > 0) {
    const [{ e164, sample }] = pool.splice(Math.floor(rand() * pool.length), 1);
    if (kyc.has(sample)) continue;
    const req: Req = {
      method: 'POST',
      path: rentPath(api, e164),
      headers: { ...api.auth, 'content-type': 'application/json' },
      body: '{}',
    };
    const res = await send(api.t, req);
    if (res.status === 400 && KYC_REFUSAL.test(res.body)) {
      kyc.add(sample);
      continue;
    }
    if (res.status !== 200) throw new Error(`POST ${req.path} -> ${res.status}: ${res.body.slice(0, 300)}`);
    const phoneNumber = (JSON.parse(res.body) as { phoneNumber: string }).phoneNumber;
    if (phoneNumber !== e164) throw new Error(`rented ${e164} but got ${phoneNumber}`);
    rented.push(e164);
  }
  for (const s of samples) s.numbers = s.numbers.filter((n) => !rented.includes(n));
  return rented;
}

interface ActivePage {
  activeNumbers: { phoneNumber: string }[];
  nextPageToken: string;
  totalSize: number;
}

/** Paths of the first `maxPages` pages of the project's active numbers, following nextPageToken. */
export async function activePagePaths(api: Api, pageSize: number, maxPages: number) {
  const paths: string[] = [];
  let token = '';
  let totalSize = 0;
  do {
    const q = new URLSearchParams({ pageSize: String(pageSize) });
    if (token) q.set('pageToken', token);
    const path = `${api.base}/activeNumbers?${q}`;
    const page = await sendJson<ActivePage>(api.t, { method: 'GET', path, headers: api.auth });
    paths.push(path);
    token = page.nextPageToken;
    totalSize = page.totalSize;
  } while (token && paths.length < maxPages);
  return { paths, totalSize };
}

export function rentAnyRequest(api: Api): Req {
  return {
    method: 'POST',
    path: `${api.base}/availableNumbers:rentAny`,
    headers: { ...api.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ regionCode: 'US', type: 'LOCAL' }),
  };
}
