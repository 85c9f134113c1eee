/**
 * A real webhook receiver on loopback for the callback tests: records every request exactly as
 * it arrived (headers as Node parsed them, the raw body string) and answers with scripted statuses.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body bytes as UTF-8, unparsed: what a signature must be checked against. */
  rawBody: string;
  /** The status this receiver answered with. */
  answeredWith: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks/numbers` */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Answers the next requests with these statuses, in order; 200 once they are used up. */
  answerNext(...statuses: number[]): void;
  /** Requests whose JSON body has `resourceId` (and `eventType`, if given). */
  eventsFor(resourceId: string, eventType?: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks/numbers'): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const script: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = script.shift() ?? 200;
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        answeredWith: status,
      });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answerNext(...statuses) {
      script.push(...statuses);
    },
    eventsFor(resourceId, eventType) {
      return received.filter((r) => {
        try {
          const body = JSON.parse(r.rawBody) as { resourceId?: string; eventType?: string };
          return body.resourceId === resourceId && (eventType === undefined || body.eventType === eventType);
        } catch {
          return false;
        }
      });
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
