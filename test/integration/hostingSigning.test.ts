import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHostingService } from '../../src/domain/hosting/hostingService.js';
import { createMailer } from '../../src/mail/mailer.js';
import type { Store } from '../../src/store/types.js';
import { call } from '../helpers/api.js';
import { ADMIN, directLoa, HBASE, mails, orderState, verifyNumbersInStore } from '../helpers/hosting.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

// The signing page's form and its answers when an operator acts in the middle of a signature.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

/** A direct-LOA order waiting for its signature; its signing path from the sandbox mail log. */
async function waitingOrder(phoneNumber: string, email: string) {
  await verifyNumbersInStore(t, 'project-a', [phoneNumber]);
  const res = await call(t, {
    method: 'POST',
    url: `${HBASE}/hostingOrders:textEnableNumbers`,
    body: { regionCode: 'US', numbers: [phoneNumber], servicePlanId: 'p', directLoaInfo: directLoa(email) },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await t.advance(t.config.hostingStepSeconds);
  const [mail] = await mails(t, email);
  const path = new URL(mail.links[0]).pathname;
  return { id: res.body.hostingOrderId as string, path, token: path.slice('/loa/'.length) };
}

test('the form posts to a relative action that resolves to the page itself', async () => {
  const { path } = await waitingOrder('+12025550501', 'relative@example.com');
  const page = await t.app.inject({ method: 'GET', url: path });
  assert.equal(page.statusCode, 200);
  const action = /<form method="post" action="([^"]*)"/.exec(page.body)?.[1];
  assert.ok(action, 'a form with an action');
  assert.ok(!action.startsWith('/'), `relative: ${action}`);
  // Behind a proxy under a prefix too.
  assert.equal(new URL(action, `https://proxy.example/numbers${path}`).pathname, `/numbers${path}`);
  assert.equal(new URL(action, `https://h.example${path}`).pathname, path);
});

test('rejected by an operator while the signature is being made: the signer is told 410 (rejected), not "used"', async () => {
  const { id, token } = await waitingOrder('+12025550502', 'race@example.com');
  // The real store, with a hook that lets the operator's rejection land between the link's
  // check and the signature's write (the signing reads the order's numbers in between).
  const store = t.runtime.store;
  let rejectedMeanwhile = false;
  const hooked = {
    ...store,
    hostingOrders: {
      ...store.hostingOrders,
      async allNumbers(hostingOrderId: string) {
        if (!rejectedMeanwhile) {
          rejectedMeanwhile = true;
          const rejected = await call(t, {
            method: 'POST',
            url: `/admin/v1/projects/project-a/hostingOrders/${id}:review`,
            headers: ADMIN,
            body: { decision: 'REJECT', reason: 'withdrawn', reviewer: 'ops' },
          });
          assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
        }
        return store.hostingOrders.allNumbers(hostingOrderId);
      },
    },
  } as Store;
  const hosting = createHostingService({
    store: hooked,
    now: () => t.runtime.deps.clock.now(),
    stepMs: t.config.hostingStepSeconds * 1000,
    autoReview: true,
    mailer: createMailer({ smtpUrl: undefined, from: 'x@example.com' }),
    publicUrl: 'http://localhost',
  });
  assert.equal(await hosting.sign(token, { fullName: 'Late Signer', ip: '::1' }), 'rejected');
  assert.ok(rejectedMeanwhile);
  assert.equal(await orderState(t, id), 'REJECTED');
});
