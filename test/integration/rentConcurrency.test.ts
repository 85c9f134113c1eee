// Rentals over real sockets, many at once: on SQLite they share group commits (docs/architecture.md,
// "Group commit of rentals"); on PostgreSQL each has its own transaction. Either way every number
// is rented once, a pair that runs out answers a clean 404, and one failing rental leaves the
// others alone. Run in operator mode too, where SQLite commits with synchronous=FULL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { smallPrefix } from '../helpers/api.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';

const BASE = '/v1/projects/project-a';

for (const mode of ['sandbox', 'operator'] as const) {
  describe(`parallel rentals over HTTP (${mode} mode)`, () => {
    let live: LiveServer;
    before(async () => {
      live = await startLiveServer({ OPEN_NUMBERS_MODE: mode });
    });
    after(() => live.close());

    /** Available US LOCAL numbers, in e164 order. */
    async function available(size: number): Promise<string[]> {
      const res = await live.api('GET', `${BASE}/availableNumbers?regionCode=US&type=LOCAL&size=${size}`);
      assert.equal(res.status, 200);
      return res.body.availableNumbers.map((n: { phoneNumber: string }) => n.phoneNumber);
    }

    test('rentAny on a pair of a few numbers: each once, then 404 NOT_FOUND, never a 500', async () => {
      // A small pair: the few numbers under one prefix.
      const { prefix, members } = smallPrefix(await available(1000));
      const body = {
        regionCode: 'US',
        type: 'LOCAL',
        numberPattern: { pattern: prefix, searchPattern: 'START' },
      };
      const results = await Promise.all(
        Array.from({ length: members.length + 10 }, () =>
          live.api('POST', `${BASE}/availableNumbers:rentAny`, body),
        ),
      );
      const rented = results.filter((r) => r.status === 200).map((r) => r.body.phoneNumber);
      assert.deepEqual([...rented].sort(), [...members].sort(), 'every number of the pair, each once');
      for (const r of results.filter((r) => r.status !== 200)) {
        assert.equal(r.status, 404, JSON.stringify(r.body));
        assert.equal(r.body.error.status, 'NOT_FOUND');
      }
    });

    test('40 rentals at once, some failing (taken, a configuration the number cannot take): the others rent', async () => {
      const listedNumbers = await available(35);
      // 29 rented by number, 5 by rentAny narrowed to one each (so no claim depends on the order).
      const numbers = listedNumbers.slice(0, 30);
      const forAny = listedNumbers.slice(30);
      const taken = numbers[0]!;
      assert.equal((await live.api('POST', `${BASE}/availableNumbers/${taken}:rent`, {})).status, 200);
      const rentOf = (n: string, body: object = {}) =>
        live.api('POST', `${BASE}/availableNumbers/${encodeURIComponent(n)}:rent`, body);
      const gbLocal = await live.api('GET', `${BASE}/availableNumbers?regionCode=GB&type=LOCAL&size=1`);
      const voiceOnly = gbLocal.body.availableNumbers[0].phoneNumber as string;
      const countBefore = (await live.api('GET', `${BASE}/activeNumbers?pageSize=1`)).body.totalSize;
      // Started together: over real sockets their requests reach the store in the same turns.
      const requests = [
        ...numbers.slice(1).map((n) => rentOf(n)),
        ...Array.from({ length: 5 }, () => rentOf(taken)),
        rentOf(voiceOnly, { smsConfiguration: { servicePlanId: 'plan-1' } }),
        ...forAny.map((n) =>
          live.api('POST', `${BASE}/availableNumbers:rentAny`, {
            regionCode: 'US',
            type: 'LOCAL',
            numberPattern: { pattern: n, searchPattern: 'END' },
          }),
        ),
      ];
      const results = await Promise.all(requests);
      const own = results.slice(0, numbers.length - 1);
      assert.deepEqual(
        own.map((r) => r.body.phoneNumber),
        numbers.slice(1),
        'each specific rent got its own number',
      );
      for (const r of results.slice(numbers.length - 1, numbers.length + 4)) assert.equal(r.status, 404);
      const wrong = results[numbers.length + 4]!;
      assert.equal(wrong.status, 400, JSON.stringify(wrong.body));
      const anys = results.slice(numbers.length + 5);
      assert.deepEqual(
        anys.map((r) => r.body.phoneNumber),
        forAny,
      );
      const all = [...own, ...anys].map((r) => r.body.phoneNumber);
      assert.equal(new Set(all).size, all.length, 'no number twice');
      assert.equal((await live.api('GET', `${BASE}/availableNumbers/${voiceOnly}`)).status, 200);
      const listed = await live.api('GET', `${BASE}/activeNumbers?pageSize=1`);
      assert.equal(listed.body.totalSize, countBefore + all.length, 'one active number per 200');
    });
  });
}
