import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openSqliteStore } from '../../store/sqlite/sqliteStore.js';
import type { Store } from '../../store/types.js';
import { createConsoleSessions, SESSION_TTL_MS } from './consoleSessions.js';

let dir: string;
let store: Store;
let now = 1_700_000_000_000;
const adminToken = { verify: (token: string) => token === 'the-admin-token' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'open-numbers-console-sessions-'));
  store = openSqliteStore({ dataDir: dir, synchronous: 'NORMAL' });
  await store.migrate();
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const sessions = () => createConsoleSessions({ store, adminToken, now: () => now });

test('a session lasts 12 hours of real time from sign-in, then is gone', async () => {
  const service = sessions();
  const { sessionId, session } = await service.signIn({
    token: 'the-admin-token',
    actor: '  Ann  ',
    client: 'a',
  });
  assert.equal(session.actor, 'Ann');
  assert.equal(session.expiresAt - session.createdAt, SESSION_TTL_MS);
  assert.deepEqual(await service.session(sessionId), session);
  now += SESSION_TTL_MS - 1;
  assert.ok(await service.session(sessionId));
  now += 1;
  assert.equal(await service.session(sessionId), undefined);
});

test('ids that are not ours are not looked up; the CSRF token must match exactly', async () => {
  const service = sessions();
  const { sessionId, session } = await service.signIn({
    token: 'the-admin-token',
    actor: 'Ann',
    client: 'a',
  });
  for (const id of [undefined, '', 'short', `${sessionId}x`, sessionId.replace(/./, '!')]) {
    assert.equal(await service.session(id), undefined, String(id));
  }
  assert.equal(service.csrfMatches(session, session.csrfToken), true);
  const last = session.csrfToken.at(-1) === 'A' ? 'B' : 'A';
  for (const token of [
    undefined,
    '',
    42,
    session.csrfToken.slice(1),
    `${session.csrfToken.slice(0, -1)}${last}`,
  ]) {
    assert.equal(service.csrfMatches(session, token), false, String(token));
  }
});

test('the name is required and bounded; a wrong token counts against the client, ten at once', async () => {
  const service = sessions();
  await assert.rejects(
    service.signIn({ token: 'the-admin-token', actor: ' ', client: 'b' }),
    /Type your name/,
  );
  await assert.rejects(
    service.signIn({ token: 'the-admin-token', actor: 'x'.repeat(129), client: 'b' }),
    /at most 128/,
  );
  await assert.rejects(
    service.signIn({ token: 'the-admin-token', actor: 'Ann\nAdmin', client: 'b' }),
    /printable/,
  );
  for (let i = 0; i < 10; i++) {
    await assert.rejects(
      service.signIn({ token: 'wrong', actor: 'Eve', client: 'c' }),
      /not the admin token/,
    );
  }
  await assert.rejects(
    service.signIn({ token: 'the-admin-token', actor: 'Eve', client: 'c' }),
    /Too many failed sign-ins/,
  );
  // One more try every three seconds.
  now += 3000;
  assert.ok(await service.signIn({ token: 'the-admin-token', actor: 'Eve', client: 'c' }));
});
