import assert from 'node:assert/strict';
import { signBody } from '../../src/domain/callbacks/events.js';
import { type Listening, listen } from '../../src/listen.js';
import type { ReceivedCallback } from './receiver.js';
import { ADMIN_TOKEN, PROJECT, startTestApp, type TestApp } from './testApp.js';

/**
 * The whole server over real HTTP on 127.0.0.1 (a free port), with its background worker running,
 * as a user reaches it after `npm start`: the seed workflows are driven through it with `fetch`,
 * with a Bearer token from our own `/oauth2/token`, and time moved by `/_sandbox/clock:advance`.
 */
export interface LiveServer {
  t: TestApp;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** The Imported Numbers API of PROJECT: `${base}/imported/v1/projects/project-a`. */
  imported: string;
  /** A request with the project's Bearer token; the body as JSON. */
  api(method: string, url: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  /** An operator request (the admin token), for `/_sandbox` and `/admin`. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Moves the sandbox clock over HTTP; the running worker then works what became due. */
  advance(seconds: number): Promise<void>;
  /** Polls `read` until `done` holds (the worker runs in the background), or fails after `timeoutMs`. */
  until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function jsonOf(response: Response) {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

export async function startLiveServer(env: Record<string, string> = {}): Promise<LiveServer> {
  const t = await startTestApp({ OPEN_NUMBERS_WORKER_POLL_MS: '20', ...env });
  const servers: Listening = await listen(t.runtime.deps, {
    host: '127.0.0.1',
    port: 0,
    importedPort: undefined,
  });
  t.runtime.worker.start();
  const base = servers.addresses[0] as string;

  const token = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: t.auth,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  assert.equal(token.status, 200, await token.clone().text());
  const bearer = `Bearer ${(await token.json()).access_token}`;

  const send = async (authorization: string, method: string, url: string, body?: unknown) => {
    const response = await fetch(url.startsWith('http') ? url : `${base}${url}`, {
      method,
      headers: {
        authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await jsonOf(response) };
  };

  return {
    t,
    base,
    imported: `${base}/imported/v1/projects/${PROJECT.projectId}`,
    api: (method, url, body) => send(bearer, method, url, body),
    admin: (method, path, body) => send(`Bearer ${ADMIN_TOKEN}`, method, path, body),
    async advance(seconds) {
      const res = await send(`Bearer ${ADMIN_TOKEN}`, 'POST', '/_sandbox/clock:advance', { seconds });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    },
    async until(read, done, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) assert.fail(`gave up waiting; last: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      await servers.close();
      await t.close();
    },
  };
}

/**
 * The callbacks a receiver got, each checked against `X-Sinch-Signature` with `secret`, parsed,
 * in the order they were created (event ids are monotonic ULIDs; deliveries run concurrently and
 * may overtake each other).
 */
export function signedEvents(received: readonly ReceivedCallback[], secret: string): any[] {
  return received
    .map((r) => {
      assert.equal(r.headers['x-sinch-signature'], signBody(r.body, secret), 'signed with the secret');
      return JSON.parse(r.body);
    })
    .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
}

/** Whether an imported number's carrier work is over: every step DONE or FAILED. */
export function carrierWorkSettled(importedNumber: any): boolean {
  return [
    importedNumber.smsProvisioning,
    importedNumber.campaignProvisioning,
    ...Object.values(importedNumber.mnoConfiguration ?? {}),
  ]
    .filter(Boolean)
    .every((step: any) => step.state === 'DONE' || step.state === 'FAILED');
}
