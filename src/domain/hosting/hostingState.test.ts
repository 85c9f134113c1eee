import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type HostingOrderNumberRecord,
  type HostingOrderRecord,
  type HostingRequest,
  newOrderNumber,
  parseHostingRequest,
  reportOf,
} from './hostingOrder.js';
import {
  approved,
  carrierStep,
  IMPORTED_ELSEWHERE,
  rejected,
  type StepContext,
  signed,
  submitted,
} from './hostingState.js';

const T0 = 1_700_000_000_000;
const STEP = 60_000;
let ids = 0;
const ctx = (now: number, autoReview = true): StepContext => ({
  now,
  stepMs: STEP,
  autoReview,
  newId: () => `e${++ids}`,
});

const directLoaInfo = {
  authorisedPerson: { firstName: 'A', lastName: 'B', email: 'a@b.example' },
  address: { buildingNumber: '1', street: 'S', city: 'C', state: 'NY', postalCode: '10001', country: 'US' },
  currentVoiceCarrier: 'TMO',
};

function make(kind: 'import' | 'textEnable', numbers: string[], body: Partial<HostingRequest> = {}) {
  const parsed = parseHostingRequest(
    'p1',
    kind,
    { regionCode: 'US', numbers, servicePlanId: 'plan', callbackUrl: 'https://h.example/cb', ...body },
    kind === 'import' ? 5 : 500,
  );
  const order: HostingOrderRecord = {
    ...parsed.order,
    hostingOrderId: 'o1',
    state: 'DRAFT',
    stage: 'REVIEW',
    createdAt: T0,
    updatedAt: T0,
  };
  return { order, numbers: parsed.numbers.map((n) => newOrderNumber(order, n, T0)) };
}

/** Applies a transition's changed numbers to the full list. */
function apply(all: HostingOrderNumberRecord[], changed: HostingOrderNumberRecord[]) {
  const byNumber = new Map(changed.map((n) => [n.phoneNumber, n]));
  return all.map((n) => byNumber.get(n.phoneNumber) ?? n);
}

