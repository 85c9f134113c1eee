// Store conformance: callbacks (outbox), on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { newEvent, type OutgoingEvent } from '../../src/domain/callbacks/events.js';
import { type ActiveNumberRecord, releaseNumber } from '../../src/domain/numbers/activeNumber.js';
import { ApiError } from '../../src/errors.js';
import { JOB_KINDS } from '../../src/jobs/job.js';
import type {
  CallbackFaults,
  DeliveryAttempt,
  EventFilter,
  Store,
  StoredEvent,
} from '../../src/store/types.js';
import { ADDRESS, builder, byteOrder, storeSuite, T0 } from './harness.js';

storeSuite('callbacks (outbox)', {}, (ctx) => {
  let store: Store;
  let other: Store;
  const { taken, free, rent } = ctx;
  before(() => {
    ({ store, other } = ctx);
  });

  describe('callback events (outbox)', () => {
    /** Events are created at these times: after every job test's times, long before T0. */
    const EV_T = 10_000_000_000;
    const project = 'p-events';
    /** A rented number whose (no-op) changes carry the events of most tests. */
    let e164: string;

    function outgoing(eventId: string, fields: Partial<OutgoingEvent> = {}): OutgoingEvent {
      const event = newEvent(
        {
          eventId,
          projectId: fields.projectId ?? project,
          resourceId: fields.resourceId ?? e164,
          resourceType: 'ACTIVE_NUMBER',
          eventType: 'PROVISIONING_TO_SMS_PLATFORM',
          status: fields.status ?? 'SUCCEEDED',
        },
        fields.url ?? 'https://receiver.example/callbacks',
        fields.createdAt ?? EV_T + 50,
      );
      return { ...event, ...fields };
    }

    /** The event as stored right after it was written. */
    function stored(event: OutgoingEvent, extra: Partial<StoredEvent> = {}): StoredEvent {
      return { ...event, state: 'PENDING', attempts: 0, updatedAt: event.createdAt, ...extra };
    }

    /** Writes events with a change of the number that keeps the record, as a domain change would. */
    async function write(events: OutgoingEvent[]): Promise<void> {
      const result = await store.numbers.updateActive(project, e164, (current) => ({
        record: current,
        jobs: [],
        events,
      }));
      assert.ok(result);
    }

    async function deliveryJobsOf(eventId: string) {
      return (await store.jobs.list({ kind: JOB_KINDS.callbackDelivery }))
        .filter((j) => j.payload.eventId === eventId)
        .map((j) => ({ status: j.status, runAt: j.runAt, payload: j.payload }))
        .sort((a, b) => a.runAt - b.runAt);
    }

    function attempt(fields: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
      return {
        attempt: 1,
        attemptedAt: EV_T + 60,
        requestHeaders: {
          'content-type': 'application/json',
          'user-agent': 'open-numbers',
          'x-sinch-signature': '0123456789abcdef',
        },
        requestBody: '{"eventId":"x"}',
        responseStatus: 500,
        latencyMs: 12,
        error: 'receiver answered 500',
        ...fields,
      };
    }

    before(async () => {
      e164 = free('US', 'LOCAL').e164;
      assert.ok(await rent(e164, project));
    });

    test('events written with a rent or an update are pending, each with a delivery job due at its creation', async () => {
      assert.equal(JOB_KINDS.callbackDelivery, 'callbacks.delivery');
      const n = free('US', 'LOCAL').e164;
      const onRent = outgoing('ev-rent', { resourceId: n, createdAt: EV_T + 1 });
      const build = builder(project);
      const record = await store.numbers.rent(n, (row) => ({ ...build(row), events: [onRent] }));
      assert.ok(record);
      taken.add(n);
      // The body's exact characters are kept: spacing, key order, escapes, non-ASCII.
      const exotic: OutgoingEvent = {
        ...outgoing('ev-update-1', { resourceId: n, createdAt: EV_T + 2 }),
        body: '{"b": 1,  "a":"\u00e9e\u0301 \ud83d\ude80 \\u0000",\n"z":[]}',
      };
      const voice = outgoing('ev-update-2', {
        resourceId: n,
        createdAt: EV_T + 3,
        eventType: 'PROVISIONING_TO_VOICE_PLATFORM',
        status: 'FAILED',
      });
      const updated = await store.numbers.updateActive(project, n, (current) => ({
        record: { ...current, displayName: 'with events' },
        jobs: [],
        events: [exotic, voice],
      }));
      assert.equal(updated?.displayName, 'with events');
      for (const event of [onRent, exotic, voice]) {
        assert.deepEqual(await other.callbacks.getEvent(event.eventId), stored(event));
        assert.deepEqual(await deliveryJobsOf(event.eventId), [
          { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } },
        ]);
      }
      assert.equal(await store.callbacks.getEvent('ev-missing'), undefined);

      // Due at their creation: a worker claims them (and nothing else is due then).
      assert.deepEqual(await store.jobs.claimDue(EV_T, 10, 60_000), []);
      const claimed = await other.jobs.claimDue(EV_T + 3, 10, 60_000);
      assert.deepEqual(
        claimed
          .map((j) => ({ kind: j.kind, payload: j.payload }))
          .sort((a, b) => byteOrder(String(a.payload.eventId), String(b.payload.eventId))),
        ['ev-rent', 'ev-update-1', 'ev-update-2'].map((eventId) => ({
          kind: 'callbacks.delivery',
          payload: { eventId },
        })),
      );
      for (const job of claimed) await store.jobs.complete(job.id);
    });

    test('a change that fails writes none of its events, jobs or record', async () => {
      const original = outgoing('ev-dup', { createdAt: EV_T + 10 });
      await write([original]);
      const recordBefore = await store.numbers.getActive(project, e164);
      const jobsBefore = await store.jobs.list({});
      const eventsBefore = await store.callbacks.listEvents({ limit: 1000 });

      // The mutation throws: its error passes through and nothing is written.
      const error = new ApiError(400, 'INVALID_ARGUMENT', 'nope');
      await assert.rejects(
        store.numbers.updateActive(project, e164, () => {
          throw error;
        }),
        (e) => e === error,
      );
      // The write itself fails (an event id that exists): the record, the jobs and the other
      // events of the change roll back with it.
      await assert.rejects(
        store.numbers.updateActive(project, e164, (current) => ({
          record: { ...current, displayName: 'rolled back' },
          jobs: [{ kind: 'conf.events', payload: {}, runAt: EV_T }],
          events: [
            outgoing('ev-fresh', { createdAt: EV_T + 11 }),
            outgoing('ev-dup', { createdAt: EV_T + 12 }),
          ],
        })),
      );
      assert.deepEqual(await store.numbers.getActive(project, e164), recordBefore);
      assert.equal(await store.callbacks.getEvent('ev-fresh'), undefined);
      assert.deepEqual(await store.callbacks.getEvent('ev-dup'), stored(original));
      assert.deepEqual(await store.jobs.list({}), jobsBefore);
      assert.deepEqual(await store.callbacks.listEvents({ limit: 1000 }), eventsBefore);
    });

    test('completeRelease writes the events onRemoved returns and drops the emergency address', async () => {
      const n = free('US', 'LOCAL').e164;
      assert.ok(await rent(n, project));
      const released = await store.numbers.updateActive(project, n, (current) => releaseNumber(current, T0));
      const expireAt = released?.expireAt;
      assert.ok(expireAt);
      const address = { displayName: 'HQ', address: ADDRESS, updatedAt: T0 };
      await store.emergency.put(project, n, address);

      // onRemoved throws: its error passes through and nothing changes.
      const failure = new Error('onRemoved failed');
      await assert.rejects(
        store.numbers.completeRelease(project, n, expireAt, () => {
          throw failure;
        }),
        (e) => e === failure,
      );
      assert.deepEqual(await store.numbers.getActive(project, n), released);
      assert.deepEqual(await store.emergency.get(project, n), address);
      assert.equal(await store.inventory.getAvailable(n), undefined);

      const removed: ActiveNumberRecord[] = [];
      const events = [
        outgoing('ev-released-sms', {
          resourceId: n,
          eventType: 'DEPROVISIONING_FROM_SMS_PLATFORM',
          createdAt: EV_T + 20,
        }),
        outgoing('ev-released-voice', {
          resourceId: n,
          eventType: 'DEPROVISIONING_FROM_VOICE_PLATFORM',
          createdAt: EV_T + 21,
        }),
      ];
      const completed = await store.numbers.completeRelease(project, n, expireAt, (record) => {
        removed.push(record);
        return events;
      });
      assert.equal(completed, true);
      taken.delete(n);
      assert.deepEqual(removed, [released]);
      assert.equal(await store.numbers.getActive(project, n), undefined);
      assert.equal((await store.inventory.getAvailable(n))?.e164, n);
      assert.equal(await store.emergency.get(project, n), undefined);
      assert.equal(await store.emergency.delete(project, n), false);
      for (const event of events) {
        assert.deepEqual(await other.callbacks.getEvent(event.eventId), stored(event));
        assert.deepEqual(await deliveryJobsOf(event.eventId), [
          { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } },
        ]);
      }
    });

    test('recordAttempt: attempt row, state, attempts never decrease, retry job only with retryAt', async () => {
      const event = outgoing('ev-attempts', { projectId: 'p-attempts', createdAt: EV_T + 30 });
      await write([event]);
      const initialJob = { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } };

      const failed = attempt({ attempt: 1, attemptedAt: EV_T + 31, requestBody: event.body });
      await store.callbacks.recordAttempt(event.eventId, failed, 'PENDING', EV_T + 5_000);
      assert.deepEqual(
        await other.callbacks.getEvent(event.eventId),
        stored(event, { attempts: 1, updatedAt: EV_T + 31 }),
      );
      assert.deepEqual(await deliveryJobsOf(event.eventId), [
        initialJob,
        { status: 'pending', runAt: EV_T + 5_000, payload: { eventId: event.eventId } },
      ]);

      const timedOut = attempt({
        attempt: 2,
        attemptedAt: EV_T + 5_001,
        requestHeaders: { 'content-type': 'application/json' },
        requestBody: event.body,
        responseStatus: null,
        latencyMs: 10_000,
        error: 'no response within 10000 ms',
      });
      await store.callbacks.recordAttempt(event.eventId, timedOut, 'DEAD', null);
      assert.deepEqual(
        await store.callbacks.getEvent(event.eventId),
        stored(event, { state: 'DEAD', attempts: 2, updatedAt: EV_T + 5_001 }),
      );
      assert.equal((await deliveryJobsOf(event.eventId)).length, 2, 'no job without retryAt');

      // A late attempt with a lower number (a concurrent delivery) sets the state, not the count.
      const late = attempt({
        attempt: 1,
        attemptedAt: EV_T + 6_000,
        requestBody: event.body,
        responseStatus: 204,
        error: '',
      });
      await store.callbacks.recordAttempt(event.eventId, late, 'DELIVERED', null);
      const expected = stored(event, { state: 'DELIVERED', attempts: 2, updatedAt: EV_T + 6_000 });
      assert.deepEqual(await store.callbacks.getEvent(event.eventId), expected);
      assert.equal((await deliveryJobsOf(event.eventId)).length, 2);
      assert.deepEqual(await store.callbacks.listEvents({ projectId: 'p-attempts', limit: 10 }), [
        { ...expected, deliveries: [failed, timedOut, late] },
      ]);
    });

    test('redeliver: pending again with a job due now; an unknown event is false', async () => {
      const event = outgoing('ev-redeliver', { createdAt: EV_T + 40 });
      await write([event]);
      const dead = attempt({ attempt: 1, attemptedAt: EV_T + 41, requestBody: event.body });
      await store.callbacks.recordAttempt(event.eventId, dead, 'DEAD', null);
      assert.equal((await store.callbacks.getEvent(event.eventId))?.state, 'DEAD');

      assert.equal(await other.callbacks.redeliver(event.eventId, EV_T + 9_000), true);
      assert.deepEqual(
        await store.callbacks.getEvent(event.eventId),
        stored(event, { state: 'PENDING', attempts: 1, updatedAt: EV_T + 9_000 }),
      );
      assert.deepEqual(await deliveryJobsOf(event.eventId), [
        { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } },
        { status: 'pending', runAt: EV_T + 9_000, payload: { eventId: event.eventId } },
      ]);
      const [listed] = await store.callbacks.listEvents({
        resourceId: e164,
        eventType: event.eventType,
        limit: 1,
      });
      assert.deepEqual(listed?.deliveries, [dead], 'earlier attempts are kept');

      const jobsBefore = await store.jobs.list({});
      assert.equal(await store.callbacks.redeliver('ev-unknown', EV_T + 9_000), false);
      assert.deepEqual(await store.jobs.list({}), jobsBefore);
    });

    test('listEvents: newest first (ties by event id, byte order), filters, limit, attempts', async () => {
      const [p1, p2] = ['p-listing', 'p-listing-2'];
      const [r1, r2] = ['+15550000101', '+15550000102'];
      const t = EV_T + 100;
      const events = [
        outgoing('ls-a', { projectId: p1, resourceId: r1, createdAt: t }),
        outgoing('ls-B', {
          projectId: p1,
          resourceId: r1,
          createdAt: t + 1,
          eventType: 'PROVISIONING_TO_VOICE_PLATFORM',
        }),
        outgoing('ls-b', { projectId: p1, resourceId: r2, createdAt: t + 1 }),
        outgoing('ls-\u00e9', {
          projectId: p1,
          resourceId: r2,
          createdAt: t + 1,
          eventType: 'PROVISIONING_TO_CAMPAIGN',
        }),
        outgoing('ls-c', { projectId: p2, resourceId: r1, createdAt: t + 2 }),
        outgoing('ls-d', {
          projectId: p1,
          resourceId: r1,
          createdAt: t + 3,
          eventType: 'DEPROVISIONING_FROM_SMS_PLATFORM',
        }),
      ];
      // In two changes, not in creation order.
      await write([events[3]!, events[0]!, events[5]!]);
      await write([events[1]!, events[4]!, events[2]!]);
      const delivered = attempt({ attempt: 1, attemptedAt: t + 10, responseStatus: 200, error: '' });
      await store.callbacks.recordAttempt('ls-b', delivered, 'DELIVERED', null);
      const dead = [
        attempt({ attempt: 1, attemptedAt: t + 11 }),
        attempt({ attempt: 2, attemptedAt: t + 12, responseStatus: 503, error: 'receiver answered 503' }),
      ];
      await store.callbacks.recordAttempt('ls-c', dead[0]!, 'PENDING', null);
      await store.callbacks.recordAttempt('ls-c', dead[1]!, 'DEAD', null);

      const views = events.map((event) => {
        if (event.eventId === 'ls-b')
          return {
            ...stored(event, { state: 'DELIVERED', attempts: 1, updatedAt: t + 10 }),
            deliveries: [delivered],
          };
        if (event.eventId === 'ls-c')
          return { ...stored(event, { state: 'DEAD', attempts: 2, updatedAt: t + 12 }), deliveries: dead };
        return { ...stored(event), deliveries: [] };
      });
      const newest = (a: StoredEvent, b: StoredEvent) =>
        b.createdAt - a.createdAt || byteOrder(b.eventId, a.eventId);
      const expected = (keep: (e: StoredEvent) => boolean, limit = 100) =>
        views.filter(keep).sort(newest).slice(0, limit);

      assert.deepEqual(
        (await store.callbacks.listEvents({ projectId: p1, limit: 100 })).map((e) => e.eventId),
        ['ls-d', 'ls-\u00e9', 'ls-b', 'ls-B', 'ls-a'],
      );
      const cases: Array<[EventFilter, (e: StoredEvent) => boolean]> = [
        [{ projectId: p1, limit: 100 }, (e) => e.projectId === p1],
        [{ projectId: p2, limit: 100 }, (e) => e.projectId === p2],
        [{ projectId: p1, limit: 2 }, (e) => e.projectId === p1],
        [{ projectId: p1, limit: 4 }, (e) => e.projectId === p1],
        [{ resourceId: r1, limit: 100 }, (e) => e.resourceId === r1],
        [{ projectId: p1, resourceId: r2, limit: 100 }, (e) => e.projectId === p1 && e.resourceId === r2],
        [
          { projectId: p1, eventType: 'PROVISIONING_TO_SMS_PLATFORM', limit: 100 },
          (e) => e.projectId === p1 && e.eventType === 'PROVISIONING_TO_SMS_PLATFORM',
        ],
        [{ projectId: p1, state: 'PENDING', limit: 100 }, (e) => e.projectId === p1 && e.state === 'PENDING'],
        [
          { projectId: p1, state: 'DELIVERED', limit: 100 },
          (e) => e.projectId === p1 && e.state === 'DELIVERED',
        ],
        [{ resourceId: r1, state: 'DEAD', limit: 100 }, (e) => e.resourceId === r1 && e.state === 'DEAD'],
        [
          {
            projectId: p1,
            resourceId: r1,
            eventType: 'DEPROVISIONING_FROM_SMS_PLATFORM',
            state: 'PENDING',
            limit: 1,
          },
          (e) => e.eventId === 'ls-d',
        ],
        [{ projectId: 'p-nobody', limit: 100 }, () => false],
        [{ projectId: p1, eventType: 'NUMBER_ORDER_PROCESSING', limit: 100 }, () => false],
        // One event by its id, with its attempts (the console's event page).
        [{ eventId: 'ls-c', limit: 1 }, (e) => e.eventId === 'ls-c'],
        [{ eventId: 'ls-c', projectId: p1, limit: 1 }, () => false],
        [{ eventId: 'ls-unknown', limit: 1 }, () => false],
      ];
      for (const [filter, keep] of cases) {
        const limit = filter.limit;
        assert.deepEqual(
          await other.callbacks.listEvents(filter),
          expected(keep, limit),
          JSON.stringify(filter),
        );
      }

      // Without filters: every event, newest first; a limit takes the newest.
      const everything = await store.callbacks.listEvents({ limit: 1000 });
      assert.ok(everything.length > views.length);
      for (let i = 1; i < everything.length; i++) {
        assert.ok(newest(everything[i - 1]!, everything[i]!) < 0, `order at ${i}`);
      }
      assert.deepEqual(await store.callbacks.listEvents({ limit: 3 }), everything.slice(0, 3));
    });
  });

  describe('callback configuration', () => {
    test('sealed secret: get, set, overwrite, per project', async () => {
      for (const projectId of ['p-secret', 'p-secret-2']) {
        await store.auth.createProject({ projectId, createdAt: T0 });
      }
      assert.equal(await store.callbacks.getSealedSecret('p-secret'), undefined);
      await store.callbacks.setSealedSecret('p-secret', 'v1.sealed.one', T0);
      assert.equal(await other.callbacks.getSealedSecret('p-secret'), 'v1.sealed.one');
      await store.callbacks.setSealedSecret('p-secret', 'v1.sealed.two', T0 + 1);
      assert.equal(await other.callbacks.getSealedSecret('p-secret'), 'v1.sealed.two');
      assert.equal(await store.callbacks.getSealedSecret('p-secret-2'), undefined);
      await store.callbacks.setSealedSecret('p-secret-2', 'v1.sealed.three', T0 + 2);
      assert.equal(await store.callbacks.getSealedSecret('p-secret'), 'v1.sealed.two');
      assert.equal(await store.callbacks.getSealedSecret('p-secret-2'), 'v1.sealed.three');
    });

    test('each API has its own secret: the Imported Numbers API’s is apart from the Numbers API’s', async () => {
      await store.auth.createProject({ projectId: 'p-apis', createdAt: T0 });
      await store.callbacks.setSealedSecret('p-apis', 'v1.sealed.numbers', T0);
      assert.equal(await store.callbacks.getSealedSecret('p-apis', 'imported'), undefined);
      await store.callbacks.setSealedSecret('p-apis', 'v1.sealed.imported', T0 + 1, 'imported');
      assert.equal(await other.callbacks.getSealedSecret('p-apis', 'imported'), 'v1.sealed.imported');
      assert.equal(await other.callbacks.getSealedSecret('p-apis'), 'v1.sealed.numbers');
      assert.equal(await other.callbacks.getSealedSecret('p-apis', 'numbers'), 'v1.sealed.numbers');
    });

    test('faults: get, set, overwrite, per project', async () => {
      assert.equal(await store.callbacks.getFaults('p-faults'), undefined);
      const first: CallbackFaults = {
        duplicate: true,
        outOfOrder: false,
        wrongSignature: true,
        delaySeconds: 2.5,
      };
      await store.callbacks.setFaults('p-faults', first);
      const got = await other.callbacks.getFaults('p-faults');
      assert.deepEqual(got, first);
      assert.deepEqual(Object.keys(got ?? {}), Object.keys(first), 'key order is kept');
      const second: CallbackFaults = {
        duplicate: false,
        outOfOrder: true,
        wrongSignature: false,
        delaySeconds: 0,
      };
      await store.callbacks.setFaults('p-faults', second);
      assert.deepEqual(await store.callbacks.getFaults('p-faults'), second);
      assert.equal(await store.callbacks.getFaults('p-faults-2'), undefined);
    });
  });
});
