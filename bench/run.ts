// `npm run bench`: throughput and latency of the main Open Numbers operations on a ≥1M-number
// inventory, each set against a bare node:http server on the same machine.
//
// The machine is small and shared (research/perf-baseline.md), so absolute req/s mean little; the
// ratio to the baseline, measured minutes apart with the same client, is the figure to compare.
// The CPU columns say which side was the limit: with 2 CPUs the load generator itself can be, which
// is why the load loops use a raw-socket client (rawClient.ts) instead of node:http's.
//
// Settings (env, defaults in brackets):
//   BENCH_SECONDS [10], BENCH_CONNECTIONS [32], BENCH_WARMUP_SECONDS [2] per workload;
//   BENCH_RENT_CAP [5000] rents at most; BENCH_PROBE_SECONDS [2] per search kind run alone;
//   BENCH_DATA_DIR keeps the store between runs (default: a temp dir, deleted at the end);
//   BENCH_US_LOCAL [200000], BENCH_PER_TYPE [1500] inventory of a fresh store;
//   BENCH_READY_TIMEOUT_SECONDS [900] for the server to answer /healthz.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Req, type Res, type Target, target } from './http.js';
import { type LoadOptions, runLoad, type Summary, summarize } from './load.js';
import { RawConnection } from './rawClient.js';
import {
  type CpuUse,
  RESULTS_FILE,
  type Row,
  resultsTable,
  row,
  tagRows,
  tagTable,
  writeResults,
} from './report.js';
import {
  processCpuMs,
  startBaseline,
  startOpenNumbers,
  stopAll,
  stopChild,
  waitForOutput,
} from './servers.js';
import {
  type Api,
  activePagePaths,
  buildSearchRequests,
  openApi,
  rentAnyRequest,
  rentSampled,
  type Sample,
  SEARCH_PAIRS,
  sampleInventory,
} from './workloads.js';

function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

const settings = {
  seconds: envInt('BENCH_SECONDS', 10),
  connections: envInt('BENCH_CONNECTIONS', 32),
  warmupSeconds: envInt('BENCH_WARMUP_SECONDS', 2, 0),
  rentCap: envInt('BENCH_RENT_CAP', 5000),
  probeSeconds: envInt('BENCH_PROBE_SECONDS', 2),
  dataDir: process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : undefined,
  // perType 1500 over ~635 region/type pairs plus 200k US LOCAL gives ~1.15M numbers.
  inventory: { usLocal: envInt('BENCH_US_LOCAL', 200_000), perType: envInt('BENCH_PER_TYPE', 1500) },
  readyTimeoutMs: envInt('BENCH_READY_TIMEOUT_SECONDS', 900) * 1000,
};

// Fixed, so that a kept BENCH_DATA_DIR accepts the same bootstrap key on the next run.
const CREDENTIALS = {
  projectId: 'bench-bootstrap',
  keyId: 'bench-key',
  keySecret: 'bench-secret-0123456789',
};
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const GET_ACTIVE_NUMBERS = 100;
const LIST_PAGE_SIZE = 20;
const LIST_MAX_PAGES = 50;
const SEARCH_REQUESTS = 4000;
const MIN_INVENTORY = 1_000_000;

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Lifecycle: both servers and the temp dir go away on success, error and Ctrl-C alike.

let tempDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    progress(`${signal}: stopping servers`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Steps

/** Ready time on a fresh data dir (generation included), then on the same dir again. */
async function startServer(dataDir: string) {
  const options = {
    dataDir,
    inventory: settings.inventory,
    credentials: CREDENTIALS,
    adminToken: ADMIN_TOKEN,
    readyTimeoutMs: settings.readyTimeoutMs,
  };
  let freshStoreMs: number | null = null;
  let freshInventoryMs: number | null = null;
  if (!existsSync(join(dataDir, 'open-numbers.db'))) {
    progress('starting Open Numbers on a fresh data dir (generates the inventory, about a minute)');
    const fresh = await startOpenNumbers(options);
    freshStoreMs = fresh.readyMs;
    progress(`ready after ${(freshStoreMs / 1000).toFixed(1)} s; waiting for the background inventory load`);
    // The numbers load once the server serves: measure nothing while they do.
    freshInventoryMs =
      freshStoreMs + (await waitForOutput(fresh.child, 'Inventory ready: ', settings.readyTimeoutMs));
    progress(
      `inventory loaded after ${(freshInventoryMs / 1000).toFixed(1)} s; restarting on the same data dir`,
    );
    await stopChild(fresh.child);
  }
  const server = await startOpenNumbers(options);
  progress(`ready after ${(server.readyMs / 1000).toFixed(2)} s (existing store)`);
  return { server, startup: { freshStoreMs, freshInventoryMs, existingStoreMs: server.readyMs } };
}

/** Counts rows in the store file itself: the server does not report its inventory size. */
function countInventory(dataDir: string): { total: number; available: number } {
  const db = new Database(join(dataDir, 'open-numbers.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        "SELECT count(*) AS total, coalesce(sum(status = 'AVAILABLE'), 0) AS available FROM phone_numbers",
      )
      .get() as { total: number; available: number };
  } finally {
    db.close();
  }
}

type Workload = Pick<LoadOptions, 'next' | 'check' | 'maxRequests'> & {
  warmupMaxRequests?: number;
  /** Called between warm-up and the measured run, to drop what `check` counted so far. */
  reset?: () => void;
};

/** Where a workload is sent, and the process whose CPU use is reported for it. */
interface Server {
  t: Target;
  pid: number | undefined;
}

/**
 * A warm-up whose figures are dropped (JIT, caches, sockets), then the measured run on the same
 * connections, as an Agent's pooled sockets did: a busy server answers the first requests of fresh
 * connections late, one after another (seen: up to ~0.4 s for 32 searches), not what is measured.
 */
async function measure(name: string, server: Server, workload: Workload) {
  const connections = Array.from({ length: settings.connections }, () => new RawConnection(server.t.port));
  const common = {
    target: server.t,
    concurrency: settings.connections,
    connections,
    next: workload.next,
    check: workload.check,
  };
  if (settings.warmupSeconds > 0) {
    await runLoad({
      ...common,
      durationMs: settings.warmupSeconds * 1000,
      maxRequests: workload.warmupMaxRequests,
    });
  }
  workload.reset?.();
  const clientBefore = process.cpuUsage();
  const serverBefore = processCpuMs(server.pid);
  const result = await runLoad({
    ...common,
    durationMs: settings.seconds * 1000,
    maxRequests: workload.maxRequests,
  });
  const client = process.cpuUsage(clientBefore);
  const serverMs = (processCpuMs(server.pid) ?? Number.NaN) - (serverBefore ?? Number.NaN);
  for (const connection of connections) connection.close();
  const cpu: CpuUse = {
    clientCpuPct: ((client.user + client.system) / 1000 / result.elapsedMs) * 100,
    serverCpuPct: (serverMs / result.elapsedMs) * 100,
  };
  const s = summarize(result.latencies, result.requests, result.errors, result.elapsedMs);
  progress(
    `${name}: ${s.reqPerSec.toFixed(0)} req/s, p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms, ` +
      `${s.errors} errors, CPU client ${cpu.clientCpuPct.toFixed(0)} % / server ${cpu.serverCpuPct.toFixed(0)} %`,
  );
  for (const sample of result.errorSamples) progress(`  error: ${sample}`);
  return { result, cpu };
}

const roundRobin =
  (requests: Req[]) =>
  (i: number): Req =>
    requests[i % requests.length];

/** The rent workload: every response must be a 200 with a number no one got before. */
function rentWorkload(api: Api, alreadyRented: string[]) {
  const seen = new Set(alreadyRented);
  // Counted over warm-up and measured run alike: every rent must be right, not only the timed ones.
  const stats = { rented: 0, non200: 0, duplicates: [] as string[] };
  const request = rentAnyRequest(api);
  const workload: Workload = {
    next: () => request,
    maxRequests: settings.rentCap,
    warmupMaxRequests: Math.min(200, settings.rentCap),
    check: (res: Res) => {
      if (res.status !== 200) {
        stats.non200++;
        return false;
      }
      const phoneNumber = (JSON.parse(res.body) as { phoneNumber?: string }).phoneNumber;
      if (!phoneNumber) return false;
      if (seen.has(phoneNumber)) {
        stats.duplicates.push(phoneNumber);
        return false;
      }
      seen.add(phoneNumber);
      stats.rented++;
      return true;
    },
  };
  return { workload, stats, seen };
}

/**
 * Each search kind on its own, one connection, no warm-up (the mixed run warmed up): in the mixed
 * run every query waits behind the others on the server's one event loop, which hides which kind
 * is expensive.
 */
async function searchAlone(app: Server, searches: Req[]): Promise<Map<string, Summary>> {
  const byTag = new Map<string, Summary>();
  for (const tag of new Set(searches.map((r) => r.tag!))) {
    const requests = searches.filter((r) => r.tag === tag);
    const result = await runLoad({
      target: app.t,
      concurrency: 1,
      durationMs: settings.probeSeconds * 1000,
      next: roundRobin(requests),
    });
    byTag.set(tag, summarize(result.latencies, result.requests, result.errors, result.elapsedMs));
  }
  return byTag;
}

async function benchmark(baselineServer: Server, app: Server) {
  const rows: Row[] = [];
  let baseline: Summary | undefined;
  /** Measures one workload and adds its row; ratios are against the baseline row. */
  const bench = async (label: string, server: Server, workload: Workload) => {
    const { result, cpu } = await measure(label, server, workload);
    rows.push(row(label, result, baseline, cpu));
    return result;
  };

  const baselineRequest: Req = { method: 'GET', path: '/v1/numbers' };
  const base = await bench('baseline node:http 1 KB JSON', baselineServer, { next: () => baselineRequest });
  baseline = summarize(base.latencies, base.requests, base.errors, base.elapsedMs);

  progress(`setting up: project, token, inventory samples, ${GET_ACTIVE_NUMBERS} rented numbers`);
  const api = await openApi(app.t, ADMIN_TOKEN);
  const samples: Sample[] = [];
  for (const pair of SEARCH_PAIRS) samples.push(await sampleInventory(api, pair));
  const rented = await rentSampled(api, samples, GET_ACTIVE_NUMBERS);

  // Search: the mix is built from real numbers, so nearly every query has hits.
  const searches = buildSearchRequests(api, samples, SEARCH_REQUESTS);
  const hits = new Map<string, number>();
  const search = await bench('search (mixed patterns, size=10)', app, {
    next: roundRobin(searches),
    check: (res, req) => {
      if (res.body.includes('"phoneNumber"')) hits.set(req.tag!, (hits.get(req.tag!) ?? 0) + 1);
      return res.status === 200;
    },
    reset: () => hits.clear(),
  });
  const searchByKind = tagRows(search, hits, await searchAlone(app, searches));

  const getPaths = rented.map((e164) => `${api.base}/activeNumbers/${encodeURIComponent(e164)}`);
  await bench(`get active number (${rented.length} held)`, app, {
    next: roundRobin(getPaths.map((path) => ({ method: 'GET', path, headers: api.auth }))),
  });

  const before = await activePagePaths(api, LIST_PAGE_SIZE, LIST_MAX_PAGES);
  await bench(`list active, pageSize=${LIST_PAGE_SIZE} (${before.totalSize} held)`, app, {
    next: roundRobin(before.paths.map((path) => ({ method: 'GET', path, headers: api.auth }))),
  });

  const rent = rentWorkload(api, rented);
  const rentResult = await bench('rentAny US LOCAL', app, rent.workload);

  // The server's own count must agree: one active number per distinct successful rent.
  const after = await activePagePaths(api, LIST_PAGE_SIZE, LIST_MAX_PAGES);
  await bench(`list active, pageSize=${LIST_PAGE_SIZE} (${after.totalSize} held)`, app, {
    next: roundRobin(after.paths.map((path) => ({ method: 'GET', path, headers: api.auth }))),
  });

  baselineServer.t.agent.destroy();
  app.t.agent.destroy();
  const rentChecks = {
    rentedIncludingWarmup: rent.stats.rented,
    duplicates: rent.stats.duplicates.length,
    duplicateSamples: rent.stats.duplicates.slice(0, 5),
    measuredStatuses: Object.fromEntries(rentResult.statuses),
    non200: rent.stats.non200,
    serverTotalSize: after.totalSize,
    expectedTotalSize: rent.seen.size,
    consistent:
      after.totalSize === rent.seen.size && rent.stats.duplicates.length === 0 && rent.stats.non200 === 0,
  };
  return { rows, searchByKind, rentChecks };
}

async function main() {
  const dataDir = settings.dataDir ?? mkdtempSync(join(tmpdir(), 'open-numbers-bench-'));
  if (!settings.dataDir) tempDir = dataDir;
  progress(`data dir ${dataDir}${settings.dataDir ? ' (kept)' : ' (temporary)'}`);

  const baseline = await startBaseline();
  progress(`baseline node:http on port ${baseline.port}, body ${baseline.bodyBytes} bytes`);
  const { server, startup } = await startServer(dataDir);
  const inventory = countInventory(dataDir);
  progress(`inventory: ${inventory.total} numbers, ${inventory.available} available`);
  if (inventory.total < MIN_INVENTORY)
    progress(`WARNING: inventory below ${MIN_INVENTORY}; raise BENCH_PER_TYPE (or use a fresh data dir)`);

  const { rows, searchByKind, rentChecks } = await benchmark(
    { t: target(baseline.port, settings.connections), pid: baseline.child.proc.pid },
    { t: target(server.port, settings.connections), pid: server.child.proc.pid },
  );

  const report = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      // Other tenants' load at the end: high values explain noisy figures.
      loadAverage1m: loadavg()[0],
    },
    settings: {
      seconds: settings.seconds,
      connections: settings.connections,
      warmupSeconds: settings.warmupSeconds,
      rentCap: settings.rentCap,
      probeSeconds: settings.probeSeconds,
    },
    inventory: { ...settings.inventory, ...inventory },
    startup,
    baselineBodyBytes: baseline.bodyBytes,
    results: rows,
    searchByKind,
    rentChecks,
  };
  writeResults(report);
  printReport(report);
  // A double-rented number or a failed rent is a bug, not a slow run: make it fail the command.
  if (!rentChecks.consistent) process.exitCode = 1;
}

