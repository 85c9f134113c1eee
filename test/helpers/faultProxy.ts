/**
 * An HTTP proxy between the CLI and the server that loses answers on purpose, the way networks
 * and gateways do, so a test can show what a billable command does when it cannot know whether
 * its request took effect. It counts every request it receives, by method and path.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * - `drop-before`: close the connection without forwarding (the server never sees the request);
 * - `drop-after`: forward, let the server answer, then close the connection unanswered (the
 *   server committed, the client cannot know);
 * - `answer-503`: answer 503 without forwarding (a gateway in trouble);
 * - `answer-500-after`: forward, then answer 500 instead of the server's answer;
 * - `answer-503-forward-later`: answer 503 at once and forward the request only when the next
 *   request with the same method and path arrives (a slow server that commits after the client
 *   gave up, and after its read);
 * - `stall-after`: forward and never answer (the client times out).
 */
export type Fault =
  | 'drop-before'
  | 'drop-after'
  | 'answer-503'
  | 'answer-500-after'
  | 'answer-503-forward-later'
  | 'stall-after';

export interface Seen {
  method: string;
  /** The path with its query, as sent (`/v1/projects/p/availableNumbers/+1…:rent`). */
  path: string;
  fault: Fault | undefined;
}

export interface FaultProxy {
  /** The URL to give the CLI as its base URL. */
  base: string;
  /** Which fault (if any) a request gets; `nth` counts requests with the same method and path from 1. */
  rule: (request: { method: string; path: string; nth: number }) => Fault | undefined;
  /** Every request received, in order. */
  seen: Seen[];
  /** How many requests matched the method and the path pattern. */
  count(method: string, path: RegExp): number;
  /** Forgets the requests seen and the rule. */
  reset(): void;
  close(): Promise<void>;
}

/** The whole body of a request or response. */
const bodyOf = async (stream: IncomingMessage) => Buffer.concat(await stream.toArray());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const forward = (incoming: IncomingMessage, body: Buffer) =>
    new Promise<Answer>((resolve, reject) => {
      const out = request({
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      });
      out.on('response', async (answer) =>
        resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: await bodyOf(answer) }),
      );
      out.on('error', reject);
      out.end(body);
    });
  const answer = (outgoing: ServerResponse, status: number, body: Buffer | string, headers = {}) => {
    outgoing.writeHead(status, headers);
    outgoing.end(body);
  };
  const counts = new Map<string, number>();
  /** Requests held back by `answer-503-forward-later`, by method and path. */
  const held = new Map<string, () => Promise<unknown>>();

  const proxy: FaultProxy = {
    base: '',
    rule: () => undefined,
    seen: [],
    count: (method, path) => proxy.seen.filter((s) => s.method === method && path.test(s.path)).length,
    reset() {
      proxy.seen.length = 0;
      proxy.rule = () => undefined;
      counts.clear();
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };

  const server = createServer(async (incoming, outgoing) => {
    const body = await bodyOf(incoming);
    const method = incoming.method ?? '';
    const path = incoming.url ?? '';
    const key = `${method} ${path}`;
    // A request held back by `answer-503-forward-later` reaches the server just before the next
    // one like it (the retry), as a slow server's would.
    const earlier = held.get(key);
    held.delete(key);
    await earlier?.();
    const nth = (counts.get(key) ?? 0) + 1;
    counts.set(key, nth);
    const fault = proxy.rule({ method, path, nth });
    proxy.seen.push({ method, path, fault });
    const gone = JSON.stringify({
      error: { code: 503, message: 'proxy: upstream unavailable', status: 'UNAVAILABLE' },
    });
    switch (fault) {
      case 'drop-before':
        incoming.socket.destroy();
        return;
      case 'answer-503':
        return answer(outgoing, 503, gone, { 'content-type': 'application/json' });
      case 'answer-503-forward-later':
        held.set(key, () => forward(incoming, body));
        return answer(outgoing, 503, gone, { 'content-type': 'application/json' });
      case 'stall-after':
        await forward(incoming, body);
        return;
    }
    const reply = await forward(incoming, body);
    if (fault === 'drop-after') {
      incoming.socket.destroy();
      return;
    }
    if (fault === 'answer-500-after')
      return answer(
        outgoing,
        500,
        JSON.stringify({ error: { code: 500, message: '', status: 'INTERNAL' } }),
        {
          'content-type': 'application/json',
        },
      );
    answer(outgoing, reply.status, reply.body, reply.headers);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
