import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { IMPORTED_ELSEWHERE } from '../../src/domain/hosting/hostingState.js';
import { call } from '../helpers/api.js';
import { HBASE, orderState } from '../helpers/hosting.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

// A number of an order in progress imported elsewhere meanwhile: that import stands, and the
// number fails in the order (it is not reported DONE).
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('a number imported elsewhere while its order ran fails in the order; the others are imported', async () => {
  const [taken, mine] = ['+12025550601', '+12025550602'];
  const res = await call(t, {
    method: 'POST',
    url: `${HBASE}/hostingOrders:importNumbers`,
    body: { regionCode: 'US', numbers: [taken, mine], servicePlanId: 'plan-order', displayName: 'order' },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.hostingOrderId;
  const step = t.config.hostingStepSeconds;
  await t.advance(step); // reviewed: the OSR updates start
  await t.advance(step); // OSR updated: the SMS platform next
  assert.equal(await orderState(t, id), 'IN_PROGRESS');

  // The race, set up through the store: the order is closed for a moment (a direct import of a
  // number in an open order is refused), the number imported over the API, the order reopened.
  const store = t.runtime.store.hostingOrders;
  let held: { state: string; stage: string } | undefined;
  await store.update('project-a', id, (current) => {
    held = { state: current.state, stage: current.stage };
    return { order: { ...current, state: 'REJECTED', stage: 'DONE' } };
  });
  const direct = await call(t, {
    method: 'POST',
    url: `${HBASE}/importedNumbers`,
    body: {
      phoneNumber: taken,
      regionCode: 'US',
      displayName: 'direct',
      smsConfiguration: { servicePlanId: 'plan-direct' },
    },
  });
  assert.equal(direct.status, 200, JSON.stringify(direct.body));
  await store.update('project-a', id, (current, numbers) => ({
    order: { ...current, ...(held as object) },
    numbers,
  }));

  await t.advance(step); // the SMS platform step, the last: the order ends
  assert.equal(await orderState(t, id), 'COMPLETED');
  const number = await call(t, { method: 'GET', url: `${HBASE}/hostingOrders/${id}/numbers/${taken}` });
  assert.equal(number.status, 200);
  assert.equal(number.body.platformProvisioning.state, 'FAILED');
  assert.equal((await store.getNumber(id, taken))?.platformProvisioning.errorMessage, IMPORTED_ELSEWHERE);
  const report = await call(t, { method: 'GET', url: `${HBASE}/hostingOrders/${id}/report` });
  assert.equal(report.body.ongoingManualAction, 1);
  // The direct import stands; the other number came through the order.
  const directNow = await call(t, { method: 'GET', url: `${HBASE}/importedNumbers/${taken}` });
  assert.equal(directNow.body.displayName, 'direct');
  const ordered = await call(t, { method: 'GET', url: `${HBASE}/importedNumbers/${mine}` });
  assert.equal(ordered.body.displayName, 'order');
});
