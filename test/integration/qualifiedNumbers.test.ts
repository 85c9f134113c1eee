import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFlatError, call, fieldViolations } from '../helpers/api.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/testApp.js';

// Qualified numbers of the Imported Numbers API (issue 9, workflow C and F): every operation over
// real HTTP on a sandbox server, with its flat error envelope.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const BASE = '/imported/v1/projects/project-a';
const OTHER_BASE = '/imported/v1/projects/project-b';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const US = ['+12025550134', '+12065550100', '+12125551234', '+13125550199'];
const CA = '+14165550123';
const P = 'GLOBAL_PROCESS_STATE_';

const add = (phoneNumbers: unknown, headers?: Record<string, string>, base = BASE) =>
  call(t, { method: 'POST', url: `${base}/qualifiedNumbers:addNumbers`, body: { phoneNumbers }, headers });
const get = (number: string, headers?: Record<string, string>) =>
  call(t, { method: 'GET', url: `${BASE}/qualifiedNumbers/${number}`, headers });
const list = (query: string) => call(t, { method: 'GET', url: `${BASE}/qualifiedNumbers${query}` });
const remove = (number: string, headers?: Record<string, string>) =>
  call(t, { method: 'DELETE', url: `${BASE}/qualifiedNumbers/${number}`, headers });
const send = (number: string, headers?: Record<string, string>) =>
  call(t, { method: 'POST', url: `${BASE}/qualifiedNumbers/${number}:sendVoiceChallenge`, headers });
const verify = (number: string, body: unknown, headers?: Record<string, string>) =>
  call(t, { method: 'POST', url: `${BASE}/qualifiedNumbers/${number}:verifyVoiceChallenge`, body, headers });
const voiceCalls = (number: string) =>
  call(t, {
    method: 'GET',
    url: `/_sandbox/voiceCalls?phoneNumber=${encodeURIComponent(number)}`,
    headers: admin,
  });
const all = `?states=${[
  'ELIGIBLE_CHECK_PENDING',
  'ELIGIBLE',
  'NOT_ELIGIBLE',
  'VERIFICATION_PENDING',
  'VERIFICATION_FAILED',
  'VERIFICATION_BLOCKED',
  'VERIFIED',
  'HOSTING_IN_PROGRESS',
  'HOSTING_DONE',
  'HOSTING_FAILED',
].join(',')}`;

