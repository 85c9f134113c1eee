import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KEY_STATE_TTL_MS } from '../../src/domain/auth/authService.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { ADMIN_TOKEN, basic, PROJECT, startTestApp } from '../helpers/testApp.js';

/**
 * Projects and access keys as an operator manages them, over real HTTP: listing, creating and
 * revoking keys, and what a revocation does to the key's Basic credentials and its tokens.
 */
let s: LiveServer;
before(async () => {
  s = await startLiveServer();
});
after(() => s.close());

interface Answer {
  status: number;
  body: any;
}

async function send(
  method: string,
  path: string,
  {
    authorization = `Bearer ${ADMIN_TOKEN}`,
    actor,
    body,
  }: { authorization?: string; actor?: string; body?: unknown } = {},
): Promise<Answer> {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: {
      authorization,
      ...(actor === undefined ? {} : { 'x-open-numbers-actor': actor }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function tokenFor(keyId: string, keySecret: string): Promise<Answer> {
  const res = await fetch(`${s.base}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: basic(keyId, keySecret), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return { status: res.status, body: await res.json() };
}

/** A fresh project with `keys` access keys (their secrets, as creation shows them once). */
async function projectWithKeys(projectId: string, keys: number, actor?: string) {
  assert.equal((await send('POST', '/admin/v1/projects', { body: { projectId }, actor })).status, 200);
  const created = [];
  for (let i = 0; i < keys; i++) {
    const key = await send('POST', `/admin/v1/projects/${projectId}/accessKeys`, { actor });
    assert.equal(key.status, 200, JSON.stringify(key.body));
    created.push(key.body as { keyId: string; keySecret: string });
  }
  return created;
}

const activeNumbers = (projectId: string, authorization: string) =>
  send('GET', `/v1/projects/${projectId}/activeNumbers`, { authorization });

describe('GET /admin/v1/projects', () => {
  test('every project, oldest first, with its keys and active numbers counted', async () => {
    const [key] = await projectWithKeys('listed-project', 2);
    const revoke = await send('POST', `/admin/v1/projects/listed-project/accessKeys/${key!.keyId}:revoke`);
    assert.equal(revoke.status, 200);
    const rented = await s.api('POST', `/v1/projects/${PROJECT.projectId}/availableNumbers:rentAny`, {
      regionCode: 'US',
      type: 'LOCAL',
    });
    assert.equal(rented.status, 200, JSON.stringify(rented.body));

    const res = await send('GET', '/admin/v1/projects');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const byId = new Map(res.body.projects.map((p: any) => [p.projectId, p]));
    assert.deepEqual(byId.get('listed-project'), {
      projectId: 'listed-project',
      createTime: (byId.get('listed-project') as any).createTime,
      activeNumbers: 0,
      accessKeys: 2,
      activeAccessKeys: 1,
    });
    const mine = byId.get(PROJECT.projectId) as any;
    assert.ok(mine.activeNumbers >= 1);
    const times = res.body.projects.map((p: any) => p.createTime);
    assert.deepEqual(times, [...times].sort(), 'oldest first');
    assert.equal(res.body.nextPageToken, '');
  });

  test('pages of pageSize follow nextPageToken to the same list; a bad token is a 400', async () => {
    const all = (await send('GET', '/admin/v1/projects')).body.projects.map((p: any) => p.projectId);
    assert.ok(all.length >= 3);
    const paged: string[] = [];
    let token = '';
    do {
      const page = await send('GET', `/admin/v1/projects?pageSize=2${token ? `&pageToken=${token}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.projects.length <= 2);
      paged.push(...page.body.projects.map((p: any) => p.projectId));
      token = page.body.nextPageToken;
    } while (token);
    assert.deepEqual(paged, all);
    assert.equal((await send('GET', '/admin/v1/projects?pageToken=nonsense')).status, 400);
  });

  test('needs the admin token: none, a wrong one or a project key is a 401', async () => {
    for (const authorization of ['', 'Bearer wrong', basic(PROJECT.keyId, PROJECT.keySecret)]) {
      assert.equal((await send('GET', '/admin/v1/projects', { authorization })).status, 401);
    }
  });
});

describe('GET /admin/v1/projects/{projectId}/accessKeys', () => {
  test('ids, times and state, oldest first; never the secret nor its hash', async () => {
    const keys = await projectWithKeys('keys-listed', 2);
    const res = await send('GET', '/admin/v1/projects/keys-listed/accessKeys');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.accessKeys.map((k: any) => k.keyId),
      keys.map((k) => k.keyId),
    );
    for (const key of res.body.accessKeys) {
      assert.deepEqual(Object.keys(key), ['keyId', 'projectId', 'createTime', 'state', 'revokeTime']);
      assert.equal(key.state, 'ACTIVE');
      assert.equal(key.revokeTime, null);
    }
    const text = JSON.stringify(res.body);
    for (const key of keys) assert.ok(!text.includes(key.keySecret), 'no secret is listed');
    assert.ok(!/scrypt|\$/.test(text), 'nor its hash');
  });

  test('an unknown project is a 404; without the admin token a 401', async () => {
    assert.equal((await send('GET', '/admin/v1/projects/nobody/accessKeys')).body.error.status, 'NOT_FOUND');
    assert.equal(
      (await send('GET', '/admin/v1/projects/keys-listed/accessKeys', { authorization: '' })).status,
      401,
    );
  });
});

describe('POST /admin/v1/projects/{projectId}/accessKeys/{keyId}:revoke', () => {
  test("the key's tokens and Basic credentials are refused at once; the project's other keys keep working", async () => {
    const [doomed, kept] = await projectWithKeys('revoking', 2);
    const token = await tokenFor(doomed!.keyId, doomed!.keySecret);
    assert.equal(token.status, 200);
    const bearer = `Bearer ${token.body.access_token}`;
    const doomedBasic = basic(doomed!.keyId, doomed!.keySecret);
    const keptBasic = basic(kept!.keyId, kept!.keySecret);
    const keptToken = `Bearer ${(await tokenFor(kept!.keyId, kept!.keySecret)).body.access_token}`;
    // Both credentials work, and each is remembered (the token verified, the secret's scrypt run cached).
    assert.equal((await activeNumbers('revoking', bearer)).status, 200);
    assert.equal((await activeNumbers('revoking', doomedBasic)).status, 200);

    const revoked = await send('POST', `/admin/v1/projects/revoking/accessKeys/${doomed!.keyId}:revoke`, {
      body: { reason: 'leaked in a CI log' },
    });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(revoked.body.state, 'REVOKED');
    assert.match(revoked.body.revokeTime, /Z$/);

    const byToken = await activeNumbers('revoking', bearer);
    assert.equal(byToken.status, 401, 'the same token, right after');
    assert.equal(byToken.body.error.status, 'UNAUTHENTICATED');
    assert.match(byToken.body.error.message, /revoked/);
    assert.equal((await activeNumbers('revoking', doomedBasic)).status, 401, 'Basic, right after');
    const newToken = await tokenFor(doomed!.keyId, doomed!.keySecret);
    assert.equal(newToken.status, 401, 'no new token either');
    assert.equal(newToken.body.error, 'invalid_client');

    assert.equal((await activeNumbers('revoking', keptBasic)).status, 200, 'the other key');
    assert.equal((await activeNumbers('revoking', keptToken)).status, 200, "the other key's token");
    assert.equal((await s.api('GET', `/v1/projects/${PROJECT.projectId}/activeNumbers`)).status, 200);

    const listed = await send('GET', '/admin/v1/projects/revoking/accessKeys');
    assert.deepEqual(
      listed.body.accessKeys.map((k: any) => [k.keyId, k.state]),
      [
        [doomed!.keyId, 'REVOKED'],
        [kept!.keyId, 'ACTIVE'],
      ],
    );
  });

  test('revoking a revoked key answers it unchanged; unknown keys and projects, and keys of another project, are 404', async () => {
    const [key] = await projectWithKeys('revoked-twice', 1);
    const url = `/admin/v1/projects/revoked-twice/accessKeys/${key!.keyId}:revoke`;
    const first = await send('POST', url);
    const second = await send('POST', url);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    const audit = await send('GET', `/admin/v1/auditLog?resourceId=${key!.keyId}`);
    assert.deepEqual(
      audit.body.auditEntries.map((e: any) => e.action),
      ['REVOKE', 'CREATE'],
      'one revocation recorded',
    );

    const unknownKey = await send('POST', '/admin/v1/projects/revoked-twice/accessKeys/no-such-key:revoke');
    assert.equal(unknownKey.status, 404);
    assert.equal(unknownKey.body.error.details[0].resourceType, 'AccessKey');
    const unknownProject = await send('POST', `/admin/v1/projects/nobody/accessKeys/${key!.keyId}:revoke`);
    assert.equal(unknownProject.body.error.details[0].resourceType, 'Project');
    const otherProjects = await send(
      'POST',
      `/admin/v1/projects/revoked-twice/accessKeys/${PROJECT.keyId}:revoke`,
    );
    assert.equal(otherProjects.status, 404, "a key is revoked through its own project's path only");
    assert.equal((await s.api('GET', `/v1/projects/${PROJECT.projectId}/activeNumbers`)).status, 200);
    assert.equal((await send('POST', url, { authorization: '' })).status, 401);
  });

  test('the audit log names who created and revoked the keys (X-Open-Numbers-Actor, UTF-8 too)', async () => {
    const [key] = await projectWithKeys('audited-keys', 1, 'ann');
    await send('POST', `/admin/v1/projects/audited-keys/accessKeys/${key!.keyId}:revoke`, {
      actor: Buffer.from('Zoë Ødegård', 'utf8').toString('latin1'),
      body: { reason: 'left the company' },
    });
    const res = await send('GET', '/admin/v1/auditLog?projectId=audited-keys');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.auditEntries.map((e: any) => [e.actor, e.action, e.resourceType, e.resourceId, e.reason]),
      [
        ['Zoë Ødegård', 'REVOKE', 'AccessKey', key!.keyId, 'left the company'],
        ['ann', 'CREATE', 'AccessKey', key!.keyId, ''],
        ['ann', 'CREATE', 'Project', 'audited-keys', ''],
      ],
    );
  });
});

test('another process sharing the store refuses a revoked key within KEY_STATE_TTL_MS, token and Basic alike', async () => {
  const [key] = await projectWithKeys('two-processes', 1);
  const other = await startTestApp({}, s.t.storage);
  try {
    const token = `Bearer ${(await tokenFor(key!.keyId, key!.keySecret)).body.access_token}`;
    const pair = basic(key!.keyId, key!.keySecret);
    const inOther = (authorization: string) =>
      other.app.inject({
        method: 'GET',
        url: '/v1/projects/two-processes/activeNumbers',
        headers: { authorization },
      });
    // Each header is verified once, then taken from the other process's cache of headers.
    for (const authorization of [token, pair, token, pair])
      assert.equal((await inOther(authorization)).statusCode, 200, 'the other process trusts the key');
    const revokedAt = Date.now();
    await send('POST', `/admin/v1/projects/two-processes/accessKeys/${key!.keyId}:revoke`);
    assert.equal((await activeNumbers('two-processes', token)).status, 401, 'at once where it was revoked');
    for (const authorization of [token, pair]) {
      await s.until(
        async () => (await inOther(authorization)).statusCode,
        (status) => status === 401,
        KEY_STATE_TTL_MS * 3,
      );
    }
    assert.ok(Date.now() - revokedAt < KEY_STATE_TTL_MS * 3);
  } finally {
    await other.close({ keepData: true });
  }
});

test('a revocation is for good: the configured key stays revoked across a restart, which still starts', async () => {
  const env = {
    OPEN_NUMBERS_PROJECT_ID: 'configured',
    OPEN_NUMBERS_KEY_ID: 'configured-key',
    OPEN_NUMBERS_KEY_SECRET: 'configured-secret',
  };
  const auth = { authorization: basic('configured-key', 'configured-secret') };
  const first = await startTestApp(env);
  const url = '/v1/projects/configured/activeNumbers';
  assert.equal((await first.app.inject({ method: 'GET', url, headers: auth })).statusCode, 200);
  const revoked = await first.app.inject({
    method: 'POST',
    url: '/admin/v1/projects/configured/accessKeys/configured-key:revoke',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(revoked.statusCode, 200);
  await first.close({ keepData: true });
  const again = await startTestApp(env, first.storage);
  try {
    assert.equal((await again.app.inject({ method: 'GET', url, headers: auth })).statusCode, 401);
  } finally {
    await again.close();
  }
});
