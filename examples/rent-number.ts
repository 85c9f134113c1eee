/**
 * From a running Open Numbers to a rented number with the official Sinch SDK.
 * Usage: OPEN_NUMBERS_PROJECT_ID=… OPEN_NUMBERS_KEY_ID=… OPEN_NUMBERS_KEY_SECRET=… npx tsx examples/rent-number.ts
 * The server is BASE (as in the README), http://127.0.0.1:8080 when unset.
 */
import { SinchClient } from '@sinch/sdk-core';

const { OPEN_NUMBERS_PROJECT_ID, OPEN_NUMBERS_KEY_ID, OPEN_NUMBERS_KEY_SECRET } = process.env;
const base = process.env.BASE || process.env.OPEN_NUMBERS_URL || 'http://127.0.0.1:8080';
if (!OPEN_NUMBERS_PROJECT_ID || !OPEN_NUMBERS_KEY_ID || !OPEN_NUMBERS_KEY_SECRET) {
  console.error(
    'Set OPEN_NUMBERS_PROJECT_ID, OPEN_NUMBERS_KEY_ID and OPEN_NUMBERS_KEY_SECRET (printed on first start).',
  );
  process.exit(1);
}

const sinch = new SinchClient({
  projectId: OPEN_NUMBERS_PROJECT_ID,
  keyId: OPEN_NUMBERS_KEY_ID,
  keySecret: OPEN_NUMBERS_KEY_SECRET,
  numbersHostname: base,
  authHostname: base,
});

const { availableNumbers } = await sinch.numbers.searchForAvailableNumbers({
  regionCode: 'US',
  type: 'LOCAL',
  // The SDK sends this unencoded; the + arrives as a space, which we read as + (docs/decisions.md).
  'numberPattern.pattern': '+1206',
  'numberPattern.searchPattern': 'START',
  size: 3,
});
console.log(
  'available:',
  availableNumbers?.map((n) => n.phoneNumber),
);

const rented = await sinch.numbers.rent({
  phoneNumber: availableNumbers![0].phoneNumber!,
  rentNumberRequestBody: { smsConfiguration: { servicePlanId: 'my-service-plan' } },
});
console.log(
  'rented:',
  rented.phoneNumber,
  'SMS provisioning',
  rented.smsConfiguration?.scheduledProvisioning?.status,
);

const page = await sinch.numbers.list({ regionCode: 'US', type: 'LOCAL' });
console.log('active numbers in the project:', page.data.length);
