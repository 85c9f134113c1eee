import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { assertError, assertFlatError, call } from '../../helpers/api.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../../helpers/testApp.js';

// Seed 003, workflow C (qualify numbers) and the qualified part of F (voice challenge), end to end
// over HTTP: on a sandbox server driven by its clock, and on an operator server with a person's
// decision and the voice challenge webhook.
const BASE = '/imported/v1/projects/project-a';
const P = 'GLOBAL_PROCESS_STATE_';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

const state = async (t: TestApp, number: string) =>
  (await call(t, { method: 'GET', url: `${BASE}/qualifiedNumbers/${number}` })).body.globalProcessState;
const send = (t: TestApp, number: string) =>
  call(t, { method: 'POST', url: `${BASE}/qualifiedNumbers/${number}:sendVoiceChallenge` });
const verify = (t: TestApp, number: string, code: string) =>
  call(t, { method: 'POST', url: `${BASE}/qualifiedNumbers/${number}:verifyVoiceChallenge`, body: { code } });

describe('workflow C on a sandbox server', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const GOOD = '+12025550134';
  const CLUMSY = '+12065550100';
  const MAGIC = '+12125550000';

  test('addNumbers → clock → ELIGIBLE (magic NOT_ELIGIBLE) → voice call → code → VERIFIED', async () => {
    const added = await call(t, {
      method: 'POST',
      url: `${BASE}/qualifiedNumbers:addNumbers`,
      body: { phoneNumbers: [GOOD, CLUMSY, MAGIC] },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.deepEqual(
      added.body.qualifiedNumbers.map((n: any) => n.globalProcessState),
      Array(3).fill(`${P}ELIGIBLE_CHECK_PENDING`),
    );
    // The invoices are "reviewed" after OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS (60) of clock time.
    await t.advance(60);
    assert.equal(await state(t, GOOD), `${P}ELIGIBLE`);
    const magic = (await call(t, { method: 'GET', url: `${BASE}/qualifiedNumbers/${MAGIC}` })).body;
    assert.equal(magic.globalProcessState, `${P}NOT_ELIGIBLE`);
    assert.equal(magic.osrEligibility.status, 'FAILED');
    assert.match(magic.osrEligibility.error, /0000/);
    assertFlatError(await send(t, MAGIC), 400, 'FAILED_PRECONDITION');

    const eligible = await call(t, {
      method: 'GET',
      url: `${BASE}/qualifiedNumbers?states=${P}ELIGIBLE`,
    });
    assert.deepEqual(
      eligible.body.qualifiedNumbers.map((n: any) => n.phoneNumber),
      [GOOD, CLUMSY],
    );

    assert.equal((await send(t, GOOD)).body.globalProcessState, `${P}VERIFICATION_PENDING`);
    const calls = await call(t, {
      method: 'GET',
      url: `/_sandbox/voiceCalls?phoneNumber=%2B${GOOD.slice(1)}`,
      headers: admin,
    });
    assert.equal(calls.status, 200);
    const verified = await verify(t, GOOD, calls.body.voiceCalls[0].code);
    assert.equal(verified.body.globalProcessState, `${P}VERIFIED`);
    assert.deepEqual(verified.body.ownershipVerification, { status: 'DONE', error: '' });
  });

  test('three wrong codes block the number for good', async () => {
    assert.equal((await send(t, CLUMSY)).status, 200);
    const code = (
      await call(t, {
        method: 'GET',
        url: `/_sandbox/voiceCalls?phoneNumber=%2B${CLUMSY.slice(1)}`,
        headers: admin,
      })
    ).body.voiceCalls[0].code;
    const wrong = code === '000000' ? '111111' : '000000';
    assert.equal((await verify(t, CLUMSY, wrong)).body.globalProcessState, `${P}VERIFICATION_FAILED`);
    assert.equal((await verify(t, CLUMSY, wrong)).body.globalProcessState, `${P}VERIFICATION_FAILED`);
    const blocked = await verify(t, CLUMSY, wrong);
    assert.equal(blocked.body.globalProcessState, `${P}VERIFICATION_BLOCKED`);
    assert.equal(blocked.body.ownershipVerification.status, 'FAILED');
    assertFlatError(await verify(t, CLUMSY, code), 400, 'FAILED_PRECONDITION');
    await t.advance(3600);
    assertFlatError(await send(t, CLUMSY), 400, 'FAILED_PRECONDITION');
    // Deleting it and asking again would undo the block.
    const remove = await call(t, { method: 'DELETE', url: `${BASE}/qualifiedNumbers/${CLUMSY}` });
    assert.match(assertFlatError(remove, 400, 'FAILED_PRECONDITION').message, /blocked/);
  });

  test('only an operator lifts a block, with a reason kept; the number can then be verified', async () => {
    const url = `/admin/v1/projects/project-a/qualifiedNumbers/${CLUMSY}:unblock`;
    assert.equal((await call(t, { method: 'POST', url, body: { reason: 'x' } })).status, 401);
    const noReason = await call(t, { method: 'POST', url, headers: admin, body: { reason: ' ' } });
    assert.equal(noReason.status, 400);
    const lifted = await call(t, {
      method: 'POST',
      url,
      headers: admin,
      body: { reason: 'The provider read out a stale code', reviewer: 'ann' },
    });
    assert.equal(lifted.status, 200, JSON.stringify(lifted.body));
    assert.equal(lifted.body.globalProcessState, `${P}ELIGIBLE`);
    assert.equal(lifted.body.wrongCodes, 0);
    assert.deepEqual(
      lifted.body.unblocks.map((u: any) => [u.reviewer, u.reason]),
      [['ann', 'The provider read out a stale code']],
    );
    // A number that is not blocked has no block to lift.
    const again = await call(t, { method: 'POST', url, headers: admin, body: { reason: 'again' } });
    assertError(again, 400, 'FAILED_PRECONDITION');

    assert.equal((await send(t, CLUMSY)).status, 200);
    const code = (
      await call(t, {
        method: 'GET',
        url: `/_sandbox/voiceCalls?phoneNumber=%2B${CLUMSY.slice(1)}`,
        headers: admin,
      })
    ).body.voiceCalls[0].code;
    assert.equal((await verify(t, CLUMSY, code)).body.globalProcessState, `${P}VERIFIED`);
  });

  test('an expired code is refused with a clear message', async () => {
    const number = '+13125550199';
    await call(t, {
      method: 'POST',
      url: `${BASE}/qualifiedNumbers:addNumbers`,
      body: { phoneNumbers: [number] },
    });
    await t.advance(60);
    assert.equal((await send(t, number)).status, 200);
    const code = (
      await call(t, {
        method: 'GET',
        url: `/_sandbox/voiceCalls?phoneNumber=%2B${number.slice(1)}`,
        headers: admin,
      })
    ).body.voiceCalls[0].code;
    await t.advance(600);
    assert.match(
      assertFlatError(await verify(t, number, code), 400, 'FAILED_PRECONDITION').message,
      /expired/,
    );
  });
});

describe('workflow C on an operator server: review queue, decision, voice webhook', () => {
  let t: TestApp;
  let server: ReturnType<typeof createServer>;
  const received: any[] = [];
  let failNext = 0;

  before(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        if (failNext > 0) {
          failNext--;
          response.writeHead(503).end();
          return;
        }
        received.push({ contentType: request.headers['content-type'], body: JSON.parse(text) });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startTestApp({
      OPEN_NUMBERS_MODE: 'operator',
      OPEN_NUMBERS_WORKER_POLL_MS: '20',
      OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK: `http://127.0.0.1:${port}/voice`,
    });
  });
  after(async () => {
    await t.close();
    server.close();
  });

  const NUMBER = '+14165550123';

  test('no automatic decision; an operator decides from the queue; the code goes to the webhook', async () => {
    const added = await call(t, {
      method: 'POST',
      url: `${BASE}/qualifiedNumbers:addNumbers`,
      body: { phoneNumbers: [NUMBER, '+12025550134'] },
    });
    assert.equal(added.status, 200);
    await t.runtime.worker.runDue();
    assert.equal(await state(t, NUMBER), `${P}ELIGIBLE_CHECK_PENDING`);
    assert.deepEqual(
      await t.runtime.store.jobs.list({ kind: 'qualified.eligibilityCheck' }),
      [],
      'operator mode schedules no automatic decision',
    );

    const queue = await call(t, {
      method: 'GET',
      url: `/admin/v1/qualifiedNumbers?state=${P}ELIGIBLE_CHECK_PENDING&pageSize=1`,
      headers: admin,
    });
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    assert.equal(queue.body.totalSize, 2);
    // Oldest first, then by project and number.
    assert.equal(queue.body.qualifiedNumbers[0].phoneNumber, '+12025550134');
    assert.equal(queue.body.qualifiedNumbers[0].eligibilityReview, null);
    const second = await call(t, {
      method: 'GET',
      url: `/admin/v1/qualifiedNumbers?state=ELIGIBLE_CHECK_PENDING&pageSize=1&pageToken=${queue.body.nextPageToken}`,
      headers: admin,
    });
    assert.equal(second.body.qualifiedNumbers[0].phoneNumber, NUMBER);
    assert.equal(second.body.nextPageToken, '');

    const decided = await call(t, {
      method: 'POST',
      url: `/admin/v1/projects/project-a/qualifiedNumbers/${NUMBER}:decide`,
      headers: admin,
      body: { decision: 'ELIGIBLE', reason: 'Invoices of March and April match' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.globalProcessState, `${P}ELIGIBLE`);
    assert.equal(decided.body.eligibilityReview.reviewer, 'admin-token');
    assert.equal(decided.body.eligibilityReview.reason, 'Invoices of March and April match');
    assert.match(decided.body.eligibilityReview.decisionTime, /Z$/);
    const audit = await call(t, {
      method: 'GET',
      url: `/admin/v1/qualifiedNumbers?state=ELIGIBLE`,
      headers: admin,
    });
    assert.equal(audit.body.qualifiedNumbers[0].eligibilityReview.decision, 'ELIGIBLE');

    // The voice provider is down once: the job retries.
    failNext = 1;
    assert.equal((await send(t, NUMBER)).status, 200);
    await t.runtime.worker.runDue();
    assert.equal(received.length, 0);
    const [job] = await t.runtime.store.jobs.list({
      kind: 'qualified.voiceChallengeWebhook',
      status: 'pending',
    });
    assert.ok(job, 'the failed delivery is scheduled again');
    assert.ok(!job.lastError.match(/\d{6}/), 'the code is not in the error');
    // Operator mode has no adjustable clock: the worker retries after its real 1 s backoff.
    t.runtime.worker.start();
    await waitFor(() => received.length === 1);
    const { body, contentType } = received[0];
    assert.equal(contentType, 'application/json');
    assert.deepEqual(Object.keys(body).sort(), ['code', 'expireTime', 'phoneNumber', 'projectId']);
    assert.equal(body.phoneNumber, NUMBER);
    assert.equal(body.projectId, 'project-a');
    assert.match(body.code, /^\d{6}$/);
    assert.match(body.expireTime, /Z$/);

    assert.equal((await verify(t, NUMBER, body.code)).body.globalProcessState, `${P}VERIFIED`);
    // A delivery still pending for that code (a retry that ran late) is dropped: the number no
    // longer waits for it, and a late code typed in would count as a wrong one.
    await t.runtime.deps.qualified.deliverVoiceChallenge({
      projectId: 'project-a',
      phoneNumber: NUMBER,
      code: body.code,
      expireAt: Date.now() + 600_000,
    });
    assert.equal(received.length, 1);
    // No sandbox in operator mode: no voice log.
    const log = await call(t, {
      method: 'GET',
      url: `/_sandbox/voiceCalls?phoneNumber=%2B1${NUMBER.slice(2)}`,
      headers: admin,
    });
    assert.equal(log.status, 404);
  });
});

/** Polls a condition the background worker will make true, for at most 10 s. */
async function waitFor(condition: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
