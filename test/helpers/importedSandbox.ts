import assert from 'node:assert/strict';
import type { LiveServer } from './liveServer.js';

/**
 * The sandbox controls the `imported` CLI tests drive seed 003's workflows with: the voice call's
 * code (read from the voice log, as the phone's owner hears it) and a hosting order moved on.
 */

/** The code the newest sandbox voice call to `number` said. */
export async function spokenCode(server: LiveServer, number: string): Promise<string> {
  const calls = await server.until(
    () => server.admin('GET', `/_sandbox/voiceCalls?phoneNumber=${encodeURIComponent(number)}`),
    (r) => r.status === 200 && r.body.voiceCalls.length > 0,
  );
  return calls.body.voiceCalls[0].code;
}

/** Moves a hosting order on with `POST /_sandbox/hostingOrders/{id}:advance` until it is in `state`. */
export async function advanceOrder(server: LiveServer, id: string, state: string): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const now = await server.api('GET', `${server.imported}/hostingOrders/${id}`);
    if (now.body.state === state) return;
    const moved = await server.admin('POST', `/_sandbox/hostingOrders/${id}:advance`);
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  assert.fail(`order ${id} never reached ${state}`);
}
