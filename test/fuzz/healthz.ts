import { Worker } from 'node:worker_threads';

export interface HealthzStats {
  pings: number;
  slowest: number;
  /** Pings slower than the limit (or unanswered), with when they started relative to the run. */
  slow: { atMs: number; ms: number; error?: string }[];
}

// Plain JavaScript in its own thread: the pinger's timing must not depend on how busy the fuzzer's
// own event loop is while it builds 1 MB bodies.
const PINGER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, intervalMs, limitMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const started = performance.now();
const stats = { pings: 0, slowest: 0, slow: [] };
let running = true;
function ping() {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const done = (error) => {
      const ms = performance.now() - t0;
      stats.pings++;
      stats.slowest = Math.max(stats.slowest, ms);
      if (ms > limitMs || error) stats.slow.push({ atMs: Math.round(t0 - started), ms: Math.round(ms), error });
      resolve();
    };
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200 ? undefined : 'status ' + res.statusCode));
      res.on('error', (e) => done(e.message));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (e) => done(e.message));
  });
}
(async () => {
  while (running) {
    const t0 = performance.now();
    await ping();
    const wait = intervalMs - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  agent.destroy();
  parentPort.postMessage(stats);
})();
parentPort.on('message', () => { running = false; });
`;

/** Pings GET /healthz every `intervalMs` until stopped; each ping must answer within `limitMs`. */
export function startHealthzPinger(port: number, intervalMs = 50, limitMs = 1000) {
  const worker = new Worker(PINGER, { eval: true, workerData: { port, intervalMs, limitMs } });
  const result = new Promise<HealthzStats>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop(): Promise<HealthzStats> {
      worker.postMessage('stop');
      const stats = await result;
      await worker.terminate();
      return stats;
    },
  };
}
