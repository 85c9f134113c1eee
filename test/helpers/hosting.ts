import assert from 'node:assert/strict';
import { newQualifiedNumber } from '../../src/domain/qualified/qualifiedNumber.js';
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
 * Makes the numbers VERIFIED qualified numbers of the project over the qualified numbers API,
 * as workflow C does: :addNumbers, the sandbox's eligibility decision (the clock moved by
 * OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS; the hosting tests set it to 1 so their orders barely
 * move), a voice challenge whose code is read from the sandbox voice log, and its verification.
 * Numbers the project has qualified already are left alone.
 */
export async function verifyNumbers(
  t: TestApp,
  projectId: string,
  numbers: readonly string[],
): Promise<void> {
  const auth = projectId === t.other.projectId ? t.other.auth : t.auth;
  const base = `/imported/v1/projects/${projectId}/qualifiedNumbers`;
  const as = { authorization: auth };
  const fresh: string[] = [];
  for (const n of numbers) {
    if ((await call(t, { method: 'GET', url: `${base}/${n}`, headers: as })).status === 404) fresh.push(n);
  }
  if (!fresh.length) return;
  const added = await call(t, {
    method: 'POST',
    url: `${base}:addNumbers`,
    headers: as,
    body: { phoneNumbers: fresh },
  });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  await t.advance(t.config.qualificationDelaySeconds);
  for (const n of fresh) {
    const sent = await call(t, { method: 'POST', url: `${base}/${n}:sendVoiceChallenge`, headers: as });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const calls = await call(t, {
      method: 'GET',
      url: `/_sandbox/voiceCalls?phoneNumber=${encodeURIComponent(n)}`,
      headers: ADMIN,
    });
    const code = calls.body.voiceCalls[0]?.code;
    assert.ok(code, `no voice call to ${n}`);
    const verified = await call(t, {
      method: 'POST',
      url: `${base}/${n}:verifyVoiceChallenge`,
      headers: as,
      body: { code },
    });
    assert.equal(
      verified.body.globalProcessState,
      'GLOBAL_PROCESS_STATE_VERIFIED',
      JSON.stringify(verified.body),
    );
  }
}

/** The state of a qualified number, without the API's prefix (read over the qualified numbers API). */
export async function qualifiedState(t: TestApp, projectId: string, phoneNumber: string) {
  const auth = projectId === t.other.projectId ? t.other.auth : t.auth;
  const res = await call(t, {
    method: 'GET',
    url: `/imported/v1/projects/${projectId}/qualifiedNumbers/${phoneNumber}`,
    headers: { authorization: auth },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return String(res.body.globalProcessState).replace('GLOBAL_PROCESS_STATE_', '');
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

/**
 * Operator mode has no sandbox voice log to read a code from: there the test setup writes
 * VERIFIED records through the qualified numbers store directly (not the code under test).
 */
export async function verifyNumbersInStore(t: TestApp, projectId: string, numbers: readonly string[]) {
  const now = t.runtime.deps.clock.now();
  const records = numbers.map((phoneNumber) => ({
    ...newQualifiedNumber(projectId, { phoneNumber, regionCode: 'US' }, now),
    state: 'VERIFIED' as const,
    osrEligibility: { status: 'DONE' as const, error: '' },
    ownershipVerification: { status: 'DONE' as const, error: '' },
  }));
  const created = await t.runtime.store.qualifiedNumbers.create(records, []);
  assert.ok(Array.isArray(created), JSON.stringify(created));
}
