import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../errors.js';
import {
  advanceSms,
  advanceVoice,
  EMPTY_SMS,
  EMPTY_VOICE,
  type SmsState,
  scheduleSmsChange,
  scheduleVoiceChange,
  type VoiceState,
} from './provisioning.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const linkedSms: SmsState = { servicePlanId: 'plan-a', campaignId: '', scheduled: null };
const linkedVoice: VoiceState = { ...EMPTY_VOICE, appId: 'app-a' };

function violationFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 'INVALID_ARGUMENT');
    const detail = error.details[0];
    return detail?.type === 'BadRequest' ? detail.fieldViolations.map((v) => v.field) : [];
  }
  assert.fail('expected an INVALID_ARGUMENT error');
}

describe('scheduling an SMS change', () => {
  test('a new service plan is scheduled WAITING with no error codes', () => {
    const scheduled = scheduleSmsChange(EMPTY_SMS, { servicePlanId: 'plan-a' }, NOW, 'id1');
    assert.deepEqual(scheduled, {
      id: 'id1',
      servicePlanId: 'plan-a',
      campaignId: '',
      status: 'WAITING',
      lastUpdatedTime: NOW,
      errorCodes: [],
    });
  });

  test('"" and null both unlink', () => {
    assert.equal(scheduleSmsChange(linkedSms, { servicePlanId: '' }, NOW, 'x')?.servicePlanId, '');
    assert.equal(scheduleSmsChange(linkedSms, { servicePlanId: null }, NOW, 'x')?.servicePlanId, '');
  });

  test('relinking to another plan without unlinking first is refused', () => {
    assert.deepEqual(
      violationFields(() => scheduleSmsChange(linkedSms, { servicePlanId: 'plan-b' }, NOW, 'x')),
      ['smsConfiguration.servicePlanId'],
    );
  });

  test('an empty configuration object is refused', () => {
    assert.deepEqual(
      violationFields(() => scheduleSmsChange(EMPTY_SMS, {}, NOW, 'x')),
      ['smsConfiguration.servicePlanId'],
    );
  });

  test('a campaign without a service plan is refused', () => {
    assert.deepEqual(
      violationFields(() => scheduleSmsChange(EMPTY_SMS, { servicePlanId: '', campaignId: 'C1' }, NOW, 'x')),
      ['smsConfiguration.campaignId'],
    );
  });

  test('asking for the current configuration schedules nothing', () => {
    assert.equal(scheduleSmsChange(linkedSms, { servicePlanId: 'plan-a' }, NOW, 'x'), null);
  });
});

describe('scheduling a voice change', () => {
  test('a missing type means RTC with appId', () => {
    const scheduled = scheduleVoiceChange(EMPTY_VOICE, { appId: 'app-a' }, NOW, 'v1');
    assert.deepEqual(scheduled, {
      id: 'v1',
      type: 'RTC',
      appId: 'app-a',
      trunkId: '',
      serviceId: '',
      status: 'WAITING',
      lastUpdatedTime: NOW,
    });
  });

  test('each type needs its own id field and refuses the others', () => {
    assert.deepEqual(
      violationFields(() => scheduleVoiceChange(EMPTY_VOICE, {}, NOW, 'x')),
      ['voiceConfiguration.appId'],
    );
    assert.deepEqual(
      violationFields(() => scheduleVoiceChange(EMPTY_VOICE, { type: 'EST', appId: 'a' }, NOW, 'x')),
      ['voiceConfiguration.trunkId', 'voiceConfiguration.appId'],
    );
    assert.equal(
      scheduleVoiceChange(EMPTY_VOICE, { type: 'FAX', serviceId: 'f1' }, NOW, 'x')?.serviceId,
      'f1',
    );
  });

  test('an unknown type is refused', () => {
    assert.deepEqual(
      violationFields(() => scheduleVoiceChange(EMPTY_VOICE, { type: 'SIP', appId: 'a' }, NOW, 'x')),
      ['voiceConfiguration.type'],
    );
  });

  test('switching to another app of the same type while linked is refused; unlinking is allowed', () => {
    assert.deepEqual(
      violationFields(() => scheduleVoiceChange(linkedVoice, { appId: 'app-b' }, NOW, 'x')),
      ['voiceConfiguration.appId'],
    );
    assert.equal(scheduleVoiceChange(linkedVoice, { type: 'RTC', appId: '' }, NOW, 'x')?.appId, '');
  });

  test('switching to another type while linked is scheduled in one change (RTC → FAX, EST → RTC)', () => {
    assert.deepEqual(scheduleVoiceChange(linkedVoice, { type: 'FAX', serviceId: 's' }, NOW, 'x'), {
      id: 'x',
      type: 'FAX',
      appId: '',
      trunkId: '',
      serviceId: 's',
      status: 'WAITING',
      lastUpdatedTime: NOW,
    });
    const est = { ...EMPTY_VOICE, type: 'EST' as const, trunkId: 'trunk-a' };
    assert.equal(scheduleVoiceChange(est, { type: 'RTC', appId: 'app-b' }, NOW, 'x')?.appId, 'app-b');
  });
});

