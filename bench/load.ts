// Closed-loop load generator: N concurrent loops, each sending its next request as soon as the
// previous one completed, until a deadline or a request cap. Each loop owns one keep-alive
// connection of the raw client (rawClient.ts), like `wrk -c N`.

import type { Req, Res, Target } from './http.js';
import { RawConnection } from './rawClient.js';

export interface LoadOptions {
  target: Target;
  concurrency: number;
  durationMs: number;
  /** Stop after this many requests in total (e.g. a cap on rents). */
  maxRequests?: number;
  /** The i-th request overall; loops share the counter, so a list is walked round-robin. */
  next: (i: number) => Req;
  /**
   * Whether a response counts as a success; sees every response, whatever its status. Default: 2xx.
   * E.g. a rent that returned a number seen before is an error although it is a 200.
   */
  check?: (res: Res, req: Req) => boolean;
  timeoutMs?: number;
  /**
   * One per loop, left open: lets the measured run reuse the warm-up's connections. Default: new
   * ones, closed at the end.
   */
  connections?: RawConnection[];
}

export interface LoadResult {
  requests: number;
  errors: number;
  elapsedMs: number;
  /** Latency of every request that got a response, in ms. */
  latencies: number[];
  byTag: Map<string, number[]>;
  statuses: Map<number, number>;
  /** First few error descriptions, for the report. */
  errorSamples: string[];
}

const MAX_ERROR_SAMPLES = 5;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { target, concurrency, durationMs, next, check } = options;
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const result: LoadResult = {
    requests: 0,
    errors: 0,
    elapsedMs: 0,
    latencies: [],
    byTag: new Map(),
    statuses: new Map(),
    errorSamples: [],
  };
  const fail = (description: string) => {
    result.errors++;
    if (result.errorSamples.length < MAX_ERROR_SAMPLES) result.errorSamples.push(description);
  };

  const connections =
    options.connections ??
    Array.from({ length: concurrency }, () => new RawConnection(target.port, options.timeoutMs));
  if (connections.length !== concurrency) throw new Error('runLoad: one connection per loop');

  let issued = 0;
  const started = performance.now();
  const deadline = started + durationMs;

  async function loop(connection: RawConnection): Promise<void> {
    while (performance.now() < deadline && issued < maxRequests) {
      const req = next(issued++);
      const t0 = process.hrtime.bigint();
      let res: Res;
      try {
        res = await connection.send(req);
      } catch (error) {
        result.requests++;
        fail(`${req.method} ${req.path}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      result.requests++;
      result.latencies.push(ms);
      if (req.tag !== undefined) {
        const list = result.byTag.get(req.tag);
        if (list) list.push(ms);
        else result.byTag.set(req.tag, [ms]);
      }
      result.statuses.set(res.status, (result.statuses.get(res.status) ?? 0) + 1);
      let ok: boolean;
      try {
        ok = check ? check(res, req) : res.status >= 200 && res.status < 300;
      } catch {
        ok = false; // e.g. a 200 whose body is not the JSON it should be
      }
      if (!ok) fail(`${req.method} ${req.path} -> ${res.status}: ${res.body.slice(0, 200)}`);
    }
  }

  await Promise.all(connections.map(loop));
  result.elapsedMs = performance.now() - started;
  if (!options.connections) for (const connection of connections) connection.close();
  return result;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Summary {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

export function summarize(latencies: number[], requests: number, errors: number, elapsedMs: number): Summary {
  const sorted = Float64Array.from(latencies).sort();
  const list = Array.from(sorted);
  return {
    requests,
    reqPerSec: requests / (elapsedMs / 1000),
    p50Ms: percentile(list, 50),
    p99Ms: percentile(list, 99),
    maxMs: list.length ? list[list.length - 1] : Number.NaN,
    errors,
  };
}
