// `npm run bench`: throughput and latency of the main Open Numbers operations on a ≥1M-number
// inventory, each set against a bare node:http server on the same machine; then the server's
// memory and the goals of issue 13 (goals.ts), met or not.
//
// The machine is small and shared (research/perf-baseline.md), so absolute req/s mean little; the
// ratio to the baseline, measured minutes apart with the same client, is the figure to compare.
// The CPU columns say which side was the limit: with 2 CPUs the load generator itself can be, which
// is why the load loops use a raw-socket client (rawClient.ts) instead of node:http's. The load
// column is the machine's 1-minute load average before and after each row.
//
// Flags:
//   --pg   the same workloads on PostgreSQL: re-runs itself under scripts/with-postgres.sh (a
//          throwaway server), starts TWO API processes on its DATABASE_URL and spreads the
//          client's connections over both (postgres.ts).
// Settings (env, defaults in brackets):
//   BENCH_SECONDS [10], BENCH_CONNECTIONS [32], BENCH_WARMUP_SECONDS [2] per workload;
//   BENCH_RENT_CAP [5000] rents at most; BENCH_PROBE_SECONDS [2] per search kind run alone;
//   BENCH_DATA_DIR keeps the SQLite store between runs (default: a temp dir, deleted at the end);
//   BENCH_US_LOCAL [200000], BENCH_PER_TYPE [1500] inventory of a fresh store (both stores);
//   BENCH_READY_TIMEOUT_SECONDS [900] for the server to answer /healthz;
//   BENCH_PEERS=1 also measures Prism serving our /openapi.json (peers.ts; installed on first use
//   into bench/.peers, gitignored); OPEN_NUMBERS_PROCESSES is passed on to the server.
// Files: bench/results/latest.json (committed): the SQLite run at the top level, the PostgreSQL
// run under `postgresql`; each run replaces its own part and keeps the other.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { evaluateGoals, type GoalResult, goalsTable, ROW } from './goals.js';
import { type Req, type Res, send, type Target, target } from './http.js';
import { type LoadOptions, runLoad, type Summary, summarize } from './load.js';
import { ensurePrism, PRISM_VERSION, startPrism, stopPeer } from './peers.js';
import {
  countPostgresInventory,
  innerDatabaseUrl,
  postmasterPid,
  reexecUnderPostgres,
  stopReexec,
} from './postgres.js';
import { type Memory, treeCpuMs, treeMemory } from './processes.js';
import { RawConnection } from './rawClient.js';
import {
  fixed,
  RESULTS_FILE,
  type Row,
  resultsTable,
  row,
  tagRows,
  tagTable,
  writeResults,
} from './report.js';
import { startBaseline, startOpenNumbers, stopAll, stopChild, waitForOutput } from './servers.js';
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
  peers: process.env.BENCH_PEERS === '1',
  postgres: process.argv.includes('--pg'),
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
/** API processes sharing the PostgreSQL store in a `--pg` run. */
const PG_API_PROCESSES = 2;

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Lifecycle: the servers, the temp dir and a PostgreSQL re-run go away on success, error and
// Ctrl-C alike.

let tempDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  cleaning ??= (async () => {
    await stopReexec(signal);
    await stopAll();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    progress(`${signal}: stopping servers`);
    void cleanup(signal).finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Steps

type Store = 'sqlite' | 'postgresql';

/** Where a workload is sent, and the processes whose CPU use is reported for it. */
interface Server {
  /** The setup calls' target (the first port). */
  t: Target;
  /** The load loops' connections are spread over these, round-robin. */
  ports: number[];
  /** Roots of the process trees that serve it. */
  pids: number[];
  /** The PostgreSQL server's main process, whose tree's CPU is reported apart. */
  databasePid?: number;
}

function serverOf(ports: number[], pids: (number | undefined)[]): Server {
  return {
    t: target(ports[0], settings.connections),
    ports,
    pids: pids.filter((pid): pid is number => pid !== undefined),
  };
}

function serverOptions(dataDir: string, databaseUrl: string | undefined) {
  return {
    dataDir,
    inventory: settings.inventory,
    credentials: CREDENTIALS,
    adminToken: ADMIN_TOKEN,
    readyTimeoutMs: settings.readyTimeoutMs,
    databaseUrl,
  };
}

/**
 * Ready time on a fresh store (generation included), then on the same store again; on PostgreSQL
 * (always a fresh database) further API processes on the same store after that.
 */
async function startServers(dataDir: string, databaseUrl: string | undefined) {
  const options = serverOptions(dataDir, databaseUrl);
  let freshStoreMs: number | null = null;
  let freshInventoryMs: number | null = null;
  if (databaseUrl || !existsSync(join(dataDir, 'open-numbers.db'))) {
    progress('starting Open Numbers on a fresh store (it loads the inventory in the background)');
    const fresh = await startOpenNumbers(options);
    freshStoreMs = fresh.readyMs;
    progress(`ready after ${(freshStoreMs / 1000).toFixed(1)} s; waiting for the background inventory load`);
    // The numbers load once the server serves: measure nothing while they do.
    freshInventoryMs =
      freshStoreMs + (await waitForOutput(fresh.child, 'Inventory ready: ', settings.readyTimeoutMs));
    progress(
      `inventory loaded after ${(freshInventoryMs / 1000).toFixed(1)} s; restarting on the same store`,
    );
    await stopChild(fresh.child);
  }
  const first = await startOpenNumbers(options);
  progress(`ready after ${(first.readyMs / 1000).toFixed(2)} s (existing store)`);
  const all = [first];
  for (let i = 1; i < (databaseUrl ? PG_API_PROCESSES : 1); i++) {
    const next = await startOpenNumbers(options);
    progress(`API process ${i + 1} on port ${next.port} ready after ${(next.readyMs / 1000).toFixed(2)} s`);
    all.push(next);
  }
  return { servers: all, startup: { freshStoreMs, freshInventoryMs, existingStoreMs: first.readyMs } };
}

/** Counts rows in the store itself: the server does not report its inventory size. */
async function countInventory(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<{ total: number; available: number }> {
  if (databaseUrl) return countPostgresInventory(databaseUrl);
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

/**
 * A warm-up whose figures are dropped (JIT, caches, sockets), then the measured run on the same
 * connections, as an Agent's pooled sockets did: a busy server answers the first requests of fresh
 * connections late, one after another (seen: up to ~0.4 s for 32 searches), not what is measured.
 */
async function measure(name: string, server: Server, workload: Workload) {
  const loadBefore = loadavg()[0];
  const connections = Array.from(
    { length: settings.connections },
    (_, i) => new RawConnection(server.ports[i % server.ports.length]),
  );
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
  const serverBefore = treeCpuMs(server.pids);
  const database = server.databasePid === undefined ? undefined : [server.databasePid];
  const databaseBefore = database && treeCpuMs(database);
  const result = await runLoad({
    ...common,
    durationMs: settings.seconds * 1000,
    maxRequests: workload.maxRequests,
  });
  const client = process.cpuUsage(clientBefore);
  const serverMs = (treeCpuMs(server.pids) ?? Number.NaN) - (serverBefore ?? Number.NaN);
  const databaseMs = database && (treeCpuMs(database) ?? Number.NaN) - (databaseBefore ?? Number.NaN);
  const loadAfter = loadavg()[0];
  for (const connection of connections) connection.close();
  const measured = {
    clientCpuPct: ((client.user + client.system) / 1000 / result.elapsedMs) * 100,
    serverCpuPct: (serverMs / result.elapsedMs) * 100,
    ...(databaseMs === undefined ? {} : { databaseCpuPct: (databaseMs / result.elapsedMs) * 100 }),
    loadBefore,
    loadAfter,
  };
  const s = summarize(result.latencies, result.requests, result.errors, result.elapsedMs);
  progress(
    `${name}: ${s.reqPerSec.toFixed(0)} req/s, p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms, ` +
      `${s.errors} errors, CPU client ${measured.clientCpuPct.toFixed(0)} % / server ${measured.serverCpuPct.toFixed(0)} %` +
      `${measured.databaseCpuPct === undefined ? '' : ` / PostgreSQL ${measured.databaseCpuPct.toFixed(0)} %`}, ` +
      `load ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`,
  );
  for (const sample of result.errorSamples) progress(`  error: ${sample}`);
  return { result, measured };
}

/** Measures one workload into a row; its ratios are against `baseline` (itself when undefined). */
async function benchRow(
  label: string,
  key: string,
  server: Server,
  workload: Workload,
  baseline: Summary | undefined,
  extra: Pick<Row, 'peer' | 'held'> = {},
) {
  const { result, measured } = await measure(label, server, workload);
  return { result, row: { ...row(label, key, result, baseline, measured), ...extra } };
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
  const bench = async (label: string, key: string, server: Server, workload: Workload, held?: number) => {
    const measured = await benchRow(label, key, server, workload, baseline, { held });
    rows.push(measured.row);
    return measured.result;
  };

  const baselineRequest: Req = { method: 'GET', path: '/v1/numbers' };
  const base = await bench('baseline node:http 1 KB JSON', ROW.baseline, baselineServer, {
    next: () => baselineRequest,
  });
  baseline = summarize(base.latencies, base.requests, base.errors, base.elapsedMs);

  progress(`setting up: project, token, inventory samples, ${GET_ACTIVE_NUMBERS} rented numbers`);
  const api = await openApi(app.t, ADMIN_TOKEN);
  const samples: Sample[] = [];
  for (const pair of SEARCH_PAIRS) samples.push(await sampleInventory(api, pair));
  const rented = await rentSampled(api, samples, GET_ACTIVE_NUMBERS);

  // Search: the mix is built from real numbers, so nearly every query has hits.
  const searches = buildSearchRequests(api, samples, SEARCH_REQUESTS);
  const hits = new Map<string, number>();
  const search = await bench('search (mixed patterns, size=10)', ROW.search, app, {
    next: roundRobin(searches),
    check: (res, req) => {
      if (res.body.includes('"phoneNumber"')) hits.set(req.tag!, (hits.get(req.tag!) ?? 0) + 1);
      return res.status === 200;
    },
    reset: () => hits.clear(),
  });
  const searchByKind = tagRows(search, hits, await searchAlone(app, searches));

  const gets: Req[] = rented.map((e164) => ({
    method: 'GET',
    path: `${api.base}/activeNumbers/${encodeURIComponent(e164)}`,
    headers: api.auth,
  }));
  await bench(`get active number (${rented.length} held)`, ROW.get, app, { next: roundRobin(gets) });

  /** The project's active numbers, page by page, as many times as the run lasts. */
  const list = async (key: string) => {
    const pages = await activePagePaths(api, LIST_PAGE_SIZE, LIST_MAX_PAGES);
    await bench(
      `list active, pageSize=${LIST_PAGE_SIZE} (${pages.totalSize} held)`,
      key,
      app,
      { next: roundRobin(pages.paths.map((path) => ({ method: 'GET', path, headers: api.auth }))) },
      pages.totalSize,
    );
    return pages.totalSize;
  };

  await list(ROW.listSmall);
  const rent = rentWorkload(api, rented);
  const rentResult = await bench('rentAny US LOCAL', ROW.rentAny, app, rent.workload);
  // The server's own count must agree: one active number per distinct successful rent.
  const totalSize = await list(ROW.listLarge);

  baselineServer.t.agent.destroy();
  const rentChecks = {
    rentedIncludingWarmup: rent.stats.rented,
    duplicates: rent.stats.duplicates.length,
    duplicateSamples: rent.stats.duplicates.slice(0, 5),
    measuredStatuses: Object.fromEntries(rentResult.statuses),
    non200: rent.stats.non200,
    serverTotalSize: totalSize,
    expectedTotalSize: rent.seen.size,
    consistent: totalSize === rent.seen.size && rent.stats.duplicates.length === 0 && rent.stats.non200 === 0,
  };
  return {
    rows,
    baseline,
    searchByKind,
    rentChecks,
    rentedNumbers: [...rent.seen],
    api,
    peerRequests: { search: searches, get: gets },
  };
}

interface PeerReport {
  name: string;
  version: string;
  /** Why no row was measured, when none was. */
  skipped?: string;
  /** What the peer answered the first request of each workload: status and the start of the body. */
  answers: Record<string, { status: number; body: string }>;
}

/**
 * The peers' rows (BENCH_PEERS=1): the same search and get requests (paths, query, headers) sent to
 * Prism, against the same baseline. A workload Prism does not answer with a 2xx is reported, not
 * measured: its req/s would be those of an error page.
 */
async function benchPeers(
  app: Server,
  baseline: Summary,
  requests: { search: Req[]; get: Req[] },
): Promise<{ rows: Row[]; peers: PeerReport[] }> {
  const report: PeerReport = { name: 'prism', version: PRISM_VERSION, answers: {} };
  const rows: Row[] = [];
  const script = await ensurePrism(progress);
  if (!script) return { rows, peers: [{ ...report, skipped: 'not installed (npm install failed)' }] };
  let peer: Awaited<ReturnType<typeof startPrism>>;
  try {
    peer = await startPrism(script, app.t);
  } catch (error) {
    progress(`Prism did not start, skipping it: ${(error as Error).message}`);
    return {
      rows,
      peers: [{ ...report, skipped: `did not start: ${(error as Error).message.slice(0, 300)}` }],
    };
  }
  progress(`Prism ${PRISM_VERSION} serving our /openapi.json on port ${peer.port}`);
  const server = serverOf([peer.port], [peer.child.proc.pid]);
  try {
    const workloads = [
      { key: ROW.search, label: 'Prism: search (same requests)', list: requests.search },
      { key: ROW.get, label: 'Prism: get active number (same requests)', list: requests.get },
    ];
    for (const { key, label, list } of workloads) {
      const answer = await send(server.t, list[0]).catch((error: Error) => ({
        status: 0,
        body: error.message,
      }));
      report.answers[key] = { status: answer.status, body: answer.body.slice(0, 200) };
      progress(
        `Prism answers ${list[0].method} ${list[0].path.slice(0, 80)}: ${answer.status} ${answer.body.slice(0, 120)}`,
      );
      if (answer.status < 200 || answer.status > 299) continue;
      rows.push(
        (await benchRow(label, key, server, { next: roundRobin(list) }, baseline, { peer: 'prism' })).row,
      );
    }
    if (rows.length === 0) report.skipped = 'answered no workload with a 2xx';
  } finally {
    server.t.agent.destroy();
    await stopPeer(peer);
  }
  return { rows, peers: [report] };
}

/**
 * rentAny again with the operator's durability (OPEN_NUMBERS_MODE=operator: synchronous=FULL, an
 * fsync per commit): the server restarted on the same SQLite store, after every other figure.
 */
async function benchDurableRent(
  dataDir: string,
  servers: { child: Parameters<typeof stopChild>[0] }[],
  measured: Awaited<ReturnType<typeof benchmark>>,
) {
  for (const s of servers) await stopChild(s.child);
  progress('restarting in operator mode (synchronous=FULL) for the durable rentAny row');
  const operator = await startOpenNumbers({
    ...serverOptions(dataDir, undefined),
    env: { OPEN_NUMBERS_MODE: 'operator' },
  });
  const server = serverOf([operator.port], [operator.child.proc.pid]);
  try {
    const rent = rentWorkload({ ...measured.api, t: server.t }, measured.rentedNumbers);
    const { row: measuredRow } = await benchRow(
      'rentAny US LOCAL (operator, synchronous=FULL)',
      ROW.rentAnyFull,
      server,
      rent.workload,
      measured.baseline,
    );
    return {
      row: measuredRow,
      checks: {
        rented: rent.stats.rented,
        duplicates: rent.stats.duplicates.length,
        non200: rent.stats.non200,
      },
    };
  } finally {
    server.t.agent.destroy();
    await stopChild(operator.child);
  }
}

/** The server's process trees now: sum, per process, and per API server when there are several. */
function serverMemory(servers: { port: number; pid?: number }[]) {
  const all = treeMemory(servers.flatMap((s) => (s.pid === undefined ? [] : [s.pid])));
  if (!all) return undefined;
  if (servers.length === 1) return all;
  const perServer = servers.map((s) => {
    const m = s.pid === undefined ? undefined : treeMemory([s.pid]);
    return { port: s.port, rssMb: m?.rssMb ?? Number.NaN, peakRssMb: m?.peakRssMb ?? Number.NaN };
  });
  return { ...all, servers: perServer };
}

async function runBench(store: Store, databaseUrl: string | undefined) {
  const dataDir = (!databaseUrl && settings.dataDir) || mkdtempSync(join(tmpdir(), 'open-numbers-bench-'));
  if (dataDir !== settings.dataDir) tempDir = dataDir;
  progress(
    databaseUrl
      ? `PostgreSQL at ${databaseUrl} (throwaway), ${PG_API_PROCESSES} API processes`
      : `data dir ${dataDir}${settings.dataDir ? ' (kept)' : ' (temporary)'}`,
  );
  const loadAtStart = loadavg()[0];

  const baseline = await startBaseline();
  progress(`baseline node:http on port ${baseline.port}, body ${baseline.bodyBytes} bytes`);
  const { servers, startup } = await startServers(dataDir, databaseUrl);
  const inventory = await countInventory(dataDir, databaseUrl);
  progress(`inventory: ${inventory.total} numbers, ${inventory.available} available`);
  if (inventory.total < MIN_INVENTORY)
    progress(`WARNING: inventory below ${MIN_INVENTORY}; raise BENCH_PER_TYPE (or use a fresh data dir)`);

  const app: Server = {
    ...serverOf(
      servers.map((s) => s.port),
      servers.map((s) => s.child.proc.pid),
    ),
    databasePid: databaseUrl ? await postmasterPid(databaseUrl) : undefined,
  };
  const measured = await benchmark(serverOf([baseline.port], [baseline.child.proc.pid]), app);
  // After the workloads: the inventory loaded, the caches warm, 5,000 more numbers rented.
  const memory = serverMemory(servers.map((s) => ({ port: s.port, pid: s.child.proc.pid })));
  if (!memory) progress('WARNING: no memory figures (/proc unreadable)');
  const peers = settings.peers ? await benchPeers(app, measured.baseline, measured.peerRequests) : undefined;
  app.t.agent.destroy();
  const durable = databaseUrl ? undefined : await benchDurableRent(dataDir, servers, measured);
  if (durable) {
    const { rented, duplicates, non200 } = durable.checks;
    progress(`operator-mode rent: ${rented} rented, ${duplicates} duplicates, ${non200} non-200`);
    if (duplicates || non200) process.exitCode = 1;
  }

  const results = [...measured.rows, ...(durable ? [durable.row] : []), ...(peers?.rows ?? [])];
  const goals = evaluateGoals({ results, startup, memory, rentChecks: measured.rentChecks });
  const report = {
    store,
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      // Other tenants' load: high values explain noisy figures. Each row has its own too.
      loadAverage1mAtStart: loadAtStart,
      loadAverage1m: loadavg()[0],
    },
    settings: {
      seconds: settings.seconds,
      connections: settings.connections,
      warmupSeconds: settings.warmupSeconds,
      rentCap: settings.rentCap,
      probeSeconds: settings.probeSeconds,
      apiProcesses: servers.length,
      serverProcesses: process.env.OPEN_NUMBERS_PROCESSES ?? null,
    },
    inventory: { ...settings.inventory, ...inventory },
    startup,
    memory: memory ?? null,
    baselineBodyBytes: baseline.bodyBytes,
    results,
    searchByKind: measured.searchByKind,
    rentChecks: measured.rentChecks,
    durableRentChecks: durable?.checks ?? null,
    goals,
    peers: peers?.peers ?? null,
  };
  writeResults(store, report, progress);
  printReport(report);
  // A double-rented number or a failed rent is a bug, not a slow run: make it fail the command.
  if (!measured.rentChecks.consistent) process.exitCode = 1;
}

const mb = (n: number) => `${fixed(n, 0)} MB`;

function memoryLines(
  memory: (Memory & { servers?: { port: number; rssMb: number; peakRssMb: number }[] }) | null,
) {
  if (!memory) return ['server memory: not measured (/proc unreadable)'];
  const lines = [
    `server memory after the workloads: RSS ${mb(memory.rssMb)}, peak ${mb(memory.peakRssMb)}` +
      (memory.processes.length > 1
        ? ` (${memory.processes.length} processes summed; peak = sum of each one's peak)`
        : ''),
  ];
  if (memory.servers)
    for (const s of memory.servers)
      lines.push(`  API server on port ${s.port}: RSS ${mb(s.rssMb)}, peak ${mb(s.peakRssMb)}`);
  if (memory.processes.length > 1)
    for (const p of memory.processes)
      lines.push(`  pid ${p.pid}: RSS ${mb(p.rssMb)}, peak ${mb(p.peakRssMb)}`);
  return lines;
}

function printReport(report: {
  store: Store;
  inventory: { total: number; available: number };
  startup: { freshStoreMs: number | null; freshInventoryMs: number | null; existingStoreMs: number };
  memory: Parameters<typeof memoryLines>[0];
  settings: { apiProcesses: number };
  results: Row[];
  searchByKind: ReturnType<typeof tagRows>;
  rentChecks: Awaited<ReturnType<typeof benchmark>>['rentChecks'];
  goals: GoalResult[];
  peers: PeerReport[] | null;
}) {
  const { inventory, startup, rentChecks } = report;
  const fresh =
    startup.freshStoreMs === null
      ? 'n/a (kept data dir)'
      : `${(startup.freshStoreMs / 1000).toFixed(1)} s (every number loaded at ${((startup.freshInventoryMs ?? 0) / 1000).toFixed(1)} s)`;
  const storeName =
    report.store === 'postgresql'
      ? `PostgreSQL, ${report.settings.apiProcesses} API processes (connections spread over both)`
      : 'SQLite';
  const out = [
    `Open Numbers bench (${storeName}): ${settings.seconds} s per workload after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections, ${cpus().length} CPUs, Node ${process.version}`,
    `inventory: ${inventory.total.toLocaleString('en-US')} numbers (${inventory.available.toLocaleString('en-US')} available)`,
    `server ready: fresh store ${fresh}, existing store ${(startup.existingStoreMs / 1000).toFixed(2)} s` +
      ` (spawn to first /healthz 200); load average ${loadavg()[0].toFixed(2)}`,
    ...memoryLines(report.memory),
    '',
    resultsTable(report.results),
    'req/s ratio = req/s / baseline req/s; p99 ratio = p99 / baseline p99; CPU = % of one core during the run' +
      ' (server: every process serving it; db: the PostgreSQL server); load 1m = load average before -> after the row',
    '',
    tagTable(report.searchByKind),
    `mixed = inside the search run above; alone = the same queries of one kind on 1 connection for ${settings.probeSeconds} s`,
    '',
    `rent: ${rentChecks.rentedIncludingWarmup} numbers rented (warm-up included), ${rentChecks.duplicates} duplicates, ` +
      `${rentChecks.non200} non-200; server totalSize ${rentChecks.serverTotalSize} vs expected ${rentChecks.expectedTotalSize}` +
      ` -> ${rentChecks.consistent ? 'OK' : 'MISMATCH'}`,
    ...(report.peers ?? []).map(
      (p) =>
        `peer ${p.name} ${p.version}: ${p.skipped ?? 'measured'}; answered ${
          Object.entries(p.answers)
            .map(([key, a]) => `${key} ${a.status}`)
            .join(', ') || 'nothing'
        }`,
    ),
    '',
    goalsTable(report.goals),
    '',
    `written to ${RESULTS_FILE}${report.store === 'postgresql' ? ' (key "postgresql")' : ''}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main() {
  if (settings.postgres && innerDatabaseUrl() === undefined) {
    progress(
      '--pg: starting a throwaway PostgreSQL (scripts/with-postgres.sh) and running the bench under it',
    );
    process.exitCode = await reexecUnderPostgres();
    return;
  }
  const databaseUrl = settings.postgres ? innerDatabaseUrl() : undefined;
  await runBench(databaseUrl ? 'postgresql' : 'sqlite', databaseUrl);
}

main()
  .catch((error) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanup());
