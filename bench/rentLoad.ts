// A short rentAny load on a small inventory, for working on the rent path alone (issue 13 item 4):
// `npx tsx bench/rentLoad.ts` starts the bundled server on a fresh data directory, rents US LOCAL
// numbers with 32 connections for a few seconds and prints req/s, p99, duplicates, the server's
// CPU and the load average. RENT_SYNC=FULL runs the server in operator mode (synchronous=FULL).
//   RENT_SECONDS [5], RENT_CONNECTIONS [32], RENT_US_LOCAL [60000] numbers in the pair,
//   RENT_CPU_PROF=dir writes a V8 CPU profile of the server there, RENT_PROCESSES [1] serving
//   processes (OPEN_NUMBERS_PROCESSES), RENT_BUNDLE [dist/server.js] another build to run.

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { target } from './http.js';
import { percentile, runLoad } from './load.js';
import { processCpuMs } from './processes.js';
import { startOpenNumbers, stopChild } from './servers.js';
import { openApi, rentAnyRequest } from './workloads.js';

const int = (name: string, fallback: number) => Number(process.env[name] || fallback);
const seconds = int('RENT_SECONDS', 5);
const concurrency = int('RENT_CONNECTIONS', 32);
const usLocal = int('RENT_US_LOCAL', 60_000);
const sync = process.env.RENT_SYNC === 'FULL' ? 'FULL' : 'NORMAL';

const dataDir = mkdtempSync(join(tmpdir(), 'rent-load-'));
const adminToken = 'rent-load-admin';
// The operator mode is what sets synchronous=FULL (src/store/index.ts).
const env: Record<string, string> = { OPEN_NUMBERS_MODE: sync === 'FULL' ? 'operator' : 'sandbox' };
const nodeArgs = process.env.RENT_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RENT_CPU_PROF}`]
  : [];
const server = await startOpenNumbers({
  dataDir,
  inventory: { usLocal, perType: 50 },
  credentials: { projectId: 'rent-load', keyId: 'rent-load-key', keySecret: 'rent-load-secret-0123456789' },
  adminToken,
  readyTimeoutMs: 120_000,
  env,
  nodeArgs,
  processes: int('RENT_PROCESSES', 1),
  script: process.env.RENT_BUNDLE || undefined,
});
try {
  const t = target(server.port, concurrency);
  const api = await openApi(t, adminToken);
  const request = rentAnyRequest(api);
  const seen = new Set<string>();
  let duplicates = 0;
  const check = (res: { status: number; body: string }) => {
    if (res.status !== 200) return false;
    const { phoneNumber } = JSON.parse(res.body) as { phoneNumber: string };
    if (seen.has(phoneNumber)) {
      duplicates++;
      return false;
    }
    seen.add(phoneNumber);
    return true;
  };
  // Warm-up: JIT, statement caches, the product cache.
  await runLoad({ target: t, concurrency, durationMs: 1000, maxRequests: 500, next: () => request, check });
  const cpu0 = processCpuMs(server.child.proc.pid);
  const result = await runLoad({
    target: t,
    concurrency,
    durationMs: seconds * 1000,
    next: () => request,
    check,
  });
  const cpu1 = processCpuMs(server.child.proc.pid);
  const sorted = result.latencies.sort((a, b) => a - b);
  const serverCpu = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / result.elapsedMs : Number.NaN;
  console.log(
    JSON.stringify({
      sync,
      connections: concurrency,
      requests: result.requests,
      reqPerSec: Math.round((result.requests / result.elapsedMs) * 1000),
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      errors: result.errors,
      duplicates,
      statuses: Object.fromEntries(result.statuses),
      errorSamples: result.errorSamples.slice(0, 2),
      serverCpuCores: Number(serverCpu.toFixed(2)),
      // CPU per rental: what the server spends, whoever else shares the machine.
      serverCpuMsPerRequest: Number(((serverCpu * result.elapsedMs) / result.requests).toFixed(3)),
      loadavg: loadavg().map((l) => Number(l.toFixed(2))),
    }),
  );
} finally {
  await stopChild(server.child);
  if (process.env.RENT_KEEP) console.log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
