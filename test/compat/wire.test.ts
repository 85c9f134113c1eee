/**
 * Wire details no single SDK exercises, with plain `fetch`: how phone numbers and patterns are
 * encoded by the different SDKs (§1.3, §11), Python's `capabilities` on activeNumbers, body-less
 * POSTs, timestamp and key-order fidelity, page tokens and the error envelope everywhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ErrorEnvelope, raw } from './client.js';
import { type RunningServer, startServer } from './server.js';
import { assertActiveNumberShape, WIRE_TIMESTAMP } from './shapes.js';

interface AvailableNumbers {
  availableNumbers: Array<{ phoneNumber: string; capability: string[] }>;
}
interface ActiveNumbers {
  activeNumbers: Array<Record<string, unknown> & { phoneNumber: string }>;
  nextPageToken: string;
  totalSize: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

let server: RunningServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.dispose();
});

async function search(query: string): Promise<AvailableNumbers['availableNumbers']> {
  const response = await raw<AvailableNumbers>(server, 'GET', `/availableNumbers?${query}`);
  assert.equal(response.status, 200, response.text);
  return response.body.availableNumbers;
}

async function rent(pathNumber: string, body = '{}') {
  const response = await raw<Record<string, unknown>>(
    server,
    'POST',
    `/availableNumbers/${pathNumber}:rent`,
    {
      body,
      headers: JSON_HEADERS,
    },
  );
  assert.equal(response.status, 200, response.text);
  return response;
}

describe('phone numbers in paths', () => {
  it('may be sent with a raw "+" (Node, Python, .NET) or as "%2B" (Java)', async () => {
    const [first, second] = await search('regionCode=US&type=LOCAL&size=2');
    const encoded = first.phoneNumber.replace('+', '%2B');

    const checkRaw = await raw(server, 'GET', `/availableNumbers/${first.phoneNumber}`);
    const checkEncoded = await raw(server, 'GET', `/availableNumbers/${encoded}`);
    assert.equal(checkRaw.status, 200);
    assert.equal(checkEncoded.status, 200);
    assert.equal(checkEncoded.text, checkRaw.text);

    const rentedEncoded = await rent(encoded);
    assert.equal((rentedEncoded.body as { phoneNumber: string }).phoneNumber, first.phoneNumber);
    const rentedRaw = await rent(second.phoneNumber);
    assert.equal((rentedRaw.body as { phoneNumber: string }).phoneNumber, second.phoneNumber);

    const getRaw = await raw(server, 'GET', `/activeNumbers/${first.phoneNumber}`);
    const getEncoded = await raw(server, 'GET', `/activeNumbers/${encoded}`);
    assert.equal(getRaw.status, 200);
    assert.equal(getEncoded.text, getRaw.text);

    const patched = await raw<{ displayName: string }>(server, 'PATCH', `/activeNumbers/${encoded}`, {
      body: JSON.stringify({ displayName: 'encoded path' }),
      headers: JSON_HEADERS,
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.displayName, 'encoded path');

    const released = await raw<{ expireAt: string }>(
      server,
      'POST',
      `/activeNumbers/${second.phoneNumber.replace('+', '%2B')}:release`,
    );
    assert.equal(released.status, 200);
    assert.match(released.body.expireAt, WIRE_TIMESTAMP);
  });
});

describe('numberPattern.pattern in a query string', () => {
  it('a raw "+" (which decodes as a space) finds the same numbers as "%2B"', async () => {
    const [sample] = await search('regionCode=US&type=LOCAL&size=1');
    const digits = sample.phoneNumber.slice(1, 5);
    const encoded = await search(`regionCode=US&type=LOCAL&size=50&numberPattern.pattern=%2B${digits}`);
    const rawPlus = await search(`regionCode=US&type=LOCAL&size=50&numberPattern.pattern=+${digits}`);
    assert.ok(encoded.length > 0);
    assert.ok(encoded.every((n) => n.phoneNumber.startsWith(`+${digits}`)));
    assert.deepEqual(rawPlus, encoded);
    // START is the default search pattern.
    const explicit = await search(
      `regionCode=US&type=LOCAL&size=50&numberPattern.pattern=%2B${digits}&numberPattern.searchPattern=START`,
    );
    assert.deepEqual(explicit, encoded);
  });

  it('the legacy spelling CONTAIN is read as CONTAINS', async () => {
    const [sample] = await search('regionCode=US&type=LOCAL&size=1');
    const middle = sample.phoneNumber.slice(4, 8);
    const query = `regionCode=US&type=LOCAL&size=30&numberPattern.pattern=${middle}`;
    const contain = await search(`${query}&numberPattern.searchPattern=CONTAIN`);
    const contains = await search(`${query}&numberPattern.searchPattern=CONTAINS`);
    assert.ok(contains.length > 0);
    assert.deepEqual(contain, contains);
  });
});

describe('capability filters', () => {
  let smsNumber: string;
  let voiceOnlyNumber: string;

  before(async () => {
    [{ phoneNumber: smsNumber }] = await search('regionCode=CA&type=LOCAL&size=1');
    [{ phoneNumber: voiceOnlyNumber }] = await search('regionCode=GB&type=LOCAL&size=1');
    await rent(smsNumber);
    await rent(voiceOnlyNumber);
  });

  async function activeWith(query: string): Promise<string[]> {
    const response = await raw<ActiveNumbers>(server, 'GET', `/activeNumbers?pageSize=100&${query}`);
    assert.equal(response.status, 200, response.text);
    return response.body.activeNumbers.map((n) => n.phoneNumber);
  }

  it('activeNumbers takes `capability` (Node, Java, .NET) and `capabilities` (Python) alike', async () => {
    const singular = await activeWith('capability=SMS');
    const plural = await activeWith('capabilities=SMS');
    assert.ok(singular.includes(smsNumber));
    assert.ok(!singular.includes(voiceOnlyNumber));
    assert.deepEqual(plural, singular);

    const voice = await activeWith('capabilities=VOICE');
    assert.ok(voice.includes(smsNumber) && voice.includes(voiceOnlyNumber));
  });

  it('activeNumbers takes several capabilities repeated (Java, .NET, Python) or comma-joined (Node arrays)', async () => {
    const repeated = await activeWith('capability=SMS&capability=VOICE');
    const commaJoined = await activeWith('capability=SMS,VOICE');
    const pythonStyle = await activeWith('capabilities=SMS&capabilities=VOICE');
    assert.ok(repeated.includes(smsNumber));
    assert.ok(!repeated.includes(voiceOnlyNumber));
    assert.deepEqual(commaJoined, repeated);
    assert.deepEqual(pythonStyle, repeated);
  });

  it('an unknown capability is 400 INVALID_ARGUMENT', async () => {
    const response = await raw<ErrorEnvelope>(server, 'GET', '/activeNumbers?capability=FAX');
    assert.equal(response.status, 400);
    assert.equal(response.body.error.status, 'INVALID_ARGUMENT');
  });
});

describe('request bodies', () => {
  it(':release accepts an empty body sent with Content-Type: application/json (as the Node SDK does)', async () => {
    const [available] = await search('regionCode=US&type=LOCAL&size=1');
    await rent(available.phoneNumber);
    const released = await raw<{ expireAt: string; nextChargeDate: string }>(
      server,
      'POST',
      `/activeNumbers/${available.phoneNumber}:release`,
      { headers: JSON_HEADERS },
    );
    assert.equal(released.status, 200, released.text);
    assert.equal(released.body.expireAt, released.body.nextChargeDate);
  });

  it(':rent accepts "{}" and no body at all', async () => {
    const [first, second] = await search('regionCode=US&type=LOCAL&size=2');
    await rent(first.phoneNumber, '{}');
    const bodiless = await raw(server, 'POST', `/availableNumbers/${second.phoneNumber}:rent`);
    assert.equal(bodiless.status, 200, bodiless.text);
  });

  it('malformed JSON is 400 INVALID_ARGUMENT in the error envelope', async () => {
    const [available] = await search('regionCode=US&type=LOCAL&size=1');
    const response = await raw<ErrorEnvelope>(
      server,
      'POST',
      `/availableNumbers/${available.phoneNumber}:rent`,
      {
        body: '{"smsConfiguration":',
        headers: JSON_HEADERS,
      },
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 400);
    assert.equal(response.body.error.status, 'INVALID_ARGUMENT');
  });
});

describe('response fidelity', () => {
  it('an ActiveNumber carries every key in live order, "" for unset strings and null for unset objects', async () => {
    const [available] = await search('regionCode=US&type=LOCAL&size=1');
    const rented = await rent(available.phoneNumber);
    assert.ok(rented.headers.get('content-type')?.startsWith('application/json'));
    const body = rented.body as Record<string, unknown>;
    assertActiveNumberShape(body);
    assert.equal(body.expireAt, null);
    assert.equal(body.displayName, '');
    assert.equal(body.callbackUrl, '');
  });

  it('timestamps are RFC 3339 UTC with microseconds', async () => {
    const [available] = await search('regionCode=US&type=LOCAL&size=1');
    const rented = await rent(
      available.phoneNumber,
      JSON.stringify({ smsConfiguration: { servicePlanId: 'p' } }),
    );
    const body = rented.body as {
      nextChargeDate: string;
      smsConfiguration: { scheduledProvisioning: { lastUpdatedTime: string } };
    };
    assert.match(body.nextChargeDate, WIRE_TIMESTAMP);
    assert.match(body.smsConfiguration.scheduledProvisioning.lastUpdatedTime, WIRE_TIMESTAMP);
  });

  it('page tokens are URL-safe (the Node SDK sends them unencoded) and the last page has nextPageToken ""', async () => {
    let token = '';
    const seen: string[] = [];
    let totalSize = -1;
    for (let page = 0; page < 50; page++) {
      const response = await raw<ActiveNumbers>(
        server,
        'GET',
        `/activeNumbers?pageSize=1${token ? `&pageToken=${token}` : ''}`,
      );
      assert.equal(response.status, 200, response.text);
      assert.ok(Object.hasOwn(response.body, 'nextPageToken'));
      totalSize = response.body.totalSize;
      seen.push(...response.body.activeNumbers.map((n) => n.phoneNumber));
      token = response.body.nextPageToken;
      if (!token) break;
      assert.match(token, /^[A-Za-z0-9_-]+$/);
    }
    assert.equal(token, '');
    assert.ok(seen.length > 1);
    assert.equal(seen.length, totalSize);
    assert.deepEqual(seen, [...seen].sort());
  });

  it('an empty search answers {"availableNumbers": []}', async () => {
    const response = await raw(
      server,
      'GET',
      '/availableNumbers?regionCode=US&type=LOCAL&numberPattern.pattern=%2B44&numberPattern.searchPattern=START',
    );
    assert.equal(response.status, 200);
    assert.equal(response.text, '{"availableNumbers":[]}');
  });
});

describe('error envelope', () => {
  it('unknown routes answer 404 in the Numbers error envelope', async () => {
    const response = await raw<ErrorEnvelope>(server, 'GET', '/noSuchCollection');
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 404);
    assert.equal(response.body.error.status, 'NOT_FOUND');
    assert.ok(Array.isArray(response.body.error.details));
  });

  it('search without regionCode is 400 with a field violation on regionCode', async () => {
    const response = await raw<ErrorEnvelope>(server, 'GET', '/availableNumbers?type=MOBILE');
    assert.equal(response.status, 400);
    assert.equal(response.body.error.status, 'INVALID_ARGUMENT');
    assert.deepEqual(
      (response.body.error.details[0].fieldViolations as Array<{ field: string }>).map((v) => v.field),
      ['regionCode'],
    );
  });
});

describe('defaults', () => {
  it('a search without type is refused: regionCode and type are required (docs/decisions.md)', async () => {
    const withoutType = await raw<{ error: { code: number; status: string; details: unknown[] } }>(
      server,
      'GET',
      '/availableNumbers?regionCode=GB&size=5',
    );
    assert.equal(withoutType.status, 400, withoutType.text);
    assert.equal(withoutType.body.error.status, 'INVALID_ARGUMENT');
    assert.deepEqual(withoutType.body.error.details, [
      { type: 'BadRequest', fieldViolations: [{ field: 'type', description: 'type is required' }] },
    ]);
  });
});
