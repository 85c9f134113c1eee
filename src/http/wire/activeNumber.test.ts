import assert from 'node:assert/strict';
import { test } from 'node:test';
import { productFor } from '../../domain/inventory/products.js';
import { newActiveNumber } from '../../domain/numbers/activeNumber.js';
import { toWireActiveNumber } from './activeNumber.js';

const RENTED = Date.UTC(2026, 0, 31, 10);
const row = { id: 1, e164: '+12065550123', regionCode: 'US', numberType: 'LOCAL' as const, capabilities: 3 };
const record = newActiveNumber('p1', row, productFor('US', 'LOCAL'), RENTED);

test('a freshly rented number has every key, "" strings and null objects (contract §5.2)', () => {
  assert.deepEqual(toWireActiveNumber(record, RENTED), {
    phoneNumber: '+12065550123',
    projectId: 'p1',
    displayName: '',
    regionCode: 'US',
    type: 'LOCAL',
    capability: ['SMS', 'VOICE'],
    money: { currencyCode: 'USD', amount: '0.50' },
    paymentIntervalMonths: 1,
    nextChargeDate: '2026-02-28T10:00:00.000000Z',
    expireAt: null,
    smsConfiguration: { servicePlanId: '', scheduledProvisioning: null, campaignId: '' },
    voiceConfiguration: {
      appId: '',
      scheduledVoiceProvisioning: null,
      lastUpdatedTime: null,
      type: 'RTC',
      trunkId: '',
      serviceId: '',
    },
    callbackUrl: '',
  });
});
