import assert from 'node:assert/strict';
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
 * Makes the numbers VERIFIED qualified numbers of the project, as text-enable requires. (Until
 * the qualified numbers store is merged, text-enable accepts any number and this does nothing.)
 */
export async function verifyNumbers(
  _t: TestApp,
  _projectId: string,
  _numbers: readonly string[],
): Promise<void> {}

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