describe('provisioning steps', () => {
  test('SMS goes WAITING → IN_PROGRESS → promoted to the top level', () => {
    const scheduled = scheduleSmsChange(EMPTY_SMS, { servicePlanId: 'plan-a', campaignId: 'C1' }, NOW, 's1')!;
    const first = advanceSms({ ...EMPTY_SMS, scheduled }, 's1', NOW + 1000)!;
    assert.equal(first.done, false);
    assert.equal(first.state.scheduled?.status, 'IN_PROGRESS');
    const second = advanceSms(first.state, 's1', NOW + 2000)!;
    assert.deepEqual(second, {
      state: { servicePlanId: 'plan-a', campaignId: 'C1', scheduled: null },
      done: true,
    });
  });

  test('FAIL_<CODE> values end FAILED with that error code and an empty service plan', () => {
    const scheduled = scheduleSmsChange(
      EMPTY_SMS,
      { servicePlanId: 'FAIL_INSUFFICIENT_BALANCE' },
      NOW,
      's1',
    )!;
    const inProgress = advanceSms({ ...EMPTY_SMS, scheduled }, 's1', NOW)!.state;
    const failed = advanceSms(inProgress, 's1', NOW + 1)!.state;
    assert.equal(failed.servicePlanId, '');
    assert.equal(failed.scheduled?.status, 'FAILED');
    assert.deepEqual(failed.scheduled?.errorCodes, ['INSUFFICIENT_BALANCE']);
  });

  test('an unknown FAIL_ suffix falls back to SMS_PROVISIONING_FAILED, a failing campaign to CAMPAIGN_PROVISIONING_FAILED', () => {
    for (const [request, code] of [
      [{ servicePlanId: 'FAIL_whatever' }, 'SMS_PROVISIONING_FAILED'],
      [{ servicePlanId: 'plan', campaignId: 'FAIL_x' }, 'CAMPAIGN_PROVISIONING_FAILED'],
    ] as const) {
      const scheduled = scheduleSmsChange(EMPTY_SMS, request, NOW, 's')!;
      const failed = advanceSms(advanceSms({ ...EMPTY_SMS, scheduled }, 's', NOW)!.state, 's', NOW)!.state;
      assert.deepEqual(failed.scheduled?.errorCodes, [code]);
    }
  });

  test('a failing campaign keeps the provisioned service plan and leaves the campaign unlinked', () => {
    const scheduled = scheduleSmsChange(
      EMPTY_SMS,
      { servicePlanId: 'plan', campaignId: 'FAIL_CAMPAIGN_EXPIRED' },
      NOW,
      's',
    )!;
    const failed = advanceSms(advanceSms({ ...EMPTY_SMS, scheduled }, 's', NOW)!.state, 's', NOW)!.state;
    assert.equal(failed.servicePlanId, 'plan');
    assert.equal(failed.campaignId, '');
    assert.equal(failed.scheduled?.status, 'FAILED');
    assert.deepEqual(failed.scheduled?.errorCodes, ['CAMPAIGN_EXPIRED']);
  });

  test('a step that already ran does nothing when its job runs again (at-least-once)', () => {
    const scheduled = scheduleSmsChange(EMPTY_SMS, { servicePlanId: 'plan-a' }, NOW, 's1')!;
    const inProgress = advanceSms({ ...EMPTY_SMS, scheduled }, 's1', NOW, 'WAITING')!.state;
    assert.equal(advanceSms(inProgress, 's1', NOW, 'WAITING'), null, 'the first step again');
    assert.equal(advanceSms(inProgress, 's1', NOW, 'IN_PROGRESS')?.done, true);
  });

  test('a step for a superseded change does nothing', () => {
    const scheduled = scheduleSmsChange(EMPTY_SMS, { servicePlanId: 'plan-a' }, NOW, 'new')!;
    assert.equal(advanceSms({ ...EMPTY_SMS, scheduled }, 'old', NOW), null);
    assert.equal(advanceVoice(EMPTY_VOICE, 'old', NOW), null);
  });

  test('voice is promoted on success and left FAILED with FAIL_ ids', () => {
    const ok = scheduleVoiceChange(EMPTY_VOICE, { type: 'EST', trunkId: 't1' }, NOW, 'v')!;
    const done = advanceVoice(
      advanceVoice({ ...EMPTY_VOICE, scheduled: ok }, 'v', NOW)!.state,
      'v',
      NOW,
    )!.state;
    assert.deepEqual(
      { type: done.type, trunkId: done.trunkId, scheduled: done.scheduled },
      { type: 'EST', trunkId: 't1', scheduled: null },
    );
    const bad = scheduleVoiceChange(EMPTY_VOICE, { appId: 'FAIL_app' }, NOW, 'v')!;
    const failed = advanceVoice(
      advanceVoice({ ...EMPTY_VOICE, scheduled: bad }, 'v', NOW)!.state,
      'v',
      NOW,
    )!.state;
    assert.equal(failed.scheduled?.status, 'FAILED');
    assert.equal(failed.appId, '');
  });
});