function printReport(report: {
  inventory: { total: number; available: number };
  startup: { freshStoreMs: number | null; freshInventoryMs: number | null; existingStoreMs: number };
  results: Row[];
  searchByKind: ReturnType<typeof tagRows>;
  rentChecks: Awaited<ReturnType<typeof benchmark>>['rentChecks'];
}) {
  const { inventory, startup, rentChecks } = report;
  const fresh =
    startup.freshStoreMs === null
      ? 'n/a (kept data dir)'
      : `${(startup.freshStoreMs / 1000).toFixed(1)} s (every number loaded at ${((startup.freshInventoryMs ?? 0) / 1000).toFixed(1)} s)`;
  const out = [
    `Open Numbers bench: ${settings.seconds} s per workload after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections, ${cpus().length} CPUs, Node ${process.version}`,
    `inventory: ${inventory.total.toLocaleString('en-US')} numbers (${inventory.available.toLocaleString('en-US')} available)`,
    `server ready: fresh store ${fresh}, existing store ${(startup.existingStoreMs / 1000).toFixed(2)} s` +
      ` (spawn to first /healthz 200); load average ${loadavg()[0].toFixed(2)}`,
    '',
    resultsTable(report.results),
    'req/s ratio = req/s / baseline req/s; p99 ratio = p99 / baseline p99; CPU = % of one core during the run',
    '',
    tagTable(report.searchByKind),
    `mixed = inside the search run above; alone = the same queries of one kind on 1 connection for ${settings.probeSeconds} s`,
    '',
    `rent: ${rentChecks.rentedIncludingWarmup} numbers rented (warm-up included), ${rentChecks.duplicates} duplicates, ` +
      `${rentChecks.non200} non-200; server totalSize ${rentChecks.serverTotalSize} vs expected ${rentChecks.expectedTotalSize}` +
      ` -> ${rentChecks.consistent ? 'OK' : 'MISMATCH'}`,
    `written to ${RESULTS_FILE}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main()
  .catch((error) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanup());