describe('hosting order state machine', () => {
  test('import: DRAFT → SUBMITTED (review due one step on) → IN_PROGRESS → COMPLETED, every number imported', () => {
    const { order, numbers } = make('import', ['+12025550101', '+12025550102'], { campaignId: 'C1' });
    const s = submitted(order, ctx(T0));
    assert.equal(s.order.state, 'SUBMITTED');
    assert.deepEqual(s.next, { stage: 'REVIEW', runAt: T0 + STEP });
    assert.equal(s.events.length, 1);
    assert.equal(submitted(order, ctx(T0, false)).next, null, 'operator mode waits for a person');

    const a = approved(s.order, numbers, null, ctx(T0 + STEP));
    assert.equal(a.order.state, 'IN_PROGRESS');
    assert.equal(a.loaRequested, false);
    assert.deepEqual(a.next, { stage: 'OSR', runAt: T0 + 2 * STEP });
    let all = apply(numbers, a.numbers);
    assert.ok(all.every((n) => n.osrUpdate.state === 'IN_PROGRESS'));

    const osr = carrierStep(a.order, all, ctx(T0 + 2 * STEP));
    all = apply(all, osr.numbers);
    assert.equal(osr.order.stage, 'PLATFORM');
    assert.deepEqual(
      osr.events.map((e) => e.eventType),
      ['OSR_UPDATE', 'OSR_UPDATE'],
    );
    const platform = carrierStep(osr.order, all, ctx(T0 + 3 * STEP));
    all = apply(all, platform.numbers);
    assert.equal(platform.order.stage, 'CAMPAIGN');
    assert.ok(all.every((n) => n.carriers.smsTmo.state === 'DONE'));
    const campaign = carrierStep(platform.order, all, ctx(T0 + 4 * STEP));
    assert.equal(campaign.order.state, 'COMPLETED');
    assert.equal(campaign.next, null);
    assert.equal(campaign.finished?.imported.length, 2);
    assert.deepEqual(
      campaign.finished?.outcomes.map((o) => o.outcome),
      ['HOSTING_DONE', 'HOSTING_DONE'],
    );
    assert.deepEqual(reportOf(campaign.order, apply(all, campaign.numbers)), {
      total: 2,
      osrUpdated: 2,
      smsProvisioned: 2,
      addedToCampaign: 2,
      ongoingManualAction: 0,
    });
  });

  test('direct LOA waits for the signature; the OSR update waits for scheduledOsrUpdateTime', () => {
    const at = new Date(T0 + 10 * STEP).toISOString();
    const { order, numbers } = make('textEnable', ['+12025550101'], {
      directLoaInfo,
      scheduledOsrUpdateTime: at,
    });
    const a = approved(submitted(order, ctx(T0)).order, numbers, null, ctx(T0 + STEP));
    assert.equal(a.order.state, 'WAITING_FOR_LOA_SIGNATURE');
    assert.equal(a.loaRequested, true);
    assert.equal(a.next, null);
    const sig = { fullName: 'A B', ip: '::1', at: T0 + 2 * STEP, via: 'signing page' };
    const s = signed(a.order, numbers, sig, ctx(T0 + 2 * STEP));
    assert.equal(s.order.state, 'IN_PROGRESS');
    assert.deepEqual(s.order.signature, sig);
    assert.deepEqual(s.next, { stage: 'OSR', runAt: T0 + 10 * STEP });
    // Signed after the scheduled time: one step on.
    const late = signed(a.order, numbers, { ...sig, at: T0 + 20 * STEP }, ctx(T0 + 20 * STEP));
    assert.deepEqual(late.next, { stage: 'OSR', runAt: T0 + 21 * STEP });
  });

  test('blanket LOA skips the signature', () => {
    const { order, numbers } = make('textEnable', ['+12025550101'], { blanketLoaInfo: {} });
    const a = approved(order, numbers, null, ctx(T0));
    assert.equal(a.order.state, 'IN_PROGRESS');
    assert.equal(a.loaRequested, false);
  });

  test('partial failure: a number ending in 6660 fails its OSR update and stops; the others complete', () => {
    const { order, numbers } = make('import', ['+12025556660', '+12025550102']);
    const a = approved(order, numbers, null, ctx(T0));
    let all = apply(numbers, a.numbers);
    const osr = carrierStep(a.order, all, ctx(T0 + STEP));
    all = apply(all, osr.numbers);
    const failedEvent = osr.events.find((e) => e.resourceId === '+12025556660');
    assert.equal(JSON.parse(failedEvent!.body).failureCode, 'NUMBER_PROVISIONING_FAILED');
    assert.equal(all[0]!.platformProvisioning.state, 'WAITING');
    const platform = carrierStep(osr.order, all, ctx(T0 + 2 * STEP));
    assert.equal(platform.order.state, 'COMPLETED', 'no campaign: the platform step is the last');
    assert.deepEqual(
      platform.finished?.imported.map((n) => n.phoneNumber),
      ['+12025550102'],
    );
    assert.equal(platform.finished?.outcomes[0]?.outcome, 'HOSTING_FAILED');
    assert.equal(platform.events.filter((e) => e.eventType === 'PROVISIONING_TO_SMS_PLATFORM').length, 1);
  });

  test('every number failing ends REJECTED; FAIL_<CODE> campaigns pick the failure code', () => {
    const { order, numbers } = make('import', ['+12025550101'], { campaignId: 'FAIL_CAMPAIGN_EXPIRED' });
    const a = approved(order, numbers, null, ctx(T0));
    let all = apply(numbers, a.numbers);
    const osr = carrierStep(a.order, all, ctx(T0 + STEP));
    all = apply(all, osr.numbers);
    const platform = carrierStep(osr.order, all, ctx(T0 + 2 * STEP));
    all = apply(all, platform.numbers);
    const campaign = carrierStep(platform.order, all, ctx(T0 + 3 * STEP));
    assert.equal(campaign.order.state, 'REJECTED');
    const link = campaign.events.find((e) => e.eventType === 'LINK_TO_10DLC_CAMPAIGN');
    assert.equal(JSON.parse(link!.body).failureCode, 'CAMPAIGN_EXPIRED');
    assert.equal(campaign.finished?.imported.length, 0);
    // A failing plan stops the order one step earlier.
    const plan = make('import', ['+12025550101'], { servicePlanId: 'FAIL_x' });
    const p1 = approved(plan.order, plan.numbers, null, ctx(T0));
    const p2 = carrierStep(p1.order, apply(plan.numbers, p1.numbers), ctx(T0 + STEP));
    const p3 = carrierStep(p2.order, apply(plan.numbers, p2.numbers), ctx(T0 + 2 * STEP));
    assert.equal(p3.order.state, 'REJECTED');
    // The SMS platform's failure has no failure code.
    assert.equal(JSON.parse(p3.events[0]!.body).failureCode, undefined);
  });

  test('rejection by an operator: REJECTED with the reason and review, every number failed', () => {
    const { order, numbers } = make('textEnable', ['+12025550101'], { directLoaInfo });
    const review = { decision: 'REJECTED' as const, reviewer: 'ops', reason: 'bad LOA', at: T0 };
    const r = rejected(order, numbers, 'bad LOA', review, ctx(T0));
    assert.equal(r.order.state, 'REJECTED');
    assert.equal(r.order.rejectionReason, 'bad LOA');
    assert.deepEqual(r.order.review, review);
    assert.deepEqual(r.finished?.outcomes, [
      { phoneNumber: '+12025550101', outcome: 'HOSTING_FAILED', error: 'bad LOA' },
    ]);
    assert.equal(JSON.parse(r.events[0]!.body).status, 'FAILED');
  });

  test('a number imported elsewhere meanwhile fails at the end (HOSTING_FAILED), the others complete', () => {
    const { order, numbers } = make('import', ['+12025550101', '+12025550102']);
    const a = approved(order, numbers, null, ctx(T0));
    let all = apply(numbers, a.numbers);
    const osr = carrierStep(a.order, all, ctx(T0 + STEP));
    all = apply(all, osr.numbers);
    const elsewhere = new Set(['+12025550101']);
    const platform = carrierStep(osr.order, all, { ...ctx(T0 + 2 * STEP), importedElsewhere: elsewhere });
    assert.equal(platform.order.state, 'COMPLETED');
    const lost = platform.numbers.find((n) => n.phoneNumber === '+12025550101');
    assert.equal(lost?.platformProvisioning.state, 'FAILED');
    assert.equal(lost?.platformProvisioning.errorMessage, IMPORTED_ELSEWHERE);
    assert.deepEqual(
      platform.finished?.imported.map((n) => n.phoneNumber),
      ['+12025550102'],
    );
    assert.deepEqual(platform.finished?.outcomes, [
      { phoneNumber: '+12025550101', outcome: 'HOSTING_FAILED', error: IMPORTED_ELSEWHERE },
      { phoneNumber: '+12025550102', outcome: 'HOSTING_DONE', error: '' },
    ]);
    // The only number taken elsewhere: the order ends REJECTED.
    const one = make('import', ['+12025550101']);
    const o1 = approved(one.order, one.numbers, null, ctx(T0));
    const o2 = carrierStep(o1.order, apply(one.numbers, o1.numbers), ctx(T0 + STEP));
    const o3 = carrierStep(o2.order, apply(one.numbers, o2.numbers), {
      ...ctx(T0 + 2 * STEP),
      importedElsewhere: elsewhere,
    });
    assert.equal(o3.order.state, 'REJECTED');
    assert.equal(o3.finished?.outcomes[0]?.outcome, 'HOSTING_FAILED');
  });

  test('the end of an order: one HOSTING_PROCESS per number (resourceId = the number), with its failure code', () => {
    const { order, numbers } = make('import', ['+12025556660', '+12025550102']);
    const a = approved(order, numbers, null, ctx(T0));
    let all = apply(numbers, a.numbers);
    const osr = carrierStep(a.order, all, ctx(T0 + STEP));
    all = apply(all, osr.numbers);
    const platform = carrierStep(osr.order, all, ctx(T0 + 2 * STEP));
    const perNumber = platform.events
      .filter((e) => e.eventType === 'HOSTING_PROCESS' && e.resourceId.startsWith('+'))
      .map((e) => JSON.parse(e.body));
    assert.deepEqual(
      perNumber.map((b) => [b.resourceId, b.resourceType, b.status, b.failureCode]),
      [
        ['+12025556660', 'HOSTING_ORDER_NUMBER', 'FAILED', 'NUMBER_PROVISIONING_FAILED'],
        ['+12025550102', 'HOSTING_ORDER_NUMBER', 'SUCCEEDED', undefined],
      ],
    );
    // An operator's rejection: every number FAILED, no failure code fits.
    const r = rejected(order, numbers, 'no', null, ctx(T0));
    const rejectedEvents = r.events
      .filter((e) => e.resourceId.startsWith('+'))
      .map((e) => JSON.parse(e.body));
    assert.deepEqual(
      rejectedEvents.map((b) => [b.resourceId, b.eventType, b.status, 'failureCode' in b]),
      [
        ['+12025556660', 'HOSTING_PROCESS', 'FAILED', false],
        ['+12025550102', 'HOSTING_PROCESS', 'FAILED', false],
      ],
    );
  });

  test('no callback URL: no events', () => {
    const { order } = make('import', ['+12025550101'], { callbackUrl: '' });
    assert.deepEqual(submitted(order, ctx(T0)).events, []);
  });
});
