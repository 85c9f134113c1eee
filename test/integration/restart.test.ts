import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE, call, rent } from '../helpers/api.js';
import { ADMIN_TOKEN, startTestApp } from '../helpers/testApp.js';

test('a restart on the same store keeps projects, keys, tokens, numbers and pending provisioning', async () => {
  const first = await startTestApp({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '30' });
  const key = await first.app.inject({
    method: 'POST',
    url: '/admin/v1/projects/project-b/accessKeys',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const tokenRes = await first.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { authorization: first.auth, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials',
  });
  const bearer = `Bearer ${tokenRes.json().access_token}`;
  const rented = await rent(first, { smsConfiguration: { servicePlanId: 'plan-r' } });
  const inventoryBefore = await first.runtime.store.inventory.countAvailable();
  await first.close({ keepData: true });

  const second = await startTestApp({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '30' }, first.storage);
  try {
    assert.equal(second.runtime.startup.seeded, false, 'the inventory is not generated again');
    assert.equal(await second.runtime.store.inventory.countAvailable(), inventoryBefore);
    const got = await call(second, {
      method: 'GET',
      url: `${BASE}/activeNumbers/${rented.phoneNumber}`,
      headers: { authorization: bearer },
    });
    assert.equal(got.status, 200, 'the token issued before the restart still works');
    assert.equal(got.body.smsConfiguration.scheduledProvisioning.status, 'WAITING');
    const { keyId, keySecret } = key.json();
    const otherKey = `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`;
    assert.equal(
      (
        await call(second, {
          method: 'GET',
          url: '/v1/projects/project-b/activeNumbers',
          headers: { authorization: otherKey },
        })
      ).status,
      200,
    );

    await second.advance(30);
    const done = await call(second, { method: 'GET', url: `${BASE}/activeNumbers/${rented.phoneNumber}` });
    assert.deepEqual(done.body.smsConfiguration, {
      servicePlanId: 'plan-r',
      scheduledProvisioning: null,
      campaignId: '',
    });
  } finally {
    await second.close();
  }
});

test('a restart with another OPEN_NUMBERS_SECRET_KEY refuses to start instead of failing callbacks later', async () => {
  const first = await startTestApp({ OPEN_NUMBERS_SECRET_KEY: 'key-one' });
  await first.close({ keepData: true });
  await assert.rejects(
    () => startTestApp({ OPEN_NUMBERS_SECRET_KEY: 'key-two' }, first.storage),
    /OPEN_NUMBERS_SECRET_KEY/,
  );
  const again = await startTestApp({ OPEN_NUMBERS_SECRET_KEY: 'key-one' }, first.storage);
  await again.close();
});
