import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { usageError } from '../errors.js';
import { checkSignature, type SignatureCheck } from './signature.js';

/** Bodies larger than this are refused (413): callbacks are a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How long a forward may take; the server's own delivery gives a receiver 5 s. */
const FORWARD_TIMEOUT_MS = 10_000;
/** Headers passed on to the forward target, as received. */
const FORWARDED_HEADERS = ['content-type', 'x-sinch-signature', 'user-agent'];

export interface ForwardOutcome {
  url: string;
  status: number | null;
  error?: string;
}

/** One request received, after it was answered (and forwarded). */
export interface Received {
  receivedAt: string;
  method: string;
  path: string;
  signature: SignatureCheck;
  /** What the listener answered: 200, 401 (signature), 400 (not JSON), 405, 413. */
  answered: number;
  /** The raw body, exactly as signed. */
  body: string;
  /** The body parsed, when it is a JSON object. */
  event: Record<string, unknown> | null;
  headers: Record<string, string>;
  forward?: ForwardOutcome;
}

export interface ListenerOptions {
  host: string;
  port: number;
  secrets: readonly string[];
  forward?: string;
  onReceived(received: Received): void;
}

export interface Listener {
  url: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Passes the raw body on with its signature header, for the person's own receiver to check. */
async function forward(url: string, body: Buffer, headers: Record<string, string>): Promise<ForwardOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { url, status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { url, status: null, error: cause?.code ?? (error as Error).name };
  }
}

/**
 * A local HTTP receiver for callbacks: reads the raw body, checks `X-Sinch-Signature` against
 * the secrets, answers 200 (valid, or unchecked without secrets) or 401 (a bad or missing
 * signature, so the server retries as it would against a real receiver), then forwards the
 * request as received when asked, and reports it.
 */
export async function startListener(options: ListenerOptions): Promise<Listener> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = new Date().toISOString();
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const body = raw === 'too large' ? Buffer.alloc(0) : raw;
    const signature = checkSignature(body, headers['x-sinch-signature'], options.secrets);
    const event = parseObject(body);
    let answered = 200;
    if (req.method !== 'POST') answered = 405;
    else if (raw === 'too large') answered = 413;
    else if (signature === 'invalid' || signature === 'missing') answered = 401;
    else if (!event) answered = 400;
    res.writeHead(answered, answered === 405 ? { allow: 'POST' } : {}).end();

    const received: Received = {
      receivedAt,
      method: req.method ?? '',
      path: req.url ?? '/',
      signature,
      answered,
      body: body.toString('utf8'),
      event,
      headers,
    };
    if (options.forward && req.method === 'POST' && raw !== 'too large')
      received.forward = await forward(options.forward, body, headers);
    options.onReceived(received);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(usageError(`port ${options.port} on ${options.host} is in use: pick another with --port`));
      else if (error.code === 'EACCES')
        reject(usageError(`not allowed to listen on port ${options.port}: pick one above 1023 with --port`));
      else reject(usageError(`cannot listen on ${options.host}:${options.port}: ${error.message}`));
    });
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
