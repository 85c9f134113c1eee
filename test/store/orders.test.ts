// Store conformance: number orders, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { productFor } from '../../src/domain/inventory/products.js';
import {
  applyConfiguration,
  type InventoryRow,
  type NumberChange,
  newActiveNumber,
} from '../../src/domain/numbers/activeNumber.js';
import { masksIncluding } from '../../src/domain/numbers/capabilities.js';
import {
  type NumberOrderRecord,
  orderEvent,
  RESERVATION_MS,
  type StoredAttachment,
} from '../../src/domain/orders/numberOrder.js';
import { ApiError } from '../../src/errors.js';
import { JOB_KINDS } from '../../src/jobs/job.js';
import type { AvailableSearch, OrderChange, OrderClaim, Store } from '../../src/store/types.js';
import { builder, byteOrder, context, INVENTORY, oracle, PROJECT, storeSuite, T0 } from './harness.js';

storeSuite('number orders', {}, (ctx) => {
  let store: Store;
  let other: Store;
  const { taken, free, rent } = ctx;
  before(() => {
    ({ store, other } = ctx);
  });

  describe('number orders', () => {
    const project = 'p-orders';
    /** Orders are created at these times: after every event test's times, around T0. */
    const OT = T0 + 100_000_000;
    const EXPIRY_JOB = 'conf.orders.expiry';
    let orderSeq = 0;

    /** The order a create writes for the rows it reserved, built by hand. */
    function orderFor(rows: InventoryRow[], fields: Partial<NumberOrderRecord> = {}): NumberOrderRecord {
      const regionCode = rows[0]?.regionCode ?? 'US';
      const numberType = rows[0]?.numberType ?? 'LOCAL';
      const product = productFor(regionCode, numberType);
      const createdAt = fields.createdAt ?? OT;
      return {
        orderId: `ord-${String(orderSeq++).padStart(4, '0')}`,
        projectId: project,
        regionCode,
        numberType,
        state: 'CREATED',
        orderNumbers: rows.map((row) => ({
          phoneNumber: row.e164,
          numberId: row.id,
          capabilities: row.capabilities,
          setupPrice: { currencyCode: product.currencyCode, amount: product.setupPrice },
          monthlyPrice: { currencyCode: product.currencyCode, amount: product.monthlyPrice },
          paymentIntervalMonths: product.paymentIntervalMonths,
        })),
        smsConfiguration: { servicePlanId: 'plan-orders', campaignId: '' },
        voiceConfiguration: null,
        callbackUrl: 'https://receiver.example/orders',
        policyVersion: 1,
        registration: null,
        rejectionReason: '',
        createdAt,
        updatedAt: createdAt,
        expireAt: createdAt + RESERVATION_MS,
        submittedAt: null,
        ...fields,
      };
    }

    /** A build callback as the domain's: the order, its expiry job and its CREATED event. */
    function creating(fields: Partial<NumberOrderRecord> = {}, seen?: InventoryRow[][]) {
      return (rows: InventoryRow[]): OrderChange => {
        seen?.push(rows);
        const order = orderFor(rows, fields);
        return {
          order,
          jobs: [{ kind: EXPIRY_JOB, runAt: order.expireAt, payload: { orderId: order.orderId } }],
          events: orderEvent(order, 'CREATED', `ev-${order.orderId}-created`, order.createdAt),
        };
      };
    }

    async function create(claim: OrderClaim, fields: Partial<NumberOrderRecord> = {}, via = store) {
      const order = await via.orders.create(claim, creating(fields));
      for (const n of order?.orderNumbers ?? []) taken.add(n.phoneNumber);
      return order;
    }

    async function available(e164: string): Promise<boolean> {
      return (await store.inventory.getAvailable(e164)) !== undefined;
    }

    /** The active number a completed order turns one of its numbers into. */
    function activation(order: NumberOrderRecord, phoneNumber: string, now: number): NumberChange {
      const n = order.orderNumbers.find((o) => o.phoneNumber === phoneNumber);
      const row: InventoryRow = {
        id: n?.numberId ?? 0,
        e164: phoneNumber,
        regionCode: order.regionCode,
        numberType: order.numberType,
        capabilities: n?.capabilities ?? 3,
      };
      return applyConfiguration(
        newActiveNumber(order.projectId, row, productFor(order.regionCode, order.numberType), now),
        { smsConfiguration: { servicePlanId: 'plan-orders' }, callbackUrl: order.callbackUrl },
        context(now),
      );
    }

    function attachmentOf(
      attachmentId: string,
      content: Buffer,
      fields: Partial<StoredAttachment> = {},
    ): StoredAttachment & { content: Buffer } {
      return {
        attachmentId,
        fileName: `${attachmentId}.pdf`,
        mimeType: 'application/pdf',
        documentType: 'PROOF_OF_ADDRESS',
        size: content.length,
        createdAt: OT + 10,
        updatedAt: OT + 10,
        content,
        ...fields,
      };
    }

    function bytes(length: number, seed: number): Buffer {
      const buffer = Buffer.alloc(length);
      let x = seed;
      for (let i = 0; i < length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        buffer[i] = x >>> 24;
      }
      return buffer;
    }

    test('create by phone numbers: reserves them all, in the order asked, with jobs and events', async () => {
      const [a, b] = [free('US', 'LOCAL').e164, free('US', 'LOCAL', 1).e164];
      const countBefore = await store.inventory.countAvailable();
      const seen: InventoryRow[][] = [];
      // Key order inside the record (registration) survives the round trip.
      const registration = { zeta: 'last first', alpha: { b: 2, a: [1, 'é'] } };
      const order = await store.orders.create({ phoneNumbers: [b, a] }, creating({ registration }, seen));
      assert.ok(order);
      taken.add(a);
      taken.add(b);
      assert.deepEqual(
        seen.map((rows) => rows.map((r) => r.e164)),
        [[b, a]],
        'build runs once, with the rows in the order asked',
      );
      for (const row of seen[0]!) {
        assert.equal(typeof row.id, 'number');
        const n = INVENTORY.find((x) => x.e164 === row.e164)!;
        assert.deepEqual(
          { ...row, id: 0 },
          {
            id: 0,
            e164: n.e164,
            regionCode: n.regionCode,
            numberType: n.numberType,
            capabilities: n.capabilities,
          },
          'the inventory row of the number',
        );
      }
      const stored = await other.orders.get(project, order.orderId);
      assert.deepEqual(stored, order);
      assert.deepEqual(Object.keys(stored?.registration as object), ['zeta', 'alpha']);
      assert.deepEqual(Object.keys((stored!.registration as { alpha: object }).alpha), ['b', 'a']);
      assert.equal(await store.orders.get('someone-else', order.orderId), undefined);
      assert.equal(await store.orders.get(project, 'ord-missing'), undefined);

      // Reserved: gone from the inventory's searches and lookups.
      assert.equal(await available(a), false);
      assert.equal(await available(b), false);
      assert.equal(await store.inventory.countAvailable(), countBefore - 2);
      const search: AvailableSearch = { regionCode: 'US', numberType: 'LOCAL', limit: 200 };
      const listed = (await store.inventory.searchAvailable(search)).map((r) => r.e164);
      assert.ok(!listed.includes(a) && !listed.includes(b));
      assert.deepEqual(listed, oracle(search, taken));
      // And not rentable.
      assert.equal(await store.numbers.rent(a, builder('p-thief')), undefined);

      // The change's job and event are written with it.
      const [expiry] = (await store.jobs.list({ kind: EXPIRY_JOB })).filter(
        (j) => j.payload.orderId === order.orderId,
      );
      assert.deepEqual(
        { status: expiry?.status, runAt: expiry?.runAt },
        { status: 'pending', runAt: order.expireAt },
      );
      const event = await other.callbacks.getEvent(`ev-${order.orderId}-created`);
      assert.equal(event?.resourceId, order.orderId);
      assert.equal(event?.eventType, 'NUMBER_ORDER_PROCESSING');
      assert.equal(event?.state, 'PENDING');
    });

    test('create by phone numbers: all or nothing', async () => {
      const reserved = (await store.orders.list({ projectId: project, limit: 100 }))[0]!;
      const held = reserved.orderNumbers[0]!.phoneNumber;
      const never = () => assert.fail('build must not run');
      // The same number again, alone or with a free one: nothing is reserved.
      assert.equal(await store.orders.create({ phoneNumbers: [held] }, never), undefined);
      assert.equal(await other.orders.create({ phoneNumbers: [held] }, never), undefined);
      const c = free('US', 'LOCAL').e164;
      assert.equal(await store.orders.create({ phoneNumbers: [c, held] }, never), undefined);
      assert.equal(await available(c), true, 'the free number stays available');
      // A number that does not exist, or one that is rented.
      assert.equal(await store.orders.create({ phoneNumbers: [c, '+10000000000'] }, never), undefined);
      const rented = free('US', 'LOCAL', 1).e164;
      assert.ok(await rent(rented));
      assert.ok(await store.numbers.getActive(PROJECT, rented));
      assert.equal(await store.orders.create({ phoneNumbers: [rented, c] }, never), undefined);
      assert.equal(await available(c), true);
      // Nothing was written by the failed creates.
      assert.deepEqual(await store.orders.list({ projectId: project, limit: 100 }), [reserved]);
    });

    test('create: a build that throws rolls back and its error propagates unchanged', async () => {
      const c = free('US', 'LOCAL').e164;
      const jobsBefore = await store.jobs.list({});
      const failure = new ApiError(400, 'INVALID_ARGUMENT', 'bad order');
      await assert.rejects(
        store.orders.create({ phoneNumbers: [c] }, () => {
          throw failure;
        }),
        (e) => e === failure,
      );
      const search = { regionCode: 'US', numberType: 'LOCAL' as const };
      await assert.rejects(
        store.orders.create({ search, quantity: 2 }, () => {
          throw failure;
        }),
        (e) => e === failure,
      );
      // The write itself fails (an order id that exists): the reservation rolls back with it.
      const [existing] = await store.orders.list({ projectId: project, limit: 1 });
      await assert.rejects(
        store.orders.create({ phoneNumbers: [c] }, (rows) => ({
          ...creating()(rows),
          order: orderFor(rows, { orderId: existing!.orderId }),
        })),
      );
      assert.equal(await available(c), true);
      assert.deepEqual(
        (await store.inventory.searchAvailable({ ...search, limit: 200 })).map((r) => r.e164),
        oracle({ ...search, limit: 200 }, taken),
      );
      assert.deepEqual(await store.jobs.list({}), jobsBefore);
      assert.deepEqual(await store.orders.list({ projectId: project, limit: 100 }), [existing]);
    });

    test('create by search and quantity: the first matching numbers in e164 order; too few is undefined', async () => {
      const search = { regionCode: 'US', numberType: 'LOCAL' as const };
      const expected = oracle({ ...search, limit: 3 }, taken);
      const seen: InventoryRow[][] = [];
      const order = await store.orders.create({ search, quantity: 3 }, creating({}, seen));
      assert.ok(order);
      for (const n of expected) taken.add(n);
      assert.deepEqual(
        seen.map((rows) => rows.map((r) => r.e164)),
        [expected],
      );
      assert.deepEqual(
        order.orderNumbers.map((n) => n.phoneNumber),
        expected,
      );
      for (const n of expected) assert.equal(await available(n), false);
      assert.deepEqual(await other.orders.get(project, order.orderId), order);

      // The pattern and the capabilities are honoured.
      const sample = oracle({ ...search, limit: 200 }, taken)[20]!;
      const pattern = { pattern: sample.slice(-2), searchPattern: 'END' as const };
      const [first, second] = oracle({ ...search, pattern, limit: 2 }, taken);
      const byPattern = await create({ search: { ...search, pattern }, quantity: 1 });
      assert.deepEqual(
        byPattern?.orderNumbers.map((n) => n.phoneNumber),
        [first],
      );
      assert.equal(await available(second ?? first!), second !== undefined);

      // Fewer matches than asked: nothing is reserved.
      const never = () => assert.fail('build must not run');
      const single = oracle({ ...search, limit: 200 }, taken)[20]!;
      const exact = { pattern: single, searchPattern: 'END' as const };
      assert.equal(
        await store.orders.create({ search: { ...search, pattern: exact }, quantity: 2 }, never),
        undefined,
      );
      assert.equal(await available(single), true);
      const noSms = {
        regionCode: 'GB',
        numberType: 'LOCAL' as const,
        capabilityMasks: masksIncluding(['SMS']),
      };
      assert.equal(await store.orders.create({ search: noSms, quantity: 1 }, never), undefined);
      const all = oracle({ ...search, limit: 1000 }, taken);
      assert.equal(await store.orders.create({ search, quantity: all.length + 1 }, never), undefined);
      assert.equal(await store.inventory.countAvailable(), INVENTORY.length - taken.size);
    });

    test('create: 10 concurrent orders for one number make exactly one order', async () => {
      const n = free('US', 'LOCAL').e164;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? store : other).orders.create(
            { phoneNumbers: [n] },
            creating({ projectId: `p-race-${i}` }),
          ),
        ),
      );
      const winners = results.filter((r): r is NumberOrderRecord => r !== undefined);
      assert.equal(winners.length, 1);
      taken.add(n);
      const winner = winners[0]!;
      assert.deepEqual(await store.orders.get(winner.projectId, winner.orderId), winner);
      for (let i = 0; i < 10; i++) {
        const orders = await store.orders.list({ projectId: `p-race-${i}`, limit: 10 });
        assert.equal(orders.length, `p-race-${i}` === winner.projectId ? 1 : 0);
      }
      assert.equal(await available(n), false);
    });

    test('create: concurrent orders for overlapping numbers, asked in opposite orders, have one winner', async () => {
      const [a, b, c] = [0, 1, 2].map((i) => free('US', 'LOCAL', i).e164) as [string, string, string];
      const claims = [
        [a, b],
        [b, a],
        [c, a],
        [b, c],
      ];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? store : other).orders.create(
            { phoneNumbers: claims[i % claims.length]! },
            creating({ projectId: 'p-overlap' }),
          ),
        ),
      );
      const winners = results.filter((r): r is NumberOrderRecord => r !== undefined);
      // Every two claims share a number: exactly one can win.
      assert.equal(winners.length, 1);
      const won = winners.flatMap((w) => w.orderNumbers.map((n) => n.phoneNumber));
      assert.equal(new Set(won).size, won.length, 'no number is in two orders');
      for (const n of won) taken.add(n);
      for (const n of [a, b, c]) assert.equal(await available(n), !won.includes(n), n);
      assert.equal((await store.orders.list({ projectId: 'p-overlap', limit: 20 })).length, winners.length);
    });

    test('create by search: concurrent orders take disjoint numbers', async () => {
      const search = { regionCode: 'US', numberType: 'LOCAL' as const };
      const expected = oracle({ ...search, limit: 16 }, taken);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          create({ search, quantity: 2 }, { projectId: 'p-any-orders' }, i % 2 ? store : other),
        ),
      );
      const numbers = results.flatMap((r) => r?.orderNumbers.map((n) => n.phoneNumber) ?? ['missing']);
      assert.equal(numbers.length, 16);
      assert.deepEqual([...numbers].sort(byteOrder), expected, 'the first 16, each once');
      for (const r of results) {
        const own = r!.orderNumbers.map((n) => n.phoneNumber);
        assert.deepEqual(own, [...own].sort(byteOrder), 'each order in e164 order');
      }
    });

    describe('update', () => {
      let order: NumberOrderRecord;
      before(async () => {
        const created = await create({
          phoneNumbers: [free('US', 'LOCAL').e164, free('US', 'LOCAL', 1).e164],
        });
        assert.ok(created);
        order = created;
      });

      test('unknown order or another project: undefined, mutate not called', async () => {
        const never = () => assert.fail('mutate must not run');
        assert.equal(await store.orders.update(project, 'ord-missing', never), undefined);
        assert.equal(await store.orders.update('someone-else', order.orderId, never), undefined);
      });

      test('null means no change and returns the current order', async () => {
        const result = await store.orders.update(project, order.orderId, (current) => {
          assert.deepEqual(current, order);
          return null;
        });
        assert.deepEqual(result, order);
      });

      test('a mutation that throws rolls back and its error propagates unchanged', async () => {
        const jobsBefore = await store.jobs.list({});
        const error = new ApiError(400, 'FAILED_PRECONDITION', 'not now');
        await assert.rejects(
          store.orders.update(project, order.orderId, () => {
            throw error;
          }),
          (e) => e === error,
        );
        // The write fails (an activation of a number the order does not hold): the order, the
        // active numbers, the jobs and the events of the change all roll back.
        const [held] = order.orderNumbers;
        const stranger = free('US', 'LOCAL').e164;
        const completed = { ...order, state: 'COMPLETED' as const, updatedAt: OT + 50 };
        await assert.rejects(
          store.orders.update(project, order.orderId, () => ({
            order: completed,
            jobs: [{ kind: 'conf.orders.never', payload: {}, runAt: OT }],
            events: orderEvent(completed, 'COMPLETED', 'ev-never', OT + 50),
            activate: [activation(order, held!.phoneNumber, OT + 50), activation(order, stranger, OT + 50)],
          })),
        );
        assert.deepEqual(await store.orders.get(project, order.orderId), order);
        assert.equal(await store.numbers.getActive(project, held!.phoneNumber), undefined);
        assert.equal(await available(held!.phoneNumber), false, 'still reserved');
        assert.equal(await available(stranger), true);
        assert.equal(await store.callbacks.getEvent('ev-never'), undefined);
        assert.deepEqual(await store.jobs.list({}), jobsBefore);
      });

      test('concurrent updates are serialised: none is lost', async () => {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? store : other).orders.update(project, order.orderId, (current) => ({
              order: { ...current, rejectionReason: `${current.rejectionReason}.${i}` },
            })),
          ),
        );
        const final = await store.orders.get(project, order.orderId);
        assert.deepEqual(
          final!.rejectionReason
            .split('.')
            .slice(1)
            .map(Number)
            .sort((x, y) => x - y),
          [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        );
        order = final!;
      });

      test('activate: the reserved numbers become active numbers of the project, with their jobs', async () => {
        const now = OT + 1_000;
        const completed = { ...order, state: 'COMPLETED' as const, updatedAt: now };
        const activate = order.orderNumbers.map((n) => activation(order, n.phoneNumber, now));
        const result = await other.orders.update(project, order.orderId, (current) => {
          assert.deepEqual(current, order);
          return {
            order: completed,
            events: orderEvent(completed, 'COMPLETED', `ev-${order.orderId}-completed`, now),
            activate,
          };
        });
        assert.deepEqual(result, completed);
        assert.deepEqual(await store.orders.get(project, order.orderId), completed);
        for (const change of activate) {
          const e164 = change.record.phoneNumber;
          assert.deepEqual(await store.numbers.getActive(project, e164), change.record);
          assert.equal(await available(e164), false);
          assert.equal(await store.numbers.rent(e164, builder('p-thief')), undefined);
          const jobs = (await store.jobs.list({ kind: JOB_KINDS.provisioningStep })).filter(
            (j) => j.payload.phoneNumber === e164,
          );
          assert.deepEqual(
            jobs.map((j) => ({ status: j.status, runAt: j.runAt, channel: j.payload.channel })),
            [{ status: 'pending', runAt: now + 1000, channel: 'sms' }],
            'the provisioning job is due one step after the activation',
          );
        }
        const listed = await store.numbers.listActive({
          projectId: project,
          orderBy: 'phoneNumber',
          limit: 100,
          now,
        });
        assert.deepEqual(
          listed.records.map((r) => r.phoneNumber),
          order.orderNumbers.map((n) => n.phoneNumber).sort(byteOrder),
        );
        const event = await store.callbacks.getEvent(`ev-${order.orderId}-completed`);
        assert.equal(event?.status, 'COMPLETED');
        // Activating again fails: the numbers are no longer reserved.
        await assert.rejects(
          store.orders.update(project, order.orderId, (current) => ({ order: current, activate })),
        );
      });

      test('releaseNumbers: the numbers still reserved return to the inventory', async () => {
        const [a, b] = [free('US', 'LOCAL').e164, free('US', 'LOCAL', 1).e164];
        const held = await create({ phoneNumbers: [a, b] });
        assert.ok(held);
        const now = OT + 2_000;
        const expired = { ...held, state: 'EXPIRED' as const, updatedAt: now };
        const result = await store.orders.update(project, held.orderId, () => ({
          order: expired,
          releaseNumbers: true,
          events: orderEvent(expired, 'EXPIRED', `ev-${held.orderId}-expired`, now),
        }));
        assert.deepEqual(result, expired);
        assert.deepEqual(await other.orders.get(project, held.orderId), expired);
        for (const n of [a, b]) {
          assert.equal(await available(n), true, n);
          taken.delete(n);
        }
        const search: AvailableSearch = { regionCode: 'US', numberType: 'LOCAL', limit: 200 };
        assert.deepEqual(
          (await store.inventory.searchAvailable(search)).map((r) => r.e164),
          oracle(search, taken),
        );
        assert.equal((await store.callbacks.getEvent(`ev-${held.orderId}-expired`))?.status, 'EXPIRED');

        // A released number that was rented since is not released again, nor activated.
        assert.ok(await rent(a, 'p-after-release'));
        await store.orders.update(project, held.orderId, (current) => ({
          order: current,
          releaseNumbers: true,
        }));
        assert.equal(await available(a), false);
        assert.ok(await store.numbers.getActive('p-after-release', a));
        await assert.rejects(
          store.orders.update(project, held.orderId, (current) => ({
            order: { ...current, state: 'COMPLETED' },
            activate: [activation(held, a, now)],
          })),
        );
        assert.deepEqual(await store.orders.get(project, held.orderId), expired);
      });
    });

    describe('attachments', () => {
      let order: NumberOrderRecord;
      before(async () => {
        const created = await create({ phoneNumbers: [free('US', 'LOCAL').e164] });
        assert.ok(created);
        order = created;
      });

      test('put: stored with its content byte for byte; metadata returned without content', async () => {
        const content = bytes(300_000, 1);
        content[0] = 0;
        content[1] = 0xff;
        const input = attachmentOf('att-b', content);
        const stored = await store.orders.putAttachment(project, order.orderId, input, (current) => {
          assert.deepEqual(current, order);
        });
        const { content: _content, ...metadata } = input;
        assert.deepEqual(stored, metadata);
        assert.ok(!('content' in (stored ?? {})));
        const got = await other.orders.getAttachment(order.orderId, 'att-b');
        assert.deepEqual(got?.attachment, metadata);
        assert.ok(Buffer.isBuffer(got?.content));
        assert.ok(got!.content.equals(content), 'content round-trips byte-exact');
        assert.deepEqual(await other.orders.listAttachments(order.orderId), [metadata]);
      });

      test('put again replaces it, keeping createdAt', async () => {
        const content = bytes(1_000, 2);
        const input = attachmentOf('att-b', content, {
          fileName: 'replaced é.png',
          mimeType: 'image/png',
          documentType: 'IDENTITY',
          createdAt: OT + 20,
          updatedAt: OT + 20,
        });
        const stored = await other.orders.putAttachment(project, order.orderId, input, () => {});
        const { content: _content, ...metadata } = input;
        const expected = { ...metadata, createdAt: OT + 10 };
        assert.deepEqual(stored, expected);
        assert.deepEqual(Object.keys(stored ?? {}), Object.keys(metadata));
        const got = await store.orders.getAttachment(order.orderId, 'att-b');
        assert.deepEqual(got?.attachment, expected);
        assert.ok(got?.content.equals(content));
        assert.deepEqual(await store.orders.listAttachments(order.orderId), [expected]);
      });

      test('a check that throws stores nothing and its error propagates unchanged', async () => {
        const before = await store.orders.getAttachment(order.orderId, 'att-b');
        const refused = new ApiError(400, 'FAILED_PRECONDITION', 'order not editable');
        for (const id of ['att-b', 'att-new']) {
          await assert.rejects(
            store.orders.putAttachment(project, order.orderId, attachmentOf(id, bytes(10, 3)), () => {
              throw refused;
            }),
            (e) => e === refused,
          );
        }
        assert.deepEqual(await store.orders.getAttachment(order.orderId, 'att-b'), before);
        assert.equal(await store.orders.getAttachment(order.orderId, 'att-new'), undefined);
      });

      test('unknown order or another project: undefined, check not called, nothing stored', async () => {
        const never = () => assert.fail('check must not run');
        const input = attachmentOf('att-x', bytes(10, 4));
        assert.equal(await store.orders.putAttachment(project, 'ord-missing', input, never), undefined);
        assert.equal(
          await store.orders.putAttachment('someone-else', order.orderId, input, never),
          undefined,
        );
        assert.equal(await store.orders.getAttachment(order.orderId, 'att-x'), undefined);
        assert.equal(await store.orders.getAttachment('ord-missing', 'att-x'), undefined);
        assert.deepEqual(await store.orders.listAttachments('ord-missing'), []);
      });

      test('listed by attachment id (byte order); each order has its own', async () => {
        for (const id of ['att-a', 'att-B', 'att-\u00e9']) {
          assert.ok(
            await store.orders.putAttachment(project, order.orderId, attachmentOf(id, bytes(5, 5)), () => {}),
          );
        }
        const listed = await other.orders.listAttachments(order.orderId);
        assert.deepEqual(
          listed.map((a) => a.attachmentId),
          ['att-B', 'att-a', 'att-b', 'att-\u00e9'],
        );
        const second = await create({ phoneNumbers: [free('US', 'LOCAL').e164] });
        assert.ok(second);
        assert.deepEqual(await store.orders.listAttachments(second.orderId), []);
        const own = attachmentOf('att-a', Buffer.from('second order'));
        await store.orders.putAttachment(project, second.orderId, own, () => {});
        assert.equal(
          (await store.orders.getAttachment(second.orderId, 'att-a'))?.content.toString(),
          'second order',
        );
        assert.ok((await store.orders.getAttachment(order.orderId, 'att-a'))?.content.equals(bytes(5, 5)));
      });

      test('concurrent uploads to one order are all stored; none is lost', async () => {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? store : other).orders.putAttachment(
              project,
              order.orderId,
              attachmentOf(`att-par-${i}`, bytes(100, i)),
              () => {},
            ),
          ),
        );
        const listed = (await store.orders.listAttachments(order.orderId)).filter((a) =>
          a.attachmentId.startsWith('att-par-'),
        );
        assert.equal(listed.length, 10);
      });
    });

    test('list: oldest first (ties by order id, byte order), filtered by state and project, limited', async () => {
      const p = 'p-order-list';
      const rows = async () => [
        (await store.inventory.searchAvailable({ regionCode: 'US', numberType: 'LOCAL', limit: 1 }))[0]!,
      ];
      const made: NumberOrderRecord[] = [];
      const specs: Array<[string, number, string]> = [
        ['lst-b', OT + 3, p],
        ['lst-a', OT + 3, p],
        ['lst-B', OT + 3, p],
        ['lst-c', OT + 1, p],
        ['lst-d', OT + 2, 'p-order-list-2'],
        ['lst-e', OT + 4, p],
      ];
      for (const [orderId, createdAt, projectId] of specs) {
        const [row] = await rows();
        const created = await store.orders.create({ phoneNumbers: [row!.e164] }, (r) => ({
          order: orderFor(r, { orderId, createdAt, projectId }),
        }));
        assert.ok(created);
        taken.add(row!.e164);
        made.push(created);
      }
      // One moves on: the state filter sees the new state, the position stays (created_at).
      const inReview = await store.orders.update(p, 'lst-a', (current) => ({
        order: { ...current, state: 'IN_REVIEW', submittedAt: OT + 5, updatedAt: OT + 5 },
      }));
      const current = made.map((o) => (o.orderId === 'lst-a' ? inReview! : o));
      const ordered = (keep: (o: NumberOrderRecord) => boolean) =>
        current.filter(keep).sort((x, y) => x.createdAt - y.createdAt || byteOrder(x.orderId, y.orderId));

      assert.deepEqual(
        (await store.orders.list({ projectId: p, limit: 100 })).map((o) => o.orderId),
        ['lst-c', 'lst-B', 'lst-a', 'lst-b', 'lst-e'],
      );
      assert.deepEqual(
        await other.orders.list({ projectId: p, limit: 100 }),
        ordered((o) => o.projectId === p),
      );
      assert.deepEqual(
        await other.orders.list({ projectId: p, limit: 2 }),
        ordered((o) => o.projectId === p).slice(0, 2),
      );
      assert.deepEqual(
        await store.orders.list({ projectId: p, state: 'CREATED', limit: 100 }),
        ordered((o) => o.projectId === p && o.state === 'CREATED'),
      );
      assert.deepEqual(await store.orders.list({ projectId: p, state: 'IN_REVIEW', limit: 100 }), [inReview]);
      assert.deepEqual(await store.orders.list({ projectId: 'p-nobody', limit: 100 }), []);
      // Across projects: every order in that state, oldest first.
      const reviewing = await store.orders.list({ state: 'IN_REVIEW', limit: 100 });
      assert.ok(reviewing.every((o) => o.state === 'IN_REVIEW'));
      assert.ok(reviewing.some((o) => o.orderId === 'lst-a'));
      const everything = await store.orders.list({ limit: 1000 });
      for (const o of current) assert.ok(everything.some((e) => e.orderId === o.orderId));
      for (let i = 1; i < everything.length; i++) {
        const [x, y] = [everything[i - 1]!, everything[i]!];
        assert.ok(
          x.createdAt < y.createdAt || (x.createdAt === y.createdAt && byteOrder(x.orderId, y.orderId) < 0),
          `order at ${i}`,
        );
      }
      assert.deepEqual(await store.orders.list({ limit: 3 }), everything.slice(0, 3));
    });
  });
});
