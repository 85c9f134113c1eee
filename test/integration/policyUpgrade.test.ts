import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { assertError, BASE, call } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

/**
 * A database from before input limits (issue 7) holds policies whose strings have no maxLength and
 * whose e-mail pattern backtracks. After the upgrade they must keep serving their orders — the
 * new rules apply to uploads — and their patterns still never run past a maxLength.
 * The fixtures are the shipped files as they were then.
 */

const FIXTURES = new URL('../fixtures/policies-before-limits/', import.meta.url);
const oldPolicies = readdirSync(FIXTURES).map(
  (name) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, any>,
);

let t: TestApp;
before(async () => {
  t = await startTestApp();
  // As the old server stored them: straight into the store, without today's checks.
  for (const policy of oldPolicies) {
    await t.runtime.store.policies.putNewVersion(policy.regionCode, policy.numberType, policy, Date.now());
  }
});
after(() => t.close());

test('the operator is told which stored policies break the upload rules', async () => {
  const outdated = await t.runtime.deps.policies.storedBeforeLimits();
  assert.deepEqual(
    outdated.map((line) => line.split(' v')[0]).sort(),
    oldPolicies.map((p) => `${p.regionCode} ${p.numberType}`).sort(),
  );
});

test('an old policy still serves lookup, order creation and registration', async () => {
  const policy = oldPolicies.find((p) => p.regionCode === 'CH')!;
  const lookup = await call(t, {
    method: 'POST',
    url: `${BASE}/numberOrders:lookupNumberRequirements`,
    body: { regionCode: 'CH', numberType: 'LOCAL' },
  });
  assert.equal(lookup.status, 200);
  const search = await call(t, {
    method: 'GET',
    url: `${BASE}/availableNumbers?regionCode=CH&type=LOCAL&size=1`,
  });
  const order = await call(t, {
    method: 'POST',
    url: `${BASE}/numberOrders:createNumberOrder`,
    body: {
      regionCode: 'CH',
      numberType: 'LOCAL',
      numberOrderOption: { phoneNumbers: [search.body.availableNumbers[0].phoneNumber] },
    },
  });
  assert.equal(order.status, 200, JSON.stringify(order.body));
  const registrationUrl = `${BASE}/numberOrders/${order.body.idNumberOrder}/registration`;
  const valid = await call(t, { method: 'PUT', url: registrationUrl, body: { data: policy.examples.valid } });
  assert.equal(valid.status, 200, JSON.stringify(valid.body));

  // The old e-mail pattern backtracks quadratically, but never sees more than its maxLength.
  const data = structuredClone(policy.examples.valid);
  data[2].email = `a@${'.'.repeat(60_000)}@`;
  const started = performance.now();
  const error = assertError(
    await call(t, { method: 'PUT', url: registrationUrl, body: { data } }),
    400,
    'INVALID_ARGUMENT',
  );
  assert.match(JSON.stringify(error.details), /data\[2\]\.email/);
  assert.ok(performance.now() - started < 2000, 'answered without running the pattern on 60 KB');
});
