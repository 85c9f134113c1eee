import assert from 'node:assert/strict';
import { assertDeclaredResponse } from './contract.js';
import type { TestApp } from './testApp.js';

export const BASE = '/v1/projects/project-a';

export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends a request as PROJECT (Basic auth) unless headers say otherwise; parses JSON. */
export async function call(t: TestApp, { method, url, body, headers }: Call) {
  const response = await t.app.inject({
    method,
    url,
    headers: {
      authorization: t.auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = response.body;
  const result = {
    status: response.statusCode,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
  assertDeclaredResponse(t.app, { method, url }, result);
  return result;
}

/** Asserts the upstream error envelope and returns its `error` object. */
export function assertError(response: { status: number; body: any }, httpStatus: number, status: string) {
  assert.equal(response.status, httpStatus, JSON.stringify(response.body));
  assert.deepEqual(Object.keys(response.body), ['error']);
  const error = response.body.error;
  assert.deepEqual(Object.keys(error), ['code', 'message', 'status', 'details']);
  assert.equal(error.code, httpStatus);
  assert.equal(error.status, status);
  assert.ok(Array.isArray(error.details));
  return error;
}

/** Asserts the Imported Numbers API's flat envelope ({code, message, status, details}, code a string). */
export function assertFlatError(response: { status: number; body: any }, httpStatus: number, status: string) {
  assert.equal(response.status, httpStatus, JSON.stringify(response.body));
  assert.deepEqual(Object.keys(response.body), ['code', 'message', 'status', 'details']);
  assert.equal(response.body.code, String(httpStatus));
  assert.equal(response.body.status, status);
  assert.ok(Array.isArray(response.body.details));
  return response.body;
}

/** The envelope of the surface the URL belongs to: flat under /imported, wrapped elsewhere. */
export function assertErrorAt(
  url: string,
  response: { status: number; body: any },
  httpStatus: number,
  status: string,
) {
  return url.startsWith('/imported/')
    ? assertFlatError(response, httpStatus, status)
    : assertError(response, httpStatus, status);
}

export function fieldViolations(error: any): string[] {
  const detail = error.details.find((d: any) => d.type === 'BadRequest');
  return detail ? detail.fieldViolations.map((v: any) => v.field) : [];
}

/** Returns an available number of the given region and type from the inventory. */
export async function someAvailable(
  t: TestApp,
  regionCode = 'US',
  type = 'LOCAL',
  query = '',
): Promise<string> {
  const res = await call(t, {
    method: 'GET',
    url: `${BASE}/availableNumbers?regionCode=${regionCode}&type=${type}&size=1${query}`,
  });
  assert.equal(res.status, 200);
  const number = res.body.availableNumbers[0]?.phoneNumber;
  assert.ok(number, `no available ${regionCode} ${type} number`);
  return number;
}

export async function rent(t: TestApp, body: unknown = {}, regionCode = 'US', type = 'LOCAL'): Promise<any> {
  const number = await someAvailable(t, regionCode, type);
  const res = await call(t, { method: 'POST', url: `${BASE}/availableNumbers/${number}:rent`, body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/**
 * A "small pair" inside a list of numbers: the longest prefix that 3 to 20 of them share, and
 * those numbers (rentAny with a START pattern of the prefix can rent only them).
 */
export function smallPrefix(numbers: readonly string[]): { prefix: string; members: string[] } {
  for (let length = 11; length > 4; length--) {
    const counts = new Map<string, number>();
    for (const n of numbers) counts.set(n.slice(0, length), (counts.get(n.slice(0, length)) ?? 0) + 1);
    const found = [...counts].find(([, count]) => count >= 3 && count <= 20);
    if (found) return { prefix: found[0], members: numbers.filter((n) => n.startsWith(found[0])) };
  }
  assert.fail('no prefix shared by 3 to 20 of the numbers');
}
