import { connect } from 'node:net';

/**
 * Every fuzzed request goes over its own loopback TCP connection, written byte for byte: Node's
 * HTTP client refuses most of what we want to send (raw bytes in paths, bad header bytes, bad
 * framing), and one client for everything keeps the timing comparable.
 */
export interface RawRequest {
  method: string;
  /** The request target exactly as written on the request line (latin1). */
  target: string;
  /** In order; names and values are written as latin1, unchecked. */
  headers: [string, string][];
  body?: Buffer;
  /** Leave Content-Length out (chunked bodies, framing abuse). */
  noContentLength?: boolean;
  /** Replaces the whole serialized head+body: protocol abuse that is not a well-formed request. */
  rawBytes?: Buffer;
  /** Half-close after writing (bodies shorter than announced): the server sees EOF. */
  endAfterWrite?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Exchange {
  response?: RawResponse;
  /** Set when no complete response came back: connection error, closed, or timeout. */
  error?: string;
  ms: number;
  startedAt: number;
}

export function serialize(request: RawRequest, host: string): Buffer {
  if (request.rawBytes) return request.rawBytes;
  const body = request.body ?? Buffer.alloc(0);
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  if (!names.has('host')) lines.push(`Host: ${host}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (!request.noContentLength && !names.has('content-length') && (body.length || request.method !== 'GET'))
    lines.push(`Content-Length: ${body.length}`);
  // One request per connection: the server closes after answering, so a response ends for sure.
  if (!names.has('connection')) lines.push('Connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** Parses one HTTP/1.1 response; undefined while incomplete. Skips 1xx interim answers. */
export function parseResponse(data: Buffer, closed: boolean, headRequest: boolean): RawResponse | undefined {
  let offset = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end < 0) return undefined;
    const head = data.subarray(offset, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(head[0] ?? '')?.[1] ?? 'NaN');
    if (!Number.isInteger(status)) return { status: 0, headers: {}, body: data.subarray(offset) };
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = end + 4;
    if (status >= 100 && status < 200) {
      offset = bodyStart;
      continue;
    }
    if (headRequest || status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0) };
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const body = dechunk(data.subarray(bodyStart));
      return body
        ? { status, headers, body }
        : closed
          ? { status, headers, body: Buffer.alloc(0) }
          : undefined;
    }
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (data.length - bodyStart >= length)
        return { status, headers, body: data.subarray(bodyStart, bodyStart + length) };
      return closed ? { status, headers, body: data.subarray(bodyStart) } : undefined;
    }
    return closed ? { status, headers, body: data.subarray(bodyStart) } : undefined;
  }
}

function dechunk(data: Buffer): Buffer | undefined {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(chunks);
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

/** Sends one request and waits for its answer, at most `timeoutMs`. */
export function exchange(port: number, request: RawRequest, timeoutMs: number): Promise<Exchange> {
  const bytes = serialize(request, `127.0.0.1:${port}`);
  const headRequest = request.method === 'HEAD';
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    let done = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (closed: boolean, error?: string) => {
      if (done) return;
      const data = Buffer.concat(chunks);
      const response = data.length ? parseResponse(data, closed, headRequest) : undefined;
      if (!response && !closed && !error) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const ms = performance.now() - startedAt;
      if (response) resolve({ response, ms, startedAt });
      else resolve({ error: error ?? 'connection closed without an answer', ms, startedAt });
    };
    const timer = setTimeout(() => finish(true, `no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('connect', () => {
      // A server that closes early (431, 413) may reset the rest of a big write: that is fine.
      socket.write(bytes, () => {
        if (request.endAfterWrite) socket.end();
      });
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error) => {
      // ECONNRESET after the server answered early still leaves a readable answer.
      finish(true, (error as NodeJS.ErrnoException).code ?? error.message);
    });
  });
}
