// The load loops' HTTP/1.1 client: one raw keep-alive `net.Socket` per loop, nothing else.
//
// node:http's client (Agent, IncomingMessage, header objects, streams) costs ~0.2 ms of CPU per
// request, which on 2 CPUs made the load generator, not the server, the limit of the baseline run.
// This client writes the request bytes, parses the status line and headers, and reads exactly
// Content-Length bytes of body. Both servers always send Content-Length, so anything else (chunked,
// no length, a malformed head, bytes after the body), a timeout or a socket error is an error.
// It serves one request at a time (no pipelining); setup calls keep using node:http (http.ts).

import { Socket } from 'node:net';
import { HOST, type Req, type Res } from './http.js';

const HEAD_END = Buffer.from('\r\n\r\n');
/** A response head larger than this is an error (guards against a server that never ends it). */
const MAX_HEAD_BYTES = 64 * 1024;

/** Request bytes per Req: load loops walk fixed lists, so most requests are encoded once. */
const encoded = new WeakMap<Req, Buffer>();

function encode(req: Req, port: number): Buffer {
  let bytes = encoded.get(req);
  if (bytes) return bytes;
  let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${HOST}:${port}\r\n`;
  for (const [name, value] of Object.entries(req.headers ?? {})) head += `${name}: ${value}\r\n`;
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  if (body) head += `content-length: ${body.length}\r\n`;
  bytes = body ? Buffer.concat([Buffer.from(`${head}\r\n`), body]) : Buffer.from(`${head}\r\n`);
  encoded.set(req, bytes);
  return bytes;
}

interface Pending {
  resolve: (res: Res) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One connection to 127.0.0.1:port; opened on first use, reopened after `Connection: close`. */
export class RawConnection {
  private socket: Socket | undefined;
  private pending: Pending | undefined;
  /** Bytes received for the current response so far. */
  private buf: Buffer = Buffer.alloc(0);
  /** Parsed head of the current response: status, where the body starts, Content-Length, close. */
  private head: { status: number; bodyStart: number; length: number; close: boolean } | undefined;

  constructor(
    private readonly port: number,
    private readonly timeoutMs = 10_000,
  ) {}

  send(req: Req): Promise<Res> {
    if (this.pending) return Promise.reject(new Error('request already in flight on this connection'));
    return new Promise((resolve, reject) => {
      // A deadline per request keeps every load loop bounded even if the server stalls.
      const timer = setTimeout(
        () => this.fail(new Error(`timeout after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      this.pending = { resolve, reject, timer };
      this.buf = Buffer.alloc(0);
      this.head = undefined;
      this.socket ??= this.connect();
      this.socket.write(encode(req, this.port));
    });
  }

  /** Closes the socket; a request in flight fails. */
  close(): void {
    this.fail(new Error('connection closed by the client'));
  }

  private connect(): Socket {
    const socket = new Socket();
    socket.setNoDelay(true); // as node:http does: no Nagle delay on small requests
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error, socket));
    // The server closing first (idle timeout, crash) fails a request in flight; an idle socket is
    // just dropped, and the next request opens a new one.
    socket.on('close', () => this.fail(new Error('connection closed by the server'), socket));
    socket.connect(this.port, HOST);
    return socket;
  }

  private onData(chunk: Buffer): void {
    try {
      this.take(chunk);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** Adds a chunk to the current response and resolves it once complete; throws on anything odd. */
  private take(chunk: Buffer): void {
    if (!this.pending) throw new Error('unexpected bytes with no request in flight');
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    if (!this.head) {
      const end = this.buf.indexOf(HEAD_END);
      if (end < 0) {
        if (this.buf.length > MAX_HEAD_BYTES) throw new Error('response head too large');
        return;
      }
      this.head = parseHead(this.buf.toString('latin1', 0, end), end + HEAD_END.length);
    }
    const { status, bodyStart, length, close } = this.head;
    const received = this.buf.length - bodyStart;
    if (received < length) return;
    if (received > length) throw new Error('bytes after the body (no pipelining here)');
    const body = this.buf.toString('utf8', bodyStart);
    const { resolve, timer } = this.pending;
    clearTimeout(timer);
    this.pending = undefined;
    this.buf = Buffer.alloc(0);
    if (close) this.drop(); // `Connection: close`: the next request reconnects
    resolve({ status, body });
  }

  /** Fails the request in flight (if any) and drops the socket; `from` ignores stale sockets' events. */
  private fail(error: Error, from?: Socket): void {
    if (from && from !== this.socket) return;
    this.drop();
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  private drop(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/** Status line and headers; only Content-Length and Connection matter here. */
function parseHead(head: string, bodyStart: number) {
  const lines = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!match) throw new Error(`bad status line: ${JSON.stringify(lines[0].slice(0, 100))}`);
  let length = -1;
  let close = lines[0].startsWith('HTTP/1.0'); // 1.0 closes unless told otherwise; never seen here
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) throw new Error(`bad header line: ${JSON.stringify(lines[i].slice(0, 100))}`);
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value) || length >= 0) throw new Error(`bad content-length: ${value}`);
      length = Number(value);
    } else if (name === 'transfer-encoding') {
      throw new Error(`unsupported transfer-encoding: ${value}`);
    } else if (name === 'connection') {
      close = value.toLowerCase() === 'close';
    }
  }
  if (length < 0) throw new Error('response without content-length');
  return { status: Number(match[1]), bodyStart, length, close };
}
