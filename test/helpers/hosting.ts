import assert from 'node:assert/strict';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
  newQualifiedNumber,
  type QualifiedNumberRecord,
} from '../../src/domain/qualified/qualifiedNumber.js';
import { call } from './api.js';
import { ADMIN_TOKEN, type TestApp } from './testApp.js';

/** Shared parts of the hosting order tests. */
export const HBASE = '/imported/v1/projects/project-a';
export const OTHER_HBASE = '/imported/v1/projects/project-b';
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

export const address = {
  buildingNumber: '2433',
  street: 'Vesta Drive',
  city: 'Chicago',
  state: 'IL',
  postalCode: '60647',
  country: 'US',
};

export const directLoa = (email = 'jane.signer@example.com') => ({
  authorisedPerson: { firstName: 'Jane', lastName: 'Signer', email },
  address,
  currentVoiceCarrier: 'Verizon',
});

export const resellerLoa = (email = 'rob.reseller@example.com') => ({
  businessName: 'Acme <Resale> & Co',
  authorisedPerson: { firstName: 'Rob', lastName: 'Reseller', email },
  address,
  currentVoiceCarrier: 'TMO',
});

/**
 * Makes the numbers VERIFIED qualified numbers of the project, as text-enable requires. The
 * qualified numbers API has no HTTP routes on this branch yet, so this is a test setup step that
 * writes VERIFIED records through the qualified numbers store directly (not the hosting code
 * under test).
 */
export async function verifyNumbers(
  t: TestApp,
  projectId: string,
  numbers: readonly string[],
): Promise<void> {
  const now = t.runtime.deps.clock.now();
  const fresh: string[] = [];
  for (const n of numbers) if (!(await t.runtime.store.qualifiedNumbers.get(projectId, n))) fresh.push(n);
  if (!fresh.length) return;
  const records = fresh.map((phoneNumber) => {
    const country = parsePhoneNumberFromString(phoneNumber)?.country;
    return {
      ...newQualifiedNumber(projectId, { phoneNumber, regionCode: country === 'CA' ? 'CA' : 'US' }, now),
      state: 'VERIFIED' as const,
      osrEligibility: { status: 'DONE', error: '' },
      ownershipVerification: { status: 'DONE', error: '' },
    };
  });
  const created = await t.runtime.store.qualifiedNumbers.create(records as QualifiedNumberRecord[], []);
  assert.ok(Array.isArray(created), `already qualified: ${JSON.stringify(created)}`);
}

/** The state of a qualified number (read from the store: see verifyNumbers). */
export async function qualifiedState(t: TestApp, projectId: string, phoneNumber: string) {
  return (await t.runtime.store.qualifiedNumbers.get(projectId, phoneNumber))?.state;
}

export async function orderState(t: TestApp, id: string, base = HBASE): Promise<string> {
  const res = await call(t, { method: 'GET', url: `${base}/hostingOrders/${id}` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.state;
}

export async function mails(t: TestApp, to: string): Promise<any[]> {
  const res = await call(t, {
    method: 'GET',
    url: `/_sandbox/emails?to=${encodeURIComponent(to)}`,
    headers: ADMIN,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.emails;
}

export async function adminOrder(t: TestApp, id: string): Promise<any> {
  const res = await call(t, { method: 'GET', url: '/admin/v1/hostingOrders?pageSize=1000', headers: ADMIN });
  assert.equal(res.status, 200);
  return res.body.hostingOrders.find((o: any) => o.hostingOrderId === id);
}
