// The setup client of the benchmark (project, token, samples, rented numbers, health probes):
// node:http with a keep-alive Agent, 127.0.0.1 only. The measured load loops use rawClient.ts
// instead, which costs a fraction of node:http's client CPU per request.

import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';

export const HOST = '127.0.0.1';

export interface Target {
  port: number;
  agent: Agent;
}

export interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Groups latencies in the load report (e.g. the pattern kind of a search). */
  tag?: string;
}

export interface Res {
  status: number;
  body: string;
}

/** A server on 127.0.0.1:port, with a keep-alive Agent for the setup calls made through `send`. */
export function target(port: number, sockets: number): Target {
  return { port, agent: new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets }) };
}

/** Sends one request and reads the whole response; rejects on transport errors and on timeout. */
export function send(t: Target, req: Req, timeoutMs = 10_000): Promise<Res> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const r = httpRequest(
      { host: HOST, port: t.port, method: req.method, path: req.path, headers, agent: t.agent },
      (res) => {
        res.setEncoding('utf8');
        let body = '';
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    // A deadline per request keeps every load loop bounded even if the server stalls.
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`timeout after ${timeoutMs} ms: ${req.path}`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Sends a request that must succeed, and parses its JSON body. */
export async function sendJson<T>(t: Target, req: Req): Promise<T> {
  const res = await send(t, req);
  if (res.status !== 200)
    throw new Error(`${req.method} ${req.path} -> ${res.status}: ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

/** A port that was free a moment ago (for servers that must be told their port up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
