import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, BASE, call, fieldViolations } from '../helpers/api.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/testApp.js';

/**
 * The audit log: every decision an operator (or the sandbox, deciding by itself) makes is kept
 * with who, when and why, and read back newest first.
 */
let t: TestApp;
before(async () => {
  t = await startTestApp({
    OPEN_NUMBERS_REVIEW_DELAY_SECONDS: '600',
    OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS: '600',
    OPEN_NUMBERS_HOSTING_STEP_SECONDS: '600',
  });
});
after(() => t.close());

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const as = (actor: string) => ({ ...admin, 'x-open-numbers-actor': actor });
const P = 'GLOBAL_PROCESS_STATE_';

async function auditLog(query = '') {
  const res = await call(t, { method: 'GET', url: `/admin/v1/auditLog${query}`, headers: admin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.auditEntries as any[];
}
const summary = (e: any) => [e.actor, e.action, e.resourceType, e.resourceId, e.reason, e.details];

/** A GB LOCAL number order (no KYC policy), submitted: IN_REVIEW. */
async function orderInReview(skip: number): Promise<string> {
  const search = await call(t, {
    method: 'GET',
    url: `${BASE}/availableNumbers?regionCode=GB&type=LOCAL&size=${skip + 1}`,
  });
  const created = await call(t, {
    method: 'POST',
    url: `${BASE}/numberOrders:createNumberOrder`,
    body: {
      regionCode: 'GB',
      numberType: 'LOCAL',
      numberOrderOption: { phoneNumbers: [search.body.availableNumbers[skip].phoneNumber] },
    },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const id = created.body.idNumberOrder;
  assert.equal((await call(t, { method: 'POST', url: `${BASE}/numberOrders/${id}/submit` })).status, 200);
  return id;
}

const reviewOrder = (id: string, body: unknown, headers: Record<string, string>) =>
  call(t, { method: 'POST', url: `/admin/v1/projects/project-a/numberOrders/${id}:review`, headers, body });

async function reviewCounts() {
  const res = await call(t, { method: 'GET', url: '/admin/v1/reviewCounts', headers: admin });
  assert.equal(res.status, 200);
  return res.body;
}

describe('decisions in the audit log', () => {
  test('a number order review: actor, decision and reason, written with the decision or not at all', async () => {
    const countsBefore = await reviewCounts();
    const id = await orderInReview(0);
    assert.equal((await reviewCounts()).numberOrders, countsBefore.numberOrders + 1);
    const rejected = await reviewOrder(id, { decision: 'REJECTED', reason: 'The ID is expired' }, as('rita'));
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal((await reviewCounts()).numberOrders, countsBefore.numberOrders);

    const entries = await auditLog(`?resourceId=${id}`);
    assert.deepEqual(entries.map(summary), [
      ['rita', 'REVIEW', 'NumberOrder', id, 'The ID is expired', { decision: 'REJECTED' }],
    ]);
    assert.equal(entries[0].projectId, 'project-a');
    assert.equal(entries[0].time, rejected.body.updateTime, 'the service clock, the decision’s time');

    // A decision the order's state refuses is no decision: nothing is recorded.
    const again = await reviewOrder(id, { decision: 'COMPLETED' }, as('rita'));
    assertError(again, 400, 'FAILED_PRECONDITION');
    assert.equal((await auditLog(`?resourceId=${id}`)).length, 1);
  });

  test('the sandbox’s automatic review is recorded with the actor "sandbox"', async () => {
    const id = await orderInReview(1);
    await t.advance(600);
    assert.deepEqual((await auditLog(`?resourceId=${id}`)).map(summary), [
      ['sandbox', 'REVIEW', 'NumberOrder', id, '', { decision: 'COMPLETED' }],
    ]);
  });

  test('hosting order reviews: the body’s reviewer, else X-Open-Numbers-Actor, else "admin-token"', async () => {
    const ids: string[] = [];
    for (const n of ['+12127363201', '+12127363202', '+12127363203']) {
      const res = await call(t, {
        method: 'POST',
        url: '/imported/v1/projects/project-a/hostingOrders:importNumbers',
        body: { regionCode: 'US', numbers: [n], servicePlanId: 'plan-1' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      ids.push(res.body.hostingOrderId);
    }
    const review = (id: string, body: unknown, headers: Record<string, string>) =>
      call(t, {
        method: 'POST',
        url: `/admin/v1/projects/project-a/hostingOrders/${id}:review`,
        headers,
        body,
      });
    const countsBefore = await reviewCounts();
    const byBody = await review(ids[0]!, { decision: 'APPROVE', reviewer: 'hank' }, as('not me'));
    assert.equal(byBody.body.review.reviewer, 'hank');
    const byHeader = await review(ids[1]!, { decision: 'REJECT', reason: 'Carrier says no' }, as('Hilda'));
    assert.equal(byHeader.body.review.reviewer, 'Hilda');
    const byNobody = await review(ids[2]!, { decision: 'APPROVE' }, admin);
    assert.equal(byNobody.body.review.reviewer, 'admin-token');
    assert.equal((await reviewCounts()).hostingOrders, countsBefore.hostingOrders - 3);

    const entries = await auditLog('?resourceType=HostingOrder');
    assert.deepEqual(entries.map(summary), [
      ['admin-token', 'REVIEW', 'HostingOrder', ids[2], '', { decision: 'APPROVED' }],
      ['Hilda', 'REVIEW', 'HostingOrder', ids[1], 'Carrier says no', { decision: 'REJECTED' }],
      ['hank', 'REVIEW', 'HostingOrder', ids[0], '', { decision: 'APPROVED' }],
    ]);
  });

  test('qualified numbers: an operator’s and the sandbox’s eligibility decisions, and an unblock', async () => {
    const base = '/imported/v1/projects/project-a/qualifiedNumbers';
    const [decided, automatic] = ['+13125550181', '+13125550182'];
    const countsBefore = await reviewCounts();
    const added = await call(t, {
      method: 'POST',
      url: `${base}:addNumbers`,
      body: { phoneNumbers: [decided, automatic] },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal((await reviewCounts()).qualifiedNumbers, countsBefore.qualifiedNumbers + 2);

    const decision = await call(t, {
      method: 'POST',
      url: `/admin/v1/projects/project-a/qualifiedNumbers/${decided}:decide`,
      headers: as('quinn'),
      body: { decision: 'NOT_ELIGIBLE', reason: 'Invoice names another company' },
    });
    assert.equal(decision.body.eligibilityReview.reviewer, 'quinn');
    await t.advance(600);
    assert.equal((await reviewCounts()).qualifiedNumbers, countsBefore.qualifiedNumbers);

    // Three wrong codes block the automatically approved number; an operator lifts the block.
    assert.equal(
      (await call(t, { method: 'POST', url: `${base}/${automatic}:sendVoiceChallenge` })).status,
      200,
    );
    for (let i = 0; i < 3; i++) {
      await call(t, {
        method: 'POST',
        url: `${base}/${automatic}:verifyVoiceChallenge`,
        body: { code: 'nope' },
      });
    }
    assert.equal(
      (await call(t, { method: 'GET', url: `${base}/${automatic}` })).body.globalProcessState,
      `${P}VERIFICATION_BLOCKED`,
    );
    assert.equal((await reviewCounts()).blockedQualifiedNumbers, countsBefore.blockedQualifiedNumbers + 1);
    const lifted = await call(t, {
      method: 'POST',
      url: `/admin/v1/projects/project-a/qualifiedNumbers/${automatic}:unblock`,
      headers: as('quinn'),
      body: { reason: 'Stale code read out' },
    });
    assert.equal(lifted.status, 200, JSON.stringify(lifted.body));

    const entries = await auditLog('?resourceType=QualifiedNumber');
    assert.deepEqual(entries.map(summary), [
      ['quinn', 'UNBLOCK', 'QualifiedNumber', automatic, 'Stale code read out', {}],
      [
        'sandbox',
        'DECIDE',
        'QualifiedNumber',
        automatic,
        'Invoices checked (sandbox: decided automatically)',
        { decision: 'ELIGIBLE' },
      ],
      [
        'quinn',
        'DECIDE',
        'QualifiedNumber',
        decided,
        'Invoice names another company',
        { decision: 'NOT_ELIGIBLE' },
      ],
    ]);
  });

  test('a KYC policy upload, with the version it became', async () => {
    const current = await call(t, { method: 'GET', url: '/admin/v1/kycPolicies/AU/MOBILE', headers: admin });
    const put = await call(t, {
      method: 'PUT',
      url: '/admin/v1/kycPolicies/AU/MOBILE',
      headers: as('paula'),
      body: current.body,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const [entry] = await auditLog('?resourceType=KycPolicy');
    assert.deepEqual(summary(entry), [
      'paula',
      'PUT',
      'KycPolicy',
      'AU/MOBILE',
      '',
      { version: put.body.version },
    ]);
    assert.equal(entry.projectId, '');
  });
});

describe('GET /admin/v1/auditLog', () => {
  test('newest first; filtered by project, resource type or resource id', async () => {
    await call(t, { method: 'POST', url: '/admin/v1/projects/project-b/accessKeys', headers: as('bea') });
    const all = await auditLog();
    assert.ok(all.length >= 12);
    const order = all.map((e) => [e.time, e.id]);
    assert.deepEqual(order, [...order].sort().reverse(), 'newest first');
    const mine = await auditLog('?projectId=project-a');
    assert.ok(mine.length > 0 && mine.every((e) => e.projectId === 'project-a'));
    const theirs = await auditLog('?projectId=project-b');
    assert.ok(theirs.every((e) => e.projectId === 'project-b'));
    // The test setup made the project and a key through the service, as "admin-token".
    assert.deepEqual(
      theirs.map((e) => [e.actor, e.action, e.resourceType]),
      [
        ['bea', 'CREATE', 'AccessKey'],
        ['admin-token', 'CREATE', 'AccessKey'],
        ['admin-token', 'CREATE', 'Project'],
      ],
    );
    assert.deepEqual(await auditLog('?resourceId=nothing-like-this'), []);
  });

  test('pages follow nextPageToken to the whole list; a token is good for its own filters only', async () => {
    const all = await auditLog('?projectId=project-a');
    const paged: any[] = [];
    let token = '';
    do {
      const res = await call(t, {
        method: 'GET',
        url: `/admin/v1/auditLog?projectId=project-a&pageSize=2${token ? `&pageToken=${token}` : ''}`,
        headers: admin,
      });
      paged.push(...res.body.auditEntries);
      token = res.body.nextPageToken;
      if (token) {
        const elsewhere = await call(t, {
          method: 'GET',
          url: `/admin/v1/auditLog?projectId=project-b&pageToken=${token}`,
          headers: admin,
        });
        assert.deepEqual(fieldViolations(assertError(elsewhere, 400, 'INVALID_ARGUMENT')), ['pageToken']);
      }
    } while (token);
    assert.deepEqual(paged, all);
  });

  test('400 for an unknown resource type or a bad actor header; 401 without the admin token', async () => {
    const bad = await call(t, {
      method: 'GET',
      url: '/admin/v1/auditLog?resourceType=Banana',
      headers: admin,
    });
    assert.deepEqual(fieldViolations(assertError(bad, 400, 'INVALID_ARGUMENT')), ['resourceType']);
    const id = await orderInReview(2);
    for (const actor of ['x'.repeat(257), 'tab\there']) {
      const res = await reviewOrder(id, { decision: 'COMPLETED' }, as(actor));
      assert.equal(res.status, 400, actor);
    }
    assert.deepEqual(await auditLog(`?resourceId=${id}`), [], 'nothing decided');
    assertError(await call(t, { method: 'GET', url: '/admin/v1/auditLog' }), 401, 'UNAUTHENTICATED');
    assertError(await call(t, { method: 'GET', url: '/admin/v1/reviewCounts' }), 401, 'UNAUTHENTICATED');
  });
});
