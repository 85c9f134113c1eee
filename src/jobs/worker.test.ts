import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import type { Clock } from '../clock.js';
import type { Job, Store } from '../store/types.js';
import { callbackDelivery, deliveryJob } from './callbackDelivery.js';
import { hostingStep, hostingStepJob } from './hostingStep.js';
import { importedProvisioning, importedProvisioningJob } from './importedProvisioning.js';
import { JOBS } from './index.js';
import { JOB_KINDS, type JobContext, type JobModule, payloadProblem } from './job.js';
import { mailDelivery, mailJob } from './mailDelivery.js';
import { autoReviewJob, orderAutoReview } from './orderAutoReview.js';
import { expiryJob, orderExpiry } from './orderExpiry.js';
import { provisioningJob, provisioningStep } from './provisioningStep.js';
import { eligibilityCheckJob, qualificationCheck } from './qualificationCheck.js';
import { releaseCompletion, releaseJob } from './releaseCompletion.js';
import { voiceChallengeWebhook, voiceChallengeWebhookJob } from './voiceChallengeWebhook.js';
import { createWorker, WORKER_MAX_ATTEMPTS } from './worker.js';

const NOW = Date.UTC(2026, 0, 1);

/** A jobs port holding the given jobs, recording what the worker does with each. */
function fakeStore(jobs: Job[]) {
  const outcomes: { id: number; completed: boolean; error?: string; retryAt?: number | null }[] = [];
  let claimed = false;
  const store = {
    jobs: {
      async claimDue() {
        if (claimed) return [];
        claimed = true;
        return jobs;
      },
      async complete(id: number) {
        outcomes.push({ id, completed: true });
      },
      async fail(id: number, error: string, retryAt: number | null) {
        outcomes.push({ id, completed: false, error, retryAt });
      },
    },
  } as unknown as Store;
  return { store, outcomes };
}

const clock: Clock = { now: () => NOW, adjustable: false, advance: async () => NOW, refresh: async () => {} };

function run(jobs: Job[], modules: JobModule[]) {
  const { store, outcomes } = fakeStore(jobs);
  const worker = createWorker({
    store,
    clock,
    jobs: modules,
    context: {} as JobContext,
    pollMs: 1000,
    log: pino({ level: 'silent' }),
  });
  return worker.runDue().then(() => outcomes);
}

const seen: unknown[] = [];
const echo: JobModule = {
  kind: JOB_KINDS.orderExpiry,
  payload: Type.Object({ projectId: Type.String(), orderId: Type.String() }),
  async handle(payload) {
    seen.push(payload);
  },
};
const failing: JobModule = { ...echo, handle: () => Promise.reject(new Error('store unavailable')) };

function job(id: number, payload: Record<string, unknown>, attempts = 1): Job {
  return { id, kind: JOB_KINDS.orderExpiry, payload, runAt: NOW, attempts };
}

test('every job kind has exactly one module, under the name existing databases store', () => {
  assert.deepEqual(JOBS.map((m) => m.kind).sort(), Object.values(JOB_KINDS).sort());
  assert.deepEqual(JOB_KINDS, {
    provisioningStep: 'numbers.provisioning',
    releaseCompletion: 'numbers.releaseCompletion',
    orderExpiry: 'orders.expiry',
    orderAutoReview: 'orders.autoReview',
    callbackDelivery: 'callbacks.delivery',
    importedProvisioning: 'imported.provisioning',
    hostingStep: 'hosting.step',
    mailDelivery: 'mail.delivery',
    qualificationCheck: 'qualified.eligibilityCheck',
    voiceChallengeWebhook: 'qualified.voiceChallengeWebhook',
  });
});

test('the payload every job module writes fits its own schema, and so do older stored shapes', () => {
  const record = { projectId: 'p1', phoneNumber: '+12065550123' };
  const written: [JobModule, Record<string, unknown>][] = [
    [provisioningStep, provisioningJob(record, 'sms', 'id1', NOW, 'IN_PROGRESS').payload],
    [releaseCompletion, releaseJob('p1', '+12065550123', NOW).payload],
    [orderExpiry, expiryJob('p1', 'o1', NOW).payload],
    [orderAutoReview, autoReviewJob('p1', 'o1', NOW).payload],
    [callbackDelivery, deliveryJob('e1', NOW).payload],
    [importedProvisioning, importedProvisioningJob(record, 3, NOW).payload],
    [hostingStep, hostingStepJob('p1', 'h1', 'OSR', NOW).payload],
    [mailDelivery, mailJob('m1', NOW).payload],
    [qualificationCheck, eligibilityCheckJob('p1', ['+12065550123'], NOW - 60_000, NOW).payload],
    // Eligibility checks written before they carried the batch's time.
    [qualificationCheck, { projectId: 'p1', phoneNumbers: ['+12065550123'] }],
    [
      voiceChallengeWebhook,
      voiceChallengeWebhookJob({ ...record, code: '123456', expireAt: NOW }, NOW).payload,
    ],
    // Provisioning steps written before they carried `from`.
    [provisioningStep, { ...record, channel: 'voice', scheduledId: 'id1', dueAt: NOW }],
  ];
  for (const [module, payload] of written) assert.equal(payloadProblem(module, payload), undefined);
});

test('a job whose payload fits its schema is handled and completed', async () => {
  const payload = { projectId: 'p1', orderId: 'o1' };
  assert.deepEqual(await run([job(1, payload)], [echo]), [{ id: 1, completed: true }]);
  assert.deepEqual(seen.at(-1), payload);
});

test('a malformed payload makes the job dead at once, naming the field', async () => {
  const [outcome] = await run([job(2, { projectId: 'p1' })], [echo]);
  assert.equal(outcome?.completed, false);
  assert.equal(outcome?.retryAt, null);
  assert.match(outcome?.error ?? '', /^Malformed orders\.expiry payload: \/orderId: /);
});

test('a failing handler is retried with backoff, and dead after WORKER_MAX_ATTEMPTS', async () => {
  const [retried] = await run([job(3, { projectId: 'p1', orderId: 'o1' }, 3)], [failing]);
  assert.deepEqual(retried, { id: 3, completed: false, error: 'store unavailable', retryAt: NOW + 4000 });
  const [dead] = await run([job(4, { projectId: 'p1', orderId: 'o1' }, WORKER_MAX_ATTEMPTS)], [failing]);
  assert.equal(dead?.retryAt, null);
});

test('a kind with no module is retried like a failure, not dropped', async () => {
  const [outcome] = await run([{ ...job(5, {}), kind: 'orders.unknown' }], [echo]);
  assert.equal(outcome?.error, 'No handler for job kind orders.unknown');
  assert.equal(outcome?.retryAt, NOW + 1000);
});

test('runDue while the background poll has the job in hand resolves only once that job is done', async () => {
  const { store, outcomes } = fakeStore([job(7, { projectId: 'p', orderId: 'o' })]);
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = false;
  const slow: JobModule = {
    ...echo,
    handle: () => {
      started = true;
      return held;
    },
  };
  const worker = createWorker({
    store,
    clock,
    jobs: [slow],
    context: {} as JobContext,
    pollMs: 1,
    log: pino({ level: 'silent' }),
  });
  worker.start();
  try {
    // Let the background poll claim the only job; the handler is still running.
    while (!started) await new Promise((resolve) => setTimeout(resolve, 1));
    let resolved = false;
    const due = worker.runDue().then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(resolved, false, 'runDue waits for the job the poll has in hand');
    release();
    await due;
    assert.deepEqual(outcomes, [{ id: 7, completed: true }]);
  } finally {
    await worker.stop();
  }
});