describe('addNumbers, list, get, delete', () => {
  test('addNumbers: 200 with each number pending its eligibility check', async () => {
    const res = await add([US[0], CA]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.qualifiedNumbers.length, 2);
    const [us, ca] = res.body.qualifiedNumbers;
    assert.equal(us.phoneNumber, US[0]);
    assert.equal(us.projectId, 'project-a');
    assert.equal(us.regionCode, 'US');
    assert.equal(ca.regionCode, 'CA');
    assert.equal(us.globalProcessState, `${P}ELIGIBLE_CHECK_PENDING`);
    assert.deepEqual(us.osrEligibility, { status: 'IN_PROGRESS', error: '' });
    assert.deepEqual(us.ownershipVerification, { status: 'WAITING', error: '' });
    assert.deepEqual(us.hostedNumber, { status: 0, error: '' });
    assert.match(us.createdTime, /Z$/);
    assert.deepEqual((await get(US[0]!)).body, us);
  });

  test('400 naming the field; nothing of a refused batch is created', async () => {
    const cases: Array<[unknown, string]> = [
      [[US[1], '12025550135'], 'phoneNumbers[1]'],
      [[US[1], US[2], '+442071838750'], 'phoneNumbers[2]'],
      [[US[1], US[1]], 'phoneNumbers[1]'],
      [[US[1], '+1202555'], 'phoneNumbers[1]'],
      [[], 'phoneNumbers'],
    ];
    for (const [numbers, field] of cases) {
      const res = await add(numbers);
      assert.deepEqual(
        fieldViolations(assertFlatError(res, 400, 'INVALID_ARGUMENT')),
        [field],
        String(numbers),
      );
    }
    const tooMany = await add(Array.from({ length: 101 }, (_, i) => `+1202555${String(1000 + i)}`));
    assert.match(assertFlatError(tooMany, 400, 'INVALID_ARGUMENT').message, /phoneNumbers/);
    const noField = await call(t, { method: 'POST', url: `${BASE}/qualifiedNumbers:addNumbers`, body: {} });
    assert.match(assertFlatError(noField, 400, 'INVALID_ARGUMENT').message, /phoneNumbers/);
    assert.equal((await get(US[1]!)).status, 404);
  });

  test('409 when the project asked for a number already (nothing created); another project may', async () => {
    const again = await add([US[1], US[0]]);
    assert.match(assertFlatError(again, 409, 'ALREADY_EXISTS').message, new RegExp(`\\${US[0]}`));
    assertFlatError(await get(US[1]!), 404, 'NOT_FOUND');
    const theirs = await add([US[0]], { authorization: t.other.auth }, OTHER_BASE);
    assert.equal(theirs.status, 200);
    assert.equal(theirs.body.qualifiedNumbers[0].projectId, 'project-b');
  });

  test('401 without credentials, 403 with another project’s key', async () => {
    assertFlatError(await add([US[2]], { authorization: '' }), 401, 'UNAUTHENTICATED');
    assertFlatError(await add([US[2]], { authorization: t.other.auth }), 403, 'PERMISSION_DENIED');
    assertFlatError(await get(US[0]!, { authorization: t.other.auth }), 403, 'PERMISSION_DENIED');
    assertFlatError(await remove(US[0]!, { authorization: t.other.auth }), 403, 'PERMISSION_DENIED');
    assertFlatError(await send(US[0]!, { authorization: t.other.auth }), 403, 'PERMISSION_DENIED');
    assertFlatError(
      await verify(US[0]!, { code: '1' }, { authorization: t.other.auth }),
      403,
      'PERMISSION_DENIED',
    );
    const theirList = await call(t, {
      method: 'GET',
      url: `${BASE}/qualifiedNumbers?states=ELIGIBLE`,
      headers: { authorization: t.other.auth },
    });
    assertFlatError(theirList, 403, 'PERMISSION_DENIED');
  });

  test('list: states required, either spelling, repeated or comma-joined; region, pages, totalSize', async () => {
    assert.equal((await add([US[2], US[3]])).status, 200);
    assert.deepEqual(fieldViolations(assertFlatError(await list(''), 400, 'INVALID_ARGUMENT')), ['states']);
    const unknown = await list('?states=GLOBAL_PROCESS_STATE_BOGUS');
    assert.deepEqual(fieldViolations(assertFlatError(unknown, 400, 'INVALID_ARGUMENT')), ['states']);
    // UNSPECIFIED (a value of the document's enum) leaves the state unspecified: any state.
    const unspecified = await list('?states=GLOBAL_PROCESS_STATE_UNSPECIFIED');
    assert.equal(unspecified.status, 200, JSON.stringify(unspecified.body));
    assert.equal(unspecified.body.totalSize, (await list(all)).body.totalSize);
    const prefixed = await list(`?states=${P}ELIGIBLE_CHECK_PENDING`);
    assert.equal(prefixed.status, 200, JSON.stringify(prefixed.body));
    assert.equal(prefixed.body.totalSize, 4);
    assert.equal(prefixed.body.nextPageToken, '');
    assert.deepEqual(
      prefixed.body.qualifiedNumbers.map((n: any) => n.phoneNumber),
      [US[0], US[2], US[3], CA].sort(),
    );
    assert.equal((await list('?states=ELIGIBLE_CHECK_PENDING')).body.totalSize, 4);
    assert.equal((await list('?states=VERIFIED&states=ELIGIBLE_CHECK_PENDING')).body.totalSize, 4);
    assert.equal((await list(`?states=VERIFIED,${P}ELIGIBLE`)).body.totalSize, 0);
    assert.equal((await list('?states=ELIGIBLE_CHECK_PENDING&regionCode=ca')).body.totalSize, 1);
    const seen: string[] = [];
    let token = '';
    do {
      const page = await list(`${all}&pageSize=3&orderBy=createdTime${token ? `&pageToken=${token}` : ''}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.totalSize, 4);
      seen.push(...page.body.qualifiedNumbers.map((n: any) => n.phoneNumber));
      token = page.body.nextPageToken;
    } while (token);
    assert.deepEqual(seen, [US[0], CA, US[2], US[3]]);
    assert.deepEqual(
      fieldViolations(assertFlatError(await list(`${all}&orderBy=size`), 400, 'INVALID_ARGUMENT')),
      ['orderBy'],
    );
    const badToken = await list(`${all}&pageToken=nonsense`);
    assert.deepEqual(fieldViolations(assertFlatError(badToken, 400, 'INVALID_ARGUMENT')), ['pageToken']);
  });

  test("another project's number is not found here", async () => {
    assert.equal((await add(['+12025550188'], { authorization: t.other.auth }, OTHER_BASE)).status, 200);
    assertFlatError(await get('+12025550188'), 404, 'NOT_FOUND');
    assertFlatError(await remove('+12025550188'), 404, 'NOT_FOUND');
    assertFlatError(await send('+12025550188'), 404, 'NOT_FOUND');
    const theirs = await call(t, {
      method: 'GET',
      url: `${OTHER_BASE}/qualifiedNumbers/+12025550188`,
      headers: { authorization: t.other.auth },
    });
    assert.equal(theirs.status, 200);
  });

  test('the sandbox voice log needs the admin token and a phone number', async () => {
    const anonymous = await call(t, {
      method: 'GET',
      url: '/_sandbox/voiceCalls?phoneNumber=%2B12025550134',
    });
    assert.equal(anonymous.status, 401);
    const bad = await call(t, { method: 'GET', url: '/_sandbox/voiceCalls?phoneNumber=123', headers: admin });
    assert.equal(bad.status, 400);
    const none = await call(t, { method: 'GET', url: '/_sandbox/voiceCalls', headers: admin });
    assert.equal(none.status, 400);
    assert.deepEqual((await voiceCalls('+19999999999')).body, { voiceCalls: [] });
  });

  test('get and delete: 404 for unknown numbers, 400 for a malformed one; delete is 200 with no body', async () => {
    assertFlatError(await get('+12025550999'), 404, 'NOT_FOUND');
    assert.deepEqual(fieldViolations(assertFlatError(await get('12025550134'), 400, 'INVALID_ARGUMENT')), [
      'phoneNumber',
    ]);
    const deleted = await remove(US[3]!);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body, undefined);
    assertFlatError(await get(US[3]!), 404, 'NOT_FOUND');
    assertFlatError(await remove(US[3]!), 404, 'NOT_FOUND');
  });
});

describe('eligibility, voice challenge, hosting hand-off', () => {
  test('before the eligibility decision: no challenge; after the delay: ELIGIBLE', async () => {
    const early = await send(US[0]!);
    assert.match(assertFlatError(early, 400, 'FAILED_PRECONDITION').message, /ELIGIBLE_CHECK_PENDING/);
    await t.advance(59);
    assert.equal((await get(US[0]!)).body.globalProcessState, `${P}ELIGIBLE_CHECK_PENDING`);
    await t.advance(1);
    const eligible = (await get(US[0]!)).body;
    assert.equal(eligible.globalProcessState, `${P}ELIGIBLE`);
    assert.deepEqual(eligible.osrEligibility, { status: 'DONE', error: '' });
    const noChallenge = await verify(US[0]!, { code: '123456' });
    assert.match(assertFlatError(noChallenge, 400, 'FAILED_PRECONDITION').message, /No voice challenge/);
  });

  test('send: VERIFICATION_PENDING, the code in the sandbox voice log; rate-limited with Retry-After', async () => {
    const sent = await send(US[0]!);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.globalProcessState, `${P}VERIFICATION_PENDING`);
    assert.deepEqual(sent.body.ownershipVerification, { status: 'IN_PROGRESS', error: '' });
    assert.ok(!JSON.stringify(sent.body).includes('code'));
    const log = await voiceCalls(US[0]!);
    assert.equal(log.status, 200);
    assert.equal(log.body.voiceCalls.length, 1);
    assert.match(log.body.voiceCalls[0].code, /^\d{6}$/);
    assert.equal(log.body.voiceCalls[0].projectId, 'project-a');
    const again = await send(US[0]!);
    assertFlatError(again, 429, 'RESOURCE_EXHAUSTED');
    assert.equal(again.headers['retry-after'], '30');
    await t.advance(30);
    assert.equal((await send(US[0]!)).status, 200);
    const newest = (await voiceCalls(US[0]!)).body.voiceCalls;
    assert.equal(newest.length, 2);
    assert.ok(newest[0].createTime > newest[1].createTime, 'newest first');
  });

  test('verify: wrong code fails (retry allowed), the newest code verifies; 400 without a code; 404 unknown', async () => {
    const [newest, older] = (await voiceCalls(US[0]!)).body.voiceCalls;
    const missing = await verify(US[0]!, {});
    assert.match(assertFlatError(missing, 400, 'INVALID_ARGUMENT').message, /code/);
    assertFlatError(await verify('+12025550999', { code: '1' }), 404, 'NOT_FOUND');
    const wrong = await verify(US[0]!, { code: older.code === newest.code ? 'x' : older.code });
    assert.equal(wrong.status, 200);
    assert.equal(wrong.body.globalProcessState, `${P}VERIFICATION_FAILED`);
    assert.equal(wrong.body.ownershipVerification.status, 'FAILED');
    const right = await verify(US[0]!, { code: newest.code });
    assert.equal(right.status, 200);
    assert.equal(right.body.globalProcessState, `${P}VERIFIED`);
    assert.deepEqual(right.body.ownershipVerification, { status: 'DONE', error: '' });
    const done = await verify(US[0]!, { code: newest.code });
    assertFlatError(done, 400, 'FAILED_PRECONDITION');
  });

  test('a number whose hosting is in progress cannot be deleted', async () => {
    const store = t.runtime.store.qualifiedNumbers;
    const now = t.runtime.deps.clock.now();
    assert.deepEqual(await store.claimForHosting('project-a', [US[0]!], 'order-1', now), []);
    const hosting = await get(US[0]!);
    assert.equal(hosting.body.globalProcessState, `${P}HOSTING_IN_PROGRESS`);
    const refused = await remove(US[0]!);
    assert.match(assertFlatError(refused, 400, 'FAILED_PRECONDITION').message, /order-1/);
    await store.finishHosting('project-a', US[0]!, 'order-1', 'HOSTING_DONE', '', now);
    const hosted = await get(US[0]!);
    assert.equal(hosted.body.globalProcessState, `${P}HOSTING_DONE`);
    assert.deepEqual(hosted.body.hostedNumber, { status: 1, error: '' });
    assert.equal((await remove(US[0]!)).status, 200);
  });
});

describe('operator controls on a sandbox server', () => {
  test('a number deleted and added again waits for its own batch’s decision', async () => {
    const number = '+12025550188';
    assert.equal((await add([number])).status, 200);
    await t.advance(30);
    assert.equal((await remove(number)).status, 200);
    assert.equal((await add([number])).status, 200);
    // The first batch's job is due now; the number is not its own any more.
    await t.advance(31);
    assert.equal((await get(number)).body.globalProcessState, `${P}ELIGIBLE_CHECK_PENDING`);
    await t.advance(30);
    assert.equal((await get(number)).body.globalProcessState, `${P}ELIGIBLE`);
  });

  test('review queue and decision: admin only, audit kept; the job leaves a decided number alone', async () => {
    assert.equal((await add(['+12025550177'])).status, 200);
    const queue = await call(t, { method: 'GET', url: '/admin/v1/qualifiedNumbers', headers: admin });
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    assert.ok(queue.body.qualifiedNumbers.some((n: any) => n.phoneNumber === '+12025550177'));
    const denied = await call(t, { method: 'GET', url: '/admin/v1/qualifiedNumbers' });
    assert.equal(denied.status, 401);
    const url = `/admin/v1/projects/project-a/qualifiedNumbers/+12025550177:decide`;
    const noReason = await call(t, {
      method: 'POST',
      url,
      headers: admin,
      body: { decision: 'NOT_ELIGIBLE', reason: '' },
    });
    assert.equal(noReason.status, 400);
    const bad = await call(t, {
      method: 'POST',
      url,
      headers: admin,
      body: { decision: 'MAYBE', reason: 'x' },
    });
    assert.equal(bad.status, 400);
    const decided = await call(t, {
      method: 'POST',
      url,
      headers: admin,
      body: { decision: 'NOT_ELIGIBLE', reason: 'Invoice names another company', reviewer: 'ann' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.eligibilityReview.reviewer, 'ann');
    assert.equal(decided.body.eligibilityReview.decision, 'NOT_ELIGIBLE');
    await t.advance(60);
    const seen = (await get('+12025550177')).body;
    assert.equal(seen.globalProcessState, `${P}NOT_ELIGIBLE`);
    assert.deepEqual(seen.osrEligibility, { status: 'FAILED', error: 'Invoice names another company' });
    assert.equal(seen.eligibilityReview, undefined, 'the audit is for operators');
    const twice = await call(t, {
      method: 'POST',
      url,
      headers: admin,
      body: { decision: 'ELIGIBLE', reason: 'x' },
    });
    assert.equal(twice.status, 400);
    const unknown = await call(t, {
      method: 'POST',
      url: '/admin/v1/projects/project-a/qualifiedNumbers/+12025550999:decide',
      headers: admin,
      body: { decision: 'ELIGIBLE', reason: 'x' },
    });
    assert.equal(unknown.status, 404);
  });
});
