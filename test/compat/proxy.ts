/**
 * A pass-through HTTP proxy that records every exchange, so a test can assert what the SDK put
 * on the wire (raw path, query string, retries, token fetches) and what the server answered.
 */
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path and query exactly as the client sent them (no decoding). */
  url: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: string;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  responseBody: string;
}

export interface RecordingProxy {
  readonly baseUrl: string;
  readonly exchanges: Exchange[];
  /** Forgets the exchanges recorded so far. */
  clear(): void;
  close(): Promise<void>;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Listens on a free port and forwards everything to `targetBaseUrl` (`http://host:port`). */
export async function startRecordingProxy(targetBaseUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetBaseUrl);
  const exchanges: Exchange[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const requestBody = await readAll(incoming);
    const upstream = request({
      host: target.hostname,
      port: target.port,
      method: incoming.method,
      path: incoming.url,
      headers: { ...incoming.headers, host: target.host },
    });
    upstream.on('response', async (answer) => {
      const responseBody = await readAll(answer);
      exchanges.push({
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        requestHeaders: incoming.headers,
        requestBody: requestBody.toString('utf8'),
        status: answer.statusCode ?? 0,
        responseHeaders: answer.headers,
        responseBody: responseBody.toString('utf8'),
      });
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      outgoing.end(responseBody);
    });
    upstream.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ proxyError: error.message }));
    });
    upstream.end(requestBody);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    exchanges,
    clear: () => {
      exchanges.length = 0;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The last exchange whose raw URL contains `pathPart`; fails the test when there is none. */
export function lastExchangeTo(proxy: RecordingProxy, pathPart: string): Exchange {
  const exchange = [...proxy.exchanges].reverse().find((e) => e.url.includes(pathPart));
  if (!exchange) throw new Error(`the SDK sent no request to ${pathPart}`);
  return exchange;
}
